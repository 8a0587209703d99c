"""A finished job's files (the upload with its ID numbers, the reports, an export's file) are kept
JXJY_JOB_FILES_DAYS for download, then deleted by `jobs_purge`; the job's row, its counts and its
audit entries stay, and its pages say the files are gone instead of offering dead links."""

import os
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jxjy.audit.models import AuditEntry
from jxjy.jobs.choices import JobStatus
from jxjy.jobs.files import folder_of, job_file
from jxjy.jobs.models import Job
from jxjy.jobs.purge import jobs_purge
from jxjy.jobs.tasks import run_import_job
from jxjy.jobs.tests.conftest import CLASS_LIST_ROWS
from jxjy.jobs.tests.rows import job_row
from jxjy.jobs.tests.test_stop import start

DAYS = 30


def finished_days_ago(job: Job, days: int) -> Job:
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days, minutes=1))
    job.refresh_from_db()
    return job


def test_the_files_of_a_job_past_its_keeping_time_are_deleted_and_its_row_stays(
    client, settings, rules, world, base_registrar, class_list
):
    settings.JXJY_JOB_FILES_DAYS = DAYS
    old = start(base_registrar, world["base"], class_list)
    recent = start(base_registrar, world["base"], class_list)
    for job in (old, recent):
        run_import_job.call(job.pk)
    old, recent = finished_days_ago(old, DAYS), finished_days_ago(recent, DAYS - 1)
    old_folder = folder_of(old.upload_path)
    held = sum(path.stat().st_size for path in old_folder.iterdir())
    assert job_file(old.report_path).is_file() and held > 0

    purged = jobs_purge()

    assert (purged.jobs, purged.bytes) == (1, held)
    assert not old_folder.exists()
    assert job_file(recent.report_path).is_file()  # a day short of the keeping time
    old.refresh_from_db()
    assert old.files_purged_at is not None and old.report_path == ""
    assert (old.status, old.result["imported"]) == (JobStatus.DONE, CLASS_LIST_ROWS)  # the counts stay
    entry = AuditEntry.objects.get(action="job.files_purged")
    assert (entry.object_id, entry.after["bytes"]) == (str(old.pk), held)
    assert jobs_purge().jobs == 0  # once

    client.force_login(base_registrar)
    page = client.get(reverse("jobs:detail", args=[old.pk])).content.decode()
    assert "按保留期限删除" in page and reverse("jobs:report", args=[old.pk]) not in page
    assert client.get(reverse("jobs:report", args=[old.pk])).status_code == 404
    kept = client.get(reverse("jobs:detail", args=[recent.pk])).content.decode()
    assert f"文件保留至 {timezone.localdate(recent.finished_at + timedelta(days=DAYS)):%Y-%m-%d}" in kept
    listed = client.get(reverse("jobs:list")).content.decode()
    assert "文件已过保留期限删除" in listed
    answer = client.get(f"/api/v1/jobs/{old.pk}").json()
    assert answer["files_purged_at"] is not None and answer["report_url"] is None
    assert answer["files_kept_until"] is None
    assert client.get(f"/api/v1/jobs/{recent.pk}").json()["files_kept_until"] is not None


def test_running_and_queued_jobs_keep_their_files(settings, rules, world, base_registrar, class_list):
    settings.JXJY_JOB_FILES_DAYS = DAYS
    queued = start(base_registrar, world["base"], class_list)
    Job.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(days=90))
    running = start(base_registrar, world["base"], class_list)
    Job.objects.filter(pk=running.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(days=90)
    )
    assert jobs_purge().jobs == 0
    assert job_file(queued.upload_path).is_file() and job_file(running.upload_path).is_file()


def test_the_purge_deletes_nothing_outside_the_jobs_folder(settings, tmp_path, world, base_registrar):
    """A path that leads out of the jobs folder (a row edited by hand, say) deletes nothing."""
    settings.JXJY_JOB_FILES_DAYS, settings.DATA_DIR = DAYS, tmp_path
    (tmp_path / "jobs").mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("not the platform's")
    job = finished_days_ago(job_row(base_registrar, world["base"], upload_path="../elsewhere/keep.txt"), DAYS)
    assert jobs_purge().jobs == 1
    assert (outside / "keep.txt").is_file()
    job.refresh_from_db()
    assert job.files_purged_at is not None


def test_the_command_says_what_it_freed(settings, world, base_registrar, class_list, rules, capsys):
    settings.JXJY_JOB_FILES_DAYS = DAYS
    job = start(base_registrar, world["base"], class_list)
    run_import_job.call(job.pk)
    finished_days_ago(job, DAYS)
    call_command("jobs_purge")
    assert "删除了 1 个任务的文件" in capsys.readouterr().out
    assert not folder_of(job.upload_path).exists()


def test_a_folder_no_job_names_is_deleted_a_day_after_it_was_made(settings, tmp_path, world, base_registrar):
    """An upload whose job row was never written (the database failed after the file was kept)."""
    settings.DATA_DIR = tmp_path
    job = job_row(base_registrar, world["base"], status=JobStatus.RUNNING, upload_path="a1/名单.csv")
    folders = {name: tmp_path / "jobs" / name for name in ("a1", "orphan", "just-made")}
    for folder in folders.values():
        folder.mkdir(parents=True)
        (folder / "名单.csv").write_text("公民身份号码\n650102198803150025\n")
    a_day_ago = (timezone.now() - timedelta(days=1, minutes=1)).timestamp()
    for name in ("a1", "orphan"):
        os.utime(folders[name], (a_day_ago, a_day_ago))
    purged = jobs_purge()
    assert (purged.jobs, purged.orphans) == (0, 1)
    assert not folders["orphan"].exists()
    assert folders["a1"].is_dir() and folders["just-made"].is_dir()  # its job's; its job's row may be coming
    job.refresh_from_db()
    assert job.files_purged_at is None
