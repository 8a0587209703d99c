"""Valid citizen ID numbers and credit codes for tests and demo data, made with python-stdnum's
check-character functions (so they pass the same checks real codes do)."""

import datetime

from stdnum.cn import ric, uscc


def make_id_number(region_code: str, birth_date: datetime.date, serial: int, male: bool) -> str:
    """An 18-character ID number: region, birth date, a 3-digit serial whose parity gives the sex."""
    serial = (serial % 500) * 2 + (1 if male else 0)
    body = f"{region_code}{birth_date:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(
        body + "0"
    )  # stdnum reads a whole number and ignores its last character


def make_credit_code(region_code: str, serial: int, authority: str = "91") -> str:
    """An 18-character unified social credit code: authority and type (91 enterprise, 12 public
    institution, 51 social organisation, 11 government body), region, a 9-character body."""
    body = f"{authority}{region_code}{serial:09d}"
    return body + uscc.calc_check_digit(body)
