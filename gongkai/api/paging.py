from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Page numbers bounded too: an offset past 2**63 is a database error, not a page."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=200)
