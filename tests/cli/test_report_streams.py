"""The CLI's report printers write to the stdout of the call, not to the one that was current when the
module was first imported (a default argument bound at import: under pytest that is a closed capture
stream, in an embedding program any replaced stream — the CI failure of `catalog import-site`)."""
from __future__ import annotations

import contextlib
import importlib
import io
import sys
from types import SimpleNamespace

import pytest

MODULES = ("gongkai.commands.catalog", "gongkai.commands.applications", "gongkai.commands.watch")


@pytest.fixture
def imported_under_a_closed_stream():
    stale = io.StringIO()
    with contextlib.redirect_stdout(stale):
        modules = {name: importlib.reload(importlib.import_module(name)) for name in MODULES}
    stale.close()
    yield modules
    for name in MODULES:          # leave them as the rest of the suite imports them
        importlib.reload(sys.modules[name])


def test_import_site_report_prints_to_the_current_stdout(imported_under_a_closed_stream, capsys):
    run = SimpleNamespace(report={"records": [{"status": "import", "reasons": [], "notes": [], "index_number": "X-1",
                                               "published_on": "2020-01-02", "title": "通知", "url": "http://127.0.0.1/a"}],
                                  "pages": [], "unmapped": []})
    imported_under_a_closed_stream["gongkai.commands.catalog"]._print_report(run)
    assert "X-1\t2020-01-02\t通知\thttp://127.0.0.1/a" in capsys.readouterr().out


def test_ledger_report_prints_to_the_current_stdout(imported_under_a_closed_stream, capsys):
    report = SimpleNamespace(errors_by_row=lambda: [(3, [SimpleNamespace(column="日期", message="不是日期")])],
                             warnings=[], unknown_headers=[])
    imported_under_a_closed_stream["gongkai.commands.applications"]._print_report(report)
    assert "row 3, 日期: 不是日期" in capsys.readouterr().out
