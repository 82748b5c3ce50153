"""Workbench page that inspects (审查) anyone's published annual reports: upload files or paste the text."""
from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gongkai.units import audit as audit_log
from gongkai.units.web import staff_required

from . import inspection

MAX_FILES = 20
MAX_BYTES = 20 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        return [single(d, initial) for d in data] if isinstance(data, (list, tuple)) else single(data, initial)


class InspectionForm(forms.Form):
    files = MultipleFileField(label="报告文件（HTML、Word、PDF或文本，可多选）", required=False)
    text = forms.CharField(label="或粘贴报告全文（含表格）", required=False, max_length=200_000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    url = forms.URLField(label="或粘贴报告网址（限网站守护中登记的本单位及下级单位网站）", required=False,
                         max_length=1000, assume_scheme="http")

    def clean(self):
        files = self.cleaned_data.get("files") or []
        files = files if isinstance(files, list) else [files]
        self.cleaned_data["files"] = files
        if not files and not self.cleaned_data.get("text", "").strip() and not self.cleaned_data.get("url"):
            raise forms.ValidationError("请上传报告文件、粘贴报告全文或报告网址")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多审查{MAX_FILES}个文件")
        for f in files:
            if f.size > MAX_BYTES:
                raise forms.ValidationError(f"{f.name}超过20MB")
        return self.cleaned_data


@dataclass
class Shown:
    """One inspected report as the page shows it (the tables drawn like a report's)."""

    result: dict

    @property
    def tables(self) -> dict:
        return self.result["tables"]

    @property
    def format(self) -> str:
        return self.result["format"]

    @property
    def title(self) -> str:
        return self.result["path"]

    @property
    def errors(self) -> list[dict]:
        return [f for f in self.result["findings"] if f["severity"] == "error"]


def inputs(form: InspectionForm, user) -> list[tuple[str, bytes]]:
    """The reports to inspect; raises ReportFetchError for a URL that may not or cannot be fetched."""
    named = [(f.name, f.read()) for f in form.cleaned_data["files"]]
    if form.cleaned_data.get("text", "").strip():
        named.append(("粘贴的文本.txt", form.cleaned_data["text"].encode("utf-8")))
    if form.cleaned_data.get("url"):
        named.append(fetch_report(user, form.cleaned_data["url"]))
    return named


class ReportFetchError(Exception):
    """The pasted URL is not on a monitored site of the user's units, or did not answer."""


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a URL, the default port filled in; None when it is not http(s)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".").lower()
    return (scheme, host, port) if host and port and scheme in ("http", "https") else None


def watched_origins(user) -> tuple[set, object]:
    """The origins (scheme, host, port) the watchdog watches for the user's units, and the outbound
    policy for them (internal addresses only for sites a 系统管理员 registered as internal)."""
    from gongkai.watch.outbound import configured_policy, site_entries
    from gongkai.watch.selectors import watched_sites

    origins, internal = set(), set()
    policy = configured_policy()
    for site in watched_sites(user):
        own = {o for o in map(_origin, [site.homepage, *site.start_url_list(), *site.scope_prefixes.splitlines(),
                                        *(c.url for c in site.columns.all())]) if o}
        for host in (h.strip().rstrip(".").lower() for h in site.scope_hosts.splitlines() if h.strip()):
            own |= {(scheme, host, port) for scheme, _, port in own}
        origins |= own
        if site.internal:
            internal |= site_entries(site)
    return origins, policy.with_internal(internal)


def fetch_report(user, url: str) -> tuple[str, bytes]:
    """A report published on one of the sites the watchdog monitors for the user's units: only those
    origins — scheme, host AND port — are fetched, each redirect hop too, through the outbound guard
    (no internal address unless the site is registered internal), with the crawler's time and size
    limits. Every failure gives the same message; the reason goes to the server log."""
    from gongkai.watch.outbound import FetchFailed, fetch

    origins, policy = watched_origins(user)
    if _origin(url) not in origins:
        raise ReportFetchError("只能审查网站守护中登记的本单位（或下级单位）网站上的报告，请下载后上传")

    def hop(current):
        if _origin(current) not in origins:
            raise ReportFetchError("该网址跳转到了网站守护登记范围以外的网站，未能下载报告")

    try:
        answer = fetch(url, policy, timeout=15, max_bytes=MAX_BYTES, hop=hop)
    except FetchFailed as exc:
        raise ReportFetchError(str(exc)) from None
    if answer.status != 200:
        raise ReportFetchError(f"该网址返回HTTP {answer.status}，未能下载报告")
    if answer.truncated:
        raise ReportFetchError("报告文件超过20MB")
    name = url.rstrip("/").rsplit("/", 1)[-1] or "report.html"
    return (name if "." in name else name + ".html"), answer.body


def run(named: list[tuple[str, bytes]]) -> tuple[list[dict], list[str]]:
    """(inspection results, names of files that could not be read with why)."""
    read, unreadable = [], []
    for name, data in named:
        try:
            read.append(inspection.read(name, data))
        except inspection.UnsupportedFile as exc:
            unreadable.append(str(exc))
    return inspection.inspect(read), unreadable


@staff_required
@require_http_methods(["GET", "POST"])
def inspect_page(request):
    form = InspectionForm(request.POST, request.FILES) if request.method == "POST" else InspectionForm()
    results = unreadable = None
    named = None
    if request.method == "POST" and form.is_valid():
        try:
            named = inputs(form, request.user)
        except ReportFetchError as exc:
            form.add_error("url", str(exc))
    if named is not None:
        results, unreadable = run(named)
        audit_log.record("report.audit", user=request.user,
                         detail={"files": len(results) + len(unreadable), "with_errors":
                                 sum(1 for r in results if any(f["severity"] == "error" for f in r["findings"]))})
    return render(request, "reports/inspection.html", {
        "form": form, "shown": [Shown(r) for r in results or []], "unreadable": unreadable})
