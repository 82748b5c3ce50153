"""The authorization matrix (security.md §3.2 a, d, e; GB/T 28448 L3-CES1-05/08/09), generated.

Every URL pattern the project defines — the workbench, the 三员 consoles, the portal, the
django-ninja API and the Django admin — is walked from ``gongkai.urls``. Each must have a row in
``EXPECT`` (or, for the admin, its model in ``ADMIN_EXPECT``); a new view without one fails
``test_every_url_pattern_is_declared``. Then every declared URL is requested, read (GET) and write
(POST), by anonymous, by each business role placed in the object's own unit, a sibling, the parent
and a child unit, and by each 三员, and the answer is compared with the declaration:

* ``obj(args, get=..., post=...)``: the URL names a record of the town. The letters say which roles
  of the town itself may use it (c 经办人, r 审核人, u 单位管理员, s 主管); ``P`` lets the supervisor
  of the parent unit in too (a supervisor reads its sub-tree). Sibling and child units, the 三员 and
  anonymous are always refused (404/403/login) — IDOR on HTML and API alike.
* ``col(get=..., post=...)``: a page of one's own unit (lists, forms): the letters are the roles.
* ``console(roles)``: a /manage/ console; ``public()``: anyone; ``open_()``: the log-in flow itself.

Refused means 401/403/404, a redirect to a log-in or a 三员 console, a refusal message (“您无权…”),
or a JSON list with nothing in it. Whatever the verdict, no response to someone who may not see the
town contains one of its records' texts (``MARKERS``). Writes run inside a rolled-back transaction,
so the world stays the same for every request. ``unit_id`` tampering is covered in test_roles.py
(unit admin) and by ``test_changing_unit_in_a_post_is_refused`` below.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie

import time

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PASSWORD

from . import matrix_world

LETTERS = {"c": "clerk", "r": "reviewer", "u": "unit_admin", "s": "supervisor"}
REFUSAL = re.compile(r"您无权|无权访问|无权查看|当前角色无权|当前角色不能|仅限本单位|仅限受理单位")
DUMP = os.environ.get("GONGKAI_MATRIX_DUMP") == "1"  # print the observed matrix as declarations


@dataclass(frozen=True)
class Rule:
    kind: str
    args: object = None
    get: str | None = None
    post: str | None = None


def obj(args, get=None, post=None):
    return Rule("obj", args, get, post)


def col(args=None, get=None, post=None):
    return Rule("col", args, get, post)


def console(args=None, get=None, post=None):
    """``get``/``post``: the roles (comma-separated) that may use the console page."""
    return Rule("console", args, get, post)


def public(args=None, get="all", post=None):
    return Rule("public", args, get, post)


def open_(args=None, get="open", post="open"):
    return Rule("open", args, get, post)


# ---------------------------------------------------------------- how a URL names the town's records
def k(**names):
    """kwargs for reverse(): each value names a world record ("app" for its pk, "app.number" for a
    field) or is a literal in a 1-tuple."""
    def value(w, val):
        if isinstance(val, tuple):
            return val[0]
        key, _, attr = val.partition(".")
        return getattr(w[key], attr or "pk")
    def build(w):
        return {key: value(w, val) for key, val in names.items()}
    return build


APP = k(pk="app")
ITEM = k(pk="draft")

# the declarations; see the module docstring for the letters
EXPECT: dict[str, Rule] = {}


def _load_expectations():
    from .matrix_expect import EXPECT as table

    EXPECT.update(table)


# ---------------------------------------------------------------- walking the URL tree

def all_patterns():
    """(name, route, callback) of every URL pattern under gongkai.urls."""
    def walk(resolver, prefix, ns):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                child_ns = ns
                if p.namespace:
                    child_ns = f"{ns}:{p.namespace}" if ns else p.namespace
                yield from walk(p, prefix + str(p.pattern), child_ns)
            elif isinstance(p, URLPattern):
                name = f"{ns}:{p.name}" if ns and p.name else p.name
                yield name, prefix + str(p.pattern), p.callback
    return list(walk(get_resolver(), "/", None))


def admin_model_of(name: str | None):
    """'admin:catalog_item_change' -> 'catalog.item' (None for the admin's own pages)."""
    if not name or not name.startswith("admin:"):
        return None
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model._meta.label_lower
    return None


def admin_model_of_route(route: str):
    """'/admin/units/user/<path:object_id>/' -> 'units.user'."""
    parts = route.strip("/").split("/")
    for model in admin.site._registry:
        if parts[1:3] == [model._meta.app_label, model._meta.model_name]:
            return model._meta.label_lower
    return None


ADMIN_OWN_PAGES = {"admin:index", "admin:login", "admin:logout", "admin:password_change",
                   "admin:password_change_done", "admin:autocomplete", "admin:jsi18n", "admin:view_on_site",
                   "admin:app_list", "admin:auth_user_password_change", "admin:units_user_password_change"}


# ---------------------------------------------------------------- verdicts

def verdict(response) -> str:
    code = response.status_code
    if code == 405:
        return "n/a"
    if code >= 500:
        return "error"
    if code in (401, 403, 404):
        return "deny"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    if any(REFUSAL.search(m) for m in messages):
        return "deny"
    if code in (301, 302, 303):
        location = response["Location"]
        if "/login/" in location or "/accounts/otp/" in location:
            return "deny"
        if location.startswith("/manage/") and not response.wsgi_request.path.startswith("/manage/"):
            return "deny"  # a 三员 sent back to its console
        if any("未分配单位" in m for m in messages):
            return "deny"
        return "allow"
    if response.streaming:
        return "allow"
    if "json" in response.get("Content-Type", ""):
        data = json.loads(response.content or b"null")
        if data == [] or (isinstance(data, dict) and data.get("items") == [] and not data.get("count")):
            return "deny"  # nothing disclosed
        if isinstance(data, dict) and REFUSAL.search(str(data.get("detail", ""))):
            return "deny"
    elif REFUSAL.search(response.content.decode("utf-8", "replace")):
        return "deny"
    return "allow"


def expected(rule: Rule, method: str, role: str | None, pos: str | None) -> bool:
    spec = rule.get if method == "GET" else rule.post
    if rule.kind == "public":
        return True
    if role is None:
        return False
    if rule.kind == "console":
        return role in spec.split(",")
    if pos is None:  # a 三员 on a business URL
        return False
    letters = {LETTERS[ch] for ch in spec if ch in LETTERS}
    if rule.kind == "col":
        return role in letters
    return (pos == "own" and role in letters) or (pos == "parent" and role == "supervisor" and "P" in spec)


# ---------------------------------------------------------------- the run

@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media), GONGKAI_PUBLIC_CAPTCHA=False):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            w = matrix_world.build()
            clients = {None: Client(raise_request_exception=False)}
            for key, user in w["people"].items():
                client = Client(raise_request_exception=False)
                assert client.login(username=user.username, password=PASSWORD), user.username
                clients[key] = client
            w["clients"] = clients
            w["media"] = str(media)
            yield w
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def w(world, db, settings):
    settings.MEDIA_ROOT = world["media"]  # where the world's files are (conftest moves it per test)
    _keep_logged_in(world["clients"])
    return world


