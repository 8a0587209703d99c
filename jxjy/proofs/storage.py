"""Issued PDFs, stored once under a random name and never rewritten."""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


class ProofFileDamaged(Exception):
    """The stored file no longer matches the digest taken at issue."""


@dataclass(frozen=True)
class StoredPdf:
    name: str
    sha256: str
    size: int


def store_pdf(data: bytes) -> StoredPdf:
    name = f"{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.pdf"
    path = pdf_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as file:  # "x": never overwrite an issued file
        file.write(data)
    return StoredPdf(name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def read_pdf(name: str, sha256: str) -> bytes:
    """The issued bytes, checked against their digest: what is served is what was issued."""
    data = pdf_path(name).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ProofFileDamaged(name)
    return data


def discard_pdf(name: str) -> None:
    """Remove a file whose proof was not saved after all."""
    pdf_path(name).unlink(missing_ok=True)


def pdf_path(name: str) -> Path:
    return Path(settings.JXJY_PROOFS_DIR) / name
