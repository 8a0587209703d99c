"""Evidence files: PDF, JPG or PNG, recognised by their content (never by name or declared type),
size-limited, stored outside the database under a random name that cannot be guessed."""

import hashlib
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

KINDS = {"PDF": ("application/pdf", "pdf"), "JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
MAX_NAME = 200


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    content_type: str
    size: int
    sha256: str
    stored_name: str


def store_evidence(uploaded) -> StoredFile:
    """Check and store an uploaded file (a Django UploadedFile or any object with .name and .read())."""
    limit = settings.JXJY_EVIDENCE_MAX_BYTES
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise _error(_("文件超过大小上限（%(mb)s MB）") % {"mb": limit // (1024 * 1024)}, "file_too_large")
    if not data:
        raise _error(_("文件是空的"), "file_empty")
    kind = _kind_of(data)
    content_type, extension = KINDS[kind]
    stored_name = f"{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.{extension}"
    path = evidence_path(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return StoredFile(
        original_name=Path(uploaded.name or "evidence").name[-MAX_NAME:],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        stored_name=stored_name,
    )


def evidence_path(stored_name: str) -> Path:
    return Path(settings.JXJY_EVIDENCE_DIR) / stored_name


def discard(stored: StoredFile) -> None:
    """Remove a stored file whose record was not saved after all."""
    evidence_path(stored.stored_name).unlink(missing_ok=True)


def _kind_of(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        try:
            if len(PdfReader(io.BytesIO(data)).pages) > 0:
                return "PDF"
        except (PdfReadError, ValueError, KeyError, TypeError, RecursionError):
            pass
        raise _error(_("PDF 文件已损坏，无法打开"), "file_damaged")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise _error(_("只接受 PDF、JPG 或 PNG 文件"), "file_type_not_allowed") from None
    if kind not in KINDS:
        raise _error(_("只接受 PDF、JPG 或 PNG 文件"), "file_type_not_allowed")
    return kind


def _error(message: str, code: str) -> ValidationError:
    return ValidationError({"evidence": ValidationError(message, code=code)})
