from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from jxjy.config.api_types import Text
from jxjy.config.references import resolve_reference
from jxjy.regions.choices import RegionLevel
from jxjy.regions.models import Region
from jxjy.regions.selectors import RegionFilters, region_visible_to, regions_visible_to
from jxjy.regions.services import region_create, region_update

router = Router(tags=["行政区划 regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None = Field(None, alias="parent.code")
    is_remote: bool


class RegionQuery(FilterSchema):
    q: Text = ""
    parent: Text = Field("", description="上级区划代码")
    level: RegionLevel | None = None


class RegionCreate(Schema, extra="forbid"):
    code: Text = Field(..., description="6 位 GB/T 2260 代码")
    name: Text = Field(..., max_length=64)
    parent_code: Text | None = None
    is_remote: bool = False


class RegionUpdate(Schema, extra="forbid"):
    name: Text = Field(None, max_length=64)
    is_remote: bool = None


@router.get("", response=list[RegionOut])
@paginate
def list_regions(request, query: Query[RegionQuery]):
    filters = RegionFilters(q=query.q, parent_code=query.parent, level=query.level or "")
    return regions_visible_to(request.auth, filters)


@router.get("/{code}", response=RegionOut)
def get_region(request, code: Text):
    return region_visible_to(request.auth, code)


@router.post("", response={201: RegionOut})
def create_region(request, payload: RegionCreate):
    data = payload.dict()
    parent_code = data.pop("parent_code")
    data["parent"] = (
        resolve_reference(Region.objects.visible_to(request.auth), "parent_code", code=parent_code)
        if parent_code
        else None
    )
    return Status(201, region_create(actor=request.auth, data=data))


@router.patch("/{code}", response=RegionOut)
def update_region(request, code: Text, payload: RegionUpdate):
    region = region_visible_to(request.auth, code)
    return region_update(actor=request.auth, region=region, data=payload.dict(exclude_unset=True))
