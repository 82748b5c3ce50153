"""A local old-site generator: the same 12 信息公开 items rendered as three real CMSs render them,
served on 127.0.0.1 by the watchdog tests' threaded server (tests/watch/localsite.py).

Layouts (what differs is what the reader must cope with):

- ``hanweb`` (大汉 Hanweb-like): GBK, charset only in the HTTP header; list pages
  ``/col/col1229/index.html?pageNum=N`` with numbered links and 下一页; detail
  ``/art/2024/1/5/art_1229_N.html`` with a metadata table (``索&nbsp;引&nbsp;号``, ``信息分类``,
  ``文　　号``, dates as 2024年1月5日) and the body in ``<div id="zoom">``; attachments through
  ``/module/download/downfile.jsp?classid=0&filename=….pdf``.
- ``trs`` (拓尔思 TRS-like): GB2312 declared only in ``<meta charset>``; list paging by
  ``createPageHTML(3, 0, "index", "html")`` (index.html, index_1.html …, no page links in HTML);
  detail ``./202401/t20240105_N.html`` with ``<meta name="ArticleTitle|PubDate|ContentSource">``,
  a table (``信息索引号``, ``发文机关``, ``发文字号``, dates 2024/01/05), body in ``.TRS_Editor``,
  relative attachment links.
- ``jpage`` (大汉 Hanweb with its ``jpage`` pager, UTF-8): the list page ``/col/col1230/index.html``
  holds only the first group of rows, as ``<record><![CDATA[<li>…]]></record>`` in a
  ``<script type="text/xml"><datastore>``; the rest is served by ``/module/web/jpage/dataproxy.jsp``
  for ``startrecord``/``endrecord``/``perpage`` and the column's parameters, which the page passes
  only through its script (``var param_5678 = {col:1, appid:1, webid:31, path:'/', columnid:1230,
  unitid:'5678', …}``, ``$('#5678').jpage({proxyUrl:…, perPage:3, groupSize:2, totalRecord:13,
  ajaxParam:param_5678})``) and the ``<nextgroup>`` link; a request without the right columnid,
  unitid and webid answers an empty recordset, as the real proxy does. Details as ``hanweb``.
- ``kpy`` (开普云/home-grown): UTF-8 with a BOM, no charset anywhere; ``<dl><dt>…</dt><dd>…</dd>``
  metadata (``发布单位``, ``文号``, ``时效性``, dates 2024-01-05), body in ``#UCAP-CONTENT``; list
  paging by 下一页 links only (``?page=N``).

Each list also links one broken item (HTTP 500) and the navigation every site has (other columns,
the home page). ``CmsSite.alter(item)`` changes an item's body on the old site (the tamper test).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.watch.localsite import Route, Site

LAYOUTS = ("hanweb", "trs", "kpy", "jpage")
_TYPES = {".pdf": "application/pdf",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
PAGE_SIZE = 5


@dataclass(frozen=True)
class SiteFile:
    name: str            # the link text
    filename: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class SiteItem:
    """One item as the old site publishes it; ``body_html`` is what ``read_detail`` must return."""

    no: int
    title: str
    index_number: str
    doc_number: str
    publisher: str
    written_on: dt.date | None
    published_on: dt.date
    topic: str
    genre: str
    validity: str
    body_html: str
    attachments: tuple[SiteFile, ...] = ()


@cache
def _pdf(text: str) -> bytes:
    from tests.security.bombs import simple_pdf

    return simple_pdf(text)


@cache
def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@cache
def _xlsx(text: str) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["序号", "名称"])
    book.active.append([1, text])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


_PUB = "青山县人民政府办公室"
_RAW = [
    # title, index, doc number, publisher, written, published, topic, genre, validity, paragraphs, files
    ("青山县人民政府办公室关于印发《青山县城乡居民医疗保险实施办法》的通知", "11330100002495012X/2024-00012",
     "青政办发〔2024〕12号", _PUB, dt.date(2024, 3, 1), dt.date(2024, 3, 5), "卫生、体育", "通知", "有效",
     ["各乡镇人民政府，县政府各部门：", "《青山县城乡居民医疗保险实施办法》已经县政府同意，现印发给你们，请认真贯彻执行。"],
     [("实施办法全文.pdf", "pdf"), ("参保登记表.docx", "docx")]),
    ("青山县2024年第一季度重点项目建设情况", "11330100002495012X/2024-00011", "", "青山县发展和改革局",
     None, dt.date(2024, 2, 20), "国民经济管理、国有资产监管", "其他", "",
     ["一季度，全县37个重点项目完成投资12.6亿元，占年度计划的26.3%。"], [("项目清单.xlsx", "xlsx")]),
    ("关于2024年春节期间烟花爆竹燃放管理的通告", "11330100002495012X/2024-00010", "青政通〔2024〕2号", _PUB,
     dt.date(2024, 1, 20), dt.date(2024, 1, 22), "公安、安全生产监管", "通告", "有效",
     ["为保障人民群众生命财产安全，现就春节期间烟花爆竹燃放管理通告如下：", "一、禁放区域为城区建成区。"], []),
    ("青山县人民政府关于调整县政府领导工作分工的通知", "11330100002495012X/2024-00009", "青政发〔2024〕3号", "青山县人民政府",
     dt.date(2024, 1, 15), dt.date(2024, 1, 16), "综合政务", "通知", "有效",
     ["根据工作需要，经县政府研究，现将县政府领导工作分工调整如下。"], [("分工表.pdf", "pdf")]),
    ("青山县2023年国民经济和社会发展统计公报", "11330100002495012X/2024-00008", "", "青山县统计局",
     dt.date(2024, 1, 8), dt.date(2024, 1, 10), "统计", "公报", "",
     ["2023年，全县实现地区生产总值286.4亿元，比上年增长6.1%。"], [("统计公报.pdf", "pdf")]),
    ("青山县人民政府关于废止部分规范性文件的决定", "11330100002495012X/2024-00007", "青政发〔2024〕1号", "青山县人民政府",
     dt.date(2024, 1, 3), dt.date(2024, 1, 5), "综合政务", "决定", "有效",
     ["经清理，决定废止以下5件规范性文件："],
     [("废止目录.xlsx", "xlsx")]),
    ("青山县2023年度政府信息公开工作年度报告", "11330100002495012X/2023-00045", "", _PUB,
     None, dt.date(2023, 12, 28), "综合政务", "报告", "",
     ["本报告根据《中华人民共和国政府信息公开条例》编制。"], [("年度报告.pdf", "pdf"), ("附表.xlsx", "xlsx")]),
    ("关于公布青山县第二批历史建筑名录的通知", "11330100002495012X/2023-00044", "青政办发〔2023〕88号", _PUB,
     dt.date(2023, 12, 1), dt.date(2023, 12, 4), "城乡建设、环境保护", "通知", "有效",
     ["经专家论证和社会公示，现公布青山县第二批历史建筑名录。"], [("历史建筑名录.docx", "docx")]),
    ("青山县2023年秋季学期学生资助资金分配情况", "11330100002495012X/2023-00043", "", "青山县教育局",
     None, dt.date(2023, 11, 15), "教育", "其他", "",
     ["2023年秋季学期，全县共资助学生3126人次，发放资助资金418.5万元。"], []),
    ("青山县人民政府办公室关于进一步做好稳就业工作的实施意见", "11330100002495012X/2023-00042", "青政办发〔2023〕75号",
     _PUB, dt.date(2023, 10, 9), dt.date(2023, 10, 12), "劳动、人事、监察", "意见", "失效",
     ["为深入贯彻落实就业优先政策，提出如下实施意见。", "一、强化政策支持。"], [("政策解读.pdf", "pdf")]),
    ("青山县2023年第三季度政府网站检查情况的通报", "11330100002495012X/2023-00041", "青政办〔2023〕30号", _PUB,
     dt.date(2023, 9, 25), dt.date(2023, 9, 28), "综合政务", "通报", "",
     ["按照省、市要求，县政府办公室对全县政府网站进行了第三季度检查。"], []),
    ("青山县城区供水价格调整听证会公告", "11330100002495012X/2023-00040", "", "青山县发展和改革局",
     dt.date(2023, 8, 30), dt.date(2023, 9, 1), "价格、国有资产监管", "公告", "有效",
     ["根据《政府制定价格听证办法》，定于2023年9月20日举行城区供水价格调整听证会。"], [("听证方案.docx", "docx")]),
]


def _file(name: str, kind: str, no: int, k: int) -> SiteFile:
    text = f"item {no} file {k}"
    data = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx}[kind](text)
    return SiteFile(name, f"P0{no:02d}{k}.{kind}", data)


@cache
def items() -> tuple[SiteItem, ...]:
    """The fixture dataset, newest first."""
    out = []
    for no, (title, index, number, pub, written, published, topic, genre, validity, paras, files) in \
            enumerate(_RAW, start=1):
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
        if no == 6:
            body += ("<table><tbody><tr><td>序号</td><td>文件名称</td></tr>"
                     "<tr><td>1</td><td>青山县城区停车管理暂行办法</td></tr></tbody></table>")
        out.append(SiteItem(no, title, index, number, pub, written, published, topic, genre, validity, body,
                            tuple(_file(n, kind, no, k) for k, (n, kind) in enumerate(files, start=1))))
    return tuple(out)


# --------------------------------------------------------------------------- layouts

def _cn_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _nav() -> str:
    return ('<div class="nav"><a href="/">首页</a> <a href="/col/col1001/index.html">政务动态</a> '
            '<a href="/col/col1002/index.html">政策解读</a> <a href="/col/col1003/index.html">互动交流</a></div>')


class Layout:
    name = ""
    charset = "utf-8"
    list_path = ""

    def __init__(self, data: tuple[SiteItem, ...]):
        self.items = data

    # paths
    def detail_path(self, item: SiteItem) -> str:
        raise NotImplementedError

    def file_path(self, item: SiteItem, f: SiteFile) -> str:
        raise NotImplementedError

    def list_page_path(self, page: int) -> str:
        raise NotImplementedError

    broken_path = ""

    def pages(self) -> list[list[SiteItem]]:
        return [list(self.items[i:i + PAGE_SIZE]) for i in range(0, len(self.items), PAGE_SIZE)]

    def render_list(self, page: int, count: int, entries: list[SiteItem]) -> str:
        raise NotImplementedError

    def render_detail(self, item: SiteItem, body: str) -> str:
        raise NotImplementedError

    def encode(self, text: str) -> Route:
        raise NotImplementedError

    def routes(self) -> dict[str, Route]:
        routes: dict[str, Route] = {}
        pages = self.pages()
        for n, entries in enumerate(pages):
            routes[self.list_page_path(n)] = self.encode(self.render_list(n, len(pages), entries))
        for item in self.items:
            routes[self.detail_path(item)] = self.encode(self.render_detail(item, item.body_html))
            for f in item.attachments:
                routes[self.file_path(item, f)] = Route(f.data, headers={"Content-Type": _TYPES[f.filename[-4:]]})
        routes[self.broken_path] = Route(b"<html><body>Internal Server Error</body></html>", 500)
        routes["/"] = Route("<html><body>首页</body></html>".encode(), headers={"Content-Type": "text/html; charset=utf-8"})
        return routes


class Hanweb(Layout):
    name, charset, list_path = "hanweb", "gbk", "/col/col1229/index.html"
    broken_path = "/art/2024/3/6/art_1229_999.html"

    def detail_path(self, item):
        d = item.published_on
        return f"/art/{d.year}/{d.month}/{d.day}/art_1229_{item.no}.html"

    def file_path(self, item, f):
        return f"/module/download/downfile.jsp?classid=0&filename={f.filename}"

    def list_page_path(self, page):
        return self.list_path if page == 0 else f"{self.list_path}?uid=4321&pageNum={page + 1}"

    def render_list(self, page, count, entries):
        rows = "".join(f'<tr><td><a href="{self.detail_path(i)}" target="_blank" title="{html.escape(i.title)}">'
                       f'{html.escape(i.title)}</a></td><td>{i.published_on}</td></tr>' for i in entries)
        if page == 0:
            rows += f'<tr><td><a href="{self.broken_path}">青山县人民政府关于某项工作的紧急通知</a></td><td>2024-03-06</td></tr>'
        numbers = " ".join(f'<a href="{self.list_page_path(n)}">{n + 1}</a>' if n != page else f"<b>{n + 1}</b>"
                           for n in range(count))
        nxt = f'<a href="{self.list_page_path(page + 1)}">下一页</a>' if page + 1 < count else ""
        return (f"<html><head><meta http-equiv='X-UA-Compatible' content='IE=edge'><title>政策文件 青山县人民政府</title>"
                f"</head><body>{_nav()}<table class='list'>{rows}</table>"
                f"<div class='page'><a href='{self.list_page_path(0)}'>首页</a> {numbers} {nxt} "
                f"共{count}页</div></body></html>")

    def render_detail(self, item, body):
        files = "".join(f'<p><a href="{html.escape(self.file_path(item, f))}">{html.escape(f.name)}</a></p>'
                        for f in item.attachments)
        sp = "&nbsp;"
        return (f"<html><head><title>{html.escape(item.title)}</title></head><body>{_nav()}"
                f"<table class='xxgk_table'>"
                f"<tr><td>索{sp}引{sp}号：</td><td>{item.index_number}</td><td>信息分类：</td><td>{item.topic}</td></tr>"
                f"<tr><td>发布机构：</td><td>{item.publisher}</td><td>成文日期：</td><td>{_cn_date(item.written_on)}</td></tr>"
                f"<tr><td>名{sp}{sp}{sp}{sp}称：</td><td colspan='3'>{html.escape(item.title)}</td></tr>"
                f"<tr><td>文　　号：</td><td>{item.doc_number}</td><td>发布日期：</td><td>{_cn_date(item.published_on)}</td></tr>"
                f"<tr><td>体裁分类：</td><td>{item.genre}</td><td>有{sp}效{sp}性：</td><td>{item.validity}</td></tr>"
                f"<tr><td>公开方式：</td><td colspan='3'>主动公开</td></tr></table>"
                f"<div class='title'><h1>{html.escape(item.title)}</h1></div>"
                f"<div class='info'>【字体：<a href='javascript:doZoom(16)'>大</a> <a href='javascript:doZoom(14)'>中</a>"
                f" <a href='javascript:doZoom(12)'>小</a>】 浏览次数：<span id='c'>0</span></div>"
                f"<!--ZJEG_RSS.content.begin--><div id='zoom'>{body}</div><!--ZJEG_RSS.content.end-->"
                f"<div class='fj'>{files}</div><script>var a = 1;</script></body></html>")

    def encode(self, text):
        return Route(text.encode("gbk"), headers={"Content-Type": "text/html; charset=GBK"})


class Jpage(Hanweb):
    """Hanweb's jpage column: 13 records (the broken item is the 6th), 3 per page, 2 pages a group."""

    name, charset, list_path = "jpage", "utf-8", "/col/col1230/index.html"
    broken_path = "/art/2024/3/6/art_1230_999.html"
    proxy_path = "/module/web/jpage/dataproxy.jsp"
    per_page, group_size = 3, 2
    params = {"col": "1", "appid": "1", "webid": "31", "path": "/", "columnid": "1230", "sourceContentType": "1",
              "unitid": "5678", "webname": "青山县人民政府", "permissiontype": "0"}

    def detail_path(self, item):
        d = item.published_on
        return f"/art/{d.year}/{d.month}/{d.day}/art_1230_{item.no}.html"

    @property
    def step(self) -> int:
        return self.per_page * self.group_size

    def records(self) -> list[SiteItem | None]:
        """The proxy's records in order; None is the broken item's row."""
        return [*self.items[:PAGE_SIZE], None, *self.items[PAGE_SIZE:]]

    def pages(self):
        records = self.records()
        return [[r for r in records[i:i + self.step] if r is not None] for i in range(0, len(records), self.step)]

    def list_page_path(self, page):
        if page == 0:
            return self.list_path
        first = page * self.step + 1
        last = min(first + self.step - 1, len(self.records()))
        return f"{self.proxy_path}?" + urlencode({"startrecord": first, "endrecord": last, "perpage": self.per_page,
                                                  **self.params})

    def _row(self, item: SiteItem | None) -> str:
        if item is None:
            return (f"<record><![CDATA[\n<li><a href='{self.broken_path}' target=\"_blank\" title='青山县人民政府关于"
                    f"某项工作的紧急通知'>青山县人民政府关于某项工作的紧急通知</a><span>2024-03-06</span></li>]]></record>\n")
        return (f"<record><![CDATA[\n<li><a href='{self.detail_path(item)}' target=\"_blank\" "
                f"title='{html.escape(item.title, quote=True)}'>{html.escape(item.title)}</a>"
                f"<span>{item.published_on}</span></li>]]></record>\n")

    def datastore(self, first: int, last: int, *, answer: bool) -> str:
        records = self.records()
        rows = "".join(self._row(r) for r in records[first - 1:last])
        nextgroup = ("" if answer else
                     f"<nextgroup><![CDATA[<a href=\"{self.proxy_path}?page=1&appid=1&webid=31&path=/&columnid=1230"
                     f"&unitid=5678&webname=%25E9%259D%2592&permissiontype=0\"></a>]]></nextgroup>\n")
        counts = f"<totalrecord>{len(records)}</totalrecord><totalpage>{-(-len(records) // self.per_page)}</totalpage>"
        return f"<datastore>\n{nextgroup}{counts if answer else ''}<recordset>\n{rows}</recordset>\n</datastore>"

    def render_list(self, page, count, entries):
        store = self.datastore(1, self.step, answer=False)
        js_params = ", ".join(f"{k}:{v}" if v.isdigit() else f"{k}:'{v}'" for k, v in self.params.items())
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>政策文件 青山县人民政府</title>"
                f"<script type='text/javascript' src='/module/web/jpage/jquery.min.js'></script></head><body>{_nav()}"
                f"<div class='default_pgContainer' id='5678'><script type=\"text/xml\">{store}</script></div>"
                f"<script language='javascript' src='/module/web/jpage/jpage.js'></script>"
                f"<script>\nvar param_5678 = {{{js_params}}};\n$(document).ready(function(){{\n"
                f"  $('#5678').jpage({{dataStore: dataStore, proxyUrl: '{self.proxy_path}', perPage: {self.per_page}, "
                f"outPage: 10, groupSize: {self.group_size}, totalRecord: {len(self.records())}, barPosition: 'bottom', "
                f"ajaxParam: param_5678, showMode: 'full', themeName: 'default'}});\n}});\n</script></body></html>")

    def answer(self, path: str) -> Route:
        query = dict(parse_qsl(urlsplit(path).query, keep_blank_values=True))
        try:
            first, last = int(query["startrecord"]), int(query["endrecord"])
        except (KeyError, ValueError):
            return Route(b"<html><body>error</body></html>", 500)
        known = all(query.get(k) == self.params[k] for k in ("columnid", "unitid", "webid"))
        body = self.datastore(first, last, answer=True) if known else \
            "<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>"
        return Route(('<?xml version="1.0" encoding="UTF-8"?>' + body).encode(),
                     headers={"Content-Type": "text/xml;charset=UTF-8"})

    def routes(self):
        routes = super().routes()
        for n in range(1, len(self.pages())):
            routes.pop(self.list_page_path(n), None)
        routes[self.proxy_path] = Route(answer=self.answer)
        return routes

    def encode(self, text):
        return Route(text.encode("utf-8"), headers={"Content-Type": "text/html; charset=UTF-8"})


