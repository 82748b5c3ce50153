"""Outputs of an assessment: the ranking as XLSX, a unit's scorecard as PDF, the trend as inline SVG."""
from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#b22222", "#1f5fa8", "#2e7d32", "#8e44ad", "#c77700", "#00838f", "#6d4c41", "#546e7a",
           "#ad1457", "#33691e"]


def ranking_xlsx(scheme, cards) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from gongkai.domain.spreadsheet_cells import neutralise_row

    wb = Workbook()
    ws = wb.active
    ws.title = f"{scheme.year}年考核排名"
    ws.append(neutralise_row([scheme.name]))
    ws["A1"].font = Font(bold=True, size=14)
    header = ["名次", "单位"] + [f"{i['name']}（{i['weight']:g}分）" for i in scheme.indicators] + \
        ["计算得分", "加减分", "总分"]
    ws.append(neutralise_row(header))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for card in cards:
        ws.append(neutralise_row([card.rank, card.unit.name] + [s.points for s in card.scores] +
                                 [card.computed, card.adjustment_total, card.total]))
    ws.column_dimensions["B"].width = 30
    ws.freeze_panes = "C3"
    detail = wb.create_sheet("扣分依据")
    detail.append(["单位", "指标", "实际值", "得分", "依据"])
    for card in cards:
        for s in card.scores:
            for ev in s.measurement.evidence:
                if not ev.get("ok"):
                    detail.append(neutralise_row([card.unit.name, s.indicator["name"], s.value_display, s.points,
                                                  ev["label"]]))
        for a in card.adjustments:
            detail.append(neutralise_row([card.unit.name, "加减分", "", float(a.points), a.reason]))
    detail.column_dimensions["A"].width = 30
    detail.column_dimensions["E"].width = 80
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def scorecard_pdf(scheme, card, printed_on) -> bytes:
    """A4 PDF with the locally installed Noto CJK fonts embedded (no external URLs)."""
    from weasyprint import HTML

    html = render_to_string("assessment/print.html", {"scheme": scheme, "card": card, "printed_on": printed_on})
    return HTML(string=html, base_url=None).write_pdf()


def trend_svg(years: list[int], units: list[tuple], width: int = 640, height: int = 300) -> str:
    """Totals per unit over the years as an inline SVG line chart (server-rendered, no JavaScript)."""
    if not years or not units:
        return ""
    left, right, top, bottom = 40, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(years) - 1, 1)

    def x(i):
        return left + (i * step if len(years) > 1 else plot_w / 2)

    def y(v):
        return top + plot_h - v / 100 * plot_h

    parts = [f'<svg class="trend-chart" role="img" aria-labelledby="trend-title" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="trend-title">历年考核总分趋势（{years[0]}—{years[-1]}年）</title>']
    for v in (0, 20, 40, 60, 80, 100):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{v}</text>')
    for i, year in enumerate(years):
        parts.append(f'<text x="{x(i):.1f}" y="{height - 10}" font-size="11" text-anchor="middle">{year}</text>')
    for n, (unit, totals) in enumerate(units):
        color = PALETTE[n % len(PALETTE)]
        pts = [(x(i), y(t)) for i, t in enumerate(totals) if t is not None]
        name = escape(unit.short_name or unit.name)
        label = escape("，".join(f"{yr}年{t:g}分" for yr, t in zip(years, totals) if t is not None))
        parts.append(f'<g class="series"><title>{name}：{label}</title>')
        if len(pts) > 1:
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
                         + " ".join(f"{px:.1f},{py:.1f}" for px, py in pts) + '"/>')
        for px, py in pts:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{color}"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))


def series_colors(count: int) -> list[str]:
    return [PALETTE[n % len(PALETTE)] for n in range(count)]
