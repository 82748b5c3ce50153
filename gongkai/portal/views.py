"""The public portal (政府信息公开专栏): read-only pages over published items.

Views only read request parameters, call :mod:`.queries` / the search module and
render; what is public is decided in :mod:`.queries`.
"""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gongkai.catalog.models import Scheme
from gongkai.reports.outputs import download as report_download
from gongkai.reports.public import published_reports

from . import queries
from .forms import parse_filters
from .pagecache import anonymous_page
from .paging import PER_PAGE, CappedPaginator, page_number, pager_for
from .searching import run_search

SCHEME_PAGES = {
    Scheme.STATUTORY: {"title": "法定主动公开内容", "url": "portal:statutory",
                       "detail_url": "portal:statutory_detail",
                       "intro": "按照《中华人民共和国政府信息公开条例》第二十条、第二十一条的规定，"
                                "本机关应当主动公开的政府信息。"},
    Scheme.DOMAIN: {"title": "基层政务公开领域", "url": "portal:domains", "detail_url": "portal:domain_detail",
                    "intro": "按照基层政务公开标准化规范化要求，分领域编制的公开事项标准目录。"},
}


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _paginate(request, qs, paginator=Paginator):
    page = paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return page, pager_for(page)


@anonymous_page
@require_safe
def home(request):
    return render(request, "portal/home.html", {
        "latest": queries.latest_items(10),
        "sections": [n for n in queries.flatten(queries.category_tree(Scheme.STATUTORY)) if n.depth <= 1],
    })


@anonymous_page
@require_safe
def guide(request):
    return render(request, "portal/guide.html", {"offices": queries.disclosure_offices()})


@anonymous_page
@require_safe
def rules(request):
    return render(request, "portal/rules.html", {"offices": queries.disclosure_offices()})


@anonymous_page
@require_safe
def apply(request):
    return render(request, "portal/apply.html", {"offices": queries.disclosure_offices()})


@anonymous_page
@require_safe
def scheme_index(request, scheme):
    return render(request, "portal/scheme_index.html", {
        "scheme": scheme, "page_info": SCHEME_PAGES[scheme],
        "nodes": queries.flatten(queries.category_tree(scheme)),
    })


@anonymous_page
@require_safe
def scheme_detail(request, scheme, pk):
    node = queries.category_node(scheme, pk)
    if node is None:
        raise Http404("没有这个分类")
    filters = queries.ItemFilters(category=node.category)
    page, pager = _paginate(request, queries.item_list(queries.filter_items(filters)), CappedPaginator)
    return render(request, "portal/scheme_detail.html", {
        "scheme": scheme, "page_info": SCHEME_PAGES[scheme], "node": node, "category": node.category,
        "page": page, "pager": pager,
    })


@anonymous_page
@require_safe
def catalog(request):
    filters, form = parse_filters(request.GET)
    context = {"form": form, "filters": filters}
    if filters.q:
        result = run_search(filters, page_number(request.GET.get("page")))
        context.update(result=result, pager=result.pager, rows=[hit.item for hit in result.hits],
                       hits=result.hits)
    else:
        page, pager = _paginate(request, queries.item_list(queries.filter_items(filters)), CappedPaginator)
        context.update(page=page, pager=pager, rows=page.object_list)
    return render(request, "portal/catalog.html", context)


@anonymous_page
@require_safe
def search(request):
    filters, form = parse_filters(request.GET)
    result = run_search(filters, page_number(request.GET.get("page")), request.GET.get("sort")) if filters.q else None
    return render(request, "portal/search.html", {
        "form": form, "filters": filters, "result": result,
        "pager": result.pager if result else None,
    })


# 字号: the reader's text size, chosen by a link (reading pages carry no script); anything else is 中.
TEXT_SIZES = (("large", "大"), ("medium", "中"), ("small", "小"))


@anonymous_page
@require_safe
def item_detail(request, pk):
    """信息详情, with 字号 links (?size=large|medium|small) and 打印 (?print=1: the article alone,
    without navigation, for the browser's print command)."""
    item = queries.public_item(pk)
    if item is None:
        raise Http404("该信息不存在或未公开")
    size = request.GET.get("size", "")
    size = size if size in dict(TEXT_SIZES) else "medium"
    return render(request, "portal/item.html", {
        "item": item, "text_size": size, "text_sizes": TEXT_SIZES,
        "print_view": request.GET.get("print") == "1",
        # the printed 来源 line: the item's own address, whatever else the query string carried
        "source_url": request.build_absolute_uri(reverse("portal:item", args=[item.pk]))})


@require_safe
def attachment_download(request, pk):
    attachment = queries.public_attachment(pk)
    if attachment is None:
        raise Http404("附件不存在或未公开")
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("附件文件缺失") from None
    # Served under the content's type and a matching extension, with nosniff; FileResponse writes
    # Content-Disposition with an RFC 5987 filename* for non-ASCII names.
    from gongkai.catalog.attachments import download

    return download(attachment, handle)


@anonymous_page
@require_safe
def reports(request):
    everything = queries.annual_report_rows(published_reports())
    years = sorted({r.year for r in everything if r.year}, reverse=True)
    year = request.GET.get("year", "")
    chosen = int(year) if year.isdigit() and int(year) in years else None
    rows = everything if chosen is None else [r for r in everything if r.year == chosen]
    page, pager = _paginate(request, rows)
    return render(request, "portal/reports.html", {"page": page, "pager": pager, "years": years, "year": chosen})


@require_safe
def report_detail(request, pk):
    report = get_object_or_404(published_reports(), pk=pk)
    if report.format == "archive":
        return FileResponse(report.archive_file.open("rb"), as_attachment=True,
                            filename=report.archive_file.name.rsplit("/", 1)[-1])
    return render(request, "portal/report_detail.html", {"report": report})


@require_safe
def report_output(request, pk, fmt):
    report = get_object_or_404(published_reports().exclude(format="archive"), pk=pk)
    return report_download(report, fmt)


@require_safe
def item_by_index_no(request, index_no):
    """索引号 is what documents and citizens cite: /index/T1100/2026-00001 → the item page."""
    item = queries.public_item_by_index_no(index_no)
    if item is None:
        raise Http404("该索引号不存在或信息未公开")
    return redirect("portal:item", pk=item.pk)
