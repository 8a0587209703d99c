"""Running a job. An import: claim it, count the file's rows for the progress bar, import from the
checkpoint on, save progress as it goes, and finish with the result and the report. An export: claim
it, rebuild the list for its creator, write the file with the same progress, and finish with it (a
run that stops starts the file again: it writes nothing anywhere else).

Mode "valid" commits batch by batch; each batch's transaction also moves the job's checkpoint, so a
run that stops between batches resumes after the last committed row and imports nothing twice. Modes
"check" and "all" run in one transaction: a stopped run committed nothing and starts again from the
first row.

A job asked to stop (jobs.services.job_stop) stops before its next batch, or its next STOP_CHECK_ROWS
rows of an export, and ends "stopped": an import with what it wrote and the report of the rows it
reached, an export with no file. Asked after its last check, it ends as it would have, with
result["stop_too_late"] for the page to say so."""

import logging
import time

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jxjy.exports.lists import list_request
from jxjy.exports.services import export_start
from jxjy.exports.writers import stream_csv, write_xlsx
from jxjy.imports.choices import ImportMode
from jxjy.imports.errors import FileRefused
from jxjy.imports.pipeline import import_file
from jxjy.imports.reading import open_table
from jxjy.jobs.choices import IMPORT_KINDS, JobKind, JobStage, JobStatus
from jxjy.jobs.files import OUTCOMES, REFUSED_ROWS, REPORT, folder_of, job_file, jobs_dir, stop_mark
from jxjy.jobs.live import live_clear, live_write
from jxjy.jobs.models import Job
from jxjy.jobs.outcomes import Outcomes, build_report

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 0.5  # the progress row is written at most this often
STOP_CHECK_ROWS = 10_000  # an export asks whether to stop this often (an import: before each batch)


class _Stopped(Exception):
    """An export asked to stop: the rows stop flowing, and the file is thrown away."""


def stop_requested(job: Job) -> bool:
    """Whether the job was asked to stop: its mark, which a request can write even while this
    worker's transaction holds SQLite's write lock (jobs.services.job_stop)."""
    return stop_mark(job.upload_path).exists()


def run(job_id: int) -> None:
    kind = Job.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    (run_export if kind == JobKind.EXPORT else run_import)(job_id)


def run_import(job_id: int) -> None:
    job = claim(job_id)
    if job is None:
        return  # finished, running elsewhere, or gone
    try:
        _import(job)
    except Exception as error:
        logger.exception("import job %s failed", job_id)
        _failed(job, error)


def run_export(job_id: int) -> None:
    job = claim(job_id)
    if job is None:
        return
    try:
        _export(job)
    except Exception as error:
        logger.exception("export job %s failed", job_id)
        _failed(job, error)


def _failed(job: Job, error: Exception) -> None:
    live_clear(job)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error_message=str(error)[:2000], finished_at=timezone.now()
    )


def _export(job: Job) -> None:
    path = job_file(job.upload_path)
    try:
        _write_export(job, path)
    except _Stopped:
        path.unlink(missing_ok=True)
        live_clear(job)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.STOPPED,
            result={"format": job.params["format"], "stopped": True},
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )


def _write_export(job: Job, path) -> None:
    params = job.params
    listed = list_request(params["list"], job.created_by, params["query"])
    started = export_start(
        actor=job.created_by,
        export=listed.export,
        rows=listed.rows,
        filters=listed.filters,
        file_format=params["format"],
    )
    Job.objects.filter(pk=job.pk).update(total_rows=started.count, rows_done=0)
    progress = _progress(job, 0)
    written = [0]

    def counted(rows):
        for row in rows:
            # Asked before the first row too: a stop asked while the job's worker was away.
            if written[0] % STOP_CHECK_ROWS == 0 and stop_requested(job):
                raise _Stopped
            written[0] += 1
            if written[0] % 1000 == 0:
                progress(written[0])
            yield row
        live_write(job, written[0], JobStage.PACKING)  # the rows are in; the file is compressed

    with open(path, "wb") as out:
        if params["format"] == "csv":
            for chunk in stream_csv(started.header, counted(started.rows)):
                out.write(chunk)
        else:
            write_xlsx(started.header, counted(started.rows), out)
    live_clear(job)
    result = {"rows": written[0], "format": params["format"], "full_id_numbers": started.full_id_numbers}
    if stop_requested(job):
        result["stop_too_late"] = True  # asked after the last check: the file was already whole
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        result=result,
        report_path=job.upload_path,
        rows_done=written[0],
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def claim(job_id: int) -> Job | None:
    """Take a queued job (a conditional UPDATE: of two workers given the same job, one runs it)."""
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=Coalesce("started_at", Value(now)),
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    if not taken:
        return None
    return Job.objects.select_related("organization", "created_by").get(pk=job_id)


