"""Background jobs over the API: the caller's jobs, and a job's status and progress, polled by
scripts as the page polls."""

from datetime import datetime

from django.urls import reverse
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from jxjy.config.api_types import ObjectId, Text
from jxjy.jobs.choices import JobKind, JobStage, JobStatus
from jxjy.jobs.models import Job
from jxjy.jobs.purge import files_kept_until
from jxjy.jobs.selectors import job_visible_or_404, jobs_listed, progress_of, refused_rows_file
from jxjy.jobs.services import job_stop

router = Router(tags=["后台任务 jobs"])


def _progress(job: Job) -> dict:
    """progress_of once per job, however many fields ask (a running job's reads its live file)."""
    if not hasattr(job, "_shown_progress"):
        job._shown_progress = progress_of(job)
    return job._shown_progress


class JobOut(Schema):
    id: int
    kind: JobKind
    status: JobStatus
    file_name: str
    total_rows: int | None
    rows_done: int
    rate_rows_per_s: float | None
    seconds_left: int | None
    stage: JobStage | None  # while running: rows, then summing (imports), report (imports), packing (exports)
    result: dict
    report_url: str | None
    refused_rows_url: str | None  # an import that kept its good rows: the refused rows alone
    file_url: str | None  # an export's file, once written
    stop_requested: bool  # asked to stop (POST /jobs/{id}/stop); a running job stops before its next batch
    files_kept_until: datetime | None  # when a finished job's files are deleted (JXJY_JOB_FILES_DAYS)
    files_purged_at: datetime | None  # when they were: the job's row and result stay, its download links go

    @staticmethod
    def resolve_files_kept_until(job: Job) -> datetime | None:
        return files_kept_until(job)

    @staticmethod
    def resolve_stop_requested(job: Job) -> bool:
        return job.stop_requested_at is not None

    @staticmethod
    def resolve_total_rows(job: Job) -> int | None:
        return _progress(job)["total_rows"]

    @staticmethod
    def resolve_rows_done(job: Job) -> int:
        return _progress(job)["rows_done"]

    @staticmethod
    def resolve_rate_rows_per_s(job: Job) -> float | None:
        return _progress(job)["rate_rows_per_s"]

    @staticmethod
    def resolve_seconds_left(job: Job) -> int | None:
        return _progress(job)["seconds_left"]

    @staticmethod
    def resolve_stage(job: Job) -> str | None:
        return _progress(job)["stage"]

    @staticmethod
    def resolve_report_url(job: Job) -> str | None:
        written = job.report_path and job.kind != JobKind.EXPORT
        return reverse("jobs:report", args=[job.pk]) if written else None

    @staticmethod
    def resolve_refused_rows_url(job: Job) -> str | None:
        return reverse("jobs:refused", args=[job.pk]) if refused_rows_file(job) is not None else None

    @staticmethod
    def resolve_file_url(job: Job) -> str | None:
        written = job.report_path and job.kind == JobKind.EXPORT
        return reverse("jobs:file", args=[job.pk]) if written else None


class JobQuery(FilterSchema):
    kind: JobKind | None = None
    q: Text = Field("", description="文件名（或其一部分）")


@router.get("", response=list[JobOut])
@paginate
def list_jobs(request, query: Query[JobQuery]):
    """The caller's imports and exports (every job for the administrator), newest first."""
    return jobs_listed(request.auth, query.kind or "", query.q)


@router.get("/{int:job_id}", response=JobOut)
def get_job(request, job_id: ObjectId):
    return job_visible_or_404(request.auth, job_id)


@router.post("/{int:job_id}/stop", response=JobOut)
def stop_job(request, job_id: ObjectId):
    """Stop a job: a queued one at once (status stopped), a running one before its next batch
    (stop_requested true, status running, until it has; an import keeps the batches it wrote in mode valid).
    A job that has ended: 422, code job_finished; one past its last row (summing up, writing its report or
    file): 422, code job_finishing. A stop that arrives after the worker's last check lets the job end as
    it would have, with result.stop_too_late true."""
    return job_stop(actor=request.auth, job=job_visible_or_404(request.auth, job_id))