class Trs(Layout):
    name, charset, list_path = "trs", "gb2312", "/xxgk/zcwj/index.html"
    broken_path = "/xxgk/zcwj/202403/t20240306_999.html"

    def detail_path(self, item):
        d = item.published_on
        return f"/xxgk/zcwj/{d:%Y%m}/t{d:%Y%m%d}_{item.no}.html"

    def file_path(self, item, f):
        d = item.published_on
        return f"/xxgk/zcwj/{d:%Y%m}/{f.filename}"

    def list_page_path(self, page):
        return self.list_path if page == 0 else f"/xxgk/zcwj/index_{page}.html"

    def render_list(self, page, count, entries):
        rows = "".join(f'<li><a href=".{self.detail_path(i)[len("/xxgk/zcwj"):]}">{html.escape(i.title)}</a>'
                       f'<span>{i.published_on}</span></li>' for i in entries)
        if page == 0:
            rows += '<li><a href="./202403/t20240306_999.html">青山县人民政府关于某项工作的紧急通知</a></li>'
        return (f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
                f"<meta name='ColumnName' content='政策文件'><title>政策文件</title></head><body>{_nav()}"
                f"<ul class='list'>{rows}</ul><div class='page'><script>\nvar countPage = {count};"
                f"//共多少页\nvar currentPage = {page};//当前页\n"
                f"createPageHTML(countPage, currentPage, \"index\", \"html\");\n</script></div></body></html>")

    def render_detail(self, item, body):
        d = item.published_on
        files = "".join(f'<li><a href="./{f.filename}" OLDSRC="/protect/P0{d:%Y%m}/{f.filename}">'
                        f"{html.escape(f.name)}</a></li>" for f in item.attachments)
        wd = f"{item.written_on:%Y/%m/%d}" if item.written_on else ""
        return (f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
                f"<meta name='SiteName' content='青山县人民政府'><meta name='ColumnName' content='政策文件'>"
                f"<meta name='ArticleTitle' content='{html.escape(item.title, quote=True)}'>"
                f"<meta name='PubDate' content='{d:%Y-%m-%d} 09:30'>"
                f"<meta name='ContentSource' content='{item.publisher}'>"
                f"<title>{html.escape(item.title)}_政策文件_青山县人民政府</title></head><body>{_nav()}"
                f"<div class='xxgk-head'><table><tbody>"
                f"<tr><th>信息索引号</th><td>{item.index_number}</td><th>主题分类</th><td>{item.topic}</td></tr>"
                f"<tr><th>发文机关</th><td>{item.publisher}</td><th>成文日期</th><td>{wd}</td></tr>"
                f"<tr><th>发文字号</th><td>{item.doc_number}</td><th>公开日期</th><td>{d:%Y/%m/%d}</td></tr>"
                f"<tr><th>体裁分类</th><td>{item.genre}</td><th>有效性</th><td>{item.validity}</td></tr>"
                f"</tbody></table></div><h2 class='title'>{html.escape(item.title)}</h2>"
                f"<div class='view TRS_UEDITOR trs_paper_default trs_web'><div class='TRS_Editor'>{body}</div></div>"
                f"<div class='fj'><p>附件：</p><ul>{files}</ul></div></body></html>")

    def encode(self, text):
        return Route(text.encode("gb2312"), headers={"Content-Type": "text/html"})


