"""Verification codes and the public addresses built from them."""

import base64
import re
import secrets

from django.conf import settings

CODE_BYTES = 12  # 96 random bits; base32 without padding: 20 characters, A-Z and 2-7
CODE_PATTERN = re.compile(r"^[A-Z2-7]{20}$")


def new_code() -> str:
    """Random, not derived from any id: nobody can count through proofs or guess the next one."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii").rstrip("=")


def normalize_code(raw: str) -> str:
    """A code as typed from paper: case, spaces and hyphens do not matter. '' when it cannot be one."""
    code = re.sub(r"[\s\-]", "", str(raw)).upper()
    return code if CODE_PATTERN.match(code) else ""


def verify_url(code: str) -> str:
    return f"{settings.JXJY_PUBLIC_BASE_URL}/verify/{code}"


def pdf_url(code: str) -> str:
    return f"{settings.JXJY_PUBLIC_BASE_URL}/proofs/{code}.pdf"
