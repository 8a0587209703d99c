"""Deleting the files of jobs finished long ago. An import's folder holds the upload as received, with
the full ID numbers of everyone in it, and its reports; an export's, the list it wrote. They are kept
for download JXJY_JOB_FILES_DAYS after the job finished, then deleted by `jobs_purge` (from cron, and
at worker start in `make run`): personal data is not kept longer than its purpose needs, and a
million-row job's folder is a few hundred megabytes.

The job's row stays (its counts, its first errors, who ran it and when), with `files_purged_at` set
and no report path; each deletion writes an audit entry. A folder no job names (an upload whose job
was never written: the database failed, the disk filled halfway) goes too, a day after it was made."""

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jxjy.audit.services import audit_write
from jxjy.jobs.choices import FINISHED
from jxjy.jobs.files import folder_of, jobs_dir
from jxjy.jobs.models import Job

logger = logging.getLogger(__name__)
ORPHAN_AFTER = timedelta(days=1)  # a folder's job row is written within a second of the folder


@dataclass
class Purged:
    jobs: int = 0
    bytes: int = 0
    orphans: int = 0  # folders no job names


def files_kept_until(job: Job) -> datetime | None:
    """When a finished job's files are deleted; None while it runs, or once they are."""
    if job.finished_at is None or job.files_purged_at is not None:
        return None
    return job.finished_at + timedelta(days=settings.JXJY_JOB_FILES_DAYS)


def jobs_purge(*, now: datetime | None = None) -> Purged:
    """Delete the folders of the jobs that finished JXJY_JOB_FILES_DAYS or more before `now`."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.JXJY_JOB_FILES_DAYS)
    due = Job.objects.filter(status__in=FINISHED, finished_at__lte=cutoff, files_purged_at__isnull=True)
    purged = Purged()
    for job in due.order_by("id").iterator():
        with transaction.atomic():
            # Conditional: two purges at once delete each folder once, and write one entry for it.
            if not Job.objects.filter(pk=job.pk, files_purged_at__isnull=True).update(
                files_purged_at=now, report_path=""
            ):
                continue
            freed = _delete_folder(job)
            audit_write(
                actor=None,
                role="system",
                action="job.files_purged",
                obj=job,
                after={"bytes": freed, "finished_at": job.finished_at.isoformat()},
            )
        purged.jobs += 1
        purged.bytes += freed
    _purge_orphans(now, purged)
    return purged


def _purge_orphans(now: datetime, purged: Purged) -> None:
    root = jobs_dir()
    if not root.is_dir():
        return
    named = {path.split("/", 1)[0] for path in Job.objects.values_list("upload_path", flat=True).iterator()}
    made_before = (now - ORPHAN_AFTER).timestamp()
    for folder in root.iterdir():
        if folder.is_dir() and folder.name not in named and folder.stat().st_mtime < made_before:
            freed = _delete(folder)
            logger.info("deleted the folder %s, which no job names (%s bytes)", folder.name, freed)
            purged.orphans += 1
            purged.bytes += freed


def _delete_folder(job: Job) -> int:
    """The job's own folder, and nothing outside the jobs folder whatever its path says; the bytes
    it held (0 when it is gone already)."""
    folder = folder_of(job.upload_path).resolve()
    if folder.parent != jobs_dir().resolve() or not folder.is_dir():
        return 0
    return _delete(folder)


def _delete(folder: Path) -> int:
    size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    shutil.rmtree(folder)
    return size
