"""Write the shipped Word templates of the letters (文书模板) with python-docx.

Run once after changing a text here, and commit the result:

    .venv/bin/python gongkai/applications/letter_templates/build.py

The .docx files go to ``gongkai/applications/templates/letters/`` (installed as package data).
Each is an ordinary Word document with Jinja placeholders (``{{ office_name }}`` …) that
docxtpl fills; an office may edit one in Word and upload it as a 文书模板 in the admin.
The placeholders are listed in ``gongkai/applications/letters.py`` (``context``).
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent.parent / "templates" / "letters"
BODY_FONT = "FangSong"
FALLBACK_FONT = "Noto Serif CJK SC"

OPENING = ("本机关于{{ received_on }}收到您提出的政府信息公开申请（申请编号：{{ number }}），"
           "申请获取“{{ description }}”。")
CLOSING = "特此告知。"
REMEDY = "{{ remedy }}"
CONTACT = "联系电话：{{ office_phone }}　　通信地址：{{ office_address }}"

ANSWER = {
    "answer_granted": ("经审查，您申请公开的政府信息属于可以公开的政府信息，本机关决定予以公开。"
                       "根据{{ decision_basis }}的规定，现予答复。"),
    "answer_partial": ("经审查，您申请公开的政府信息中含有不应当公开的内容，但能够作区分处理，"
                       "本机关决定部分公开，提供可以公开的部分。根据{{ decision_basis }}的规定，现予答复。"),
    "answer_withheld": ("经审查，本机关决定对您申请公开的政府信息不予公开，理由是：{{ decision_name }}。"
                        "根据{{ decision_basis }}的规定，现予答复。"),
    "answer_unavailable": ("经审查，本机关无法提供您申请公开的政府信息，理由是：{{ decision_name }}。"
                           "根据{{ decision_basis }}的规定，现予答复。"),
    "answer_not_processed": ("经审查，您的申请属于“{{ decision_name }}”的情形，本机关不予处理。"
                             "根据{{ decision_basis }}的规定，现予告知。"),
    "answer_other": ("经审查，{{ decision_name }}。根据{{ decision_basis }}的规定，现予告知。"),
}

# Answers that provide information say how and where (条例第四十条).
PROVIDED = ("answer_granted", "answer_partial")

# kind -> (title, body paragraphs)
LETTERS: dict[str, tuple[str, list[str]]] = {
    "supplement": ("政府信息公开申请补正告知书", [
        OPENING,
        "经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，"
        "请您对以下事项作出补正：{{ supplement_items }}",
        "请您在收到本告知书之日起{{ supplement_workdays }}个工作日内提交补正材料。答复期限自本机关收到补正的申请之日起计算；"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        CLOSING, REMEDY,
    ]),
    "extension": ("政府信息公开申请延期答复告知书", [
        OPENING,
        "因{{ extension_reason }}，本机关不能在{{ original_due }}前作出答复。根据《中华人民共和国政府信息公开条例》"
        "第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ extension_days }}个工作日，"
        "本机关将于{{ new_due }}前作出答复。",
        CLOSING, REMEDY,
    ]),
    "consultation": ("政府信息公开第三方意见征询函", [
        "本机关于{{ received_on }}收到政府信息公开申请（申请编号：{{ number }}），申请获取“{{ description }}”。"
        "经审查，该信息的公开可能涉及贵方的合法权益。",
        "根据《中华人民共和国政府信息公开条例》第三十二条、第三十四条的规定，现书面征求贵方意见。"
        "请于收到本函之日起15个工作日内（{{ reply_due }}前）书面提出是否同意公开的意见及理由。"
        "逾期未提出意见的，本机关将依照该条例的规定决定是否公开。",
        "特此函询。",
    ]),
    "receipt": ("政府信息公开申请登记回执", [
        "本机关已收到您提出的政府信息公开申请，现予登记。",
        "申请编号：{{ number }}",
        "所需信息：{{ description }}",
        "提交方式：{{ channel }}",
        "收到申请日期：{{ received_on }}。{{ receipt_rule }}。",
        "答复期限：本机关将在{{ due_text }}作出答复（《中华人民共和国政府信息公开条例》第三十三条第二款）；"
        "需要补正、征求第三方或其他机关意见、收取信息处理费或延期答复的，本机关将另行书面告知。",
        "{{ query_hint }}",
    ]),
    "fee_notice": ("政府信息公开信息处理费收费通知书", [
        OPENING,
        "根据{{ fee_legal_basis }}的规定，您申请公开政府信息的数量、频次明显超过合理范围，"
        "本机关决定对该申请收取信息处理费。",
        "计收方式：{{ fee_basis }}；计费数量：{{ fee_quantity }}。",
        "计费明细：{{ fee_lines }}。",
        "应缴金额：{{ fee_amount }}元。",
        "{{ payment_due }}。{{ payment_how }}",
        "{{ fee_consequence }}",
        "特此通知。", REMEDY,
    ]),
    **{kind: ("政府信息公开申请答复告知书",
              [OPENING, text, "{{ decision_text }}", *(["{{ provision }}"] if kind in PROVIDED else []),
               CLOSING, REMEDY])
       for kind, text in ANSWER.items()},
}


def _fonts(run_or_style) -> None:
    run_or_style.font.name = FALLBACK_FONT
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)


def build_one(kind: str, title: str, body: list[str]) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    _fonts(normal)
    normal.font.size = Pt(16)

    def para(text, align=WD_ALIGN_PARAGRAPH.LEFT, size=None, bold=False, indent=False):
        p = doc.add_paragraph()
        p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        return p

    para("{{ office_name }}", WD_ALIGN_PARAGRAPH.CENTER, 18)
    para(title, WD_ALIGN_PARAGRAPH.CENTER, 22, bold=True)
    para("{{ letter_number }}", WD_ALIGN_PARAGRAPH.CENTER)
    para("{{ addressee }}：")
    for text in body:
        para(text, indent=True)
    para("")
    para("{{ office_name }}", WD_ALIGN_PARAGRAPH.RIGHT)
    para("{{ letter_date }}", WD_ALIGN_PARAGRAPH.RIGHT)
    para(CONTACT, size=12)
    return doc


def main(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, (title, body) in LETTERS.items():
        path = out / f"{kind}.docx"
        build_one(kind, title, body).save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
