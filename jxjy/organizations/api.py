from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from jxjy.config.api_types import ObjectId, Text
from jxjy.config.references import resolve_reference
from jxjy.organizations.choices import Industry, OrgKind, UnitType
from jxjy.organizations.selectors import (
    OrganizationFilters,
    organization_visible_to,
    organizations_visible_to,
)
from jxjy.organizations.services import organization_create, organization_update
from jxjy.regions.models import Region

router = Router(tags=["组织机构 organizations"])


class OrganizationOut(Schema):
    id: int
    kind: OrgKind
    unit_type: str
    name: str
    credit_code: str
    region_code: str = Field(..., alias="region.code")
    region_name: str = Field(..., alias="region.name")
    industry: str
    address: str
    contact_name: str
    contact_phone: str
    is_key_field: bool
    is_active: bool


class OrganizationQuery(FilterSchema):
    q: Text = Field("", description="名称的一部分，或完整的统一社会信用代码")
    kind: OrgKind | None = None
    region: Text = Field("", description="行政区划代码（含下级）")
    industry: Industry | None = None


class OrganizationCreate(Schema, extra="forbid"):
    kind: OrgKind
    unit_type: UnitType | None = None
    name: Text = Field(..., min_length=1, max_length=200)
    credit_code: Text = Field(..., max_length=40)
    region_code: Text = Field(..., max_length=6)
    industry: Industry | None = None
    address: Text = Field("", max_length=200)
    contact_name: Text = Field("", max_length=50)
    contact_phone: Text = Field("", max_length=30)
    is_key_field: bool = False


class OrganizationUpdate(Schema, extra="forbid"):
    unit_type: UnitType | None = None
    name: Text = Field(None, min_length=1, max_length=200)
    credit_code: Text = Field(None, max_length=40)
    region_code: Text = Field(None, max_length=6)
    industry: Industry | None = None
    address: Text = Field(None, max_length=200)
    contact_name: Text = Field(None, max_length=50)
    contact_phone: Text = Field(None, max_length=30)
    is_key_field: bool = None
    is_active: bool = None


@router.get("", response=list[OrganizationOut])
@paginate
def list_organizations(request, query: Query[OrganizationQuery]):
    filters = OrganizationFilters(
        q=query.q, kind=query.kind or "", region_code=query.region, industry=query.industry or ""
    )
    return organizations_visible_to(request.auth, filters)


@router.get("/{int:organization_id}", response=OrganizationOut)
def get_organization(request, organization_id: ObjectId):
    return organization_visible_to(request.auth, organization_id)


@router.post("", response={201: OrganizationOut})
def create_organization(request, payload: OrganizationCreate):
    data = _model_data(request, payload.dict())
    return Status(201, organization_create(actor=request.auth, data=data))


@router.patch("/{int:organization_id}", response=OrganizationOut)
def update_organization(request, organization_id: ObjectId, payload: OrganizationUpdate):
    organization = organization_visible_to(request.auth, organization_id)
    data = _model_data(request, payload.dict(exclude_unset=True))
    return organization_update(actor=request.auth, organization=organization, data=data)


def _model_data(request, data: dict) -> dict:
    if "region_code" in data:
        code = data.pop("region_code")
        data["region"] = resolve_reference(Region.objects.visible_to(request.auth), "region_code", code=code)
    for optional_text in ("unit_type", "industry"):
        if optional_text in data and data[optional_text] is None:
            data[optional_text] = ""
    return data
