"""Normalisers for one cell of an imported row.

Each takes what the reader gave (a str from CSV; str, float, int, bool, date, datetime or None from
XLSX) and returns the clean value, None for an empty cell, or raises CellError; the caller adds the
row and the column (CellError.at). Whether an empty cell is allowed is the caller's call
(CellError("required")).

They run millions of times per import: the common clean value goes through a fast path with no
regular expression, no Unicode normalisation and no exception; the rest takes the slow path, which
also works out what went wrong.
"""

import datetime
import decimal
import math
import re
import unicodedata
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from jxjy.imports.errors import CellError
from jxjy.people.id_numbers import parse_id_number
from jxjy.rules.hours import parse_hours

# What Excel leaves in a cell whose formula failed, and calamine or a CSV passes on as text.
FORMULA_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!"}
    | {"#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!"}
)
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_HOURS_TENTHS = 9_999_999  # parse_hours takes at most six whole digits

_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]*)?[eE]\+?[0-9]{1,3}")
_DATE_TEXT = re.compile(
    r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*[日号]?"
    r"(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
_DATE_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_DECIMAL = re.compile(r"[0-9]{1,7}(?:\.[0-9]+)?")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 61 is 1900-03-01: Excel counts a 1900-02-29
_MAX_SERIAL = 2_958_465  # 9999-12-31
_SURELY_PAST = int(f"{datetime.date.today() - datetime.timedelta(days=1):%Y%m%d}")  # noqa: DTZ011


def _clean_str(value: str) -> str | None:
    """Stripped text (full-width spaces too), or None; refuses formula errors and decoding damage."""
    text = value.strip()
    if not text:
        return None
    if text[0] == "#" and text in FORMULA_ERRORS:
        raise CellError("formula_error", value=text)
    if "\ufffd" in text:
        raise CellError("encoding_damaged")
    return text


def _nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation (what a Chinese input method types) made ASCII."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _is_number(value) -> bool:
    return (value.__class__ is float or value.__class__ is int) and value.__class__ is not bool


# --- 公民身份号码 ---------------------------------------------------------------------------------


def id_number(value) -> str | None:
    """The 18-character citizen ID number, checked as jxjy.people.id_numbers does."""
    if value.__class__ is str and len(value) == 18 and value.isascii() and value[:17].isdigit():
        number = value if value[17] != "x" else value[:17] + "X"
        if _valid_clean_id(number):
            return number
    return _id_number_slow(value)


def _valid_clean_id(number: str) -> bool:
    """The fast check of an already clean number; False sends it to the slow path for the reason."""
    check = (1 - 2 * int(number[:17], 13)) % 11  # GB 11643, as stdnum.cn.ric.calc_check_digit
    if number[17] != ("X" if check == 10 else chr(48 + check)):
        return False
    birth = int(number[6:14])
    year, month, day = birth // 10000, birth // 100 % 100, birth % 100
    if year < 1900 or not 1 <= month <= 12 or not 1 <= day <= 31:
        return False
    if day > 28 and (month == 2 or day == 31) and day > _month_days(year, month):
        return False
    if birth <= _SURELY_PAST:  # before yesterday at import time: no need to ask the clock
        return True
    return datetime.date(year, month, day) <= datetime.date.today()  # noqa: DTZ011 - a calendar date


def _month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _id_number_slow(value) -> str | None:
    if value is None:
        return None
    if _is_number(value):
        if not math.isfinite(value) or abs(value) >= 1e15 or value != int(value):
            raise CellError("id_number_as_number", shown=_excel_shown(value))
        text = str(int(value))  # a short number: let the length check say what is wrong
    else:
        text = _clean_str(value) if value.__class__ is str else str(value).strip()
        if text is None:
            return None
        if _SCIENTIFIC.fullmatch("".join(_nfkc(text).split())):
            raise CellError("id_number_scientific", value=text)
    try:
        return parse_id_number(text).number
    except ValidationError as error:
        if error.code == "id_number_checksum" and text.isdigit() and text.endswith("000"):
            # Excel keeps 15 significant digits: a number column saved as CSV ends in 000.
            raise CellError("id_number_as_number", shown=text) from None
        raise CellError(error.code, message=error.messages[0]) from None


def _excel_shown(value: float) -> str:
    """The number as Excel shows it in a number-formatted cell: 15 significant digits."""
    if not math.isfinite(value):
        return str(value)
    return str(int(decimal.Decimal(f"{value:.15g}"))) if abs(value) >= 1 else f"{value:.15g}"


# --- 日期 ----------------------------------------------------------------------------------------


def date(value) -> datetime.date | None:
    """A calendar date from a date cell, an Excel serial number, or text in the common Chinese forms."""
    cls = value.__class__
    if cls is datetime.datetime:
        return _in_range(value.date(), value)
    if cls is datetime.date:
        return _in_range(value, value)
    if cls is str and len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        year, month, day = value[:4], value[5:7], value[8:]
        if year.isdigit() and month.isdigit() and day.isdigit():
            return _make_date(int(year), int(month), int(day), value)
    return _date_slow(value)


def _date_slow(value) -> datetime.date | None:
    if value is None:
        return None
    if _is_number(value):
        return _from_serial(value)
    if value.__class__ is not str:
        raise CellError("date_invalid", value=str(value))
    text = _clean_str(value)
    if text is None:
        return None
    compact = " ".join(_nfkc(text).split())
    match = _DATE_TEXT.fullmatch(compact) or _DATE_COMPACT.fullmatch(compact)
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]), text)
    if compact.isdigit() and len(compact) == 5:
        return _from_serial(int(compact))  # a serial number that came through a CSV
    raise CellError("date_invalid", value=text)


