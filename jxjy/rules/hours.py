"""Hours are kept as integer tenths of an hour: exact sums on every database. These turn them into
the decimal strings people read and type ("12.5") and back."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_HOURS = re.compile(r"^[0-9]{1,6}(\.[0-9])?$")


def parse_hours(text: str | int | float, field: str = "hours") -> int:
    """'12.5' → 125. At most one decimal place; never negative. Raises a field error."""
    # Full-width digits and point (１２．５) are what a Chinese input method types: read them as such.
    value = unicodedata.normalize("NFKC", str(text)).strip()
    if value.endswith(".0") or (value.endswith("0") and "." in value):
        value = value.rstrip("0").rstrip(".") or "0"
    if not _HOURS.match(value):
        raise ValidationError(
            {field: ValidationError(_("学时应为不小于 0 的数，最多一位小数"), code="invalid_hours")}
        )
    whole, _dot, tenth = value.partition(".")
    return int(whole) * 10 + int(tenth or 0)


def format_hours(tenths: int | None) -> str | None:
    """125 → '12.5'; -30 → '-3.0'."""
    if tenths is None:
        return None
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    return f"{sign}{whole}.{tenth}"
