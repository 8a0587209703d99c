"""An import job from upload to result: the counts, the report, scope, the API's shape, and a job
whose worker is killed mid-file resuming without importing any row twice."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from jxjy.audit.models import AuditEntry
from jxjy.imports.choices import ImportKind, ImportMode
from jxjy.imports.tests.files import xlsx_rows
from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER
from jxjy.jobs.choices import JobStatus
from jxjy.jobs.files import job_file
from jxjy.jobs.models import Job
from jxjy.jobs.services import import_job_start
from jxjy.jobs.tests.conftest import uploaded
from jxjy.jobs.tests.rows import job_row, reported_job_row
from jxjy.records.models import LearningRecord


def start(user, organization, path, mode=ImportMode.VALID, kind=ImportKind.RECORDS) -> Job:
    return import_job_start(
        actor=user, kind=kind, organization=organization, uploaded_file=uploaded(path), mode=mode
    )


def report_rows(job: Job) -> list[list]:
    return CalamineWorkbook.from_path(str(job_file(job.report_path))).get_sheet_by_index(0).to_python()


def downloaded_rows(response, folder) -> list[list]:
    """The rows of a downloaded workbook."""
    assert response.status_code == 200
    path = folder / "downloaded.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


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


def test_the_refused_rows_alone_are_offered_fixed_and_imported_again(
    client, rules, world, base_registrar, class_file, tmp_path, django_capture_on_commit_callbacks
):
    """After an import that kept its good rows, the page offers the two refused rows alone, each with
    its row in the file; fixed in a spreadsheet and uploaded, they go in and nothing else moves."""
    with django_capture_on_commit_callbacks(execute=True):
        job = start(base_registrar, world["base"], class_file)
    client.force_login(base_registrar)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/refused.xlsx"' in page and "只含未导入的 2 行" in page
    response = client.get(f"/jobs/{job.pk}/refused.xlsx")
    assert "%E9%94%99%E8%AF%AF%E8%A1%8C.xlsx" in response["Content-Disposition"]  # 结业名单-错误行.xlsx
    rows = downloaded_rows(response, tmp_path)
    assert rows[0] == [*RECORD_HEADER, "导入结果", "错误说明", "原文件行号"]
    assert [(row[-3], row[-1]) for row in rows[1:]] == [("未导入", 5), ("未导入", 6)]
    assert rows[1][-2].startswith("公民身份号码：") and rows[2][-2].startswith("结束日期：")

    fixed = [[str(cell) for cell in row[:-3]] for row in rows[1:]]
    fixed[0][0] = world["doctor"].id_number  # the unknown ID number, corrected
    start_at, end_at = RECORD_HEADER.index("开始日期"), RECORD_HEADER.index("结束日期")
    fixed[1][start_at] = fixed[1][end_at]  # the dates in order
    again = xlsx_rows(tmp_path, "错误行-改正.xlsx", rows[0], fixed)
    with django_capture_on_commit_callbacks(execute=True):
        second = start(base_registrar, world["base"], again)
    second.refresh_from_db()
    assert (second.result["rows"], second.result["imported"], second.result["refused"]) == (2, 2, 0)
    assert LearningRecord.objects.filter(issuer=world["base"]).count() == 5
    # Nothing refused this time: no refused rows to offer.
    assert client.get(f"/jobs/{second.pk}/refused.xlsx").status_code == 404
    assert "只下载错误行" not in client.get(f"/jobs/{second.pk}/").content.decode()


@pytest.mark.parametrize("mode", [ImportMode.CHECK, ImportMode.ALL])
def test_a_run_that_wrote_nothing_offers_the_whole_report_only(
    client, rules, world, base_registrar, class_file, mode, django_capture_on_commit_callbacks
):
    """Check and a refused all-or-nothing run kept nothing: the whole file is what goes up again."""
    with django_capture_on_commit_callbacks(execute=True):
        job = start(base_registrar, world["base"], class_file, mode=mode)
    client.force_login(base_registrar)
    assert client.get(f"/jobs/{job.pk}/report.xlsx").status_code == 200
    assert client.get(f"/jobs/{job.pk}/refused.xlsx").status_code == 404
    assert client.get(f"/api/v1/jobs/{job.pk}").json()["refused_rows_url"] is None


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


@pytest.mark.parametrize("name", ["report.xlsx", "refused.xlsx"])
def test_a_jobs_reports_are_served_to_whoever_sees_the_job(client, world, base_registrar, admin, name):
    """The other side of the scope matrix's not-found: the same row's files reach its creator and
    the administrator."""
    job = reported_job_row(base_registrar, world["base"])
    for user in (base_registrar, admin):
        client.force_login(user)
        response = client.get(f"/jobs/{job.pk}/{name}")
        assert b"".join(response.streaming_content) == b"report of job %d" % job.pk


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
