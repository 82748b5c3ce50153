"""Builds word/*.docx and word/*.pdf: five real published annual reports (texts as the pages corpus
returned them, see ../SOURCES.md) laid out the way an office produces them — a Word document with
real table cells (merged cells as rowspan/colspan), the title and long labels wrapping, then Word's
“save as PDF” (here LibreOffice headless: HTML -> DOCX -> PDF). The tables end where the stored
excerpt ends; nothing is added but the official header cells of a table the excerpt prints.

    python tests/realdata/reports/_build_word_pdfs.py      # needs `soffice` (libreoffice-writer-nogui)

The outputs are committed; the tests read them and do not need LibreOffice."""
from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

OUT = pathlib.Path(__file__).resolve().parent / "word"
B = "&nbsp;"
CSS = ("<style>@page{size:21cm 29.7cm;margin:2.5cm 2.6cm} body{font-family:'Noto Serif CJK SC';font-size:16pt}"
       "p.title{text-align:center;font-size:22pt;font-weight:bold} td{border:0.5pt solid #000;font-size:10.5pt}"
       "table{border-collapse:collapse;width:100%}</style>")


def td(text, cs=1, rs=1):
    a = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
    return f"<td{a}><p>{text if text != '' else B}</p></td>"


def tr(*cells):
    return "<tr>" + "".join(cells) + "</tr>"


def vals(*v):
    return [td(x) for x in v]


def table(rows, widths=None):
    """A table as wide as the text; ``widths`` (per cent per grid column) as a clerk sets them in Word."""
    n = widths or _widths(rows)
    cols = "".join(f'<col width="{w}%">' for w in n)
    return f'<table border="1" cellspacing="0" width="100%">{cols}' + "".join(rows) + "</table>"


def _widths(rows):
    first = rows[0] if isinstance(rows, list) else ""
    if "申请人情况" in first:                       # table 三: three label columns, seven data columns
        return [12, 12, 16] + [60 / 7] * 7
    width = sum(int(x) for x in re.findall(r'colspan="(\d+)"', rows[0])) or 1
    return [100 / width] * width


def t3_head(business="商业企业", research="科研机构"):
    return [tr(td("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", 3, 3), td("申请人情况", 7)),
            tr(td("自然人", 1, 2), td("法人或其他组织", 5), td("总计", 1, 2)),
            tr(*[td(x) for x in (business, research, "社会公益组织", "法律服务机构", "其他")])]


def t2_2021(rows, in_force="现行有效件数"):
    """Table 二 of the 2021 format; ``rows`` = the printed values in official order."""
    reg, norm, lic, pun, enf, fee = rows
    return table([
        tr(td("第二十条第(一)项", 4)),
        tr(td("信息内容"), td("本年制发件数"), td("本年废止件数"), td(in_force)),
        tr(td("规章"), *vals(*reg)), tr(td("行政规范性文件"), *vals(*norm)),
        tr(td("第二十条第(五)项", 4)), tr(td("信息内容"), td("本年处理决定数量", 3)), tr(td("行政许可"), td(lic, 3)),
        tr(td("第二十条第(六)项", 4)), tr(td("信息内容"), td("本年处理决定数量", 3)),
        tr(td("行政处罚"), td(pun, 3)), tr(td("行政强制"), td(enf, 3)),
        tr(td("第二十条第(八)项", 4)), tr(td("信息内容"), td("本年收费金额(单位:万元)", 3)),
        tr(td("行政事业性收费"), td(fee, 3))])


def p(*texts, cls=""):
    c = f' class="{cls}"' if cls else ""
    return "".join(f"<p{c}>{t}</p>" for t in texts)


