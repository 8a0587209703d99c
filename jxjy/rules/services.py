"""Publishing a year's rules. Only the region HR department (at the jurisdiction's root node) and
the platform administrator set them; each publication is a new version, written to the audit log."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jxjy.access.choices import Role
from jxjy.access.scope import grants_of
from jxjy.audit.services import audit_write
from jxjy.people.choices import ProfessionalSeries, TitleLevel
from jxjy.regions.selectors import subtree_prefix_of
from jxjy.rules.choices import CountingUnit, StudyForm
from jxjy.rules.defaults import default_document
from jxjy.rules.hours import parse_hours
from jxjy.rules.models import ActivityRule, FormRule, Requirement, RuleSet


def rule_setting_role(user) -> str | None:
    """The role by which `user` may set the region's rules, or None."""
    root = subtree_prefix_of(settings.JXJY_JURISDICTION)
    for grant in grants_of(user):
        if grant.role == Role.PLATFORM_ADMIN:
            return grant.role
        if grant.role == Role.HR_OFFICER and grant.region_prefix == root:
            return grant.role
    return None


def ruleset_publish(*, actor, year: int, document: dict[str, Any], reason: str = "") -> RuleSet:
    """Write `document` as the next version of `year`'s rules, then recount the year's compliance
    (the results say which version they used, so nothing changes silently)."""
    role = rule_setting_role(actor) if actor is not None else Role.PLATFORM_ADMIN
    if role is None:
        raise PermissionDenied(_("只有自治区人力资源社会保障部门可以制定学时规则"))
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": ValidationError(_("年度超出范围"), code="invalid_year")})
    forms, activities, requirements = _parse_document(document)
    with transaction.atomic():
        latest = RuleSet.objects.select_for_update().filter(year=year).order_by("-version").first()
        ruleset = RuleSet.objects.create(
            year=year, version=(latest.version + 1) if latest else 1, reason=reason[:200], created_by=actor
        )
        FormRule.objects.bulk_create(FormRule(ruleset=ruleset, **row) for row in forms)
        ActivityRule.objects.bulk_create(ActivityRule(ruleset=ruleset, **row) for row in activities)
        Requirement.objects.bulk_create(Requirement(ruleset=ruleset, **row) for row in requirements)
        audit_write(actor=actor, role=role, action="rules.publish", obj=ruleset, after=document)
        from jxjy.compliance.services import totals_recount_year  # the ledger depends on the rules

        totals_recount_year(year=year)
    return ruleset


def ruleset_ensure_default(*, year: int) -> RuleSet:
    """The year's rules, publishing the defaults (as the system) when none exist: demo and set-up."""
    existing = RuleSet.objects.filter(year=year).order_by("-version").first()
    return existing or ruleset_publish(actor=None, year=year, document=default_document(year))


def _parse_document(document: dict[str, Any]) -> tuple[list, list, list]:
    errors: dict[str, list] = {}
    forms = _rows(document, "forms", _form_row, errors)
    activities = _rows(document, "activities", _activity_row, errors)
    requirements = _rows(document, "requirements", _requirement_row, errors)
    if not errors:
        _check_whole(forms, activities, requirements, errors)
    if errors:
        raise ValidationError(errors)
    return forms, activities, requirements


def _rows(document, key, parse, errors) -> list[dict]:
    rows = document.get(key)
    if not isinstance(rows, list):
        errors.setdefault(key, []).append(ValidationError(_("应为列表"), code="invalid"))
        return []
    parsed = []
    for index, row in enumerate(rows):
        try:
            if not isinstance(row, dict):
                raise ValidationError({"": ValidationError(_("应为对象"), code="invalid")})
            parsed.append(parse(row))
        except ValidationError as error:
            for field, messages in error.error_dict.items():
                errors.setdefault(f"{key}.{index}.{field}".rstrip("."), []).extend(messages)
    return parsed


def _choice(row, field, choices, blank=False) -> str:
    value = row.get(field, "")
    if (blank and value in ("", None)) or value in choices.values:
        return value or ""
    raise ValidationError({field: ValidationError(_("不是允许的取值"), code="invalid_choice")})


