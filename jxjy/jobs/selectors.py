"""Reading jobs, always for a user: a job is seen by whoever started it and by the administrator."""

from django.http import Http404
from django.utils import timezone

from jxjy.jobs.choices import JobKind, JobStage, JobStatus
from jxjy.jobs.files import REFUSED_ROWS, job_file
from jxjy.jobs.live import live_read
from jxjy.jobs.models import Job


def jobs_visible_to(user):
    return Job.objects.visible_to(user).select_related("organization")


def job_visible_or_404(user, job_id: int) -> Job:
    job = jobs_visible_to(user).filter(pk=job_id).first()
    if job is None:
        raise Http404("对象不存在")
    return job


def recent_jobs(user, kinds: list[str], limit: int = 10) -> list[tuple[Job, dict]]:
    """The user's own latest jobs of these kinds, each with its progress (a running one's live rows)."""
    jobs = Job.objects.filter(created_by=user, kind__in=kinds).select_related("organization")[:limit]
    return [(job, progress_of(job)) for job in jobs]


def jobs_listed(user, kind: str = "", q: str = ""):
    """The jobs `user` may see (their own; every job for the administrator), newest first; of a kind,
    and whose file's name holds `q`, when given."""
    jobs = jobs_visible_to(user).select_related("created_by")
    if kind:
        jobs = jobs.filter(kind=kind)
    return jobs.filter(file_name__contains=q.strip()) if q.strip() else jobs


def progress_of(job: Job) -> dict:
    """Rows done of total, rate and time left, as the page and the API show them, and, while the job
    runs, the step it is on (jobs.live: in every mode, as the worker writes it)."""
    total = job.total_rows
    done = job.rows_done
    stage = None
    if job.status == JobStatus.RUNNING:
        live = live_read(job)
        stage = JobStage(live["stage"]) if live else JobStage.ROWS
        done = max(done, live["rows_done"]) if live else done
    until = job.finished_at or timezone.now()
    elapsed = (until - job.started_at).total_seconds() if job.started_at else 0
    rate = done / elapsed if elapsed > 0 and done else None
    left = None
    # After the last row (the totals, the report, the compression) rows tell nothing of the time left.
    if rate and total is not None and stage == JobStage.ROWS:
        left = max(total - done, 0) / rate
    if job.finished and job.status != JobStatus.STOPPED:  # a stopped job's bar shows where it stopped
        percent = 100
    elif total:
        percent = min(int(done * 100 / total), 100)
    else:
        percent = 0
    return {
        "total_rows": total,
        "rows_done": done,
        "percent": percent,
        "rate_rows_per_s": round(rate, 1) if rate else None,
        "seconds_left": round(left) if left is not None else None,
        "stage": stage,
    }


def report_file(job: Job):
    """The report's path when it exists, else None."""
    if not job.report_path:
        return None
    path = job_file(job.report_path)
    return path if path.is_file() else None


def refused_rows_file(job: Job):
    """An import's refused rows alone, when its run wrote them (it kept its good rows and refused
    some), else None."""
    if not job.report_path or job.kind == JobKind.EXPORT:
        return None
    path = job_file(job.report_path).parent / REFUSED_ROWS
    return path if path.is_file() else None
