"""deploy nginx: the nginx site for a platform of several app servers, from deploy/nginx/gongkai.conf."""
from __future__ import annotations

import re
from pathlib import Path

from . import CommandError

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "gongkai.conf"
CACHE_DIR = "/var/cache/nginx/gongkai"
_ADDR = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")
_NAME = re.compile(r"^[A-Za-z0-9.\-_* ]+$")


def register(sub) -> None:
    p = sub.add_parser("deploy", help="write deployment files (nginx site) for this platform")
    what = p.add_subparsers(dest="what", metavar="WHAT")
    n = what.add_parser("nginx", help="print the nginx site: upstream app servers, static files, proxy headers")
    n.add_argument("--listen", default="80", help="nginx listen directive value (default %(default)s)")
    n.add_argument("--server-name", default="_", help="server_name (default %(default)s)")
    n.add_argument("--app", action="append", required=True, metavar="HOST:PORT",
                   help="an app server (`gongkai serve --addr HOST:PORT`); repeat for each")
    n.add_argument("--static", required=True, metavar="DIR",
                   help="the directory `gongkai manage collectstatic` filled (STATIC_ROOT)")
    n.add_argument("--cache-dir", default=CACHE_DIR, metavar="DIR",
                   help="where nginx keeps the portal pages it caches (default %(default)s)")
    n.set_defaults(func=cmd_nginx)


def _absolute_dir(option: str, value: str) -> str:
    if not Path(value).is_absolute() or re.search(r"[;{}\s'\"$]", value):
        raise CommandError(f"{option} must be an absolute path without spaces or ; {{ }} $: {value!r}")
    return value.rstrip("/")


def render_nginx(*, listen: str, app_servers: list[str], static_root: str, server_name: str = "_",
                 cache_dir: str = CACHE_DIR) -> str:
    """The site file with its fields filled; every value is checked, so nothing can inject a directive."""
    if not app_servers:
        raise CommandError("at least one --app HOST:PORT is needed")
    for addr in app_servers:
        if not _ADDR.match(addr):
            raise CommandError(f"--app must be HOST:PORT, got {addr!r}")
    if not re.fullmatch(r"[\w.:\[\] ]+", listen):
        raise CommandError(f"--listen is not a valid listen value: {listen!r}")
    if not _NAME.match(server_name):
        raise CommandError(f"--server-name is not a valid server name: {server_name!r}")
    static_root = _absolute_dir("--static", static_root)
    cache_dir = _absolute_dir("--cache-dir", cache_dir)
    try:
        text = TEMPLATE.read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read the nginx template {TEMPLATE}: {exc.strerror}") from None
    fields = {"listen": listen, "server_name": server_name, "static_root": static_root, "cache_dir": cache_dir,
              "app_servers": "\n".join(f"    server {a} max_fails=2 fail_timeout=10s;" for a in app_servers)}
    return re.sub(r"\{\{(\w+)\}\}", lambda m: fields[m.group(1)], text)


def cmd_nginx(args) -> int:
    print(render_nginx(listen=args.listen, app_servers=args.app, static_root=args.static,
                       server_name=args.server_name, cache_dir=args.cache_dir), end="")
    return 0