def _import(job: Job) -> None:
    path = job_file(job.upload_path)
    resume = job.checkpoint_row if job.mode == ImportMode.VALID else 0
    total, before = _count_rows(job, resume)
    keep, state = (job.outcomes_bytes, job.result) if resume else (0, {})
    Job.objects.filter(pk=job.pk).update(
        total_rows=total, rows_done=before, checkpoint_row=resume, outcomes_bytes=keep, result=state
    )
    live_write(job, before)  # a resumed run starts at its rows again, whatever step it stopped in
    outcomes = Outcomes(folder_of(job.upload_path) / OUTCOMES, keep_bytes=keep, state=state)
    try:
        summary = import_file(
            kind=IMPORT_KINDS[job.kind],
            path=path,
            organization=job.organization,
            actor=job.created_by,
            role=job.role,
            mode=job.mode,
            report=outcomes,
            # Modes check and all run in one transaction: a write to the job's row there would be seen
            # only at the end and would hold the row's lock until then; the live file is enough.
            on_progress=_progress(job, before, row_too=job.mode == ImportMode.VALID),
            resume_after=resume,
            on_batch_written=lambda last_row: commit_batch(job.pk, outcomes, last_row),
            on_finishing=lambda rows: live_write(job, before + rows, JobStage.SUMMING),
            should_stop=lambda: stop_requested(job),
        )
        outcomes.commit_point()
    finally:
        outcomes.close()
    _finish(job, summary, outcomes.state())


def _count_rows(job: Job, resume: int) -> tuple[int | None, int]:
    """(data rows in the file, those at or before the checkpoint); None when the file cannot be read
    (the import then says why)."""
    try:
        table = open_table(job_file(job.upload_path), job.file_name, max_bytes=settings.JXJY_IMPORT_MAX_BYTES)
        return table.count_rows(
            up_to=resume, beat=lambda: Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
        )
    except FileRefused:
        return None, 0


def commit_batch(job_id: int, outcomes: Outcomes, last_row: int) -> None:
    """Inside the batch's transaction: the checkpoint, the counts so far and the length of the
    outcomes file commit together with the rows they cover."""
    Job.objects.filter(pk=job_id).update(
        checkpoint_row=last_row,
        outcomes_bytes=outcomes.commit_point(),
        result=outcomes.state(),
        heartbeat_at=timezone.now(),
    )


def _progress(job: Job, before: int, row_too: bool = True):
    """The pipeline's on_progress: rows done in this run, `before` from an earlier run. The live file
    is what the page sees in every mode; the job's row is written too when `row_too` (outside any
    transaction, where it is seen at once)."""
    last = [0.0]

    def report(rows: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_SECONDS:
            return
        last[0] = now
        live_write(job, before + rows)
        if row_too:
            Job.objects.filter(pk=job.pk).update(rows_done=before + rows, heartbeat_at=timezone.now())

    return report


def _finish(job: Job, summary, state: dict) -> None:
    result = {**state, "rolled_back": summary.rolled_back, "format": summary.format}
    status, message, report = JobStatus.DONE, "", ""
    if summary.stopped:
        status, result["stopped"] = JobStatus.STOPPED, True
        if summary.rolled_back:
            result.update(imported=0, updated=0)  # mode all stopped: nothing was written
    elif summary.file_refused is not None:
        status, message = JobStatus.REFUSED, summary.file_refused.message
        result["file_error"] = {"code": summary.file_refused.code, "message": message}
    elif summary.rolled_back:
        status = JobStatus.REFUSED
        result.update(imported=0, updated=0)  # all-or-nothing: nothing was written
    counted = {}
    if summary.file_refused is None:
        live_write(job, state["rows"], JobStage.REPORT)
        report = _report(
            job,
            summary.rolled_back,
            refused_rows=state["refused"] > 0,
            beat=lambda: live_write(job, state["rows"], JobStage.REPORT),
        )
        if not summary.stopped:  # the count made at the start may have been an estimate
            counted["total_rows"] = state["rows"]
    # Asked after the last batch (looked at last: a request refused once the report began may have
    # read the step just before it changed, and written its mark just after): the page says why.
    if not summary.stopped and stop_requested(job):
        result["stop_too_late"] = True
    Job.objects.filter(pk=job.pk).update(
        **counted,
        status=status,
        result=result,
        error_message=message,
        report_path=report,
        rows_done=state["rows"],
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    live_clear(job)


def _report(job: Job, rolled_back: bool, refused_rows: bool, beat=None) -> str:
    """The report of every row; and, when the import kept its good rows and refused some, the
    refused rows alone (what the clerk fixes and uploads again)."""
    folder = folder_of(job.upload_path)
    kept_good_rows = job.mode == ImportMode.VALID
    build_report(
        job_file(job.upload_path),
        folder / OUTCOMES,
        folder / REPORT,
        mode=job.mode,
        rolled_back=rolled_back,
        beat=beat,
        refused_target=folder / REFUSED_ROWS if kept_good_rows and refused_rows else None,
    )
    return str((folder / REPORT).relative_to(jobs_dir()))
