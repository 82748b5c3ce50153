"""The main pages load in Debian's chromium under the strict CSP with no violation reported.

Every ``securitypolicyviolation`` event (recorded by a script the browser adds before any page
script, outside the page's policy) and every console message about a refused script or style
fails the test, so an inline <script>, ``onclick=`` or ``style=""`` slipped into a template shows
here, on the pages people use: portal, application form, login, the workbench lists, an
application's page, the report and watchdog pages, the API docs.
"""
import datetime as dt

import pytest

from .test_clerk_reviewer_public import login

pytestmark = pytest.mark.browser

RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def _watch(page) -> list[str]:
    console = []
    page.add_init_script(RECORD)
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text
            or "Refused to" in m.text else None)
    return console


def _visit(page, console, url) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status < 500, url
    assert "content-security-policy" in response.headers, url
    page.wait_for_load_state("load")
    return [f"{url}: {v}" for v in page.evaluate("window.__csp || []")] + [f"{url}: {c}" for c in console]


PUBLIC = ["/", "/apply/", "/reports/", "/accounts/login/", "/api/v1/docs"]
STAFF = ["/work/", "/work/applications/", "/work/applications/new/", "/work/reports/", "/work/watch/",
         "/work/assessment/", "/work/workplan/", "/work/duties/"]


def test_public_pages_report_no_csp_violation(page, seeded):
    console = _watch(page)
    found = []
    for url in PUBLIC:
        found += _visit(page, console, url)
        console.clear()
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)  # Swagger UI ran from our static files
    found += [f"docs: {v}" for v in page.evaluate("window.__csp || []")] + console
    assert not found, "\n".join(found)


def test_workbench_pages_report_no_csp_violation(page, seeded, street_clerk):
    from gongkai.applications.handling import codes
    from gongkai.applications.handling import services

    app = services.register_at_counter(street_clerk, data={
        "applicant_type": "natural_person", "name": "王小明", "id_number": "11010519491231002X",
        "phone": "13812345678", "email": "", "address": "", "info_form": "paper", "delivery": "pickup",
        "description": "城关街道2026年老旧小区改造项目的批复文件", "channel": "counter",
        "received_on": dt.date(2026, 9, 28)}, submission_key=codes.new_token()).application
    console = _watch(page)
    login(page, street_clerk.username)
    found = []
    for url in STAFF + [f"/work/applications/{app.pk}/"]:
        found += _visit(page, console, url)
        console.clear()
    # the decision form's basis prefill runs from the static script
    page.goto(f"/work/applications/{app.pk}/")
    select = page.locator("#id_decision_decision_type")
    if select.count():
        page.locator("#decision-form").evaluate("f => f.closest('details') && (f.closest('details').open = true)")
        select.select_option(index=1)
        assert page.locator("#id_decision_basis").input_value() != ""
    assert not found, "\n".join(found)
