"""The generated site of ``bench/watch.py``: a county government portal (青山县人民政府) of N pages
with labelled problems, written to a directory that nginx serves as it is.

Layout (every page is the template of ``tests/domain/watch/integrity_corpus.py``, which carries
the look-alikes a naive scanner flags on every real government page: hidden menus, hidden tab
panels, a share pop-up, a Baidu statistics script, \\u-escaped Chinese, a local bank link):

* ``/`` homepage with the latest items (fresh), ``/xxgk/`` and ``/hdjl/`` index pages;
* columns (栏目) with paginated listing pages (40 dated items a page, numbered pager), some of them
  stale for their class, one blank, one with an undated item;
* articles of about 50 KB of government prose (``gongkai/demo/texts.py``), 5 % of them GBK with
  ``<meta charset="gbk">`` and no HTTP charset (and every fourth labelled page whose text has a
  GBK form); some link to pages that do not exist;
* labelled pages: every injection technique and look-alike of the integrity corpus (their bodies
  padded with prose like every article), personal data (and masked look-alikes), wording errors
  (and the right forms), tampered articles (and unchanged approved ones).

Cloaking is served as a real server would: ``/_spider/<path>`` is what nginx answers to a
Baiduspider user agent, ``/_ref/<path>`` what it answers to a visitor from Baidu, and a
referrer-conditioned 302 to a foreign host is an nginx ``map`` entry (``ref_redirects``).

``labels.json``: {"expected": [[url path, kind], …], "clean": [paths of look-alike pages],
"techniques": {path: technique}, "columns": [...], "approved": {path: text}, "pages": N}."""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.demo import texts as demo_texts  # noqa: E402
from gongkai.domain.watch.config import COLUMN_CLASSES  # noqa: E402
from tests.domain.watch import integrity_corpus as corpus  # noqa: E402

TODAY = dt.date(2026, 11, 20)
PER_LISTING = 40
TARGET_BYTES = 50_000
GBK_SHARE = 0.05
BROKEN_SHARE = 0.005
INJECTION_HOST = "www.qingshan.gov.cn"          # the corpus's own portal host: an allowed outbound domain

# (path, name, class, age in days of the newest item, share of the articles)
COLUMNS = [
    ("/ywdt/", "动态要闻", "news", 1, 0.22),
    ("/xxgk/tzgg/", "通知公告", "notice", 2, 0.20),
    ("/xxgk/zc/", "政策文件", "policy", 5, 0.16),
    ("/xxgk/ghjh/", "规划计划", "planning", 40, 0.08),
    ("/xxgk/rsxx/", "人事信息", "personnel", 500, 0.08),       # stale: > 1 year
    ("/xxgk/czzj/", "财政资金", "notice", 260, 0.08),          # stale: > 6 months
    ("/hdjl/xzxx/", "县长信箱", "news", 30, 0.06),             # stale: > 2 weeks
    ("/ztzl/fc/", "福利彩票公益金专栏", "notice", 20, 0.06),
    ("/ztzl/jd/", "打击网络赌博专项行动", "notice", 9, 0.06),
    ("/xxgk/jyta/", "建议提案办理", "notice", None, 0.0),      # blank: no item at all
]
STALE = {path for path, _, klass, age, _ in COLUMNS if age is not None and age > COLUMN_CLASSES[klass][1]}
BLANK = {c[0] for c in COLUMNS if c[3] is None}
UNDATED_COLUMN = "/xxgk/ghjh/"

_NUMERIC = re.compile(r"\{(\w+)(?:[:!][^}]*)?\}")
_TEXT_FIELDS = {
    "county": "青山县", "short": "青山县", "unit": "青山县人民政府办公室", "office": "综合股",
    "village": "柳湾村", "road": "文昌路", "firm": "青山县恒通建筑工程有限公司", "firms": "三家企业",
    "project": "禾兴大道东延段道路工程", "rule": "城乡居民最低生活保障实施办法", "reply": "调整部分村民小组建制",
    "opinion": "加快发展养老服务业", "duties": demo_texts.DUTIES[demo_texts.COUNTY],
    "sections": demo_texts.SECTIONS[demo_texts.COUNTY], "address": "青山县文昌路18号",
    "doc_number": "青政办发〔2026〕12号", "date": "2026年11月18日", "start": "2026年11月18日",
    "end": "2026年11月25日", "season": "秋季", "quarter": "第三", "term": "第十八届", "level": "县级",
    "table": "", "short_list": "石桥镇、禾兴街道", "persons": "王伟、李娜", "year": "2026", "y_prev": "2025",
    "y_next": "2027", "month": "10",
}


