"""A real worker process (`django-admin db_worker`) is killed in the middle of an import; after
`jobs_recover` a new worker finishes the job: every row of the file is imported exactly once.

test_resume.py stops the job from inside; here the operating system kills the process, between or
inside a batch's transaction, as a deploy or the out-of-memory killer does. PostgreSQL only: the
worker is another process, and the SQLite test database lives in this process's memory."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test import override_settings

from jxjy.compliance.models import PendingYear, YearFormTotal
from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row, write_csv
from jxjy.jobs.choices import JobStatus
from jxjy.jobs.models import Job
from jxjy.jobs.recovery import jobs_recover
from jxjy.jobs.services import import_job_start
from jxjy.jobs.tests.conftest import uploaded
from jxjy.records.models import LearningRecord

ROWS = 30_000  # three batches of the pipeline's 10,000
TASKS_IN_DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def worker_env(tmp_path, settings):
    """The environment of a worker process: this test's database and files, the queue in the database."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot reach the in-memory SQLite test database")
    (tmp_path / "worker_settings.py").write_text(
        textwrap.dedent(f"""\
            from jxjy.config.settings.test import *  # noqa: F403

            DATABASES["default"]["NAME"] = {connection.settings_dict["NAME"]!r}  # noqa: F405
            DATA_DIR = Path({str(settings.DATA_DIR)!r})  # noqa: F405
            JXJY_AUDIT_CHECKPOINT_FILE = Path({str(settings.JXJY_AUDIT_CHECKPOINT_FILE)!r})  # noqa: F405
            TASKS = {TASKS_IN_DATABASE!r}
            """)
    )
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "worker_settings", "PYTHONPATH": path}


def worker(env: dict, log, *options: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "django", "db_worker", "--no-startup-delay", "--interval", "0.1"]
    return subprocess.Popen([*command, *options], env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker made no progress in time"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_process_and_a_new_one_import_each_row_once(
    rules, world, base_registrar, tmp_path, worker_env
):
    people = [world["wang"], world["colleague"], world["doctor"], world["plumber"]]
    rows = [record_row(people[n % len(people)], f"WK-{n:05d}") for n in range(ROWS)]
    path = write_csv(tmp_path / "全区名单.csv", RECORD_HEADER, rows)
    log_path = tmp_path / "worker.log"  # shown when an assertion fails
    with override_settings(TASKS=TASKS_IN_DATABASE), open(log_path, "wb") as log:
        job = import_job_start(
            actor=base_registrar, kind="records", organization=world["base"], uploaded_file=uploaded(path)
        )
        first = worker(worker_env, log)
        try:
            wait_for(lambda: Job.objects.get(pk=job.pk).checkpoint_row > 0, seconds=120)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait()
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING, log_path.read_text()
        assert 1 < job.checkpoint_row < ROWS + 1
        assert LearningRecord.objects.count() == job.checkpoint_row - 1  # whole batches only

        assert jobs_recover(stale_after=timedelta(0)) == [job.pk]
        second = worker(worker_env, log, "--batch")
        assert second.wait(timeout=300) == 0, log_path.read_text()

    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2), job.error_message
    assert (job.result["rows"], job.result["imported"], job.result["refused"]) == (ROWS, ROWS, 0)
    assert LearningRecord.objects.count() == ROWS
    twice = LearningRecord.objects.values("certificate_number").annotate(n=Count("id")).filter(n__gt=1)
    assert not twice.exists()
    assert not PendingYear.objects.exists()
    # The per-form totals count the killed batch's rows once, though its transaction died half-way.
    assert YearFormTotal.objects.aggregate(counted=Sum("records"))["counted"] == ROWS
