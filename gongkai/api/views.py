"""JSON API (django-ninja, OpenAPI at /api/v1/docs). Public endpoints see only published
items; /work/ endpoints use the staff session and the same scoping as the workbench."""

from typing import Annotated

from csp.decorators import csp_update
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Router, Schema
from ninja.pagination import paginate
from gongkai.units.web import business_auth
from pydantic import Field

from gongkai.catalog import search as catalog_search
from gongkai.catalog.models import Category, Item, ItemStatus, Scheme
from gongkai.units.scoping import LabelDenied, get_or_refuse, scope

from . import application_workflow, applications, reports  # noqa: F401 - application_workflow adds routes to applications.work
from .paging import Pages
from .schemas import (
    CategoryOut,
    ErrorOut,
    ItemDetail,
    ItemSummary,
    SearchOut,
    WorkItemDetail,
)

# Swagger UI (served from our static files) shows data: images; everything else keeps the site policy.
api = NinjaAPI(title="gongkai API", version="1", urls_namespace="api",
               description="政府信息公开平台接口：公开目录（无需登录）与工作台（需登录，按单位限定）。",
               docs_decorator=csp_update({"img-src": ["data:"]}))
public = Router(tags=["公开目录"])
work = Router(tags=["工作台"], auth=business_auth)


@api.exception_handler(LabelDenied)
def _label_denied(request, exc):
    """安全标记: an own-unit record above the caller's clearance is refused in Chinese (audited)."""
    return api.create_response(request, {"detail": str(exc)}, status=403)


# Bounded so that nonsense (year -9306, an id past 2**63) is a 422, not a database error.
Year = Annotated[int, Field(ge=1949, le=2999)]
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class ItemFilters(Schema):
    year: Year | None = None
    unit: RowId | None = None
    category: RowId | None = None
    genre: RowId | None = None


def _published():
    return Item.objects.published().select_related("unit", "topic", "genre")


def _filter(qs, f: ItemFilters):
    if f.year:
        qs = qs.filter(published_date__year=f.year)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.category:
        qs = qs.filter(categories=f.category)
    if f.genre:
        qs = qs.filter(genre_id=f.genre)
    return qs


@public.get("/items", response=list[ItemSummary], summary="已发布的公开信息")
@paginate(Pages, page_size=20)
def list_items(request, filters: Query[ItemFilters]):
    return _filter(_published(), filters).order_by("-published_date", "-id")


@public.get("/items/{item_id}", response={200: ItemDetail, 404: ErrorOut}, summary="公开信息详情")
def get_item(request, item_id: RowId):
    item = get_object_or_404(_published().prefetch_related("categories", "attachments"), pk=item_id)
    return item


@public.get("/search", response=SearchOut, summary="全文检索")
def search(request, q: str, filters: Query[ItemFilters], page: int = 1):
    result = catalog_search.search(q, unit_ids=[filters.unit] if filters.unit else None, year=filters.year,
                                   category_id=filters.category, genre_id=filters.genre, page=max(page, 1))
    return {"query": result.query, "total": result.total, "page": result.page, "per_page": result.per_page,
            "message": result.message, "hits": result.hits}


@public.get("/categories", response=list[CategoryOut], summary="分类体系")
def categories(request, scheme: Scheme | None = None):
    qs = Category.objects.filter(is_active=True)
    return qs.filter(scheme=scheme) if scheme else qs


@work.get("/items", response=list[ItemSummary], summary="本单位（及下级）的信息，含未发布")
@paginate(Pages, page_size=50)
def work_items(request, filters: Query[ItemFilters], status: ItemStatus | None = None):
    qs = _filter(scope(Item.objects.select_related("unit"), request.user), filters)
    return (qs.filter(status=status) if status else qs).order_by("-updated_at", "-id")


@work.get("/items/{item_id}", response={200: WorkItemDetail, 403: ErrorOut, 404: ErrorOut},
          summary="信息详情（工作台）")
def work_item(request, item_id: RowId):
    qs = Item.objects.select_related("unit", "topic", "genre").prefetch_related("categories", "attachments")
    return get_or_refuse(qs, request.user, pk=item_id)


api.add_router("/", public)
api.add_router("/work/", work)
api.add_router("/applications", applications.public)
api.add_router("/work/applications", applications.work)
api.add_router("/reports", reports.public)
api.add_router("/work/reports", reports.work)