def _fill(text: str, rnd: random.Random) -> str:
    def one(m):
        name = m.group(1)
        if name in _TEXT_FIELDS:
            return _TEXT_FIELDS[name]
        if name == "phone":
            return f"0731-8{rnd.randint(100, 999)}{rnd.randint(1000, 9999)}"
        return str(rnd.randint(2, 980))
    return _NUMERIC.sub(one, text)


def _material(rnd: random.Random) -> tuple[list[str], list[str]]:
    titles, paragraphs = [], []
    for t in demo_texts.TEMPLATES:
        titles.append(_fill(t.title, rnd))
        paragraphs.extend(_fill(p, rnd) for p in t.paragraphs if p.strip())
    paragraphs.extend(demo_texts.APPROVAL_OPINIONS)
    return [t for t in titles if t], [p for p in paragraphs if p]


class _Writer:
    def __init__(self, out: Path, seed: int):
        self.out = out
        self.rnd = random.Random(seed)
        self.titles, self.paragraphs = _material(self.rnd)
        self.expected: list[tuple[str, str]] = []
        self.clean: list[str] = []
        self.techniques: dict[str, str] = {}
        self.approved: dict[str, str] = {}
        self.ref_redirects: dict[str, str] = {}
        self.pages = 0
        self.bytes = 0

    def write(self, path: str, html: str, encoding: str = "utf-8") -> None:
        file = self.out / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        file.parent.mkdir(parents=True, exist_ok=True)
        if encoding == "gbk":
            html = html.replace('<meta charset="utf-8">', '<meta charset="gbk">')
        data = html.encode(encoding)
        file.write_bytes(data)
        if not path.startswith(("/_spider/", "/_ref/")):
            self.pages += 1
            self.bytes += len(data)

    def filler(self, size: int = TARGET_BYTES) -> str:
        parts, total = [], 0
        while total < size:
            p = self.rnd.choice(self.paragraphs)
            parts.append(f"<p>{p}</p>")
            total += len(p.encode()) + 7
        return "\n".join(parts)


def _pad(html: str, filler: str) -> str:
    """Put article prose after the body of a corpus page (before the share bar)."""
    marker = '\n</div>\n<div class="share">'
    assert marker in html
    return html.replace(marker, "\n" + filler + marker, 1)


def _valid_id(rnd: random.Random) -> str:
    base = f"430122{rnd.randint(1960, 2000)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}{rnd.randint(100, 999)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(base, weights)) % 11]
    return base + check


def _labelled_bodies(w: _Writer, copy: int) -> list[tuple[str, str, set[str], str | None, str]]:
    """(technique, title, expected kinds, approved text, body html) for the non-corpus labels."""
    rnd = w.rnd
    name = rnd.choice(demo_texts.SURNAMES) + rnd.choice(demo_texts.GIVEN) + rnd.choice(demo_texts.GIVEN)
    ident = _valid_id(rnd)
    mobile = f"13{rnd.randint(0, 9)}{rnd.randint(10000000, 99999999)}"
    out = [
        ("personal_data_id_and_mobile", "2026年城乡居民最低生活保障新增对象名单公示", {"personal_data"}, None,
         f"<p>经审核，以下对象符合最低生活保障条件，现予公示。</p><table><tr><td>姓名</td><td>身份证号</td><td>联系电话</td></tr>"
         f"<tr><td>{name}</td><td>{ident}</td><td>{mobile}</td></tr></table>"),
        ("personal_data_masked_lookalike", "2026年城乡居民最低生活保障新增对象名单公示（第二批）", set(), None,
         f"<p>经审核，以下对象符合最低生活保障条件，现予公示。</p><table><tr><td>姓名</td><td>身份证号</td></tr>"
         f"<tr><td>{name[0]}某某</td><td>{ident[:4]}**********{ident[-4:]}</td></tr></table>"
         "<p>索引号：431122000/2026-00123，监督电话：0731-84561234。</p>"),
        ("wording_wrong_office_name", "关于转发国务院办公室有关通知的通知", {"wording_error"}, None,
         "<p>现将《国务院办公室关于进一步做好政务公开工作的通知》转发给你们，请认真贯彻执行。</p>"),
        ("wording_right_office_name", "关于转发国务院办公厅有关通知的通知", set(), None,
         "<p>现将《国务院办公厅关于进一步做好政务公开工作的通知》转发给你们，请依照《中华人民共和国政府信息公开条例》认真贯彻执行。</p>"),
    ]
    approved = ("为进一步规范城区户外广告设置管理，经县人民政府同意，现就有关事项公告如下。"
                f"一、本办法适用于本县城区范围内户外广告设施的设置和管理。二、户外广告设施设置期限一般不超过{3 + copy}年。"
                "三、违反本办法规定的，由县城市管理和综合执法局依法处理。四、本公告自发布之日起施行。")
    paragraphs = "".join(f"<p>{s}</p>" for s in re.split(r"(?<=。)(?=[一二三四])", approved))
    tampered = paragraphs.replace(f"一般不超过{3 + copy}年", f"一般不超过{30 + copy}年，经批准可无限期延长")
    out.append(("tamper_changed_article", "关于规范城区户外广告设置管理的公告", {"text_changed"}, approved, tampered))
    out.append(("tamper_unchanged_article", "关于规范城区户外广告设置管理的公告", set(), approved, paragraphs))
    return out