class Kpy(Layout):
    name, charset, list_path = "kpy", "utf-8", "/zwgk/xxgkml/index.html"
    broken_path = "/zwgk/content/post_999.html"

    def detail_path(self, item):
        return f"/zwgk/content/post_{1000 + item.no}.html"

    def file_path(self, item, f):
        return f"/attachment/0/{item.no}/{f.filename}"

    def list_page_path(self, page):
        return self.list_path if page == 0 else f"{self.list_path}?page={page + 1}"

    def render_list(self, page, count, entries):
        rows = "".join(f'<dd><a href="{self.detail_path(i)}">{html.escape(i.title)}</a><span>{i.published_on}</span></dd>'
                       for i in entries)
        if page == 0:
            rows += f'<dd><a href="{self.broken_path}">青山县人民政府关于某项工作的紧急通知</a></dd>'
        nxt = f'<a class="next" href="{self.list_page_path(page + 1)}">下一页</a>' if page + 1 < count else ""
        prev = f'<a href="{self.list_page_path(page - 1)}">上一页</a>' if page else ""
        return (f"<!DOCTYPE html><html><head><title>信息公开目录</title></head><body>{_nav()}"
                f"<dl class='news-list'>{rows}</dl><div class='pagination'>{prev} {nxt}</div></body></html>")

    def render_detail(self, item, body):
        files = "".join(f'<a href="{self.file_path(item, f)}" title="{html.escape(f.name)}">{html.escape(f.name)}</a><br>'
                        for f in item.attachments)
        return (f"<!DOCTYPE html><html><head><title>{html.escape(item.title)} - 青山县人民政府</title></head><body>"
                f"{_nav()}<div class='zwgk-meta'><dl>"
                f"<dt>索 引 号：</dt><dd>{item.index_number}</dd><dt>发布单位：</dt><dd>{item.publisher}</dd>"
                f"<dt>文　　号：</dt><dd>{item.doc_number}</dd><dt>成文日期：</dt><dd>{item.written_on or ''}</dd>"
                f"<dt>发布日期：</dt><dd>{item.published_on}</dd><dt>主题分类：</dt><dd>{item.topic}</dd>"
                f"<dt>体　　裁：</dt><dd>{item.genre}</dd><dt>时 效 性：</dt><dd>{item.validity}</dd>"
                f"<dt>标　　题：</dt><dd>{html.escape(item.title)}</dd></dl></div>"
                f"<div class='article'><h1>{html.escape(item.title)}</h1>"
                f"<div id='UCAP-CONTENT'>{body}</div><div class='attach'>附件：{files}</div></div></body></html>")

    def encode(self, text):
        return Route(b"\xef\xbb\xbf" + text.encode("utf-8"), headers={"Content-Type": "text/html"})


