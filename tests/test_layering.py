"""A view never builds a query (docs/development.md, "Layout and conventions"): its reads go through
the app's query module (``selectors.py``; ``portal/queries.py``). This scan refuses a views module
that touches a model manager (``Model.objects``) — except the modules still listed in ``DEBT``, the
views that have not been converted yet. The list can only shrink: a listed module that no longer
touches a manager fails the scan until it is taken off the list."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gongkai"

# Views that still build their own queries (docs/development.md, "Known debt"). Do not add to it.
DEBT: set[str] = set()


def views_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if p.name == "views.py" or p.name.endswith("_views.py"))


def manager_lines(source: str) -> list[int]:
    """The lines of ``source`` that read an attribute named ``objects`` (a model's manager)."""
    tree = ast.parse(source)
    return sorted({node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "objects"})


def manager_uses(path: Path) -> list[int]:
    return manager_lines(path.read_text(encoding="utf-8"))


def test_the_scan_finds_a_manager_and_only_a_manager():
    source = ("x = Item.objects.filter(a=1)\ny = 'Item.objects'  # Item.objects\nz = item.objects_count\n"
              "def f():\n    return get_object_or_404(scope(Site.objects, user), pk=1)\n")
    assert manager_lines(source) == [1, 5]


def test_views_modules_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in views_modules()}
    assert "gongkai/watch/views.py" in names and "gongkai/applications/intake/public_views.py" in names


def test_no_converted_view_touches_a_manager():
    offenders = {}
    for path in views_modules():
        name = path.relative_to(ROOT).as_posix()
        if name not in DEBT and (lines := manager_uses(path)):
            offenders[name] = lines
    assert not offenders, ("views build queries (move the reads to the app's selectors.py, "
                           f"the portal/queries.py pattern): {offenders}")


def test_the_debt_list_only_shrinks():
    existing = {p.relative_to(ROOT).as_posix(): p for p in views_modules()}
    gone = sorted(name for name in DEBT if name not in existing)
    paid = sorted(name for name in DEBT if name in existing and not manager_uses(existing[name]))
    assert not gone, f"listed in DEBT but no longer a views module — take them off the list: {gone}"
    assert not paid, f"no longer touch a manager — take them off DEBT: {paid}"
