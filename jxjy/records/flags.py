"""Implausible claims, flagged for the registrar (art. 14 registration is a check, not a rubber
stamp): full-day activities of one person on overlapping dates, more hours on a day than it holds."""

from django.db.models import Q, Sum

from jxjy.records.choices import RecordFlag, RecordStatus
from jxjy.rules.choices import CountingUnit
from jxjy.rules.models import ActivityRule

FULL_DAY_UNITS = (CountingUnit.DAY, CountingUnit.HALF_DAY)
DAY_HOURS_TENTHS = 240  # when the rule sets no limit, a day still holds no more than 24 hours
LIVE = (RecordStatus.SUBMITTED, RecordStatus.REGISTERED)


def flags_for(record, rule: ActivityRule, *, makeup: bool) -> list[str]:
    from jxjy.records.models import LearningRecord

    others = LearningRecord.objects.filter(person_id=record.person_id, status__in=LIVE).exclude(pk=record.pk)
    flags = []
    if makeup:
        flags.append(RecordFlag.MAKEUP)
    if record.counting_unit in FULL_DAY_UNITS:
        overlapping = others.filter(
            counting_unit__in=FULL_DAY_UNITS, start_date__lte=record.end_date, end_date__gte=record.start_date
        )
        if overlapping.exists():
            flags.append(RecordFlag.OVERLAPPING_DAYS)
    if record.counting_unit == CountingUnit.HOUR and _day_overloaded(record, rule, others):
        flags.append(RecordFlag.DAY_OVERLOADED)
    return [str(flag) for flag in flags]


def _day_overloaded(record, rule: ActivityRule, others) -> bool:
    limit = rule.max_per_day_tenths or DAY_HOURS_TENTHS
    days = (record.end_date - record.start_date).days + 1
    if record.quantity_tenths > limit * days:
        return True
    if days > 1:
        return False
    # One-day activities of the same day add up: two 6-hour classes on one day are 12 hours.
    same_day = others.filter(
        Q(start_date=record.start_date) & Q(end_date=record.start_date), counting_unit=CountingUnit.HOUR
    ).aggregate(total=Sum("quantity_tenths"))["total"]
    return bool(same_day) and record.quantity_tenths + same_day > limit
