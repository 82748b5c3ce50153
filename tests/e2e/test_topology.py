"""The platform as a county deploys it, on loopback: Debian's nginx (the project's deploy/nginx config) in
front of two app servers on one PostgreSQL database and one media directory, two Huey consumers on
Redis. The public applies through nginx; a clerk publishes on one app server and the public finds the
item, and downloads its attachment, on the other; static files come from nginx alone."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from gongkai.catalog.models import Attachment, Item, ItemStatus, TextStatus
from gongkai.commands.deploy import render_nginx

from .test_application_flow import fill_applicant
from .test_clerk_reviewer_public import login, logout, xlsx_bytes

pytestmark = pytest.mark.browser
REDIS_DB = 14  # this test's own Redis database: nothing else on the machine shares its queue
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
TITLE = "城关街道2026年度高龄津贴发放情况公示"


def _skip_unless_services():
    if connection.vendor != "postgresql":
        pytest.skip("SKIPPED: the deployment topology runs on PostgreSQL (DATABASE_URL); this run is SQLite")
    if not NGINX:
        pytest.skip("SKIPPED: nginx is not installed (scripts/sysdeps.sh installs it)")
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=2).flushdb()
    except redis.RedisError:
        pytest.skip("SKIPPED: no Redis on 127.0.0.1:6379")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_http(url: str, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=3).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _nginx_conf(tmp: Path, port: int, apps: list[str], static_root: Path) -> Path:
    (tmp / "gongkai.conf").write_text(render_nginx(listen=f"127.0.0.1:{port}", app_servers=apps,
                                                   static_root=str(static_root), server_name="localhost",
                                                   cache_dir=str(tmp / "pages")))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the collected static files
    temps = "".join(f"{kind}_temp_path {tmp / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp / "nginx.conf"
    conf.write_text(f"{user}worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'} warn;\n"
                    "events { worker_connections 256; }\n"
                    f"http {{\ninclude /etc/nginx/mime.types;\naccess_log {tmp / 'access.log'};\n{temps}"
                    f"include {tmp / 'gongkai.conf'};\n}}\n")
    return conf


@pytest.fixture
def platform(transactional_db, tmp_path):
    """nginx → two `gongkai serve` → one database; two `gongkai worker` on Redis. Yields the URLs."""
    _skip_unless_services()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings_test", "DATABASE_URL": _database_url(),
           "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}", "GONGKAI_DATA_DIR": str(settings.DATA_DIR),
           "GONGKAI_MEDIA_DIR": str(tmp_path / "media"), "SECRET_KEY": settings.SECRET_KEY,
           "GONGKAI_PUBLIC_CAPTCHA": "0", "GONGKAI_PUBLIC_RATE_LIMIT": "0",
           "GONGKAI_TRUSTED_PROXIES": "127.0.0.1", "GONGKAI_HUEY_IMMEDIATE": "0"}
    static_root = Path(settings.STATIC_ROOT)
    gongkai = [sys.executable, "-m", "gongkai.cli"]
    subprocess.run([*gongkai, "manage", "collectstatic", "--noinput", "-v", "0"], check=True, timeout=120, env=env)
    ports = [_free_port(), _free_port()]
    procs = [subprocess.Popen([*gongkai, "serve", "--addr", f"127.0.0.1:{p}", "--threads", "4"], env=env,
                              stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"app{p}.log", "wb"))
             for p in ports]
    procs += [subprocess.Popen([*gongkai, "worker", "--workers", "1"], env=env, stdout=subprocess.DEVNULL,
                               stderr=open(tmp_path / f"worker{i}.log", "wb")) for i in (1, 2)]
    front = _free_port()
    conf = _nginx_conf(tmp_path, front, [f"127.0.0.1:{p}" for p in ports], static_root)
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
                             stderr=open(tmp_path / "nginx.out", "wb"))
    try:
        apps = [f"http://127.0.0.1:{p}" for p in ports]
        for url in apps:
            _wait_http(url + "/")
        _wait_http(f"http://127.0.0.1:{front}/")
        yield {"front": f"http://127.0.0.1:{front}", "a": apps[0], "b": apps[1], "apps": procs[:2],
               "static_root": static_root, "logs": tmp_path}
    finally:
        for proc in [nginx, *procs]:
            proc.send_signal(signal.SIGCONT)
            proc.terminate()
        for proc in [nginx, *procs]:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _page(browser, base_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=base_url)
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def _until(check, seconds=40, what=""):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def test_nginx_two_app_servers_one_database_two_consumers(browser, platform, seeded, street, street_clerk,
                                                          street_reviewer, tmp_path):
    from gongkai.applications.models import Application

    # the public applies on-line through nginx
    public = _page(browser, platform["front"])
    public.goto("/apply/new/")
    public.get_by_label("向哪个机关申请").select_option(label=street.name)
    fill_applicant(public, "赵小红", "城关街道2026年高龄津贴发放名单及标准")
    public.get_by_role("button", name="提交申请").click()
    public.wait_for_url("**/apply/new/done/")
    number = public.locator("#app-number").inner_text().strip()
    assert Application.objects.get(number=number).unit == street

    # a clerk and the reviewer publish an item with an attachment on app server A
    work = _page(browser, platform["a"])
    login(work, "street_clerk")
    work.get_by_role("link", name="录入信息").click()
    work.get_by_label("标题").fill(TITLE)
    work.get_by_label("成文日期").fill("2026-11-20")
    work.get_by_label("主题分类").select_option(label="民政、扶贫、救灾")
    work.get_by_label("正文").fill("经审核，本年度高龄津贴已按标准发放，发放明细见附件。")
    work.get_by_role("button", name="保存草稿").click()
    attachment = tmp_path / "高龄津贴发放明细.xlsx"
    attachment.write_bytes(xlsx_bytes())
    work.locator("#id_file").set_input_files(str(attachment))
    work.get_by_role("button", name="上传").click()
    work.get_by_role("button", name="提交审核").click()
    assert work.locator("#item-status").inner_text() == "待审核"
    logout(work)
    item = Item.objects.get(title=TITLE)
    # the attachment's text is read by one of the two consumers, from the Redis queue
    _until(lambda: Attachment.objects.get(item=item).text_status != TextStatus.PENDING, what="a consumer")
    login(work, "street_reviewer")
    work.goto(f"/work/items/{item.pk}/")
    work.get_by_label("保密审查意见").fill("经保密审查，不涉及国家秘密，同意公开。")
    work.get_by_role("button", name="同意发布").click()
    assert work.locator("#item-status").inner_text() == "已发布"
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED

    # the public finds it on app server B, and downloads the attachment uploaded through A
    reader = _page(browser, platform["b"])

    def found():
        reader.goto("/search/?q=高龄津贴")
        return reader.get_by_role("link", name=TITLE).count() > 0
    _until(found, what="the item in app server B's search")
    reader.get_by_role("link", name=TITLE).first.click()
    reader.wait_for_url("**/items/**")
    assert item.index_no in reader.locator("main").inner_text()
    href = reader.get_by_role("link", name="高龄津贴发放明细").first.get_attribute("href")
    with urllib.request.urlopen(platform["b"] + href, timeout=10) as resp:
        assert hashlib.sha256(resp.read()).hexdigest() == hashlib.sha256(attachment.read_bytes()).hexdigest()

    # static files: nginx answers them with both app servers frozen
    css = next(platform["static_root"].rglob("*.css"))
    path = "/static/" + css.relative_to(platform["static_root"]).as_posix()
    for proc in platform["apps"]:
        proc.send_signal(signal.SIGSTOP)
    try:
        with urllib.request.urlopen(platform["front"] + path, timeout=5) as resp:
            assert resp.read() == css.read_bytes() and resp.headers["Server"] == "nginx"
    finally:
        for proc in platform["apps"]:
            proc.send_signal(signal.SIGCONT)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(platform["front"] + "/media/attachments/x.xlsx", timeout=5)
    assert refused.value.code == 404  # uploads never straight from disk: the app checks unit and role