# --- 盐边县新九镇人民政府 2021 (乡镇, 2021 format; title on two lines; header “现行有效件”) ---------------
XINJIU = (
    p("盐边县新九镇人民政府", "关于2021年度政府信息公开工作的年度报告", cls="title")
    + p("一、总体情况",
        "新九镇认真贯彻落实《中华人民共和国政府信息公开条例》上一年度积极主动公开政府信息,信息公开主要聚焦在日常工作动态,"
        "森林草原防灭火、疫情防控等重要工作、环保工作等方面53条,结合实际情况及时更新领导信息、内设机构等栏目等20余次。"
        "新九镇平均每星期至少2次登录后台对网站进行管理,每月及时更新政府信息,严把信息质量关,切实加强平台建设,"
        "快速反映政府工作至网上平台,反映全镇工作开展情况,让群众及时了解政府信息,以便于接受大众监督,鼓励广大民众积极参与管理。",
        "二、主动公开政府信息情况")
    + t2_2021((("0", "0", "0"), ("0", "0", "0"), "0", "0", "0", "0"), in_force="现行有效件")
    + p("三、收到和处理政府信息公开申请情况")
    + table(t3_head("商业<br />企业", "科研<br />机构") + [
        tr(td("一、本年新收政府信息公开申请数量", 3), *vals(*["0"] * 7)),
        tr(td("二、上年结转政府信息公开申请数量", 3), *vals(*["0"] * 7)),
        tr(td("三、本年度办理结果", 1, 1), td("(一)予以公开", 2), *vals(*["0"] * 7))]))

# --- 深圳市龙岗区 区政府工作部门 2024 (department, 2021 format) ----------------------------------------
LONGGANG = (
    p("一、总体情况",
      "本年报根据《中华人民共和国政府信息公开条例》(下称《条例》)要求编制,由总体情况、主动公开政府信息情况、"
      "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况以及其他需要报告的事项组成。"
      "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。",
      "二、主动公开政府信息情况")
    + t2_2021((("0", "0", "0"), ("5", "1", "25"), "0", "0", "0", "0"))
    + p("三、收到和处理政府信息公开申请情况")
    + table(t3_head("商业 企业", "科研 机构") + [
        tr(td("一、本年新收政府信息公开申请数量", 3), *vals("58", "7", "0", "0", "1", "0", "66")),
        tr(td("二、上年结转政府信息公开申请数量", 3), *vals("2", "0", "0", "0", "0", "0", "2")),
        tr(td("三、本年度办理结果", 1, 8), td("(一)予以公开", 2), *vals("2", "1", "0", "0", "0", "0", "3")),
        tr(td("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", 2), *vals("16", "1", "0", "0", "0", "0", "17")),
        tr(td("(三)不予公开", 1, 6), td("1.属于国家秘密"), *vals(*["0"] * 7)),
        tr(td("2.其他法律行政法规禁止公开"), *vals(*["0"] * 7)),
        tr(td("3.危及“三安全一稳定”"), *vals(*["0"] * 7)),
        tr(td("4.保护第三方合法权益"), *vals(*["0"] * 7)),
        tr(td("5.属于三类内部事务信息"), *vals("1", "0", "0", "0", "0", "0", "1")),
        tr(td("6.属于四类过程性信息"), *vals(*["0"] * 7))]))


def t2_2019(rows, made=("本年新制作数量", "本年新公开数量"), procurement=("采购项目数量", "采购总金额"), width=4):
    """Table 二 of the 2019 format (``width`` 5 adds the empty column some offices' tables have)."""
    extra = [td("")] if width == 5 else []
    out = [tr(td("第二十条第(一)项", width)),
           tr(td("信息内容"), td(made[0]), td(made[1]), td("对外公开总数量"), *extra)]
    labels = ("规章", "规范性文件", "#(五)", "行政许可", "其他对外管理服务事项", "#(六)", "行政处罚", "行政强制",
              "#(八)", "行政事业性收费", "#(九)", "政府集中采购")
    rows = list(rows)
    for label in labels:
        if not rows:
            break
        if label.startswith("#"):
            item = label[1:]
            out.append(tr(td(f"第二十条第{item}项", width)))
            head = {"(五)": ("上一年项目数量", "本年增/减", "处理决定数量"), "(六)": ("上一年项目数量", "本年增/减", "处理决定数量"),
                    "(八)": ("上一年项目数量", "本年增/减"), "(九)": procurement}[item]
            out.append(tr(td("信息内容"), *[td(h) for h in head], *[td("")] * (width - 1 - len(head))))
            continue
        row = rows.pop(0)
        out.append(tr(td(label), *vals(*row), *[td("")] * (width - 1 - len(row))))
    return table(out)


