"""A job whose worker is killed between two batches resumes from its checkpoint: every row of the
file is imported exactly once, and the summary and the report still cover the whole file."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from python_calamine import CalamineWorkbook

from jxjy.compliance.models import PendingYear
from jxjy.imports import pipeline
from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row, write_csv
from jxjy.jobs import runner
from jxjy.jobs.choices import JobStatus
from jxjy.jobs.files import job_file
from jxjy.jobs.models import Job
from jxjy.jobs.services import import_job_start
from jxjy.jobs.tasks import run_import_job
from jxjy.jobs.tests.conftest import uploaded
from jxjy.jobs.tests.rows import age_live_file
from jxjy.records.models import LearningRecord

ROWS = 5000
BATCH_ROWS = 2500


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no handler marks the job."""


@pytest.fixture
def big_file(tmp_path, world):
    people = [world["wang"], world["colleague"], world["doctor"], world["plumber"]]
    rows = [record_row(people[n % len(people)], f"ZS-{n:05d}") for n in range(ROWS)]
    rows[2500][0] = "11010519491231002X"  # one unknown person in the second batch
    return write_csv(tmp_path / "万人名单.csv", RECORD_HEADER, rows)


def test_a_killed_job_resumes_and_imports_each_row_once(
    rules, world, base_registrar, big_file, monkeypatch, django_capture_on_commit_callbacks
):
    job = import_job_start(
        actor=base_registrar, kind="records", organization=world["base"], uploaded_file=uploaded(big_file)
    )
    calls = []
    commit = runner.commit_batch

    def killed_after_first_batch(job_id, outcomes, last_row):
        calls.append(last_row)
        if len(calls) == 2:  # the first batch has committed; the second dies inside its transaction
            raise WorkerKilled
        commit(job_id, outcomes, last_row)

    monkeypatch.setattr(runner, "commit_batch", killed_after_first_batch)
    monkeypatch.setattr(pipeline, "BATCH_ROWS", BATCH_ROWS)
    with pytest.raises(WorkerKilled):
        run_import_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job.checkpoint_row == BATCH_ROWS + 1  # the header is row 1
    assert LearningRecord.objects.count() == BATCH_ROWS
    assert PendingYear.objects.exists()  # the years wait for the file's end

    monkeypatch.setattr(runner, "commit_batch", commit)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=10))
    age_live_file(job, minutes=10)  # a killed worker writes neither
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs_recover")
    job.refresh_from_db()

    assert job.status == JobStatus.DONE and job.attempts == 2
    assert job.checkpoint_row == ROWS + 1
    assert LearningRecord.objects.count() == ROWS - 1
    assert not PendingYear.objects.exists()
    duplicates = LearningRecord.objects.values("certificate_number").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()
    result = job.result
    assert (result["rows"], result["imported"], result["refused"]) == (ROWS, ROWS - 1, 1)
    assert [error["row"] for error in result["errors"]] == [2502]
    assert (job.total_rows, job.rows_done) == (ROWS, ROWS)
    report = CalamineWorkbook.from_path(str(job_file(job.report_path))).get_sheet_by_index(0).to_python()
    outcomes = [row[-2] for row in report[1:]]
    assert len(outcomes) == ROWS and outcomes.count("已导入") == ROWS - 1
    assert outcomes[2500] == "未导入" and "公民身份号码" in report[2501][-1]


def test_a_job_already_claimed_is_not_run_twice(world, base_registrar):
    from jxjy.jobs.tests.rows import job_row

    job = job_row(base_registrar, world["base"], status=JobStatus.RUNNING, heartbeat_at=timezone.now())
    run_import_job.call(job.pk)  # a duplicate task: it finds the job taken and leaves it
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.attempts == 0
