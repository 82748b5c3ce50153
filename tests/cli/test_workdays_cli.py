"""`gongkai workdays` as a user runs it: a real process on a fresh data dir."""
import os
import subprocess
import sys

import pytest


def gongkai(tmp_path, *args):
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)  # the embedded default, which migrates itself
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("wd")


def test_add_prints_one_iso_line(data_dir):
    r = gongkai(data_dir, "workdays", "add", "2026-09-30", "5")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "2026-10-13\n"


def test_unknown_year_fails_naming_the_year_until_loaded(data_dir, tmp_path):
    r = gongkai(data_dir, "workdays", "add", "2026-12-20", "10")
    assert r.returncode != 0 and r.stdout == ""
    assert "2027" in r.stderr

    schedule = tmp_path / "2027.csv"
    schedule.write_text("# 2027\n2027-01-01,holiday,元旦\n2027-01-04,holiday,元旦调休\n", encoding="utf-8")
    r = gongkai(data_dir, "workdays", "load", str(schedule))
    assert r.returncode == 0, r.stderr
    assert "2027" in r.stdout
    # 21–25 Dec (5), 28–31 Dec (4), then 2027: Jan 1 off, weekend, Jan 4 off → Jan 5 is the 10th.
    r = gongkai(data_dir, "workdays", "add", "2026-12-20", "10")
    assert (r.returncode, r.stdout) == (0, "2027-01-05\n")


def test_bad_input_is_refused_with_a_message(data_dir, tmp_path):
    r = gongkai(data_dir, "workdays", "add", "2026-02-30", "3")
    assert r.returncode == 2 and "not a date" in r.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("2028-01-01,休\n2028-01-02,sometimes\n", encoding="utf-8")
    r = gongkai(data_dir, "workdays", "load", str(bad))
    assert r.returncode == 2 and "line 2" in r.stderr and "nothing was loaded" in r.stderr
    r = gongkai(data_dir, "workdays", "add", "2027-12-31", "1")
    assert r.returncode != 0 and "2028" in r.stderr  # the bad file left no trace


def test_help_lists_every_subcommand(data_dir):
    r = gongkai(data_dir, "--help")
    for name in ("demo", "serve", "worker", "workdays", "pii", "migrate"):
        assert name in r.stdout


def test_manage_passes_options_through_to_django(data_dir):
    # `gongkai manage makemigrations --check` used to be refused by gongkai's own parser
    r = gongkai(data_dir, "manage", "makemigrations", "--check", "--dry-run")
    assert r.returncode == 0 and "No changes detected" in r.stdout, r.stderr