# --- 七里坪镇 2020 (乡镇, 2019 format, 四川 schy.gov.cn) -----------------------------------------------
QILIPING = (
    p("一、总体情况",
      "2020年七里坪镇严格按照《中华人民共和国政府信息公开条例》有关要求,由镇党政办具体负责,及时维护和更新镇政府人员分工、"
      "镇村工作开展情况、各类大小会议、重大节日活动等有关信息,并对每一条公开信息进行保密审查,提高了政府工作的透明度,"
      "保障了群众对政府工作的知情权。",
      "一年来,共计公开政府信息115条;部门信箱收到群众咨询3条,均按时给予回复;没有因政府信息公开申请行政复议、"
      "提起行政诉讼和申诉的情况发生。",
      "二、主动公开政府信息情况")
    + t2_2019([("0", "0", "0")] * 6 + [("0", "0"), ("0", "0")], made=("本年新 制作数量", "本年新 公开数量"),
              procurement=("采购项目数", "采购总金额"))
    + p("三、收到和处理政府信息公开申请情况")
    + table(t3_head() + [
        tr(td("一、本年新收政府信息公开申请数量", 3), *vals("3", "0", "0", "0", "0", "0", "3")),
        tr(td("二、上年结转政府信息公开申请数量", 3), *vals(*["0"] * 7)),
        tr(td("三、本年度办理结果", 1, 2), td("(一)予以公开", 2), *vals("3", "0", "0", "0", "0", "0", "3")),
        tr(td("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", 2), *vals(*["0"] * 7))]))

# --- 北京街道办事处 2020 (街道, 2019 format; 采购总金额 in 万元 with decimals) ---------------------------
BEIJINGJIE = (
    p("一、总体情况",
      "2020年,在区委、区政府的正确领导下,区人民政府北京街道办事处认真贯彻落实《中华人民共和国政府信息公开条例》等有关法规和"
      "文件要求,坚持“依法、公开、客观、及时”的原则,及时准确地向社会公开政府信息。为推进政府信息公开工作,北京街结合自己实际情况,"
      "积极做好目录编制工作,进一步完善《北京街道办事处信息公开指南》,并通过社区宣传橱窗、公告栏、电子屏等方式,公布惠民政策指引、"
      "群众办事指南、企业服务等政府信息,全面做好政府信息公开工作。",
      "北京街道办事处全年主动公开政府信息86条,其中:组织机构类信息2条;其他文件信息5条;政务(工作)动态类信息73条;"
      "财政预决算信息2条;办事指南类信息1条;政府工作报告1条;政府信息公开工作年度报告1条;其他信息1条。",
      "图1 政府信息主动公开情况表", "图2 政府网站主动公开信息情况", "二、主动公开政府信息情况")
    + t2_2019([("0", "0", "0"), ("0", "0", "0"), ("1", "0", "8"), ("0", "0", "0"), ("1", "0", "93"), ("1", "0", "0"),
               ("0", "0"), ("13", "477.35")], procurement=("采购项目数量", "采购总金额(万元)")))

