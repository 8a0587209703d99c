"""Citizen ID numbers (公民身份号码, GB 11643-1999), checked with python-stdnum.

Birth date and sex are read from the number, never typed: digits 7-14 are the birth date and the
17th digit is odd for men and even for women.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from jxjy.people.choices import Sex

_FULL_WIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"Ｘ": "X", "ｘ": "X"})


@dataclass(frozen=True)
class CitizenId:
    number: str
    birth_date: datetime.date
    sex: str


def normalize_id_number(raw: str) -> str:
    """Full-width digits, spaces and a lowercase x made into the 18 characters."""
    return "".join(str(raw).translate(_FULL_WIDTH).split()).upper()


def parse_id_number(raw: str) -> CitizenId:
    """The checked number with its birth date and sex, or a ValidationError that says what is wrong."""
    number = normalize_id_number(raw)
    if len(number) != 18:
        raise ValidationError(
            _("公民身份号码应为 18 位，实际为 %(n)d 位"), code="id_number_length", params={"n": len(number)}
        )
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise ValidationError(_("公民身份号码只能由数字和末位 X 组成"), code="id_number_format")
    # Not ric.validate(): it also demands that the county code existed in the birth year, which turns
    # away real people (天山区 650102 dates from 1983). The first six digits say where the number
    # was issued; only the check character and the birth date are checked.
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(_("公民身份号码校验位错误"), code="id_number_checksum")
    try:
        birth_date = ric.get_birth_date(number)
    except InvalidComponent:
        raise ValidationError(_("公民身份号码中的出生日期无效"), code="id_number_birth_date") from None
    if birth_date.year < 1900 or birth_date > datetime.date.today():  # noqa: DTZ011 - a calendar date, not a moment
        raise ValidationError(_("公民身份号码中的出生日期晚于今天"), code="id_number_birth_date")
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return CitizenId(number=number, birth_date=birth_date, sex=sex)


def mask_id_number(number: str) -> str:
    """6501**********1234: the first four and last four characters, the rest hidden."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
