"""Freshness lines of the inspection indicators (spec watch.md §0, §1.2): stale and blank columns,
homepage not updated, undated items, and the dashboard summary."""
import datetime as dt

from gongkai.domain.watch.config import ColumnSpec
from gongkai.domain.watch.freshness import (check_column, check_homepage, column_dates, summary)
from gongkai.domain.watch.page import parse_html

TODAY = dt.date(2026, 11, 25)

HEADER = """<div class="header"><span>今天是2026年11月25日</span><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
<ul class="nav"><li><a href="/a/">机构概况</a></li><li><a href="/b/">通知公告</a></li></ul>"""
FOOTER = """<div class="footer"><a href="/map">网站地图</a> 更新日期：2026-11-24
<p>©2019 某某街道办事处 版权所有 <a href="http://beian.miit.gov.cn">湘ICP备12345678号</a></p></div>"""


def page(body: str, url: str = "http://127.0.0.1/tzgg/") -> object:
    return parse_html(url, f"<html><head><title>通知公告</title></head><body>{HEADER}{body}{FOOTER}</body></html>")


def listing(*rows: str) -> object:
    return page('<div class="list"><ul>' + "".join(rows) + '</ul><div class="page"><a href="?p=2">下一页</a>'
                '<a href="?p=9">尾页</a></div></div>')


def li(title: str, date: str) -> str:
    return f'<li><a href="/x/{abs(hash(title))}.html">{title}</a><span class="date">{date}</span></li>'


def test_dates_in_every_format_are_read_and_footer_dates_ignored():
    parsed = page("""<ul class="news">
      <li><a href="/1">关于开展冬季消防安全检查的通知</a><span>2026-11-20</span></li>
      <li><a href="/2">关于调整社区服务时间的公告</a><span>2026/11/18</span></li>
      <li><a href="/3">街道召开安全生产工作会议</a> 2026年11月5日</li>
      <li><a href="/4">辖区老旧小区改造项目公示</a><em>[10-30]</em></li>
      <li><a href="/5">关于征集民生实事项目的通知</a><span>2026.9.1</span></li>
    </ul>""")
    assert column_dates(parsed, TODAY) == [dt.date(2026, 11, 20), dt.date(2026, 11, 18), dt.date(2026, 11, 5),
                                           dt.date(2026, 10, 30), dt.date(2026, 9, 1)]


def test_bracketed_month_day_takes_the_latest_year_not_after_today():
    parsed = page('<ul class="list"><li><a href="/1">年终总结会议召开</a>[12-30]</li>'
                  '<li><a href="/2">关于元旦放假的通知</a>[01-02]</li></ul>')
    assert column_dates(parsed, TODAY) == [dt.date(2026, 1, 2), dt.date(2025, 12, 30)]


def test_dates_inside_a_title_and_in_the_future_do_not_count():
    parsed = page('<ul class="list"><li><a href="/1">关于2026年11月24日起调整办公时间的通知</a>'
                  '<span>2025-03-01</span></li><li><a href="/2">关于春节值班安排的通知</a><span>2027-02-01</span></li></ul>')
    assert column_dates(parsed, TODAY) == [dt.date(2025, 3, 1)]


def test_footer_copyright_and_update_date_do_not_make_a_column_fresh():
    column = ColumnSpec("工作动态", "http://127.0.0.1/gzdt/", "news")
    parsed = listing(li("街道开展文明创建活动", "2026-09-01"), li("社区举办重阳节敬老活动", "2026-08-20"))
    [finding] = check_column(column, parsed, TODAY)
    assert (finding.kind, finding.severity, finding.category) == ("column_stale", "medium", "freshness")
    assert "2026-09-01" in finding.evidence and "14天" in finding.evidence
    assert finding.extra["newest"] == "2026-09-01"