def _optional_hours(row, field) -> int | None:
    value = row.get(field)
    return None if value in (None, "") else parse_hours(value, field)


def _date(row, field, optional=False) -> datetime.date | None:
    value = row.get(field)
    if optional and value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            {field: ValidationError(_("日期格式应为 YYYY-MM-DD"), code="invalid_date")}
        ) from None


def _form_row(row) -> dict:
    return {
        "form": _choice(row, "form", StudyForm),
        "annual_cap_tenths": _optional_hours(row, "annual_cap"),
        "evidence_required": bool(row.get("evidence_required", True)),
    }


def _activity_row(row) -> dict:
    code = str(row.get("code", "")).strip()
    name = str(row.get("name", "")).strip()
    if not code or len(code) > 40 or not code.replace("_", "").isalnum() or not code.isascii():
        raise ValidationError({"code": ValidationError(_("代码应为英文字母、数字或下划线"), code="invalid")})
    if not name or len(name) > 100:
        raise ValidationError({"name": ValidationError(_("请填写名称（100字以内）"), code="invalid")})
    return {
        "code": code,
        "name": name,
        "form": _choice(row, "form", StudyForm),
        "unit": _choice(row, "unit", CountingUnit),
        "per_unit_tenths": parse_hours(row.get("per_unit", "0"), "per_unit"),
        "national_tenths": parse_hours(row.get("national", "0"), "national"),
        "regional_tenths": parse_hours(row.get("regional", "0"), "regional"),
        "local_tenths": parse_hours(row.get("local", "0"), "local"),
        "max_per_day_tenths": _optional_hours(row, "max_per_day"),
    }


def _requirement_row(row) -> dict:
    return {
        "series": _choice(row, "series", ProfessionalSeries, blank=True),
        "level": _choice(row, "level", TitleLevel, blank=True),
        "total_tenths": parse_hours(row.get("total", ""), "total"),
        "professional_min_tenths": parse_hours(row.get("professional_min", ""), "professional_min"),
        "public_min_tenths": parse_hours(row.get("public_min", ""), "public_min"),
        "hours_per_credit_tenths": parse_hours(row.get("hours_per_credit", "1.0"), "hours_per_credit"),
        "degree_counts_as_met": bool(row.get("degree_counts_as_met", True)),
        "registration_deadline": _date(row, "registration_deadline"),
        "makeup_until": _date(row, "makeup_until", optional=True),
    }


def _check_whole(forms, activities, requirements, errors) -> None:
    """Rules that span rows: each form and code once, a default requirement, minimums within the total."""
    if len({row["form"] for row in forms}) != len(forms):
        errors["forms"] = [ValidationError(_("同一学习形式只能出现一次"), code="duplicate")]
    if len({row["code"] for row in activities}) != len(activities):
        errors["activities"] = [ValidationError(_("活动代码不能重复"), code="duplicate")]
    keys = [(row["series"], row["level"]) for row in requirements]
    if ("", "") not in keys:
        errors["requirements"] = [ValidationError(_("须包含一条适用于全体人员的要求"), code="no_default")]
    elif len(set(keys)) != len(keys):
        errors["requirements"] = [ValidationError(_("同一系列和级别的要求只能有一条"), code="duplicate")]
    for index, row in enumerate(requirements):
        if row["professional_min_tenths"] + row["public_min_tenths"] > row["total_tenths"]:
            errors[f"requirements.{index}.total"] = [
                ValidationError(
                    _("专业科目与公需科目最低学时之和不能超过总学时"), code="minimums_exceed_total"
                )
            ]
        if row["hours_per_credit_tenths"] == 0:
            errors[f"requirements.{index}.hours_per_credit"] = [
                ValidationError(_("每学分学时须大于 0"), code="invalid_hours")
            ]
        if row["makeup_until"] and row["makeup_until"] < row["registration_deadline"]:
            errors[f"requirements.{index}.makeup_until"] = [
                ValidationError(_("补登截止日期不能早于登记截止日期"), code="invalid_date")
            ]
