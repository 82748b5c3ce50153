"""``gongkai pii scan`` run as a real process on real files."""
import json
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
import weasyprint

ID_A = "360426199101010071"
ID_X = "38064219921117061X"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def gongkai(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("gongkai")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "gongkai.cli"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def scan_json(*files: str, cwd: Path) -> tuple[int, list[dict], str]:
    result = gongkai("pii", "scan", "--json", *files, cwd=cwd)
    return result.returncode, json.loads(result.stdout)["findings"], result.stderr


@pytest.fixture
def files(tmp_path):
    """One file of each supported kind, each with personal numbers in it."""
    (tmp_path / "roll.txt").write_text(
        f"示范县2026年第一批低保公示\n张三\t{ID_A}\t13912345678\n联系电话：0591-87654321\n", encoding="utf-8")

    (tmp_path / "notice.html").write_bytes((
        '<html><head><meta charset="gbk"><title>通知</title>'
        "<script>var hotline = '13800000000';</script></head>"
        "<body><p>示政发〔2026〕12号</p><p>联系人：李明 <a href='tel:13812345678'>138 1234 5678</a></p></body></html>"
    ).encode("gbk"))

    document = docx.Document()
    document.add_paragraph("医疗救助对象名单")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "身份证号"
    table.cell(1, 0).text, table.cell(1, 1).text = "王五", ID_X
    document.save(tmp_path / "roll.docx")

    workbook = openpyxl.Workbook()
    workbook.active.title = "补贴"
    workbook.active.append(["姓名", "开户行", "卡号"])
    workbook.active.append(["赵六", "示范县农商银行", "6222021234567890128"])
    workbook.save(tmp_path / "roll.xlsx")

    html = f"<p>住房保障公示</p><p style='page-break-before: always'>申请人 孙七 身份证号 {ID_A}</p>"
    weasyprint.HTML(string=f"<html><body>{html}</body></html>").write_pdf(tmp_path / "roll.pdf")
    return tmp_path


def test_txt_json_is_exact(files):
    status, findings, stderr = scan_json("roll.txt", cwd=files)
    assert (status, stderr) == (1, "")
    assert findings == [
        {"file": "roll.txt", "line": 2, "kind": "id_card", "masked": "360426********0071",
         "start": 3, "end": 21, "where": ""},
        {"file": "roll.txt", "line": 2, "kind": "mobile", "masked": "139****5678",
         "start": 22, "end": 33, "where": ""},
    ]


def test_every_kind_of_file_is_scanned(files):
    status, findings, stderr = scan_json("notice.html", "roll.docx", "roll.xlsx", "roll.pdf", cwd=files)
    assert (status, stderr) == (1, "")
    assert [(f["file"], f["line"], f["kind"], f["masked"], f["where"]) for f in findings] == [
        # The script's number and the tel: link's target are not text nodes.
        ("notice.html", 3, "mobile", "138****5678", ""),
        ("roll.docx", 3, "id_card", "380642********061X", "表格1"),
        ("roll.xlsx", 2, "bank_card", "622202*********0128", "补贴!2"),
        ("roll.pdf", 2, "id_card", "360426********0071", "第2页"),
    ]
    assert (findings[1]["start"], findings[1]["end"]) == (3, 21)  # after "王五\t"


def test_human_output_and_summary(files):
    result = gongkai("pii", "scan", "roll.txt", "roll.xlsx", cwd=files)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "roll.txt:2: id_card 360426********0071",
        "roll.txt:2: mobile 139****5678",
        "roll.xlsx:2: bank_card 622202*********0128 [补贴!2]",
        "3 unmasked numbers in 2 of 2 files scanned",
    ]
    assert ID_A not in result.stdout  # the report itself must not leak


def test_clean_file_exits_0(tmp_path):
    (tmp_path / "clean.txt").write_text("索引号：11420105/2026-00012\n咨询电话：0591-87654321\n"
                                        "补助金额13800000000元\n", encoding="utf-8")
    result = gongkai("pii", "scan", "clean.txt", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "no personal data found in 1 file scanned\n", "")
    assert scan_json("clean.txt", cwd=tmp_path)[:2] == (0, [])


def test_unreadable_files_exit_2_and_the_others_are_still_scanned(files):
    (files / "old.doc").write_bytes(OLE2)
    status, findings, stderr = scan_json("old.doc", "missing.pdf", "roll.txt", cwd=files)
    assert status == 2
    assert [f["file"] for f in findings] == ["roll.txt", "roll.txt"]
    errors = stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("gongkai pii: old.doc: a legacy Word 97-2003 .doc file")
    assert errors[1] == "gongkai pii: missing.pdf: cannot read (No such file or directory)"


def test_a_directory_is_searched_recursively(files):
    nested = files / "2026" / "03"
    nested.mkdir(parents=True)
    (nested / "deep.txt").write_text("电话 13712345678", encoding="utf-8")
    (files / ".cache").mkdir()
    (files / ".cache" / "hidden.txt").write_text("电话 13612345678", encoding="utf-8")
    (files / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not scanned")
    status, findings, stderr = scan_json(".", cwd=files)
    assert (status, stderr) == (1, "")
    assert sorted({f["file"] for f in findings}) == [
        "2026/03/deep.txt", "notice.html", "roll.docx", "roll.pdf", "roll.txt", "roll.xlsx"]


def test_usage_errors_exit_2(tmp_path):
    assert gongkai("pii", "scan", cwd=tmp_path).returncode == 2          # no FILE
    assert gongkai("pii", cwd=tmp_path).returncode == 2                  # no action
    helped = gongkai("pii", "scan", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "Exit status" in helped.stdout


def test_the_scan_never_loads_django(files):
    code = (
        "import argparse, sys\n"
        "from gongkai.commands import pii\n"
        "parser = argparse.ArgumentParser(); pii.register(parser.add_subparsers())\n"
        "args = parser.parse_args(['pii', 'scan', '--json', 'roll.txt', 'roll.pdf', 'roll.docx'])\n"
        "status = args.func(args)\n"
        "print('DJANGO', sorted(m for m in sys.modules if m.split('.')[0] == 'django'), file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=files, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "DJANGO []" in result.stderr