def generate(out: Path, pages: int, seed: int = 5) -> dict:
    """Write a site of ``pages`` pages under ``out``; return the labels (also in labels.json)."""
    w = _Writer(out, seed)
    rnd = w.rnd
    copies = max(1, pages // 5000)
    fixed = 3                                               # homepage, /xxgk/, /hdjl/
    labelled: list[dict] = []
    for copy in range(copies):
        for case in corpus.INJECTIONS + corpus.LOOK_ALIKES:
            labelled.append({"technique": case.name, "case": case, "expected": set(case.expected)})
        for technique, title, expected, approved, body in _labelled_bodies(w, copy):
            labelled.append({"technique": technique, "title": title, "expected": expected,
                             "approved": approved, "body": body})
    # articles + listing pages + fixed pages = pages; a remainder becomes 机构职能 pages under /xxgk/
    columns = [c for c in COLUMNS if c[4] > 0]
    share = sum(c[4] for c in columns)

    def split(articles: int) -> tuple[list[int], int]:
        counts = [max(1, int(articles * c[4] / share)) for c in columns]
        counts[0] += articles - sum(counts)
        return counts, sum(-(-n // PER_LISTING) for n in counts) + len(BLANK)
    articles = pages - fixed
    while True:
        counts, listings = split(articles)
        if fixed + listings + articles <= pages:
            break
        articles -= 1
    extra = pages - fixed - listings - articles
    if len(labelled) > articles // 2:
        raise SystemExit(f"--pages {pages} is too small for {len(labelled)} labelled pages")
    rnd.shuffle(labelled)
    slots = [(ci, k) for ci, n in enumerate(counts) for k in range(n)]
    rnd.shuffle(slots)
    label_at = dict(zip(slots, labelled))

    column_paths = []
    homepage_items = []
    broken = 0
    for ci, (cpath, cname, _klass, age, _share) in enumerate(columns):
        n = counts[ci]
        # dates: newest first, the newest `age` days before TODAY, then one item every 1–3 days
        date = TODAY - dt.timedelta(days=age)
        items = []
        for k in range(n):
            label = label_at.get((ci, k))
            path = f"{cpath}{date:%Y%m}/t{date:%Y%m%d}_{ci}{k:05d}.html"
            title = rnd.choice(w.titles)
            if label:
                case = label.get("case")
                if label.get("title"):
                    title = label["title"]
                elif not case.expected:            # a look-alike is listed under its own title
                    title = case.browser.split("<title>")[1].split("_")[0]
                _labelled_page(w, path, label, date)
            else:
                links = ""
                if rnd.random() < BROKEN_SHARE:
                    target = f"/xxgk/zc/201905/t20190510_{broken:05d}.html"
                    broken += 1
                    w.expected.append((target, "broken_internal"))
                    links = f'<p>相关文件：<a href="{target}">关于印发《政府信息公开工作要点》的通知</a></p>'
                body = w.filler() + links
                html = corpus.gov_page(f"{title}_青山县人民政府", body, updated=f"{date:%Y-%m-%d} 09:30")
                w.write(path, html, "gbk" if rnd.random() < GBK_SHARE else "utf-8")
            items.append((path, title, date))
            date -= dt.timedelta(days=rnd.randint(1, 3) if k % 3 == 0 else 0)
        homepage_items += items[:3]
        _listings(w, cpath, cname, items, undated=(cpath == UNDATED_COLUMN))
        column_paths.append(cpath)
    for cpath, cname, *_ in COLUMNS:
        if cpath in BLANK:
            body = '<div class="list"><p>暂无信息</p></div>'
            w.write(cpath, corpus.gov_page(f"{cname}_青山县人民政府", body))
            w.expected.append((cpath, "column_blank"))
    for cpath in STALE:
        w.expected.append((cpath, "column_stale"))
    w.expected.append((UNDATED_COLUMN, "undated_item"))
    _fixed_pages(w, homepage_items, extra)
    labels = {"pages": w.pages, "bytes": w.bytes, "expected": sorted(set(w.expected)), "clean": sorted(w.clean),
              "techniques": w.techniques, "approved": w.approved, "ref_redirects": w.ref_redirects,
              "columns": [{"url": c[0], "name": c[1], "klass": c[2]} for c in COLUMNS], "today": TODAY.isoformat()}
    assert w.pages == pages, (w.pages, pages)
    (out / "labels.json").write_text(json.dumps(labels, ensure_ascii=False, indent=1), encoding="utf-8")
    return labels


def _labelled_page(w: _Writer, path: str, label: dict, date: dt.date) -> None:
    filler = w.filler()
    technique = label["technique"]
    w.techniques[path] = technique
    for kind in label["expected"]:
        w.expected.append((path, kind))
    if not label["expected"]:
        w.clean.append(path)
    case = label.get("case")
    # every fourth labelled page is GBK (when its text has a GBK form: not the zero-width space)
    htmls = [case.browser] + [p.text for p in case.others.values()] if case else [label["body"]]
    gbk = len(w.techniques) % 4 == 0 and all(_gbk_ok(h) for h in htmls)
    encoding = "gbk" if gbk else "utf-8"
    if gbk:
        w.techniques[path] += " (GBK)"
    if case is None:
        html = corpus.gov_page(f"{label['title']}_青山县人民政府", label["body"] + filler,
                               updated=f"{date:%Y-%m-%d} 10:00")
        w.write(path, html, encoding)
        if label["approved"]:
            w.approved[path] = label["approved"]
        return
    w.write(path, _pad(case.browser, filler), encoding)
    for profile, page in case.others.items():
        if page.redirects:
            w.ref_redirects[path] = page.redirects[-1][1]
            continue
        prefix = "/_spider" if profile == "spider" else "/_ref"
        w.write(prefix + path, _pad(page.text, filler), encoding)


def _gbk_ok(html: str) -> bool:
    try:
        html.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _listings(w: _Writer, cpath: str, cname: str, items: list, undated: bool) -> None:
    chunks = [items[i:i + PER_LISTING] for i in range(0, len(items), PER_LISTING)]
    names = [cpath] + [f"{cpath}index_{i}.html" for i in range(1, len(chunks))]
    for i, chunk in enumerate(chunks):
        rows = []
        for j, (path, title, date) in enumerate(chunk):
            when = "" if (undated and i == 0 and j == 5) else f"<span>{date:%Y-%m-%d}</span>"
            rows.append(f'<li><a href="{path}" title="{title}">{title}</a>{when}</li>')
        pager = " ".join(f'<a href="{n}">{k + 1}</a>' if k != i else f"<b>{k + 1}</b>" for k, n in enumerate(names))
        nxt = f' <a href="{names[i + 1]}">下一页</a>' if i + 1 < len(names) else ""
        for path, *_ in chunk:
            if (path, "wording_error") in w.expected:        # the wrong title shows on the listing too
                w.expected.append((names[i], "wording_error"))
        body = (f'<div class="list"><ul>{"".join(rows)}</ul></div>'
                f'<div class="page">共{len(items)}条 {pager}{nxt}</div>')
        w.write(names[i], corpus.gov_page(f"{cname}_青山县人民政府", body))


def _fixed_pages(w: _Writer, homepage_items: list, extra: int) -> None:
    homepage_items = sorted(homepage_items, key=lambda x: x[2], reverse=True)[:12]
    rows = "".join(f'<li><a href="{p}">{t}</a><span>{d:%Y-%m-%d}</span></li>' for p, t, d in homepage_items)
    if any((p, "wording_error") in w.expected for p, _t, _d in homepage_items):
        w.expected.append(("/", "wording_error"))
    cols = "".join(f'<li><a href="{c[0]}">{c[1]}</a></li>' for c in COLUMNS)
    w.write("/", corpus.gov_page("青山县人民政府门户网站", f'<div class="news"><h3>最新信息</h3><ul>{rows}</ul></div>'
                                 f'<div class="columns"><h3>栏目导航</h3><ul>{cols}</ul></div>'))
    static = "".join(f'<li><a href="/xxgk/jgzn/{i}.html">内设机构职能（{i + 1}）</a></li>' for i in range(extra))
    for i in range(extra):
        w.write(f"/xxgk/jgzn/{i}.html", corpus.gov_page("机构职能_青山县人民政府", w.filler(8000)))
    w.write("/xxgk/", corpus.gov_page("政府信息公开_青山县人民政府",
                                      f'<div class="columns"><ul>{cols}{static}</ul></div>'))
    w.write("/hdjl/", corpus.gov_page("互动交流_青山县人民政府",
                                      '<div class="columns"><ul><li><a href="/hdjl/xzxx/">县长信箱</a></li></ul></div>'))
    images = w.out / "images"
    images.mkdir(exist_ok=True)
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    for name in ("logo.png", "red.png"):
        (images / name).write_bytes(png)


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--pages", type=int, default=2000)
    a = p.parse_args()
    labels = generate(a.out, a.pages)
    print(f"{labels['pages']} pages, {labels['bytes'] / labels['pages'] / 1024:.1f} KB each, "
          f"{len(labels['expected'])} expected findings, {len(labels['clean'])} look-alike pages")
