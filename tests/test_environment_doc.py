"""The environment is read in one place, and every variable read is in docs/operations.md's table, so
an operator never has to read the code to configure a deployment.

The one place: ``gongkai/environment.py`` (the only module touching ``os.environ``) and the settings
that read through its ``env`` (``gongkai/settings.py``); every other module reads ``django.conf.settings``
or calls a function of ``gongkai.environment``."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gongkai"
THE_ONE_PLACE = {PACKAGE / "environment.py", PACKAGE / "settings.py"}
# env.str("X"…) in settings; _read("X"), switch("X"), _list("X"), os.environ.setdefault("X"…) in environment.py
READS = re.compile(r"""(?:\benv\.\w+\(|\b_read\(|\bswitch\(|\b_list\(|os\.environ(?:\.get|\.setdefault|\.pop)?[(\[])"""
                   r"""\s*["']([A-Z][A-Z0-9_]+)["']""")
# touching the process environment, or reading it through django-environ
RAW_ACCESS = re.compile(r"""\bos\.environ\b|\b(?:os\.)?(?:getenv|putenv|unsetenv)\(|\benviron\.Env\b|"""
                        r"""from\s+os\s+import\s+[^\n]*\benviron\b|\benv\.(?:str|bool|int|float|list|tuple|dict|"""
                        r"""json|url|db|db_url|cache|cache_url|email|email_url|search_url|path|read_env)\(""")
TABLE_HEADING = "## 环境变量一览"


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def names_read_by_the_code() -> set[str]:
    names = set()
    for path in THE_ONE_PLACE:
        names |= set(READS.findall(path.read_text(encoding="utf-8")))
    return names


def readers_elsewhere() -> list[str]:
    found = []
    for path in modules():
        if path in THE_ONE_PLACE:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RAW_ACCESS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def the_table() -> str:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text[text.index(TABLE_HEADING):]
    return section[:section.find("\n## ", 1)] if "\n## " in section[1:] else section


def names_in_the_table() -> set[str]:
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", the_table(), flags=re.M))


def test_the_scan_sees_the_variables_we_know_of():
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "GONGKAI_KEK", "GONGKAI_PUBLIC_CAPTCHA"} <= names_read_by_the_code()
    assert {"DJANGO_SETTINGS_MODULE", "GONGKAI_DATA_DIR", "GONGKAI_KEY_DIR", "GONGKAI_BACKUP_KEY",
            "PROMETHEUS_MULTIPROC_DIR", "GONGKAI_OUTBOUND_PORTS"} <= names_read_by_the_code()


def test_the_scan_sees_a_read_outside_the_one_place():
    for line in ('x = os.environ.get("A")', 'os.environ["A"] = "1"', "from os import environ, path",
                 'getenv("A")', 'env = environ.Env()', 'v = env.int("A", default=1)'):
        assert RAW_ACCESS.search(line), line
    for line in ("env = environment.for_child_process()", 'env.update({"PGHOST": host})', "environment.kek()"):
        assert not RAW_ACCESS.search(line), line


def test_no_module_but_the_one_place_reads_the_environment():
    found = readers_elsewhere()
    assert not found, "read it in gongkai/settings.py or gongkai/environment.py instead:\n" + "\n".join(found)


def test_every_environment_variable_is_in_the_operations_table():
    missing = sorted(names_read_by_the_code() - names_in_the_table())
    assert not missing, f"add these to the table in docs/operations.md: {missing}"


def test_the_table_lists_only_variables_the_code_reads():
    stale = sorted(names_in_the_table() - names_read_by_the_code())
    assert not stale, f"docs/operations.md's table lists variables nothing reads: {stale}"
