"""The year's rules over the API: anyone may read them (they are the region's published rules);
only the region HR department writes them, each PUT a new version."""

import datetime

from django.http import Http404
from ninja import Field, Router, Schema

from jxjy.config.api_types import Text
from jxjy.rules.hours import format_hours
from jxjy.rules.models import RuleSet
from jxjy.rules.selectors import ruleset_in_force
from jxjy.rules.services import ruleset_publish

router = Router(tags=["学时规则 rules"])


class FormRuleDoc(Schema, extra="forbid"):
    form: str
    annual_cap: str | None = Field(None, description="年度上限学时；null 为不设上限")
    evidence_required: bool = True


class ActivityDoc(Schema, extra="forbid"):
    code: Text = Field(..., max_length=40)
    form: str
    name: Text = Field(..., max_length=100)
    unit: str = Field(..., description="hour / half_day / day / item / course / year")
    per_unit: str = "0.0"
    national: str = "0.0"
    regional: str = "0.0"
    local: str = "0.0"
    max_per_day: str | None = None


class RequirementDoc(Schema, extra="forbid"):
    series: str = ""
    level: str = ""
    total: str
    professional_min: str
    public_min: str
    hours_per_credit: str = "1.0"
    degree_counts_as_met: bool = True
    registration_deadline: str
    makeup_until: str | None = None


class RulesIn(Schema, extra="forbid"):
    reason: Text = Field("", max_length=200, description="修订说明")
    forms: list[FormRuleDoc] = Field(..., max_length=20)
    activities: list[ActivityDoc] = Field(..., max_length=200)
    requirements: list[RequirementDoc] = Field(..., max_length=500)


class RulesOut(RulesIn):
    year: int
    version: int
    rule_version: str
    created_at: datetime.datetime


def rules_out(ruleset: RuleSet) -> dict:
    return {
        "year": ruleset.year,
        "version": ruleset.version,
        "rule_version": ruleset.label,
        "reason": ruleset.reason,
        "created_at": ruleset.created_at,
        "forms": [
            {
                "form": r.form,
                "annual_cap": format_hours(r.annual_cap_tenths),
                "evidence_required": r.evidence_required,
            }
            for r in ruleset.form_rules.all()
        ],
        "activities": [
            {
                "code": r.code,
                "form": r.form,
                "name": r.name,
                "unit": r.unit,
                "per_unit": format_hours(r.per_unit_tenths),
                "national": format_hours(r.national_tenths),
                "regional": format_hours(r.regional_tenths),
                "local": format_hours(r.local_tenths),
                "max_per_day": format_hours(r.max_per_day_tenths),
            }
            for r in ruleset.activity_rules.all()
        ],
        "requirements": [
            {
                "series": r.series,
                "level": r.level,
                "total": format_hours(r.total_tenths),
                "professional_min": format_hours(r.professional_min_tenths),
                "public_min": format_hours(r.public_min_tenths),
                "hours_per_credit": format_hours(r.hours_per_credit_tenths),
                "degree_counts_as_met": r.degree_counts_as_met,
                "registration_deadline": r.registration_deadline.isoformat(),
                "makeup_until": r.makeup_until.isoformat() if r.makeup_until else None,
            }
            for r in ruleset.requirements.all()
        ],
    }


@router.get("/{int:year}", response=RulesOut, auth=None)
def get_rules(request, year: int):
    ruleset = ruleset_in_force(year) if 2000 <= year <= 2100 else None
    if ruleset is None:
        raise Http404
    return rules_out(ruleset)


@router.put("/{int:year}", response=RulesOut)
def put_rules(request, year: int, payload: RulesIn):
    document = payload.dict(exclude={"reason"})
    ruleset = ruleset_publish(actor=request.auth, year=year, document=document, reason=payload.reason)
    return rules_out(ruleset_in_force(ruleset.year))