def _keep_logged_in(clients):
    """The world logs everyone in once, and a loaded machine can take longer than the 三员's 15 idle
    minutes between two uses of a client: mark each session as seen now, so that every test sees
    the roles it asks about, not an expired log-in (the session policy has its own tests)."""
    from gongkai.security.middleware import LAST_SEEN

    for key, client in clients.items():
        if key is not None:
            session = client.session
            session[LAST_SEEN] = int(time.time())
            session.save()


def actors(rule: Rule):
    """(role, position) pairs worth asking for this rule; (None, None) is anonymous."""
    yield None, None
    for role in ("sysadmin", "secadmin", "auditadmin"):
        yield role, None
    positions = matrix_world.POSITIONS if rule.kind == "obj" else ("own",)
    for role in LETTERS.values():
        for pos in positions:
            yield role, pos


def ask(client, method: str, url: str):
    """One request whose effects are all undone: the database rolled back, the cookies restored
    (a log-out or a session flush must not log the next request out)."""
    cookies = client.cookies
    client.cookies = SimpleCookie(cookies.output(header="", sep="\n"))
    try:
        return _ask(client, method, url)
    finally:
        client.cookies = cookies


def _ask(client, method: str, url: str):
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif url.startswith("/api/"):
            response = client.post(url, "{}", content_type="application/json")
        else:
            response = client.post(url, {})
        transaction.set_rollback(True)
    return response


