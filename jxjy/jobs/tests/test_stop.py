"""Stopping a job (the wrong file uploaded, a list not wanted after all): a queued job stops at once
and never runs; a running import stops before its next batch, keeping in mode valid what it wrote;
an export keeps no file; a job that has ended cannot be stopped. The page's button and the API."""

import tempfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from jxjy.audit.models import AuditEntry
from jxjy.compliance.models import PendingYear, YearTotal
from jxjy.imports import pipeline
from jxjy.imports.choices import ImportMode
from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER
from jxjy.jobs import runner, services
from jxjy.jobs.choices import JobKind, JobStage, JobStatus
from jxjy.jobs.files import job_file, stop_mark
from jxjy.jobs.live import live_write
from jxjy.jobs.models import Job
from jxjy.jobs.selectors import progress_of
from jxjy.jobs.services import import_job_start, job_stop
from jxjy.jobs.tasks import run_import_job
from jxjy.jobs.tests.conftest import CLASS_LIST_ROWS, uploaded
from jxjy.jobs.tests.rows import age_live_file, job_row
from jxjy.records.models import LearningRecord

ROWS, BATCH_ROWS = CLASS_LIST_ROWS, 10


def start(user, organization, path, mode=ImportMode.VALID) -> Job:
    return import_job_start(
        actor=user, kind="records", organization=organization, uploaded_file=uploaded(path), mode=mode
    )


def stop_entries(job: Job) -> list[dict]:
    return [entry.after for entry in AuditEntry.objects.filter(action="job.stop", object_id=str(job.pk))]


def test_a_queued_job_stops_at_once_and_never_runs(rules, world, base_registrar, class_list):
    job = start(base_registrar, world["base"], class_list)
    job = job_stop(actor=base_registrar, job=job)
    assert job.status == JobStatus.STOPPED and job.finished_at is not None
    assert progress_of(job)["percent"] == 0
    run_import_job.call(job.pk)  # its task, still queued: it finds the job stopped and leaves it
    job.refresh_from_db()
    assert job.status == JobStatus.STOPPED and job.attempts == 0
    assert not LearningRecord.objects.exists()
    assert stop_entries(job) == [{"status": "stopped"}]


def test_a_running_import_stops_before_its_next_batch_and_keeps_what_it_wrote(
    rules, world, base_registrar, class_list, monkeypatch
):
    """The registrar presses 停止 while the first batch is written: it commits, no other batch runs,
    its people's years are evaluated, and the report shows which rows went in and which were not
    reached."""
    job = start(base_registrar, world["base"], class_list)
    commit = runner.commit_batch

    def stop_pressed_during_the_first_batch(job_id, outcomes, last_row):
        commit(job_id, outcomes, last_row)
        job_stop(actor=base_registrar, job=Job.objects.get(pk=job_id))

    monkeypatch.setattr(runner, "commit_batch", stop_pressed_during_the_first_batch)
    monkeypatch.setattr(pipeline, "BATCH_ROWS", BATCH_ROWS)
    run_import_job.call(job.pk)
    job.refresh_from_db()

    assert job.status == JobStatus.STOPPED and job.result["stopped"]
    assert (job.result["rows"], job.result["imported"]) == (BATCH_ROWS, BATCH_ROWS)
    assert (job.total_rows, job.rows_done) == (ROWS, BATCH_ROWS)
    assert progress_of(job)["percent"] == 33  # the bar shows where it stopped
    assert LearningRecord.objects.count() == BATCH_ROWS
    assert not PendingYear.objects.exists()  # the rows written count at once
    assert YearTotal.objects.filter(person=world["wang"]).get().professional_tenths > 0
    report = CalamineWorkbook.from_path(str(job_file(job.report_path))).get_sheet_by_index(0).to_python()
    results = [row[len(RECORD_HEADER)] for row in report[1:]]
    assert results == ["已导入"] * BATCH_ROWS + [""] * (ROWS - BATCH_ROWS)
    assert stop_entries(job) == [{"status": "stopping"}]  # once


