"""A running job's live file (jobs.live): what the page and the API show while the job's own row
cannot tell (modes check and all write it inside one transaction), the step after the last row, and
the heartbeat that keeps jobs_recover from running a live job a second time."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jxjy.imports.choices import ImportMode
from jxjy.imports.kinds.records import RecordsImport
from jxjy.jobs import runner
from jxjy.jobs.choices import JobStage, JobStatus
from jxjy.jobs.live import live_read, live_write
from jxjy.jobs.models import Job
from jxjy.jobs.selectors import progress_of
from jxjy.jobs.tests.rows import age_live_file, running_job_row
from jxjy.jobs.tests.test_import_jobs import start


@pytest.fixture
def running(world, base_registrar):
    """A job whose worker is at work: its row still says no rows (its writes wait for the commit)."""
    return running_job_row(
        base_registrar,
        world["base"],
        total_rows=6,
        started_at=timezone.now() - timedelta(seconds=10),
        heartbeat_at=timezone.now() - timedelta(minutes=10),
        upload_path="live-test/结业名单.csv",
    )


def test_the_page_and_the_api_show_the_live_rows_and_time_left(client, base_registrar, running):
    live_write(running, 3)
    client.force_login(base_registrar)
    body = client.get(f"/api/v1/jobs/{running.pk}").json()
    assert (body["rows_done"], body["stage"]) == (3, "rows")
    assert 10 <= body["seconds_left"] <= 12  # 3 rows in 10 s (and the moments this test took), 3 to go
    html = client.get(f"/jobs/{running.pk}/").content.decode()
    assert '<strong class="rows-done">3</strong>' in html and 'aria-valuenow="50"' in html


def test_while_it_runs_the_page_counts_the_rows_of_the_batches_written(client, base_registrar, running):
    """Mode valid saves the counts with each batch: a clerk who sees 未导入 climb can stop the job."""
    counts = {"rows": 24000, "imported": 20000, "already_present": 0, "updated": 0, "refused": 4000}
    Job.objects.filter(pk=running.pk).update(result=counts, total_rows=200000)
    live_write(running, 25000)
    client.force_login(base_registrar)
    html = client.get(f"/jobs/{running.pk}/").content.decode()
    assert "已写入的批次中：已导入 20,000 · 已存在 0 · 已更新 0 · 未导入 4,000" in html
    assert '<strong class="rows-done">25,000</strong> / <span class="rows-total">200,000</span>' in html


def test_after_the_last_row_the_page_names_the_step_instead_of_a_time_left(client, base_registrar, running):
    live_write(running, 6, JobStage.REPORT)
    client.force_login(base_registrar)
    body = client.get(f"/api/v1/jobs/{running.pk}").json()
    assert (body["rows_done"], body["stage"], body["seconds_left"]) == (6, "report", None)
    html = client.get(f"/jobs/{running.pk}/").content.decode()
    assert '<span class="stage">正在生成结果报告…</span>' in html and "seconds-left" not in html


def test_a_finished_job_has_no_step(client, base_registrar, running):
    live_write(running, 6, JobStage.REPORT)  # left behind: the row says done
    Job.objects.filter(pk=running.pk).update(status=JobStatus.DONE, finished_at=timezone.now(), rows_done=6)
    running.refresh_from_db()
    assert progress_of(running)["stage"] is None


def test_jobs_recover_leaves_a_job_whose_live_file_is_fresh(running, django_capture_on_commit_callbacks):
    live_write(running, 2)  # the row's heartbeat is ten minutes old, the file's is now
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs_recover")
    running.refresh_from_db()
    assert running.status == JobStatus.RUNNING and running.attempts == 0

    age_live_file(running, minutes=10)  # the worker stopped writing it
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs_recover")
    running.refresh_from_db()
    assert running.attempts == 1  # queued again and run (its upload is gone: the run ends at once)


@pytest.mark.parametrize("mode", [ImportMode.VALID, ImportMode.CHECK])
def test_a_job_names_each_step_after_its_rows_and_clears_the_file_at_the_end(
    rules, world, base_registrar, class_file, monkeypatch, django_capture_on_commit_callbacks, mode
):
    seen = {}

    def watch(step, function):
        def watched(*args, **kwargs):
            job = Job.objects.get()
            seen[step] = (live_read(job), progress_of(job)["stage"])
            return function(*args, **kwargs)

        return watched

    monkeypatch.setattr(RecordsImport, "finish", watch("finish", RecordsImport.finish))
    monkeypatch.setattr(runner, "_report", watch("report", runner._report))
    with django_capture_on_commit_callbacks(execute=True):
        job = start(base_registrar, world["base"], class_file, mode=mode)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    if mode == ImportMode.VALID:  # check mode writes nothing, so has no yearly totals to evaluate
        live, stage = seen["finish"]
        assert (live["rows_done"], live["stage"], stage) == (5, "summing", JobStage.SUMMING)
    live, stage = seen["report"]
    assert (live["rows_done"], live["stage"], stage) == (5, "report", JobStage.REPORT)
    assert live_read(job) is None


@pytest.mark.parametrize("mode", [ImportMode.CHECK, ImportMode.ALL])
def test_in_modes_check_and_all_the_job_row_is_not_written_inside_the_import_transaction(
    rules, world, base_registrar, class_file, monkeypatch, django_capture_on_commit_callbacks, mode
):
    """There the write would be seen only at the end and would hold the row's lock until then (on
    PostgreSQL, a cancel or jobs_recover would wait for the whole import)."""
    monkeypatch.setattr(runner, "PROGRESS_SECONDS", 0)  # every batch reports its progress
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        job = start(base_registrar, world["base"], class_file, mode=mode)
    depth, inside, outside = 0, [], []
    for sql in (query["sql"] for query in queries.captured_queries):
        if sql.startswith("SAVEPOINT"):  # the test's own transaction makes every atomic a savepoint
            depth += 1
        elif sql.startswith("RELEASE SAVEPOINT"):  # a rolled-back one is released after too
            depth -= 1
        elif sql.startswith('UPDATE "jobs_job"'):
            (inside if depth else outside).append(sql)
    assert inside == []
    assert len(outside) >= 3  # claimed, counted, finished: the row is written, only not in there
    job.refresh_from_db()
    assert (job.status, job.rows_done) == (
        JobStatus.DONE if mode == ImportMode.CHECK else JobStatus.REFUSED,
        5,
    )
