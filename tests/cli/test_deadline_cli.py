"""`gongkai deadline` as a user runs it: a real process on a fresh data dir."""
import os
import subprocess
import sys

import pytest


def gongkai(data_dir, *args):
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir / "var")}
    env.pop("DATABASE_URL", None)  # the embedded default, which migrates itself
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("deadline")


def test_prints_one_iso_line(data_dir):
    # 2026 国庆: Oct 8, 9, Sat 10, then 12–16, 19–23, 26–30, Nov 2, 3 → the 20th working day is Nov 3.
    r = gongkai(data_dir, "deadline", "--received", "2026-09-30")
    assert (r.returncode, r.stdout, r.stderr) == (0, "2026-11-03\n", "")


def test_supplement_pauses_extension_and_explanation(data_dir):
    # From the supplement (Fri 9 Oct): Sat 10 1), 12–16 paused, 19–23 2)–6), 26–30 7)–11), Nov 2–6 12)–16),
    # 9–12 17)–20) → Nov 12; extended 20: Nov 13 1), 16–20 2)–6), 23–27 7)–11), Nov 30–Dec 4 12)–16),
    # 7–10 17)–20) → Dec 10.
    r = gongkai(data_dir, "deadline", "--received", "2026-09-28", "--supplemented", "2026-10-09",
                "--paused", "2026-10-12:2026-10-16", "--extended", "--explain")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "2026-12-10"
    assert "收到申请：2026-09-28（条例第三十一条）" in lines
    assert "原答复期限：2026-11-12" in lines
    assert any(line.startswith("征求意见：2026-10-12至2026-10-16暂停（5个工作日不计") for line in lines)
    assert lines[-1] == "答复期限：2026-12-10"


def test_several_pauses_and_a_shorter_extension(data_dir):
    # Oct 8, 9, Sat 10 1)–3), 12–14 and 13–16 paused (12–16 once), 19–23 4)–8), 26–30 9)–13), Nov 2–6 14)–18),
    # 9 19), 10 20) → Nov 10; 5 more: Nov 11–13, 16, 17.
    r = gongkai(data_dir, "deadline", "--received", "2026-09-30", "--paused", "2026-10-12:2026-10-14",
                "2026-10-13:2026-10-16", "--extended", "5")
    assert (r.returncode, r.stdout) == (0, "2026-11-17\n"), r.stderr


def test_unknown_year_fails_naming_the_year_until_loaded(data_dir, tmp_path):
    r = gongkai(data_dir, "deadline", "--received", "2026-12-10")
    assert r.returncode not in (0, 2) and r.stdout == ""
    assert "2027" in r.stderr

    schedule = tmp_path / "2027.csv"
    schedule.write_text("2027-01-01,holiday,元旦\n", encoding="utf-8")
    assert gongkai(data_dir, "workdays", "load", str(schedule)).returncode == 0
    # Dec 11 1), 14–18 2)–6), 21–25 7)–11), 28–31 12)–15), Jan 1 off, Jan 4–8 16)–20).
    r = gongkai(data_dir, "deadline", "--received", "2026-12-10", "--explain")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "2027-01-08"
    assert "元旦放假：2027-01-01至01-03不计" in r.stdout


@pytest.mark.parametrize("args,message", [
    (["--received", "2026-02-30"], "not a date"),
    (["--received", "2026-09-30", "--paused", "2026-10-16:2026-10-12"], "FROM is after TO"),
    (["--received", "2026-09-30", "--paused", "2026-09-01:2026-10-12"], "before the application was received"),
    (["--received", "2026-09-30", "--paused", "2026-10-12"], "FROM:TO"),
    (["--received", "2026-09-30", "--supplemented", "2026-09-29"], "before --received"),
    (["--received", "2026-09-30", "--extended", "21"], "0 to 20"),
])
def test_bad_input_exits_2_with_a_message(data_dir, args, message):
    r = gongkai(data_dir, "deadline", *args)
    assert r.returncode == 2 and r.stdout == ""
    assert message in r.stderr


def test_listed_in_help(data_dir):
    assert "deadline" in gongkai(data_dir, "--help").stdout
