"""Writes annual reports (政府信息公开工作年度报告) from a table dict, in every
format the inspection reads: Word-exported HTML (MsoNormalTable, rowspan and
colspan, &nbsp; in blank cells, <p><span> inside cells), DOCX with merged
cells, PDF (WeasyPrint from the HTML) and plain text with tab-separated rows.

``Report`` holds what varies between real reports: the format (2021/2019),
blank cells (None), label variants, full-width digits, section headings.
"""
from __future__ import annotations

import copy
import html
import io
from dataclasses import dataclass, field

from gongkai.domain.annual_report.tables import (
    COLUMNS, PROACTIVE_2019, PROACTIVE_2021, ROW_LABELS, TOTAL_COLUMN, rows_for,
)
from gongkai.domain.decisions import GROUPS

HEADINGS = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
]
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


def sample_tables(fmt: str = "2021") -> dict:
    """Consistent tables with blank cells where the value is 0 (and one blank
    总计 whose row is blank too)."""
    results = {
        "granted": [20, 1, 0, 0, 1, 0], "partial": [5, 0, 0, 0, 0, 0],
        "withheld.1": [1, 0, 0, 0, 0, 0], "withheld.4": [2, 0, 0, 1, 0, 0],
        "unavailable.1": [6, 1, 0, 0, 0, 0], "unavailable.2": [1, 0, 0, 0, 0, 0],
        "not_processed.1": [3, 0, 0, 0, 0, 0], "not_processed.2": [1, 0, 0, 0, 0, 0],
        "other.1": [2, 0, 0, 0, 0, 0], "other.2": [0, 1, 0, 0, 0, 0], "other.3": [1, 0, 0, 0, 0, 0],
    }
    carried_in = [2, 0, 0, 0, 1, 0]
    carried_out = [3, 1, 0, 0, 0, 0]
    rows = rows_for(fmt)
    detail = {}
    for row in rows:
        if row == "other" or row.startswith("other."):
            codes = [row] if row != "other" else ["other.1", "other.2", "other.3"]
            detail[row] = [sum(results.get(code, [0] * 6)[c] for code in codes) for c in range(6)]
        elif row in ("new", "carried_in", "total", "carried_out"):
            continue
        else:
            detail[row] = results.get(row, [0] * 6)
    results_rows = [row for row in rows if row in detail]
    detail["total"] = [sum(detail[row][c] for row in results_rows) for c in range(6)]
    detail["carried_in"] = carried_in
    detail["carried_out"] = carried_out
    detail["new"] = [detail["total"][c] + carried_out[c] - carried_in[c] for c in range(6)]
    applications = {row: detail[row] + [sum(detail[row])] for row in rows}
    # Blank cells, as real reports leave them: a whole zero row, a zero
    # column of one row, and the 总计 of an all-blank row.
    applications["withheld.2"] = [None] * 7
    applications["new"][2] = None
    applications["carried_in"][3] = None
    applications["withheld.3"] = [0, 0, None, None, 0, 0, None]
    disputes = [1, 0, None, 1, 2, 0, 0, 0, 0, 0, 1, None, 0, 0, 1]
    if fmt == "2019":
        proactive = {"regulations": [0, 0, 3], "normative_documents": [2, 2, 15], "licensing": [30, -2, 120],
                     "other_services": [5, 0, 10], "punishment": [4, 1, 8], "enforcement": [1, 0, None],
                     "fees": [3, 0], "procurement": [6, 52.3]}
    else:
        proactive = {"regulations": [0, 0, 3], "normative_documents": [2, 1, 15], "licensing": [120],
                     "punishment": [8], "enforcement": [None], "fees": [12.5]}
    return {"proactive": proactive, "applications": applications, "disputes": disputes}