def test_a_stopped_import_in_mode_all_writes_nothing(rules, world, class_list, monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_ROWS", BATCH_ROWS)
    asked = []

    def after_the_first_batch() -> bool:
        asked.append(True)
        return len(asked) > 1

    summary = pipeline.import_file(
        kind="records",
        path=class_list,
        organization=world["base"],
        actor=None,
        role="system",
        mode=ImportMode.ALL,
        should_stop=after_the_first_batch,
    )
    assert summary.stopped and summary.rolled_back and summary.rows == BATCH_ROWS
    assert not LearningRecord.objects.exists() and not PendingYear.objects.exists()


def test_a_stop_asked_while_the_worker_was_away_ends_the_import_when_it_is_resumed(
    rules, world, base_registrar, class_list, django_capture_on_commit_callbacks
):
    job = start(base_registrar, world["base"], class_list)
    runner.claim(job.pk)  # a worker took it, then its machine went down
    job_stop(actor=base_registrar, job=job)
    stale = timezone.now() - timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    age_live_file(job, minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs_recover")
    job.refresh_from_db()
    assert (job.status, job.result["rows"]) == (JobStatus.STOPPED, 0)
    assert not LearningRecord.objects.exists()


def test_the_worker_learns_of_the_stop_from_the_jobs_folder(rules, world, base_registrar, class_list):
    """On SQLite, an import in mode check holds the write lock until its file ends: the request's row
    waits for it, the mark it writes first does not, and the worker stops at its next batch."""
    job = start(base_registrar, world["base"], class_list, mode=ImportMode.CHECK)
    stop_mark(job.upload_path).touch()  # what job_stop writes before the row
    run_import_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result["rows"], job.stop_requested_at) == (JobStatus.STOPPED, 0, None)


def test_a_stopped_export_keeps_no_file(
    client, settings, world, li_qiang, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    settings.JXJY_EXPORT_INLINE_ROWS = 0
    monkeypatch.setattr(runner, "STOP_CHECK_ROWS", 1)  # asked before every row
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where xlsxwriter keeps its rows
    (tmp_path / "tmp").mkdir()
    client.force_login(li_qiang)
    client.get(reverse("people:list"), {"format": "xlsx"})
    job = Job.objects.get(kind=JobKind.EXPORT)
    runner.claim(job.pk)
    job_stop(actor=li_qiang, job=job)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)  # queued again, as jobs_recover does
    with django_capture_on_commit_callbacks(execute=True):
        runner.run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.STOPPED and job.report_path == ""
    assert not job_file(job.upload_path).exists() and not any((tmp_path / "tmp").iterdir())
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    assert "已按要求停止，未生成文件" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_a_job_that_has_ended_cannot_be_stopped(client, world, base_registrar):
    job = job_row(base_registrar, world["base"], status=JobStatus.DONE)
    with pytest.raises(ValidationError) as refused:
        job_stop(actor=base_registrar, job=job)
    assert refused.value.code == "job_finished"
    client.force_login(base_registrar)
    answer = client.post(f"/api/v1/jobs/{job.pk}/stop")
    assert answer.status_code == 422 and answer.json()["errors"][0]["code"] == "job_finished"
    page = client.post(reverse("jobs:stop", args=[job.pk]), follow=True)
    assert "任务已经结束，无法停止" in page.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and not stop_entries(job)


def test_the_page_offers_the_button_and_the_api_stops_a_job(client, rules, world, base_registrar, class_list):
    client.force_login(base_registrar)
    job = start(base_registrar, world["base"], class_list)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("jobs:stop", args=[job.pk]) in page and "已导入的行保留" in page
    runner.claim(job.pk)
    answer = client.post(f"/api/v1/jobs/{job.pk}/stop")
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["stop_requested"]) == ("running", True)
    again = client.post(reverse("jobs:stop", args=[job.pk]), follow=True).content.decode()  # asked twice
    assert "正在停止" in again and reverse("jobs:stop", args=[job.pk]) not in again
    from_the_page = client.post(reverse("jobs:stop", args=[job.pk]), headers={"HX-Request": "true"})
    assert from_the_page.status_code == 200  # htmx swaps in the job's status part: no reload, no message
    assert from_the_page.content.decode().startswith('<section id="job-status"')
    assert stop_entries(job) == [{"status": "stopping"}]  # once


def test_a_job_past_its_last_row_cannot_be_stopped(client, rules, world, base_registrar, class_list):
    """Summing up, or writing its report: nothing is left to stop, and the page says so instead of
    offering a button that would be answered 已停止 while the job runs to its end."""
    job = start(base_registrar, world["base"], class_list)
    runner.claim(job.pk)
    live_write(job, ROWS, JobStage.REPORT)
    with pytest.raises(ValidationError) as refused:
        job_stop(actor=base_registrar, job=job)
    assert refused.value.code == "job_finishing"
    assert not stop_mark(job.upload_path).exists()
    client.force_login(base_registrar)
    answer = client.post(f"/api/v1/jobs/{job.pk}/stop")
    assert answer.status_code == 422 and answer.json()["errors"][0]["code"] == "job_finishing"
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "已无法停止" in page and reverse("jobs:stop", args=[job.pk]) not in page
    job.refresh_from_db()
    assert job.stop_requested_at is None and not stop_entries(job)


def test_a_stop_asked_after_the_last_batch_lets_the_job_finish_and_says_so(
    client, rules, world, base_registrar, class_list, monkeypatch
):
    """Pressed while the last batch was written: the worker asks before a batch, and none is left.
    The job ends 已完成 with every row in, and its page says why it did not stop."""
    job = start(base_registrar, world["base"], class_list)
    commit = runner.commit_batch

    def stop_pressed_during_the_last_batch(job_id, outcomes, last_row):
        commit(job_id, outcomes, last_row)
        if outcomes.state()["rows"] == ROWS:
            job_stop(actor=base_registrar, job=Job.objects.get(pk=job_id))

    monkeypatch.setattr(runner, "commit_batch", stop_pressed_during_the_last_batch)
    monkeypatch.setattr(pipeline, "BATCH_ROWS", BATCH_ROWS)
    run_import_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result["imported"], job.result["stop_too_late"]) == (JobStatus.DONE, ROWS, True)
    assert LearningRecord.objects.count() == ROWS
    assert stop_entries(job) == [{"status": "stopping"}]
    client.force_login(base_registrar)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "全部行已经处理完毕，任务已照常完成" in page


def test_a_stop_request_that_fails_leaves_no_mark(rules, world, base_registrar, class_list, monkeypatch):
    """The request's row and audit entry could not be written (the database went away, say): the
    mark written before them goes too, so no job stops without the request on record."""
    job = start(base_registrar, world["base"], class_list)
    runner.claim(job.pk)

    def database_gone(**entry):
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "audit_write", database_gone)
    with pytest.raises(DatabaseError):
        job_stop(actor=base_registrar, job=job)
    assert not stop_mark(job.upload_path).exists()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.stop_requested_at is None
    monkeypatch.undo()
    job_stop(actor=base_registrar, job=job)  # asked again, and recorded

    def row_not_written(*args):
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_stop_row", row_not_written)
    with pytest.raises(DatabaseError):
        job_stop(actor=base_registrar, job=job)  # a third time, failing: the recorded request's mark stays
    assert stop_mark(job.upload_path).exists()