LAYOUT_CLASSES = {"hanweb": Hanweb, "trs": Trs, "kpy": Kpy, "jpage": Jpage}


@dataclass
class CmsSite:
    """A running old site: ``start_url`` is the column's first list page."""

    layout: Layout
    site: Site
    items: tuple[SiteItem, ...]
    bodies: dict[int, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.site.base

    @property
    def start_url(self) -> str:
        return self.site.url(self.layout.list_path)

    @property
    def broken_url(self) -> str:
        return self.site.url(self.layout.broken_path)

    def detail_url(self, item: SiteItem) -> str:
        return self.site.url(self.layout.detail_path(item))

    def file_url(self, item: SiteItem, f: SiteFile) -> str:
        return self.site.url(self.layout.file_path(item, f))

    def list_urls(self) -> list[str]:
        return [self.site.url(self.layout.list_page_path(n)) for n in range(len(self.layout.pages()))]

    def alter(self, item: SiteItem, body_html: str) -> None:
        """Change the item's body on the old site (a defacement the tamper check must see)."""
        self.site.routes[self.layout.detail_path(item)] = self.layout.encode(self.layout.render_detail(item, body_html))


def start(layout: str) -> tuple[CmsSite, Site]:
    if layout not in LAYOUT_CLASSES:
        raise ValueError(f"unknown layout {layout!r}; one of {LAYOUTS}")
    rendered = LAYOUT_CLASSES[layout](items())
    site = Site(rendered.routes())
    return CmsSite(rendered, site, items()), site
