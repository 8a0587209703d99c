"""A list longer than JXJY_EXPORT_INLINE_ROWS is exported by a background job: the request goes to
the job's page, the worker rebuilds the same scoped rows from the page's query string, and the file it
writes holds what the direct export would have, downloadable only by whoever asked for it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jxjy.audit.models import AuditEntry
from jxjy.exports.tests.helpers import csv_rows, download, xlsx_rows
from jxjy.jobs.choices import JobKind, JobStatus
from jxjy.jobs.models import Job
from jxjy.testing.records import registered

YEAR = timezone.localdate().year


def _direct(client, user, list_name: str, file_format: str, **params) -> bytes:
    client.force_login(user)
    response = client.get(reverse(f"{list_name}:list"), {"format": file_format, **params})
    assert response.status_code == 200
    return download(response)


def _via_job(client, user, list_name, file_format, capture, **params) -> tuple[Job, bytes]:
    client.force_login(user)
    with capture(execute=True):  # the job is queued when its row commits; the test backend runs it
        response = client.get(reverse(f"{list_name}:list"), {"format": file_format, **params})
    job = Job.objects.get(kind=JobKind.EXPORT, created_by=user)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    done = job.result["rows"]
    assert (job.status, job.total_rows, job.rows_done) == (JobStatus.DONE, done, done)
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert "下载导出文件" in page.content.decode()
    file_response = client.get(reverse("jobs:file", args=[job.pk]))
    assert file_response.status_code == 200
    assert f'filename="{job.file_name}"' in file_response["Content-Disposition"]
    return job, download(file_response)


def test_a_long_compliance_list_is_written_by_a_job_with_the_same_rows(
    client, settings, rules, world, wang_fang, li_qiang, django_capture_on_commit_callbacks
):
    registered(wang_fang, li_qiang)
    direct = xlsx_rows(_direct(client, li_qiang, "compliance", "xlsx", year=YEAR))
    settings.JXJY_EXPORT_INLINE_ROWS = 1  # two people: more than fits in the request
    job, body = _via_job(
        client, li_qiang, "compliance", "xlsx", django_capture_on_commit_callbacks, year=YEAR
    )
    assert xlsx_rows(body) == direct and len(direct) == 3
    assert job.params == {"list": "compliance", "query": f"format=xlsx&year={YEAR}", "format": "xlsx"}
    assert job.file_name == f"compliance-{YEAR}.xlsx" and job.organization is None
    started = AuditEntry.objects.get(action="job.start", object_id=str(job.pk))
    assert started.after["list"] == "compliance" and started.role == "unit_officer"
    assert AuditEntry.objects.filter(action="export.compliance").count() == 2  # direct, then the job's


def test_a_long_people_list_as_csv_keeps_the_masking_of_the_role(
    client, settings, world, industry_water, django_capture_on_commit_callbacks
):
    direct = csv_rows(_direct(client, industry_water, "people", "csv"))
    settings.JXJY_EXPORT_INLINE_ROWS = 0
    job, body = _via_job(client, industry_water, "people", "csv", django_capture_on_commit_callbacks)
    rows = csv_rows(body)
    assert rows == direct and len(rows) == 4
    assert rows[0][1] == "公民身份号码（已隐去部分号码）" and world["wang"].id_number not in body.decode()
    assert job.result["full_id_numbers"] is False


@pytest.mark.parametrize("route", ["jobs:detail", "jobs:file"])
def test_someone_elses_export_job_is_not_found(
    client, settings, world, li_qiang, other_officer, django_capture_on_commit_callbacks, route
):
    settings.JXJY_EXPORT_INLINE_ROWS = 0
    job, _body = _via_job(client, li_qiang, "people", "xlsx", django_capture_on_commit_callbacks)
    client.force_login(other_officer)
    assert client.get(reverse(route, args=[job.pk])).status_code == 404


def test_the_file_is_not_offered_before_it_is_written(client, settings, world, li_qiang):
    settings.JXJY_EXPORT_INLINE_ROWS = 0
    client.force_login(li_qiang)
    response = client.get(reverse("people:list"), {"format": "xlsx"})  # queued; no worker ran it
    job = Job.objects.get(kind=JobKind.EXPORT)
    assert response.status_code == 302 and job.status == JobStatus.QUEUED
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    assert "正在后台生成文件" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_an_export_whose_worker_stopped_is_written_again_and_the_api_names_the_file(
    client, settings, world, li_qiang, django_capture_on_commit_callbacks
):
    settings.JXJY_EXPORT_INLINE_ROWS = 0
    client.force_login(li_qiang)
    client.get(reverse("people:list"), {"format": "csv"})
    job = Job.objects.get(kind=JobKind.EXPORT)
    stale = timezone.now() - timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=stale, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs_recover")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result["rows"]) == (JobStatus.DONE, 2, 2)
    answer = client.get(f"/api/v1/jobs/{job.pk}").json()
    assert answer["file_url"] == reverse("jobs:file", args=[job.pk]) and answer["report_url"] is None


def test_a_long_records_list_is_written_by_a_job_with_the_same_rows(
    client, settings, rules, world, wang_fang, li_qiang, django_capture_on_commit_callbacks
):
    registered(wang_fang, li_qiang)
    listed = {"status": "registered"}  # the registrar's queue opens on what waits for registration
    direct = xlsx_rows(_direct(client, li_qiang, "records", "xlsx", **listed))
    settings.JXJY_EXPORT_INLINE_ROWS = 0
    job, body = _via_job(client, li_qiang, "records", "xlsx", django_capture_on_commit_callbacks, **listed)
    assert xlsx_rows(body) == direct and len(direct) == 2  # the header and the registered record
    assert job.params["list"] == "records"
    assert AuditEntry.objects.filter(action="export.records").count() == 2  # direct, then the job's


def test_an_export_names_its_last_step_once_its_rows_are_written(
    client, settings, rules, world, wang_fang, li_qiang, monkeypatch, django_capture_on_commit_callbacks
):
    from jxjy.jobs import runner
    from jxjy.jobs.live import live_read
    from jxjy.jobs.selectors import progress_of

    registered(wang_fang, li_qiang)
    settings.JXJY_EXPORT_INLINE_ROWS = 1
    seen = []
    write_xlsx = runner.write_xlsx

    def watched(header, rows, out):
        def rows_then_look():
            yield from rows
            job = Job.objects.get(kind=JobKind.EXPORT)  # every row is in; the workbook is not closed
            seen.append((live_read(job), progress_of(job)["stage"]))

        return write_xlsx(header, rows_then_look(), out)

    monkeypatch.setattr(runner, "write_xlsx", watched)
    job, _ = _via_job(client, li_qiang, "compliance", "xlsx", django_capture_on_commit_callbacks, year=YEAR)
    assert seen == [({"rows_done": 2, "stage": "packing", "written_at": seen[0][0]["written_at"]}, "packing")]
    assert live_read(job) is None


def test_a_long_organisation_list_is_written_by_a_job_with_the_same_rows(
    client, settings, world, chen_region, django_capture_on_commit_callbacks
):
    direct = xlsx_rows(_direct(client, chen_region, "organizations", "xlsx", kind="unit"))
    settings.JXJY_EXPORT_INLINE_ROWS = 1
    job, body = _via_job(
        client, chen_region, "organizations", "xlsx", django_capture_on_commit_callbacks, kind="unit"
    )
    assert xlsx_rows(body) == direct and len(direct) == 5  # four units of the region, and the header
    assert job.params["list"] == "organizations" and job.result["full_id_numbers"] is False


def test_an_export_jobs_page_names_its_list_and_filters_and_links_back_to_the_list(
    client, settings, rules, world, chen_region, django_capture_on_commit_callbacks
):
    """Three exports of one morning are told apart on their pages: which list, narrowed how (in the
    filter form's own words), and a link to the page itself (not to the file again)."""
    settings.JXJY_EXPORT_INLINE_ROWS = 0
    job, _body = _via_job(
        client,
        chen_region,
        "compliance",
        "xlsx",
        django_capture_on_commit_callbacks,
        region="650102",
        series="accounting",
        met="0",
    )
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "达标情况" in page
    filters = page.split('<dd class="export-filters">')[1].split("</dd>")[0]
    assert filters == f"年度：{YEAR}；职称系列：会计；是否达标：未达标；行政区划：天山区"
    link = reverse("compliance:list") + "?region=650102&amp;series=accounting&amp;met=0"
    assert f'<a href="{link}">打开此名单</a>' in page


def test_an_unfiltered_export_says_so_and_a_followed_unit_is_named(
    client, settings, world, chen_region, django_capture_on_commit_callbacks
):
    settings.JXJY_EXPORT_INLINE_ROWS = 0
    whole, _body = _via_job(client, chen_region, "people", "csv", django_capture_on_commit_callbacks)
    page = client.get(reverse("jobs:detail", args=[whole.pk])).content.decode()
    assert '<dd class="export-filters">无（全部）</dd>' in page
    assert f'<a href="{reverse("people:list")}">打开此名单</a>' in page

    unit = world["unit_a"]
    Job.objects.all().delete()
    one_unit, _body = _via_job(
        client, chen_region, "people", "csv", django_capture_on_commit_callbacks, unit=str(unit.pk)
    )
    page = client.get(reverse("jobs:detail", args=[one_unit.pk])).content.decode()
    assert f'<dd class="export-filters">工作单位：{unit.name}</dd>' in page