def run_rule(w, name: str, rule: Rule):
    """Mismatches and marker leaks of one URL, and the observed verdicts."""
    url = name[len("route:"):] if name.startswith("route:") else reverse(name, kwargs=rule.args(w) if rule.args else None)
    problems, seen = [], {}
    for method in ("GET", "POST"):
        spec = rule.get if method == "GET" else rule.post
        if spec == "?":
            spec = None
        if spec is None and not DUMP:
            continue
        for role, pos in actors(rule):
            if role is None:
                client = w["clients"][None]
            else:
                client = w["clients"][(role, pos)]
            response = ask(client, method, url)
            got = verdict(response)
            seen[(method, role, pos)] = got
            who = f"{role or 'anonymous'}@{pos or '-'}"
            if got == "error":
                problems.append(f"{method} {url} as {who}: HTTP {response.status_code}")
                continue
            if spec is not None and rule.kind != "open":
                want = expected(rule, method, role, pos)
                if want != (got == "allow"):  # a 405 counts as a refusal: it discloses nothing
                    problems.append(f"{method} {url} as {who}: expected {'allow' if want else 'deny'}, got {got}")
            sees_town = role in LETTERS.values() and (pos == "own" or (pos == "parent" and role == "supervisor"))
            if rule.kind == "console" and spec is not None and expected(rule, method, role, pos):
                sees_town = True  # e.g. 审计管理员 reads every audit record, object names included
            if not sees_town and not response.streaming and rule.kind != "public":
                body = response.content.decode("utf-8", "replace")
                leaked = [m for m in matrix_world.MARKERS if m in body]
                if leaked:
                    problems.append(f"{method} {url} as {who}: shows the town's {leaked}")
    return problems, seen


def describe(name, rule, seen) -> str:
    """The declaration that matches what was observed (GONGKAI_MATRIX_DUMP=1)."""
    parts = []
    for method in ("GET", "POST"):
        got = {key[1:]: v for key, v in seen.items() if key[0] == method}
        if all(v == "n/a" for v in got.values()):
            continue
        if got.get((None, None)) == "allow":
            parts.append(f"{method.lower()}=PUBLIC")
            continue
        own = "".join(ch for ch, role in LETTERS.items() if got.get((role, "own")) == "allow")
        extra = "P" if got.get(("supervisor", "parent")) == "allow" else ""
        odd = [f"{r}@{p}" for (r, p), v in got.items() if v == "allow" and (
            p in ("sibling", "child") or (p == "parent" and r != "supervisor") or p is None)]
        parts.append(f'{method.lower()}="{own}{extra}"' + (f"  # VIOLATION {odd}" if odd else ""))
    return f'    "{name}": {rule.kind}({", ".join(parts)}),'


def test_every_url_pattern_is_declared():
    _load_expectations()
    from .matrix_expect import ADMIN_EXPECT

    missing = []
    for name, route, _ in all_patterns():
        if name is None:
            model = admin_model_of_route(route)
            if route.startswith("/admin/") and model is not None:
                if model not in ADMIN_EXPECT:
                    missing.append(f"(unnamed) {route} (admin model {model})")
            elif f"route:{route}" not in EXPECT:
                missing.append(f"(unnamed) {route}: declare it as \"route:{route}\"")
        elif name.startswith("admin:"):
            model = admin_model_of(name)
            if model is None and name not in ADMIN_OWN_PAGES:
                missing.append(f"{name} {route}")
            elif model is not None and model not in ADMIN_EXPECT:
                missing.append(f"{name} {route} (admin model {model})")
        elif name not in EXPECT:
            missing.append(f"{name} {route}")
    assert not missing, "URL patterns with no declaration in tests/security/matrix_expect.py:\n" + "\n".join(missing)
    stale = set(EXPECT) - {name or f"route:{route}" for name, route, _ in all_patterns()}
    assert not stale, f"declarations of URL patterns that no longer exist: {sorted(stale)}"