def test_fresh_column_has_no_finding_and_each_class_has_its_limit():
    parsed = listing(li("关于印发某某办法的通知", "2026-06-01"))
    assert check_column(ColumnSpec("政策文件", "http://127.0.0.1/zcwj/", "policy"), parsed, TODAY) == []
    assert [f.kind for f in check_column(ColumnSpec("动态", "http://127.0.0.1/dt/", "news"), parsed, TODAY)] \
        == ["column_stale"]
    assert check_column(ColumnSpec("人事", "http://127.0.0.1/rs/", "personnel"), parsed, TODAY) == []
    old = listing(li("关于印发某某办法的通知", "2026-05-01"))
    assert [f.kind for f in check_column(ColumnSpec("政策文件", "u", "policy"), old, TODAY)] == ["column_stale"]
    # an office's own limit overrides the class default
    assert check_column(ColumnSpec("动态", "u", "news", max_age_days=400), old, TODAY) == []


def test_blank_column_and_unreachable_column_are_blank_high():
    column = ColumnSpec("规划计划", "http://127.0.0.1/ghjh/", "planning")
    empty = page('<div class="list"><ul></ul><p>暂无信息</p></div>')
    for parsed in (empty, None):
        [finding] = check_column(column, parsed, TODAY)
        assert (finding.kind, finding.severity) == ("column_blank", "high")
    # a page with only navigation, header and footer links is blank too
    assert [f.kind for f in check_column(column, page(""), TODAY)] == ["column_blank"]


def test_static_column_is_only_checked_for_blank():
    column = ColumnSpec("机构职能", "http://127.0.0.1/jgzn/", "static")
    assert check_column(column, listing(li("街道办事处主要职能", "2015-01-01")), TODAY) == []
    assert [f.kind for f in check_column(column, None, TODAY)] == ["column_blank"]


def test_undated_items_are_counted_once_per_column():
    column = ColumnSpec("通知公告", "http://127.0.0.1/tzgg/", "notice")
    parsed = listing(li("关于开展冬季消防安全检查的通知", "2026-11-20"),
                     '<li><a href="/u1">关于做好困难群众救助工作的通知</a></li>',
                     '<li><a href="/u2">关于公布社区工作者招聘结果的公告</a></li>')
    [finding] = check_column(column, parsed, TODAY)
    assert (finding.kind, finding.severity, finding.extra["count"]) == ("undated_item", "low", 2)
    assert "2条" in finding.evidence


def test_column_whose_items_all_lack_dates_is_stale_and_undated():
    column = ColumnSpec("通知公告", "http://127.0.0.1/tzgg/", "notice")
    parsed = listing('<li><a href="/u1">关于做好困难群众救助工作的通知</a></li>',
                     '<li><a href="/u2">关于公布社区工作者招聘结果的公告</a></li>')
    kinds = {f.kind: f for f in check_column(column, parsed, TODAY)}
    assert set(kinds) == {"column_stale", "undated_item"}
    assert kinds["undated_item"].extra["count"] == 2


def test_table_and_div_listings():
    table = page('<table class="list"><tr><td><a href="/1">关于征地补偿标准的公示</a></td><td>2026-11-10</td></tr>'
                 '<tr><td><a href="/2">关于拆迁安置的公告</a></td><td>2026-10-10</td></tr></table>')
    assert column_dates(table, TODAY) == [dt.date(2026, 11, 10), dt.date(2026, 10, 10)]
    run = page('<div class="con"><p><a href="/1">第一条新闻标题内容</a> 2026-11-01<br>'
               '<a href="/2">第二条新闻标题内容</a> 2026-10-01<br></p></div>')
    assert column_dates(run, TODAY) == [dt.date(2026, 11, 1), dt.date(2026, 10, 1)]


def homepage(date: str) -> object:
    return page(f'<div class="yw"><ul>{li("区委召开常委会会议", date)}{li("街道开展安全检查", "2026-10-01")}</ul></div>'
                '<div class="zt"><ul><li><a href="/zt1">学习贯彻党的二十大精神专题</a></li></ul></div>',
                url="http://127.0.0.1/")