# --- 孝感市政府研究室 2019 (department, 2019 format; title wraps; “本年新” headers; a fifth, empty column) --
XIAOGAN = (
    p("市政府研究室2019年政府信息公开", "工作年度报告", cls="title")
    + p("根据修订后的《中华人民共和国政府信息公开条例》(以下简称《条例》),特向社会公布2019年度市政府研究室信息公开年度报告。"
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
        "存在的主要问题及改进情况等部分组成。本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。"
        "其电子版可在“孝感市门户网站”下载。",
        "一、总体情况",
        "经信息汇总梳理,2019年孝感市政府研究室主动公开信息16条,收到依申请公开请求2件,按时办结2件,上传《孝感市人民政府公报》"
        "3期(因机构改革,编辑公报职能划入市政府办公室)、《发展研究》5期。",
        "二、主动公开政府信息情况")
    + t2_2019([("0", "0", "0")] * 6, made=("本年新", "本年新"), width=5))

# --- 武汉市黄陂区 a 街道 (column slqj_jxzl) 2020 (街道, 2019 format as the district's template printed it: explanations inside the
# row labels and an extra row “其他主动公开文件”) ---------------------------------------------------------
_STEP = "(指2020年增加或减 少的事项 数,减用负 值表示,如 -8)"
HUANGPI = (
    p("一、总体情况",
      "2020年,我街按照全区政府信息公开工作的总体要求,坚持以“公开为常态,不公开为例外”,围绕全街重点和中心工作,"
      "依照新修订《中华人民共和国政府信息公开条例》第二十条规定,依法推进各领域政府信息公开,全面加强政务公开平台建设与管理,"
      "规范政府信息主动公开和依申请公开,不断提升政务公开质量和效率,及时回应社会关注关切,增强人民群众满意度、获得感。",
      "二、主动公开政府信息情况")
    + table([
        tr(td("第二十条第(一)项", 4)),
        tr(td("信息内容"), td("本年新制作数量"), td("本年新公开数量"), td("对外公开总数量")),
        tr(td("规章(设区的市、自治州人民政府应提供相关数据)"), *vals("0", "0", "0")),
        tr(td("规范性文件(行政机关制定发布的决定、公告、通告、意见、通 知,以及标题采用“规定”“办法”“细则”“规范”“规程” "
              "“规则”等字样的公文,一般情况下属于规范性文件)"), *vals("87", "0", "0")),
        tr(td("其他主动公开文件(含以本单位或本单位办公室名义正式签发的、除规范性文件以外的主动公 开文件,"
              "可参考本单位政府信息 公开平台“其他主动公开文件” 栏目数据)"), *vals("0", "0", "0")),
        tr(td("第二十条第(五)项", 4)),
        tr(td("信息内容"), td("上一年项目数量 (指2019年事项数)"), td("本年增/减 " + _STEP),
           td("处理决定数量 (指2020年办 件量)")),
        tr(td("行政许可"), *vals("0", "0", "0")),
        tr(td("其他对外管理服务事项(指行政许可以外的政务服务事项,含行政确认、行政奖励、行政裁决、行政给付、行政处罚、"
              "行政强制、行政检查、行政征收和其他类,以及公共服务事项)"), *vals("0", "0", "0")),
        tr(td("第二十条第(六)项", 4)),
        tr(td("信息内容"), td("上一年项目数量 (指2019年事项数)"), td("本年增/减 " + _STEP.replace("减 少的事项 数,", "减 少的事项 数广")),
           td("处理决定数量 (指2020年办 件量)")),
        tr(td("行政处罚"), *vals("0", "0", "0"))]))