GROUPS = ("api", "accounts", "manage", "work", "portal", "other")


def group_of(name: str) -> str:
    head = name.split(":", 1)[0]
    if head == "route":
        return "portal"
    if head in ("api", "accounts", "manage"):
        return head
    if head in ("apply", "portal", "demo_site", "demo_site_page"):
        return "portal"
    return "work"


@pytest.mark.parametrize("group", ["api", "accounts", "manage", "work", "portal"])
def test_matrix(w, group):
    _load_expectations()
    problems, dumped = [], []
    for name, rule in sorted(EXPECT.items()):
        if group_of(name) != group:
            continue
        found, seen = run_rule(w, name, rule)
        problems += found
        if DUMP:
            dumped.append(describe(name, rule, seen))
    if DUMP:
        print("\n" + "\n".join(dumped))
    assert not problems, f"{len(problems)} authorization mismatches:\n" + "\n".join(problems)


def test_admin_models_by_role(w):
    """The Django admin: each registered model's list and add pages, for every role (own unit) and the 三员."""
    from .matrix_expect import ADMIN_EXPECT

    problems, observed = [], {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        allowed_roles = ADMIN_EXPECT.get(label, {}) if DUMP else ADMIN_EXPECT[label]
        for page in ("changelist", "add"):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}")
            for role, pos in [(None, None), *[(r, None) for r in ("sysadmin", "secadmin", "auditadmin")],
                              *[(r, "own") for r in LETTERS.values()]]:
                response = ask(w["clients"][(role, pos) if role else None], "GET", url)
                got = verdict(response)
                want = role in allowed_roles.get(page, ())
                if got == "allow":
                    observed.setdefault(label, {}).setdefault(page, []).append(role)
                if got == "error" or want != (got == "allow"):
                    problems.append(f"GET {url} as {role or 'anonymous'}: expected {'allow' if want else 'deny'}, "
                                    f"got {got} ({response.status_code})")
    if DUMP:
        print("\nADMIN_EXPECT = {\n" + "\n".join(
            f'    "{m._meta.label_lower}": {observed.get(m._meta.label_lower, {})!r},' for m in admin.site._registry) + "\n}")
    assert not problems, "\n".join(problems)


def test_changing_unit_in_a_post_is_refused(w):
    """A clerk of the town registering an application for the street (unit_id swapped in the POST)."""
    client = w["clients"][("clerk", "own")]
    street = w["units"]["sibling"]
    from gongkai.applications.models import Application

    before = Application.objects.filter(unit=street).count()
    data = {**{k: v for k, v in matrix_world.api_world.APPLICANT.items() if k != "received_on"},
            "received_on": "2026-09-28", "unit": street.pk, "unit_id": street.pk}
    ask(client, "POST", reverse("applications:register"))
    with transaction.atomic():
        client.post(reverse("applications:register"), data)
        assert Application.objects.filter(unit=street).count() == before
        transaction.set_rollback(True)


def test_a_world_log_in_idle_past_the_limit_is_kept_for_the_next_test(w):
    """The matrix's log-ins outlive a slow run: a 三员 session last seen 16 minutes ago (past the
    15-minute limit) is marked seen again by the fixture before the next test uses it."""
    from gongkai.security.middleware import LAST_SEEN

    client = w["clients"][("sysadmin", None)]
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 16 * 60
    session.save()
    _keep_logged_in(w["clients"])
    assert verdict(ask(client, "GET", reverse("admin:index"))) == "allow"
