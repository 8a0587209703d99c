"""Compliance over the API: one person's year (the contract title-evaluation systems read), and the
list of everyone in the caller's scope for a year."""

from django.utils import timezone
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from jxjy.compliance.evaluation import YearResult
from jxjy.compliance.selectors import ComplianceFilters, compliance_for, compliance_list, counted_records
from jxjy.config.api_types import ObjectId, Text
from jxjy.people.choices import ProfessionalSeries, TitleLevel
from jxjy.people.selectors import PersonFilters, person_visible_to, shown_id_number
from jxjy.rules.hours import format_hours

router = Router(tags=["年度达标 compliance"])


class ShortfallOut(Schema):
    code: str
    message: str


class ComplianceOut(Schema):
    person_id: int
    year: int
    total_hours: str = Field(..., description="认定学时（已按各学习形式年度上限折减），一位小数")
    professional_hours: str
    public_hours: str
    credits: str
    required_total: str | None
    required_professional: str | None
    required_public: str | None
    degree_study: bool
    met: bool
    shortfalls: list[ShortfallOut]
    rule_version: str = Field(..., description="计算所依规则版本，如 2026-v2；未发布规则时为空")
    capped_forms: list[str]
    counted_record_ids: list[int]


class YearQuery(Schema):
    year: int = Field(None, ge=2000, le=2100, description="年度；缺省为今年")


def compliance_out(person_id: int, result: YearResult, record_ids: list[int]) -> dict:
    requirement = result.requirement
    return {
        "person_id": person_id,
        "year": result.year,
        "total_hours": format_hours(result.total_tenths),
        "professional_hours": format_hours(result.professional_tenths),
        "public_hours": format_hours(result.public_tenths),
        "credits": format_hours(result.credits_tenths),
        "required_total": format_hours(requirement.total_tenths) if requirement else None,
        "required_professional": format_hours(requirement.professional_min_tenths) if requirement else None,
        "required_public": format_hours(requirement.public_min_tenths) if requirement else None,
        "degree_study": result.degree_study,
        "met": result.met,
        "shortfalls": [{"code": s.code, "message": s.message} for s in result.shortfalls],
        "rule_version": result.rule_version,
        "capped_forms": result.capped_forms,
        "counted_record_ids": record_ids,
    }


@router.get("/people/{int:person_id}/compliance", response=ComplianceOut)
def person_compliance(request, person_id: ObjectId, query: Query[YearQuery]):
    person = person_visible_to(request.auth, person_id)
    year = query.year or timezone.localdate().year
    record_ids = list(counted_records(person, year).values_list("id", flat=True))
    return compliance_out(person.pk, compliance_for(person, year), record_ids)


class ComplianceRowOut(Schema):
    person_id: int = Field(..., alias="id")
    name: str
    id_number: str
    unit_name: str | None = Field(None, alias="unit.name")
    series: ProfessionalSeries
    level: TitleLevel
    total_hours: str
    professional_hours: str
    public_hours: str
    met: bool
    rule_version: str

    @staticmethod
    def resolve_id_number(person) -> str:
        return shown_id_number(person, full=False)

    @staticmethod
    def resolve_total_hours(person) -> str:
        return format_hours(person.total_tenths)

    @staticmethod
    def resolve_professional_hours(person) -> str:
        return format_hours(person.professional_tenths)

    @staticmethod
    def resolve_public_hours(person) -> str:
        return format_hours(person.public_tenths)


class ComplianceQuery(FilterSchema):
    year: int = Field(None, ge=2000, le=2100)
    q: Text = ""
    unit: ObjectId | None = None
    region: Text = ""
    series: ProfessionalSeries | None = None
    level: TitleLevel | None = None
    met: bool | None = None


@router.get("/compliance", response=list[ComplianceRowOut])
@paginate
def list_compliance(request, query: Query[ComplianceQuery]):
    filters = ComplianceFilters(
        people=PersonFilters(
            q=query.q,
            unit_id=query.unit,
            region_code=query.region,
            series=query.series or "",
            level=query.level or "",
        ),
        met=query.met,
    )
    return compliance_list(request.auth, query.year or timezone.localdate().year, filters)
