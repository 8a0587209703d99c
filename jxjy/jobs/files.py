"""Where a job keeps its files: DATA_DIR/jobs/<random>/, holding the upload as received (under its
own, cleaned name, so the audit entries of the import name the file the clerk knows), the outcome of
each processed row, and the reports built at the end. Served only through views that check scope."""

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.text import get_valid_filename

OUTCOMES = "outcomes.jsonl"
REPORT = "导入结果报告.xlsx"
REFUSED_ROWS = "错误行.xlsx"  # after an import that kept its good rows: the refused rows alone
STOP = "stop"  # present once the job is asked to stop (jobs.services.job_stop); the worker looks for it


def jobs_dir() -> Path:
    return Path(settings.DATA_DIR) / "jobs"


def job_file(relative: str) -> Path:
    return jobs_dir() / relative


def folder_of(upload_path: str) -> Path:
    return job_file(upload_path).parent


def stop_mark(upload_path: str) -> Path:
    return folder_of(upload_path) / STOP


def store_upload(uploaded) -> tuple[str, str]:
    """Copy the uploaded file into a new folder of its own; returns (path under jobs_dir, sha256)."""
    folder = secrets.token_hex(16)
    name = _safe_name(uploaded.name)
    target = jobs_dir() / folder / name
    target.parent.mkdir(parents=True, exist_ok=False)
    digest = hashlib.sha256()
    with open(target, "wb") as out:
        for chunk in uploaded.chunks():
            digest.update(chunk)
            out.write(chunk)
    return f"{folder}/{name}", digest.hexdigest()


def new_output(name: str) -> str:
    """A new folder for a file a job will write (an export); returns its path under jobs_dir."""
    folder = secrets.token_hex(16)
    (jobs_dir() / folder).mkdir(parents=True, exist_ok=False)
    return f"{folder}/{_safe_name(name)}"


def _safe_name(name: str) -> str:
    base = Path(name or "").name
    try:
        cleaned = get_valid_filename(base)[:120]
    except Exception:  # SuspiciousFileOperation for a name that cleans to nothing
        cleaned = ""
    return cleaned if cleaned and cleaned not in (OUTCOMES, REPORT, REFUSED_ROWS, STOP) else "upload"
