"""Checking what a record claims against the rules of its year, and counting its hours. One place
for the self-report form, the API, a CE base's issued certificates and (later) bulk imports."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.catalogue.choices import SubjectKind
from jxjy.rules.choices import CountingUnit, StudyForm
from jxjy.rules.models import ActivityRule, RuleSet
from jxjy.rules.selectors import activity_rule, requirement_for, ruleset_in_force


@dataclass(frozen=True)
class Claim:
    ruleset: RuleSet
    rule: ActivityRule
    claimed_tenths: int
    makeup: bool  # submitted after the year's registration deadline, inside its make-up window


def check_claim(record, *, today: datetime.date | None = None, rulesets=ruleset_in_force) -> Claim:
    """Validate `record`'s fields that depend on the rules (year, activity, quantity, level, subject)
    and count its hours. Raises one ValidationError naming every field at fault. `rulesets` gives a
    year's rules in force (an import passes a cached lookup: one query per year, not per row)."""
    today = today or timezone.localdate()
    errors: dict[str, list] = {}

    def fail(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if record.start_date and record.end_date:
        if record.end_date < record.start_date:
            fail("end_date", _("结束日期不能早于开始日期"), "dates_reversed")
        if record.end_date > today:
            fail("end_date", _("学习尚未结束，结束后再申报"), "in_future")
        if record.year is None:
            record.year = record.end_date.year
        elif record.year > record.end_date.year:
            fail("year", _("计入年度不能晚于学习结束的年度"), "year_after_study")
    if errors or record.year is None:
        raise ValidationError(errors or {"end_date": [ValidationError(_("请填写日期"), code="required")]})
    ruleset = rulesets(record.year)
    if ruleset is None:
        fail("year", _("%(year)s 年度学时规则尚未发布") % {"year": record.year}, "no_rules")
        raise ValidationError(errors)
    rule = _rule_for(record, ruleset, fail)
    makeup = _within_window(record, ruleset, today, fail)
    if record.subject_kind != SubjectKind.PUBLIC and record.public_category:
        fail("public_category", _("只有公需科目需要选择内容类别"), "not_public")
    if errors:
        raise ValidationError(errors)
    return Claim(ruleset=ruleset, rule=rule, claimed_tenths=hours_of(record, rule), makeup=makeup)


def hours_of(record, rule: ActivityRule) -> int:
    """The record's hours in tenths, by the activity's counting unit."""
    if rule.unit == CountingUnit.ITEM:
        per_item = {
            "national": rule.national_tenths,
            "regional": rule.regional_tenths,
            "local": rule.local_tenths,
        }[record.item_level]
        return record.quantity_tenths * per_item // 10
    if rule.unit == CountingUnit.YEAR:
        return 0  # art. 13: the year counts as met; the hours themselves are not counted
    return record.quantity_tenths * rule.per_unit_tenths // 10


def _rule_for(record, ruleset: RuleSet, fail) -> ActivityRule | None:
    """The activity named, or the first activity of the record's form when none is named."""
    if record.activity:
        rule = activity_rule(ruleset, record.activity)
        if rule is None:
            fail("activity", _("该年度规则中没有此学时折算项目"), "unknown_activity")
            return None
        if record.form and record.form != rule.form:
            fail("activity", _("学时折算项目与学习形式不符"), "activity_form_mismatch")
            return None
    else:
        rule = next((r for r in ruleset.activity_rules.all() if r.form == record.form), None)
        if rule is None:
            fail("form", _("该年度规则未规定此学习形式的学时折算"), "form_not_counted")
            return None
    record.activity, record.form, record.counting_unit = rule.code, rule.form, rule.unit
    if rule.unit == CountingUnit.YEAR:
        record.quantity_tenths = 10
    if record.quantity_tenths <= 0:
        fail("quantity", _("数量须大于 0"), "quantity_not_positive")
    if rule.unit == CountingUnit.ITEM and not record.item_level:
        fail("item_level", _("请选择级别（国家级、自治区级或地方级）"), "item_level_required")
    whole_units = (CountingUnit.HALF_DAY, CountingUnit.DAY, CountingUnit.ITEM, CountingUnit.COURSE)
    if rule.unit in whole_units and record.quantity_tenths % 10:
        fail("quantity", _("数量应为整数"), "quantity_not_whole")
    if rule.unit == CountingUnit.DAY and record.quantity_tenths // 10 > _days(record):
        fail("quantity", _("天数超过了开始与结束日期之间的天数"), "days_exceed_dates")
    if record.form == StudyForm.DEGREE and record.subject_kind != SubjectKind.PROFESSIONAL:
        record.subject_kind = SubjectKind.PROFESSIONAL
    return rule


def _within_window(record, ruleset: RuleSet, today: datetime.date, fail) -> bool:
    """Records for a year are registered until its deadline; after it, only inside the make-up window
    (flagged as make-up); after that, refused. Studying this year for a past year (补学) counts as
    make-up too."""
    requirement = requirement_for(ruleset, record.person.series, record.person.level)
    late = today > requirement.registration_deadline or record.year < record.end_date.year
    if not late:
        return False
    if requirement.makeup_until is None or today > requirement.makeup_until:
        fail("year", _("%(year)s 年度的登记和补登已截止") % {"year": record.year}, "registration_closed")
    return True


def _days(record) -> int:
    return (record.end_date - record.start_date).days + 1
