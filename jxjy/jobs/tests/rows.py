"""A job row written straight to the table (no file, no worker): for scope tests elsewhere. A job a
worker is at work on, a finished import whose reports lie on disk, and a stopped worker's live file."""

import os
import secrets
import time

from django.utils import timezone

from jxjy.jobs.choices import JobKind, JobStatus
from jxjy.jobs.files import REFUSED_ROWS, REPORT, folder_of
from jxjy.jobs.live import LIVE, live_write
from jxjy.jobs.models import Job


def job_row(user, organization, **fields) -> Job:
    values = {
        "kind": JobKind.IMPORT_RECORDS,
        "status": JobStatus.DONE,
        "created_by": user,
        "organization": organization,
        "role": "base_registrar",
        "mode": "valid",
        "file_name": "结业名单.csv",
        "upload_path": "missing/结业名单.csv",
        "sha256": "0" * 64,
        "result": {"rows": 0},
    }
    return Job.objects.create(**(values | fields))


def reported_job_row(user, organization, **fields) -> Job:
    """A finished import whose report and refused rows lie on disk (their bytes are no workbook): a
    not-found for them is the scope's answer, not a missing file's."""
    folder = secrets.token_hex(8)
    job = job_row(
        user,
        organization,
        **({"upload_path": f"{folder}/结业名单.csv", "report_path": f"{folder}/{REPORT}"} | fields),
    )
    folder_of(job.upload_path).mkdir(parents=True)
    for name in (REPORT, REFUSED_ROWS):
        (folder_of(job.upload_path) / name).write_bytes(b"report of job %d" % job.pk)
    return job


def running_job_row(user, organization, live_rows: int | None = None, **fields) -> Job:
    """A job a worker is at work on: its row says no rows done yet (in modes check and all it stays so
    until the end), its live file (jobs.live) says `live_rows`, when given."""
    values = {"status": JobStatus.RUNNING, "rows_done": 0, "started_at": timezone.now(), "result": {}}
    job = job_row(user, organization, **(values | fields))
    folder_of(job.upload_path).mkdir(parents=True, exist_ok=True)
    if live_rows is not None:
        live_write(job, live_rows)
    return job


def age_live_file(job: Job, minutes: int) -> None:
    """As a worker that stopped `minutes` ago leaves it: its live file (jobs.live) last written then."""
    path = folder_of(job.upload_path) / LIVE
    if path.exists():
        moment = time.time() - minutes * 60
        os.utime(path, (moment, moment))
