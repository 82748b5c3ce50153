"""Service functions (the state changes every view, task, API and command calls) say what they take
and give: every public function of a ``services`` module has a type on each parameter and a return
type, and one that takes the acting user first keeps only the actor and the record it acts on positional:
the rest is keyword-only, so a call says what each value is (docs/development.md, "Layout and conventions")."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "gongkai"


def service_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.stem == "services" or p.stem.endswith("_services"))


def untyped(path: Path) -> list[str]:
    missing = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
            continue
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs,
                  *(a for a in (args.vararg, args.kwarg) if a is not None)]
        if node.returns is None or any(a.annotation is None for a in params):
            missing.append(f"{node.name} (line {node.lineno})")
    return missing


ACTORS = {"user", "actor"}


def positional_beyond_record(path: Path) -> list[str]:
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
            positional = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            if positional[:1] and positional[0] in ACTORS and len(positional) > 2:
                found.append(f"{node.name}({', '.join(positional)})")
    return found


def test_the_scan_finds_the_service_modules():
    names = {p.relative_to(PACKAGE).as_posix() for p in service_modules()}
    assert {"catalog/services.py", "applications/handling/services.py", "reports/services.py"} <= names


def test_every_public_service_function_is_typed():
    offenders = {p.relative_to(PACKAGE).as_posix(): found for p in service_modules() if (found := untyped(p))}
    assert not offenders, f"service functions without types on every parameter and the return: {offenders}"


def test_an_actors_service_takes_the_rest_by_keyword():
    offenders = {p.relative_to(PACKAGE).as_posix(): found for p in service_modules()
                 if (found := positional_beyond_record(p))}
    assert not offenders, f"make these parameters keyword-only (after the actor and the record): {offenders}"


def test_the_checks_see_a_missing_annotation_and_a_positional_parameter(tmp_path):
    probe = tmp_path / "services.py"
    probe.write_text("def change(user, item: int) -> None: ...\ndef kept(*, user: str) -> int: ...\n"
                     "def _helper(x): ...\ndef gives(user: str): ...\n", encoding="utf-8")
    assert untyped(probe) == ["change (line 1)", "gives (line 4)"]
    probe.write_text("def ok(user, app, *, day): ...\ndef bad(actor, app, day): ...\ndef read(unit, year): ...\n",
                     encoding="utf-8")
    assert positional_beyond_record(probe) == ["bad(actor, app, day)"]