def test_homepage_lines_early_warning_and_veto():
    assert check_homepage(homepage("2026-11-15"), TODAY) == []                  # 10 days: not yet
    [warn] = check_homepage(homepage("2026-11-14"), TODAY)                      # 11 days
    assert (warn.kind, warn.severity) == ("homepage_stale", "medium")
    [veto] = check_homepage(homepage("2026-11-10"), TODAY)                      # 15 days
    assert (veto.kind, veto.severity) == ("homepage_stale", "high")
    assert "2026-11-10" in veto.evidence and veto.extra["age_days"] == 15
    assert check_homepage(homepage("2026-11-11"), TODAY)[0].severity == "medium"  # exactly 14 days


def test_homepage_without_dates_uses_the_previous_newest_or_counts_as_not_updated():
    nav_only = page('<div class="rk"><ul><li><a href="/a">政务公开</a></li><li><a href="/b">办事服务</a></li></ul></div>',
                    url="http://127.0.0.1/")
    [finding] = check_homepage(nav_only, TODAY)
    assert (finding.kind, finding.severity) == ("homepage_stale", "high")
    assert check_homepage(nav_only, TODAY, previous_newest=dt.date(2026, 11, 20)) == []


def test_homepage_undated_items_in_a_dated_list_are_flagged():
    parsed = page(f'<ul class="yw">{li("区委召开常委会会议", "2026-11-24")}'
                  '<li><a href="/n">街道开展安全检查活动</a></li></ul>', url="http://127.0.0.1/")
    [finding] = check_homepage(parsed, TODAY)
    assert (finding.kind, finding.extra["count"]) == ("undated_item", 1)


def _columns(n: int, klass: str, prefix: str):
    return [ColumnSpec(f"{prefix}{i}", f"http://127.0.0.1/{prefix}{i}/", klass) for i in range(n)]


def _state(findings, columns, line):
    return summary(findings, columns)[line]


def test_summary_lines():
    stale_page = listing(li("旧闻一则标题内容", "2025-01-01"))
    news, notices, personnel = _columns(3, "news", "n"), _columns(2, "notice", "t"), _columns(3, "personnel", "p")
    columns = news + notices + personnel
    findings = [f for c in columns for f in check_column(c, stale_page, TODAY)]
    result = summary(findings, columns)
    assert result["lapsed_columns"]["count"] == 5 and result["lapsed_columns"]["state"] == "veto"
    assert result["stale_columns"]["count"] == 8 and result["stale_columns"]["state"] == "warning"
    assert result["blank_columns"]["state"] == "ok"
    assert [row["line"] for row in result["lines"]] == ["lapsed_columns", "stale_columns", "blank_columns",
                                                       "homepage_stale"]
    # personnel columns are stale but not "lapsed" (only 动态要闻 and 通知公告/政策文件 count there)
    only_personnel = [f for c in personnel for f in check_column(c, stale_page, TODAY)]
    assert summary(only_personnel, columns)["lapsed_columns"]["count"] == 0


def test_summary_blank_and_stale_lines():
    blank_cols = _columns(5, "notice", "b")
    blank = [f for c in blank_cols for f in check_column(c, None, TODAY)]
    assert _state(blank[:2], blank_cols, "blank_columns")["state"] == "ok"
    assert _state(blank[:3], blank_cols, "blank_columns")["state"] == "warning"       # more than 2
    assert _state(blank, blank_cols, "blank_columns")["state"] == "veto"              # 5 or more
    many = _columns(10, "personnel", "s")
    stale = [f for c in many for f in check_column(c, listing(li("旧闻一则标题内容", "2024-01-01")), TODAY)]
    assert _state(stale[:6], many, "stale_columns")["state"] == "ok"
    assert _state(stale[:7], many, "stale_columns")["state"] == "warning"             # more than 6
    assert _state(stale, many, "stale_columns")["state"] == "veto"                    # 10 or more
    home = check_homepage(homepage("2026-11-01"), TODAY)
    row = _state(home, many, "homepage_stale")
    assert (row["count"], row["limit"], row["state"]) == (24, 15, "veto")
