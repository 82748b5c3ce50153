"""Every environment variable the platform reads is listed in docs/operations.md's table, so an
operator never has to read the code to configure a deployment."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# env.str("X"…), os.environ.get("X"), os.environ["X"], getenv("X"), _flag("X"), and NAME_ENV = "X" constants
READS = re.compile(r"""(?:env\.\w+\(|os\.environ(?:\.get)?[(\[]|getenv\(|_flag\(|\bENV\s*=\s*|_ENV\s*=\s*|env_name=)\s*["']([A-Z][A-Z0-9_]+)["']""")


def names_read_by_the_code() -> set[str]:
    names = set()
    for path in (ROOT / "gongkai").rglob("*.py"):
        if "migrations" not in path.parts:
            names |= set(READS.findall(path.read_text(encoding="utf-8")))
    return names


def names_in_the_table() -> set[str]:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", text, flags=re.M))


def test_the_scan_sees_the_variables_we_know_of():
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "GONGKAI_KEK", "GONGKAI_PUBLIC_CAPTCHA"} <= names_read_by_the_code()


def test_every_environment_variable_is_in_the_operations_table():
    missing = sorted(names_read_by_the_code() - names_in_the_table())
    assert not missing, f"add these to the table in docs/operations.md: {missing}"
