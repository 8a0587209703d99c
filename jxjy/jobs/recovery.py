"""Jobs whose worker stopped (killed, restarted, the machine rebooted): a running job whose heartbeat
(its row's, and its live file's: jobs.live) is older than STALE_AFTER is queued again and resumes
from its checkpoint. Run by `jobs_recover`, at worker start (`make run`) and every few minutes from
cron in production."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from jxjy.jobs.choices import JobStatus
from jxjy.jobs.live import live_read
from jxjy.jobs.models import Job

logger = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 5  # a job that keeps killing its worker (out of memory, say) stops being retried


def jobs_recover(*, stale_after: timedelta = STALE_AFTER) -> list[int]:
    """Queue again the stale running jobs (and queued ones never started); returns their ids."""
    from jxjy.jobs.services import enqueue

    cutoff = timezone.now() - stale_after
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    # The row's heartbeat lags in modes check and all (not written while the import's transaction is open):
    # a job whose live file was written since the cutoff is running.
    beating = [job.pk for job in stale.only("pk", "upload_path") if _live_since(job, cutoff.timestamp())]
    stale = stale.exclude(pk__in=beating)
    given_up = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=JobStatus.FAILED,
        error_message=f"后台任务已中断 {MAX_ATTEMPTS} 次，已停止重试；请联系平台管理员",
        finished_at=timezone.now(),
    )
    if given_up:
        logger.warning("gave up %s jobs after %s attempts", given_up, MAX_ATTEMPTS)
    requeued = []
    for job_id in stale.values_list("pk", flat=True):
        # Conditional: a worker that woke up and moved its heartbeat meanwhile keeps its job.
        with transaction.atomic():
            if stale.filter(pk=job_id).update(status=JobStatus.QUEUED):
                requeued.append(job_id)
                transaction.on_commit(lambda job_id=job_id: enqueue(job_id))
    # A job queued long ago whose task was lost (the process stopped between the commit and the
    # enqueue): queue it again. A duplicate task is harmless: only one of them can claim the job.
    waiting = Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=cutoff, attempts=0)
    for job_id in waiting.values_list("pk", flat=True):
        enqueue(job_id)
        requeued.append(job_id)
    return requeued


def _live_since(job: Job, moment: float) -> bool:
    live = live_read(job)
    return live is not None and live["written_at"] >= moment