# --- 威海市文登区审计局 2020, the last page (P. 9) of its published PDF: the text layer line by line as the
# district's flipbook reproduced it (a table whose rulings are not in the text: each row one line) --------
SHENJI_P9 = p("P. 9", "四、结转下年度继续办理 0 0 0 0 0 0 0", "四、政府信息公开行政复议、行政诉讼情况",
              "2020 年,我单位对形成的政府信息实现了依法、有序公开,", "未出现申请行政复议、提起行政诉讼的情况。",
              "行政复议 行政诉讼", "未经复议直接起诉 复议后起诉", "结 结 其 尚", "结 结 其 尚 结 结 其 尚", "果 果 他 未",
              "总计 果 果 他 未 总 果 果 他 未 总", "维 纠 结 审", "维 纠 结 审 计 维 纠 结 审 计", "持 正 果 结",
              "持 正 果 结 持 正 果 结", "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", "五、存在的主要问题及改进情况",
              "2020 年,在区政府及上级主管部门的大力指导支持和我局", "各科室的全力配合协作下,我局政务公开和政府信息公开工作取",
              "得了一些成绩,但仍存在着一些短板和不足,如政务公开内容、", "创新方式、开展政府开放日活动方面有待提升。")

# --- 驼峰路街道办事处 2020 (街道, 2019 format; the title names no year; table 三 leaves the applicant
# columns blank and prints 0 under 总计) --------------------------------------------------------------
TUOFENGLU = (
    p("驼峰路街道办事处政府信息公开工作年度报告", cls="title")
    + p("一、总体情况", "(一)主动公开政府信息情况", "1、对领导干部职责、联系方式,群众办事流程等内容进行公开公示。",
        "2、在各社区公告栏、宣传栏对居民群众关心的低保、再就业、环境等热点、难点问题进行了公开公示和宣传。"
        "真实的公开内容,有效保障了广大群众的知情权,进一步融洽了干群关系和党群关系。",
        "(二)政府信息依申请公开情况", "2020年度我街办未接到提出公开政府信息的申请。",
        "(三)政府信息公开的收费情况", "未收取任何政府信息公开费用。",
        "(四)因政府信息公开申请的行政复议、行政诉讼情况", "2020年驼峰路街道办未发生因政府信息公开申请提起的行政复议和行政诉讼案件。",
        "二、主动公开政府信息情况")
    + t2_2019([("0", "0", "0")] * 6 + [("0", "0"), ("0", "0")])
    + p("三、收到和处理政府信息公开申请情况")
    + table(t3_head() + [
        tr(td("一、本年新收政府信息公开申请数量", 3), *vals("", "", "", "", "", "", "0")),
        tr(td("二、上年结转政府信息公开申请数量", 3), *vals("", "", "", "", "", "", "0"))]))

REPORTS = {
    "tuofenglu_2020.docx": TUOFENGLU,
    "wendeng_shenji_2020_p9.docx": SHENJI_P9,
    "huangpi_street_2020.docx": HUANGPI,
    "xinjiu_2021.docx": XINJIU, "longgang_dept_2024.docx": LONGGANG, "qiliping_2020.docx": QILIPING,
    "beijingjie_2020.docx": BEIJINGJIE, "xiaogan_yanjiushi_2019.docx": XIAOGAN,
}


def convert(src: pathlib.Path, target: str, outdir: pathlib.Path) -> pathlib.Path:
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{outdir}/profile",
                    "--convert-to", target, "--outdir", str(outdir), str(src)], check=True, capture_output=True)
    return outdir / (src.stem + "." + target.split(":")[0])


def main() -> int:
    if not shutil.which("soffice"):
        print("soffice (LibreOffice) is needed: apt-get install libreoffice-writer-nogui", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    wanted = set(sys.argv[1:])          # stems to build; all when none are named
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = pathlib.Path(tmp)
        for name, body in REPORTS.items():
            if wanted and pathlib.Path(name).stem not in wanted:
                continue
            html = tmpdir / (pathlib.Path(name).stem + ".html")
            html.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8">{CSS}</head><body>{body}</body></html>',
                            encoding="utf-8")
            docx = convert(html, "docx:MS Word 2007 XML", tmpdir)
            shutil.copy(docx, OUT / name)
            pdf = convert(OUT / name, "pdf:writer_pdf_Export", tmpdir)
            shutil.copy(pdf, OUT / (pathlib.Path(name).stem + ".pdf"))
            print(OUT / name, (OUT / name).stat().st_size, pdf.stat().st_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
