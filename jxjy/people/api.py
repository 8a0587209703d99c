import datetime

from django.core.exceptions import ValidationError
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from jxjy.config.api_types import ObjectId, Text
from jxjy.config.references import resolve_reference
from jxjy.organizations.models import Organization
from jxjy.people.choices import ProfessionalSeries, Sex, TitleLevel
from jxjy.people.models import Person
from jxjy.people.selectors import (
    PersonFilters,
    people_visible_to,
    person_visible_to,
    shown_id_number,
)
from jxjy.people.services import person_create, person_full_id_disclosed, person_update

router = Router(tags=["专业技术人员 people"])


class PersonOut(Schema):
    id: int
    id_number: str = Field(
        ..., description="列表中一律打码；详情中仅本人及其单位、档案机构、主管人社部门可见全号"
    )
    name: str
    birth_date: datetime.date
    sex: Sex
    unit_id: int | None
    unit_name: str | None
    file_agency_id: int | None
    region_code: str
    series: ProfessionalSeries
    level: TitleLevel
    in_service: bool


class PersonListOut(PersonOut):
    unit_name: str | None = Field(None, alias="unit.name")
    region_code: str = Field(..., alias="region.code")

    @staticmethod
    def resolve_id_number(person: Person) -> str:
        return shown_id_number(person, full=False)


class PersonQuery(FilterSchema):
    q: Text = Field("", description="姓名（或其一部分），或完整的公民身份号码")
    unit: ObjectId | None = None
    region: Text = Field("", description="行政区划代码（含下级）")
    series: ProfessionalSeries | None = None
    level: TitleLevel | None = None
    in_service: bool | None = None


class PersonCreate(Schema, extra="forbid"):
    id_number: Text = Field(..., max_length=40)
    name: Text = Field(..., min_length=1, max_length=50)
    unit_id: ObjectId | None = None
    file_agency_id: ObjectId | None = None
    series: ProfessionalSeries
    level: TitleLevel
    in_service: bool = True
    phone: Text = Field("", max_length=20)


class PersonUpdate(Schema, extra="forbid"):
    name: Text = Field(None, min_length=1, max_length=50)
    unit_id: ObjectId | None = None
    file_agency_id: ObjectId | None = None
    series: ProfessionalSeries = None
    level: TitleLevel = None
    in_service: bool = None
    phone: Text = Field(None, max_length=20)


def person_out(person: Person, full_id: bool) -> dict:
    return {
        "id": person.pk,
        "id_number": shown_id_number(person, full_id),
        "name": person.name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "unit_id": person.unit_id,
        "unit_name": person.unit.name if person.unit else None,
        "file_agency_id": person.file_agency_id,
        "region_code": person.region.code,
        "series": person.series,
        "level": person.level,
        "in_service": person.in_service,
    }


@router.get("", response=list[PersonListOut])
@paginate
def list_people(request, query: Query[PersonQuery]):
    filters = PersonFilters(
        q=query.q,
        unit_id=query.unit,
        region_code=query.region,
        series=query.series or "",
        level=query.level or "",
        in_service=query.in_service,
    )
    return people_visible_to(request.auth, filters)


@router.get("/{int:person_id}", response=PersonOut)
def get_person(request, person_id: ObjectId):
    person = person_visible_to(request.auth, person_id)
    return person_out(person, full_id=person_full_id_disclosed(actor=request.auth, person=person))


# The service names model fields; the API's clients sent unit_id and file_agency_id.
_PAYLOAD_FIELDS = {"unit": "unit_id", "file_agency": "file_agency_id"}


def _in_payload_terms(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {_PAYLOAD_FIELDS.get(field, field): errors for field, errors in error.error_dict.items()}
    )


@router.post("", response={201: PersonOut})
def create_person(request, payload: PersonCreate):
    try:
        person = person_create(actor=request.auth, data=_model_data(request, payload.dict()))
    except ValidationError as error:
        raise _in_payload_terms(error) from None
    return Status(201, person_out(person, full_id=True))


@router.patch("/{int:person_id}", response=PersonOut)
def update_person(request, person_id: ObjectId, payload: PersonUpdate):
    person = person_visible_to(request.auth, person_id)
    data = _model_data(request, payload.dict(exclude_unset=True))
    try:
        person = person_update(actor=request.auth, person=person, data=data)
    except ValidationError as error:
        raise _in_payload_terms(error) from None
    return person_out(person, full_id=True)


def _model_data(request, data: dict) -> dict:
    organizations = Organization.objects.visible_to(request.auth)
    for field in ("unit", "file_agency"):
        key = f"{field}_id"
        if key in data:
            org_id = data.pop(key)
            data[field] = resolve_reference(organizations, key, pk=org_id) if org_id is not None else None
    return data
