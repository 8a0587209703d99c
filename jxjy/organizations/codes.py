"""Unified social credit codes (统一社会信用代码, GB 32100-2015), checked with python-stdnum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)

_FULL_WIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x41 + i) for i in range(26)}
)


def normalize_credit_code(raw: str) -> str:
    """What people type or paste (full-width characters, spaces, lowercase) made into the 18 characters."""
    return "".join(str(raw).translate(_FULL_WIDTH).split()).replace("-", "").upper()


def validate_credit_code(raw: str) -> str:
    """The normalized code, or a ValidationError that says in Chinese what is wrong with it."""
    code = normalize_credit_code(raw)
    try:
        return uscc.validate(code)
    except InvalidLength:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，实际为 %(n)d 位"),
            code="credit_code_length",
            params={"n": len(code)},
        ) from None
    except InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验位错误"), code="credit_code_checksum") from None
    except (InvalidFormat, InvalidComponent, StdnumError):
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符（不得含 I、O、Z、S、V）"), code="credit_code_format"
        ) from None
