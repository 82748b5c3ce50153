"""JSON API (django-ninja, OpenAPI at /api/v1/docs). Public endpoints see only published
items; /work/ endpoints use the staff session and the same scoping as the workbench."""

from typing import Annotated

from csp.decorators import csp_update
from ninja import NinjaAPI, Query, Router, Schema
from ninja.pagination import paginate
from gongkai.units.web import business_auth
from pydantic import Field

from gongkai.catalog import search as catalog_search
from gongkai.catalog import selectors
from gongkai.catalog.models import ItemStatus, Scheme
from gongkai.units.scoping import LabelDenied

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


def _filters(f: ItemFilters) -> dict:
    return {"year": f.year, "unit": f.unit, "category": f.category, "genre": f.genre}


@public.get("/items", response=list[ItemSummary], summary="已发布的公开信息")
@paginate(Pages, page_size=20)
def list_items(request, filters: Query[ItemFilters]):
    return selectors.published_list(**_filters(filters))


@public.get("/items/{item_id}", response={200: ItemDetail, 404: ErrorOut}, summary="公开信息详情")
def get_item(request, item_id: RowId):
    return selectors.published_item(item_id)


@public.get("/search", response=SearchOut, summary="全文检索")
def search(request, q: str, filters: Query[ItemFilters], page: int = 1):
    result = catalog_search.search(q, unit_ids=[filters.unit] if filters.unit else None, year=filters.year,
                                   category_id=filters.category, genre_id=filters.genre, page=max(page, 1))
    return {"query": result.query, "total": result.total, "page": result.page, "per_page": result.per_page,
            "message": result.message, "hits": result.hits}


@public.get("/categories", response=list[CategoryOut], summary="分类体系")
def categories(request, scheme: Scheme | None = None):
    return selectors.active_categories(scheme)


@work.get("/items", response=list[ItemSummary], summary="本单位（及下级）的信息，含未发布")
@paginate(Pages, page_size=50)
def work_items(request, filters: Query[ItemFilters], status: ItemStatus | None = None):
    return selectors.staff_list(request.user, status=status, **_filters(filters))


@work.get("/items/{item_id}", response={200: WorkItemDetail, 403: ErrorOut, 404: ErrorOut},
          summary="信息详情（工作台）")
def work_item(request, item_id: RowId):
    return selectors.staff_item_detail(request.user, item_id)


api.add_router("/", public)
api.add_router("/work/", work)
api.add_router("/applications", applications.public)
api.add_router("/work/applications", applications.work)
api.add_router("/reports", reports.public)
api.add_router("/work/reports", reports.work)
