"""Background jobs over the API: a job's status and progress, polled by scripts as the page polls."""

from django.urls import reverse
from ninja import Router, Schema

from jxjy.config.api_types import ObjectId
from jxjy.jobs.choices import JobKind, JobStage, JobStatus
from jxjy.jobs.models import Job
from jxjy.jobs.selectors import job_visible_or_404, progress_of

router = Router(tags=["后台任务 jobs"])


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
    file_url: str | None  # an export's file, once written


def job_out(job: Job) -> dict:
    progress = progress_of(job)
    export = job.kind == JobKind.EXPORT
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "file_name": job.file_name,
        "total_rows": progress["total_rows"],
        "rows_done": progress["rows_done"],
        "rate_rows_per_s": progress["rate_rows_per_s"],
        "seconds_left": progress["seconds_left"],
        "stage": progress["stage"],
        "result": job.result,
        "report_url": reverse("jobs:report", args=[job.pk]) if job.report_path and not export else None,
        "file_url": reverse("jobs:file", args=[job.pk]) if job.report_path and export else None,
    }


@router.get("/{int:job_id}", response=JobOut)
def get_job(request, job_id: ObjectId):
    return job_out(job_visible_or_404(request.auth, job_id))