@dataclass
class Report:
    unit: str = "青禾县民政局"
    year: int = 2025
    fmt: str = "2021"
    tables: dict = field(default_factory=dict)
    headings: list[str] = field(default_factory=lambda: list(HEADINGS))
    fullwidth: bool = False
    normative_label: str | None = None     # "规范性文件" instead of "行政规范性文件" (2021)
    narrative: dict | None = None          # overrides of the stated numbers

    def __post_init__(self) -> None:
        if not self.tables:
            self.tables = sample_tables(self.fmt)

    @property
    def title(self) -> str:
        return f"{self.unit}{self.year}年政府信息公开工作年度报告"

    def copy(self, **changes) -> Report:
        clone = copy.deepcopy(self)
        for key, value in changes.items():
            setattr(clone, key, value)
        return clone

    # --- content --------------------------------------------------------------

    def number(self, value) -> str:
        if value is None:
            return ""
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return text.translate(_FULL) if self.fullwidth else text

    def stated(self) -> dict:
        t3 = self.tables["applications"]
        total = lambda row: sum(v or 0 for v in t3[row][:TOTAL_COLUMN])  # noqa: E731
        t4 = [v or 0 for v in self.tables["disputes"]]
        stated = {"received": total("new"), "processed": total("total"), "carried_out": total("carried_out"),
                  "reconsideration": t4[4], "litigation": t4[9] + t4[14]}
        stated.update(self.narrative or {})
        return stated

    def sections(self) -> list[tuple[str, list[str]]]:
        s = {k: self.number(v) for k, v in self.stated().items()}
        return [
            (self.headings[0], [
                f"2025年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。本年度共收到政府信息公开申请{s['received']}件，"
                f"办结{s['processed']}件，结转下一年度继续办理{s['carried_out']}件。"]),
            (self.headings[1], []),
            (self.headings[2], []),
            (self.headings[3], [f"本年度本机关被申请行政复议{s['reconsideration']}件，被提起行政诉讼{s['litigation']}件。"]),
            (self.headings[4], ["政府信息公开工作仍存在公开内容不够全面等问题，下一步将加强培训。"]),
            (self.headings[5], ["本年度未收取信息处理费。"]),
        ]

    # --- table layouts: rows of (text, rowspan, colspan) -----------------------

    def layout_t2(self) -> list[list[tuple[str, int, int]]]:
        t2 = self.tables["proactive"]
        n = self.number
        rows = []
        if self.fmt == "2019":
            spec = PROACTIVE_2019
            groups = [("（一）", ["regulations", "normative_documents"]), ("（五）", ["licensing", "other_services"]),
                      ("（六）", ["punishment", "enforcement"]), ("（八）", ["fees"]), ("（九）", ["procurement"])]
        else:
            spec = PROACTIVE_2021
            groups = [("（一）", ["regulations", "normative_documents"]), ("（五）", ["licensing"]),
                      ("（六）", ["punishment", "enforcement"]), ("（八）", ["fees"])]
        for item, keys in groups:
            rows.append([(f"第二十条第{item}项", 1, 4)])
            columns = spec[keys[0]][1]
            rows.append([("信息内容", 1, 1)] + _spread(list(columns)))
            for key in keys:
                label = spec[key][0]
                if key == "normative_documents" and self.normative_label:
                    label = self.normative_label
                rows.append([(label, 1, 1)] + _spread([n(v) for v in t2[key]]))
        return rows

    def layout_t3(self) -> list[list[tuple[str, int, int]]]:
        t3 = self.tables["applications"]
        n = self.number
        rows = [
            [(NOTE, 3, 3), ("申请人情况", 1, 7)],
            [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
            [(c, 1, 1) for c in COLUMNS[1:6]],
        ]

        def data(row):
            return [(n(v), 1, 1) for v in t3[row]]

        rows.append([(ROW_LABELS["new"], 1, 3)] + data("new"))
        rows.append([(ROW_LABELS["carried_in"], 1, 3)] + data("carried_in"))
        result_rows = [r for r in rows_for(self.fmt) if r not in ("new", "carried_in", "carried_out")]
        first = True
        for group in GROUPS:
            members = [r for r in result_rows if r == group.code or r.startswith(group.code + ".")
                       or (group.code == "other" and r == "other")]
            for i, row in enumerate(members):
                cells = []
                if first:
                    cells.append(("三、本年度办理结果", len(result_rows), 1))
                    first = False
                if row in ("granted", "partial", "other"):
                    cells.append((group.label, 1, 2))
                else:
                    if i == 0:
                        cells.append((group.label, len(members), 1))
                    cells.append((ROW_LABELS[row], 1, 1))
                rows.append(cells + data(row))
        rows.append([("（七）总计", 1, 2)] + data("total"))
        rows.append([(ROW_LABELS["carried_out"], 1, 3)] + data("carried_out"))
        return rows

    def layout_t4(self) -> list[list[tuple[str, int, int]]]:
        outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        return [
            [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
            [(o, 2, 1) for o in outcomes] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
            [(o, 1, 1) for o in outcomes * 2],
            [(self.number(v), 1, 1) for v in self.tables["disputes"]],
        ]

    def blocks(self):
        """("p", text) and ("table", layout) in reading order."""
        out = []
        tables = {1: self.layout_t2(), 2: self.layout_t3(), 3: self.layout_t4()}
        for i, (heading, paragraphs) in enumerate(self.sections()):
            out.append(("h", heading))
            out += [("p", p) for p in paragraphs]
            if i in tables:
                out.append(("table", tables[i]))
        return out

    # --- writers ---------------------------------------------------------------

    def html(self, charset: str = "utf-8", pdf: bool = False) -> str:
        style = ("@page{size:A4 landscape;margin:1cm} body{font-family:'Noto Sans CJK SC';font-size:10pt}"
                 " table{border-collapse:collapse;font-size:7pt} td{border:1px solid #000;padding:1px 2px}"
                 if pdf else "p.MsoNormal{margin:0}")
        parts = [
            "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
            "xmlns:w=\"urn:schemas-microsoft-com:office:word\">",
            f"<head><meta http-equiv=Content-Type content=\"text/html; charset={charset}\">"
            f"<meta name=Generator content=\"Microsoft Word 15\"><title>{html.escape(self.title)}</title>"
            f"<style>{style}</style></head>",
            "<body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1>",
            f"<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;"
            f"font-family:方正小标宋简体'>{html.escape(self.title)}</span></b></p>",
        ]
        for kind, content in self.blocks():
            if kind == "table":
                parts.append(_html_table(content))
            else:
                parts.append(f"<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>"
                             f"{html.escape(content)}</span><span lang=EN-US><o:p></o:p></span></p>")
        parts.append("</div></body></html>")
        return "\n".join(parts)

    def html_bytes(self, charset: str = "utf-8") -> bytes:
        return self.html(charset).encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset)

    def pdf_bytes(self) -> bytes:
        import weasyprint

        return weasyprint.HTML(string=self.html(pdf=True)).write_pdf()

    def docx_bytes(self) -> bytes:
        import docx

        document = docx.Document()
        document.core_properties.title = self.title
        document.add_paragraph(self.title)
        for kind, content in self.blocks():
            if kind == "table":
                _docx_table(document, content)
            else:
                document.add_paragraph(content)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    def text(self) -> str:
        lines = [self.title, ""]
        for kind, content in self.blocks():
            if kind == "table":
                for row in _expand(content)[0]:
                    lines.append("\t".join("" if c is None else c for c in row))
                lines.append("")
            else:
                lines.append(content)
        return "\n".join(lines) + "\n"

    def write(self, folder, name: str, kind: str):
        """Write the report as ``folder/name.<kind>``; kind html, docx, pdf or txt."""
        data = {"html": self.html_bytes, "docx": self.docx_bytes, "pdf": self.pdf_bytes,
                "txt": lambda: self.text().encode("utf-8")}[kind]()
        path = folder / f"{name}.{kind}"
        path.write_bytes(data)
        return path


def _spread(texts: list[str]) -> list[tuple[str, int, int]]:
    """Cells over the 3 data columns of table 二: the last one spans the rest."""
    cells = [(t, 1, 1) for t in texts[:-1]]
    return cells + [(texts[-1], 1, 3 - len(cells))]


def _html_table(layout) -> str:
    rows = []
    for row in layout:
        cells = []
        for text, rowspan, colspan in row:
            attrs = (f" rowspan={rowspan}" if rowspan > 1 else "") + (f" colspan={colspan}" if colspan > 1 else "")
            inner = html.escape(text) if text else "&nbsp;"
            cells.append(f"<td{attrs} valign=middle style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>"
                         f"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
                         f"style='font-size:10.0pt'>{inner}</span></p></td>")
        rows.append("<tr style='height:20.0pt'>" + "".join(cells) + "</tr>")
    return ("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
            "style='border-collapse:collapse;border:none'>" + "".join(rows) + "</table>")


def _expand(layout) -> list[list[str | None]]:
    """The layout on a grid: text at a merged cell's top-left, None under it."""
    grid: dict[tuple[int, int], str | None] = {}
    origins = []
    for r, row in enumerate(layout):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = None
            grid[(r, c)] = text
            origins.append((r, c, rowspan, colspan))
            c += colspan
    height = len(layout)
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c)) for c in range(width)] for r in range(height)], origins


def _docx_table(document, layout) -> None:
    rows, origins = _expand(layout)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, c, rowspan, colspan in origins:
        cell = table.cell(r, c)
        if rowspan > 1 or colspan > 1:
            cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
        cell.text = rows[r][c]
