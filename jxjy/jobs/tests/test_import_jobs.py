"""An import job from upload to result: the counts, the report, scope, the API's shape, and a job
whose worker is killed mid-file resuming without importing any row twice."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from jxjy.audit.models import AuditEntry
from jxjy.imports.choices import ImportKind, ImportMode
from jxjy.jobs.choices import JobStatus
from jxjy.jobs.files import job_file
from jxjy.jobs.models import Job
from jxjy.jobs.services import import_job_start
from jxjy.jobs.tests.conftest import uploaded
from jxjy.jobs.tests.rows import job_row
from jxjy.records.models import LearningRecord


def start(user, organization, path, mode=ImportMode.VALID, kind=ImportKind.RECORDS) -> Job:
    return import_job_start(
        actor=user, kind=kind, organization=organization, uploaded_file=uploaded(path), mode=mode
    )


def report_rows(job: Job) -> list[list]:
    return CalamineWorkbook.from_path(str(job_file(job.report_path))).get_sheet_by_index(0).to_python()


def test_a_job_runs_to_done_with_counts_and_a_report(
    rules, world, base_registrar, class_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(base_registrar, world["base"], class_file)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.total_rows, job.rows_done, job.checkpoint_row, job.attempts) == (5, 5, 6, 1)
    result = job.result
    assert (result["rows"], result["imported"], result["refused"], result["error_count"]) == (5, 3, 2, 2)
    assert [(e["row"], e["column"], e["code"]) for e in result["errors"]] == [
        (5, "公民身份号码", "person_not_found"),
        (6, "结束日期", "dates_reversed"),
    ]
    assert LearningRecord.objects.filter(issuer=world["base"]).count() == 3
    assert AuditEntry.objects.filter(action="job.start", object_id=str(job.pk)).count() == 1
    rows = report_rows(job)
    assert rows[0][-2:] == ["导入结果", "错误说明"]
    assert [row[-2] for row in rows[1:]] == ["已导入", "已导入", "已导入", "未导入", "未导入"]
    assert "公民身份号码" in rows[4][-1] and rows[1][-1] == ""


def test_all_or_nothing_with_bad_rows_is_refused_and_writes_nothing(
    rules, world, base_registrar, class_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(base_registrar, world["base"], class_file, mode=ImportMode.ALL)
    job.refresh_from_db()
    assert job.status == JobStatus.REFUSED and job.result["rolled_back"]
    assert (job.result["imported"], job.result["refused"]) == (0, 2)
    assert LearningRecord.objects.count() == 0
    assert {row[-2] for row in report_rows(job)[1:]} == {"未导入"}


def test_check_mode_says_checked_and_writes_nothing(
    rules, world, base_registrar, class_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(base_registrar, world["base"], class_file, mode=ImportMode.CHECK)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and LearningRecord.objects.count() == 0
    assert [row[-2] for row in report_rows(job)[1:]][:3] == ["检查通过"] * 3


def test_a_file_that_is_not_a_table_is_refused_with_the_reason(
    world, base_registrar, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(b"%PDF-1.4 not a table")
    with django_capture_on_commit_callbacks(execute=True):
        job = start(base_registrar, world["base"], path)
    job.refresh_from_db()
    assert job.status == JobStatus.REFUSED and job.report_path == ""
    assert job.result["file_error"]["code"] == "not_a_table"
    assert "PDF" in job.error_message


@pytest.mark.parametrize(
    "persona_name,kind,org",
    [
        ("li_qiang", ImportKind.RECORDS, "base"),  # a unit officer is no base registrar
        ("base_registrar", ImportKind.PEOPLE, "base"),  # a base has no staff roster here
        ("other_officer", ImportKind.PEOPLE, "unit_a"),  # another unit's officer
        ("wang_fang", ImportKind.PEOPLE, "unit_a"),
    ],
)
def test_only_the_organisations_own_role_may_start_an_import(
    request, world, class_file, persona_name, kind, org
):
    user = request.getfixturevalue(persona_name)
    with pytest.raises(PermissionDenied):
        start(user, world[org], class_file, kind=kind)
    assert Job.objects.count() == 0


def test_the_administrator_may_import_for_any_base(
    rules, world, admin, class_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(admin, world["base"], class_file)
    job.refresh_from_db()
    assert job.role == "platform_admin" and job.status == JobStatus.DONE


def test_a_job_is_seen_by_its_creator_and_the_administrator_only(world, base_registrar, admin, li_qiang):
    job = job_row(base_registrar, world["base"])
    assert list(Job.objects.visible_to(base_registrar)) == [job]
    assert list(Job.objects.visible_to(admin)) == [job]
    assert list(Job.objects.visible_to(li_qiang)) == []


def test_jobs_recover_queues_a_stale_running_job_again(
    rules, world, base_registrar, class_file, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    job = start(base_registrar, world["base"], class_file)  # on_commit not run: never started
    stale = timezone.now() - timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=stale, attempts=1)
    fresh = job_row(base_registrar, world["base"], status=JobStatus.RUNNING, heartbeat_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs_recover")
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.result["imported"] == 3
    assert fresh.status == JobStatus.RUNNING  # its worker is alive: left alone


def test_a_roster_job_reports_what_each_update_changed(
    rules, world, li_qiang, tmp_path, django_capture_on_commit_callbacks
):
    from jxjy.imports.tests.test_import_pipeline import write_csv

    wang, colleague = world["wang"], world["colleague"]
    header = ["公民身份号码", "姓名", "职称系列", "职称级别", "在职状态", "手机号码"]
    rows = [
        [wang.id_number, wang.name, wang.get_series_display(), wang.get_level_display(), "在职", ""],
        [colleague.id_number, colleague.name, "会计", "正高级", "不在职", "13800000000"],
    ]
    path = write_csv(tmp_path / "名册.csv", header, rows)
    with django_capture_on_commit_callbacks(execute=True):
        job = start(li_qiang, world["unit_a"], path, kind=ImportKind.PEOPLE)
    job.refresh_from_db()
    assert (job.status, job.result["updated"], job.result["already_present"]) == (JobStatus.DONE, 1, 1)
    report = report_rows(job)
    assert report[1][-2:] == ["已存在", ""]
    assert report[2][-2:] == [
        "已更新",
        "职称级别：中级 → 正高级；在职状态：在职 → 不在职；手机号码：（空） → 13800000000",
    ]
    entry = AuditEntry.objects.get(action="person.update", object_id=str(colleague.pk))
    assert entry.actor_username == li_qiang.username and entry.role == "unit_officer"
    assert entry.after == {"level": "senior", "in_service": False, "phone": "13800000000"}
