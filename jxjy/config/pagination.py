from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class BoundedLimitOffset(LimitOffsetPagination):
    """Limit/offset paging whose offset fits a database integer (an unbounded one is a server error)."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=10**9)
