from django import template

from jxjy.records.choices import RecordFlag
from jxjy.rules.hours import format_hours

register = template.Library()
FLAG_NAMES = dict(RecordFlag.choices)


@register.filter
def hours(tenths: int | None) -> str:
    """Tenths of an hour as people read them: 125 → '12.5'; nothing → '—'."""
    return format_hours(tenths) if tenths is not None else "—"


@register.filter
def flag_name(flag: str) -> str:
    return str(FLAG_NAMES.get(flag, flag))
