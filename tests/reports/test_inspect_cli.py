"""``gongkai report inspect`` run as a real process on a folder of reports."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .generate import Report

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def gongkai(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("gongkai")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "gongkai.cli"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def folder(tmp_path):
    """One report in each format, 2021 and 2019, in nested folders."""
    (tmp_path / "2025").mkdir()
    (tmp_path / "2019").mkdir()
    Report().write(tmp_path / "2025", "minzheng", "html")
    Report(unit="青禾县教育局").write(tmp_path / "2025", "jiaoyu", "docx")
    Report(unit="青禾县财政局").write(tmp_path / "2025", "caizheng", "pdf")
    Report(unit="青禾县白沙镇人民政府", year=2019, fmt="2019").write(tmp_path / "2019", "baisha", "txt")
    (tmp_path / "2025" / "notes.md").write_text("not a report")
    return tmp_path


def test_json_on_a_folder(folder):
    result = gongkai("report", "inspect", "--json", ".", cwd=folder)
    assert (result.returncode, result.stderr) == (0, "")
    reports = json.loads(result.stdout)["reports"]
    assert [(r["path"], r["format"], r["unit"], r["year"]) for r in reports] == [
        ("2019/baisha.txt", "2019", "青禾县白沙镇人民政府", 2019),
        ("2025/caizheng.pdf", "2021", "青禾县财政局", 2025),
        ("2025/jiaoyu.docx", "2021", "青禾县教育局", 2025),
        ("2025/minzheng.html", "2021", "青禾县民政局", 2025),
    ]
    for r in reports:
        assert r["tables"] == Report(fmt=r["format"]).tables
        assert {f["severity"] for f in r["findings"]} == {"warning"}
        assert set(r["findings"][0]) == {"rule", "severity", "cells", "message"}
    assert reports[0]["tables"]["applications"]["other"] == [3, 1, 0, 0, 0, 0, 4]
    assert reports[3]["tables"]["applications"]["new"][2] is None       # blank in the source


def test_an_error_finding_exits_1_and_is_named(folder):
    bad = Report(unit="青禾县水利局")
    bad.tables["applications"]["granted"][0] = 21        # 自然人 20 -> 21, 总计 still 22
    bad.write(folder, "shuili", "html")
    result = gongkai("report", "inspect", ".", cwd=folder)
    assert result.returncode == 1
    assert "shuili.html: 青禾县水利局 2025, 2021 format: 2 errors" in result.stdout
    assert "error t3.row_total [三.granted.自然人" in result.stdout
    assert "5 reports inspected, 1 with errors" in result.stdout
    assert result.stderr == ""      # no progress bar when stderr is not a terminal


def test_unreadable_file_exits_2_and_the_rest_are_inspected(folder):
    (folder / "2025" / "old.docx").write_bytes(OLE2)
    result = gongkai("report", "inspect", "--json", "2025", cwd=folder)
    assert result.returncode == 2
    assert "2025/old.docx" in result.stderr and "legacy" in result.stderr
    assert len(json.loads(result.stdout)["reports"]) == 3


def test_previous_year_carry_over(folder):
    last = Report(year=2024)
    last.tables["applications"]["carried_out"] = [1, 0, 0, 0, 1, 0, 2]
    last.write(folder, "last", "docx")
    result = gongkai("report", "inspect", "--json", "--previous", "last.docx", "2025/minzheng.html", cwd=folder)
    assert result.returncode == 0
    findings = json.loads(result.stdout)["reports"][0]["findings"]
    carried = [f for f in findings if f["rule"] == "cross_year.carried"]
    assert [f["cells"][0] for f in carried] == ["三.carried_in.自然人", "三.carried_in.总计"]
    # In one run, last year's report of the same unit is found by itself.
    result = gongkai("report", "inspect", "--json", "last.docx", "2025/minzheng.html", cwd=folder)
    findings = json.loads(result.stdout)["reports"][1]["findings"]
    assert [f["cells"][0] for f in findings if f["rule"] == "cross_year.carried"] == [
        "三.carried_in.自然人", "三.carried_in.总计"]


def test_usage_errors(folder):
    assert gongkai("report", "inspect", cwd=folder).returncode == 2
    (folder / "empty").mkdir()
    result = gongkai("report", "inspect", "empty", cwd=folder)
    assert result.returncode == 2 and "no .html" in result.stderr


def test_audit_is_still_accepted_as_the_action_s_old_name(folder):
    result = gongkai("report", "audit", "--json", "2025/minzheng.html", cwd=folder)
    assert result.returncode == 0
    assert [r["path"] for r in json.loads(result.stdout)["reports"]] == ["2025/minzheng.html"]