def _from_serial(serial: float) -> datetime.date:
    if not math.isfinite(serial) or not 1 <= serial <= _MAX_SERIAL or 60 <= serial < 61:
        raise CellError("date_invalid", value=f"{serial:g}")  # serial 60 is Excel's 1900-02-29
    days = int(serial)
    day = _EXCEL_EPOCH + datetime.timedelta(days=days if days > 60 else days + 1)
    return _in_range(day, f"{serial:g}")


def _make_date(year: int, month: int, day: int, shown) -> datetime.date:
    try:
        result = datetime.date(year, month, day)
    except ValueError:
        raise CellError("date_invalid", value=str(shown)) from None
    return _in_range(result, shown)


def _in_range(day: datetime.date, shown) -> datetime.date:
    if MIN_YEAR <= day.year <= MAX_YEAR:
        return day
    raise CellError("date_out_of_range", value=str(shown))


# --- 学时 ----------------------------------------------------------------------------------------


def hours(value) -> int | None:
    """Hours as integer tenths (7.5 → 75): never negative, at most one decimal place."""
    cls = value.__class__
    if cls is str:
        if value.isascii() and value.isdigit() and len(value) <= 6:
            return int(value) * 10
        return _hours_text(value)
    if cls is int:
        if 0 <= value <= MAX_HOURS_TENTHS // 10:
            return value * 10
        raise CellError("hours_invalid", value=str(value))
    if cls is float:
        return _hours_number(value, value)
    if value is None:
        return None
    raise CellError("hours_invalid", value=str(value))


def _hours_text(value: str) -> int | None:
    text = _clean_str(value)
    if text is None:
        return None
    plain = _nfkc(text).removesuffix("学时").removesuffix("小时").strip()
    try:
        return parse_hours(plain)
    except ValidationError:
        pass
    if _DECIMAL.fullmatch(plain):  # 7.499999999: float noise that came through a CSV
        return _hours_number(float(plain), text)
    raise CellError("hours_invalid", value=text)


def _hours_number(number: float, shown) -> int:
    if 0 <= number <= MAX_HOURS_TENTHS / 10:  # also refuses NaN
        number = round(number, 6)  # Excel's float noise: 7.499999999 is 7.5
        tenths = round(number * 10)
        if abs(number * 10 - tenths) < 1e-6:
            return tenths
    raise CellError("hours_invalid", value=f"{shown:g}" if isinstance(shown, float) else str(shown))


# --- 文本与选项 ----------------------------------------------------------------------------------


def text(value, max_length: int) -> str | None:
    """Text with inner whitespace made single spaces (full-width too); None when empty."""
    if value.__class__ is str:
        result = " ".join(value.split())
        if not result:
            return None
        if result[0] == "#" and result in FORMULA_ERRORS:
            raise CellError("formula_error", value=result)
        if "\ufffd" in result:
            raise CellError("encoding_damaged")
        if "\x00" in result:
            result = result.replace("\x00", "")  # PostgreSQL refuses NUL in text
    elif value is None:
        return None
    else:
        result = _text_of_value(value)
    if len(result) > max_length:
        raise CellError("text_too_long", max_length=max_length, length=len(result))
    return result


def _text_of_value(value) -> str:
    """A typed XLSX cell as the text a person sees in it."""
    if value.__class__ is bool:
        return "TRUE" if value else "FALSE"
    if value.__class__ is float:
        if not math.isfinite(value) or not value.is_integer():
            return f"{value:.15g}"
        if abs(value) >= 1e15:  # a certificate number typed into a number cell: digits lost
            raise CellError("text_as_number", shown=_excel_shown(value))
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def choice(value, choices: dict[str, str], labels: Sequence[str]) -> str | None:
    """The code for a code or a name of it in `choices` (the templates' drop-downs show the labels).
    A refusal lists the `labels`, each quoted: a label may itself hold "、" ("进修班、培训班、研修班")."""
    given = text(value, 200)
    if given is None:
        return None
    code = choices.get(given)
    if code is not None:
        return code
    folded = _nfkc(given).casefold()
    for key, code in choices.items():
        if _nfkc(str(key)).casefold() == folded:
            return code
    raise CellError("choice_invalid", value=given, allowed="、".join(f"“{label}”" for label in labels))
