"""The job and upload endpoints: 202 with the job, its shape, the list of the caller's jobs, and another
user's job as 404."""

import pytest

from jxjy.jobs.choices import JobKind
from jxjy.jobs.models import Job
from jxjy.jobs.tests.rows import job_row, running_job_row

JOB_KEYS = {
    "id",
    "kind",
    "status",
    "file_name",
    "total_rows",
    "rows_done",
    "rate_rows_per_s",
    "seconds_left",
    "stage",
    "result",
    "report_url",
    "refused_rows_url",
    "file_url",
    "stop_requested",
    "files_kept_until",
    "files_purged_at",
}


def test_upload_answers_202_with_the_job_and_the_job_reads_back(
    client, rules, world, base_registrar, class_file, django_capture_on_commit_callbacks
):
    client.force_login(base_registrar)
    with class_file.open("rb") as stream, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/imports/records", {"file": stream, "mode": "valid"})
    assert response.status_code == 202, response.content
    body = response.json()
    assert set(body) == JOB_KEYS and body["status"] == "queued" and body["kind"] == "import_records"
    response = client.get(f"/api/v1/jobs/{body['id']}")
    assert response.status_code == 200
    job = response.json()
    assert set(job) == JOB_KEYS
    assert (job["status"], job["total_rows"], job["rows_done"], job["seconds_left"]) == ("done", 5, 5, None)
    assert job["result"]["imported"] == 3 and job["result"]["refused"] == 2
    assert job["rate_rows_per_s"] > 0
    assert job["report_url"] == f"/jobs/{job['id']}/report.xlsx"
    assert job["refused_rows_url"] == f"/jobs/{job['id']}/refused.xlsx"


def test_upload_names_the_organisation_by_credit_code(client, world, admin, class_file):
    client.force_login(admin)
    with class_file.open("rb") as stream:
        response = client.post(
            "/api/v1/imports/records", {"file": stream, "organization": world["base"].credit_code.lower()}
        )
    assert response.status_code == 202, response.content
    assert Job.objects.get().organization == world["base"]


def test_upload_without_the_role_is_forbidden(client, world, li_qiang, class_file):
    client.force_login(li_qiang)
    with class_file.open("rb") as stream:
        response = client.post("/api/v1/imports/records", {"file": stream})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_upload_with_a_bad_mode_is_a_validation_error(client, world, base_registrar, class_file):
    client.force_login(base_registrar)
    with class_file.open("rb") as stream:
        response = client.post("/api/v1/imports/records", {"file": stream, "mode": "everything"})
    # ("form.mode": config/api.py strips body/query/path from a field's location, not "form")
    assert response.status_code == 422 and response.json()["errors"][0]["field"].endswith("mode")


def test_another_users_job_is_not_found(client, world, base_registrar, li_qiang):
    job = job_row(base_registrar, world["base"])
    client.force_login(li_qiang)
    response = client.get(f"/api/v1/jobs/{job.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/report.xlsx").status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_running_job_shows_rows_done_rate_and_time_left(
    client,
    monkeypatch,
    rules,
    world,
    base_registrar,
    tmp_path,
    django_capture_on_commit_callbacks,
    file_format,
):
    """The API and the page, asked while the job is between its batches: 2 of 6 rows done in 10 s.
    The 6 is counted before the first row is imported (an XLSX from its XML, imports.xlsx_count)."""
    from datetime import timedelta

    from django.utils import timezone

    from jxjy.imports import pipeline
    from jxjy.imports.tests.files import xlsx_rows
    from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row, write_csv
    from jxjy.jobs import runner

    rows = [record_row(world["wang"], f"P-{n}") for n in range(6)]
    if file_format == "csv":
        path = write_csv(tmp_path / "六人.csv", RECORD_HEADER, rows)
    else:
        path = xlsx_rows(tmp_path, "六人.xlsx", RECORD_HEADER, [[], *rows])  # and a blank row
    monkeypatch.setattr(pipeline, "BATCH_ROWS", 2)
    monkeypatch.setattr(runner, "PROGRESS_SECONDS", 0)
    seen = []
    original_progress = runner._progress

    def watched_progress(job, before, **options):
        report = original_progress(job, before, **options)

        def watch(rows_done):
            report(rows_done)
            if not seen:  # after the first batch: as if it had taken ten seconds
                Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(seconds=10))
                seen.append((client.get(f"/api/v1/jobs/{job.pk}").json(), client.get(f"/jobs/{job.pk}/")))

        return watch

    monkeypatch.setattr(runner, "_progress", watched_progress)
    client.force_login(base_registrar)
    with path.open("rb") as stream, django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/imports/records", {"file": stream, "mode": "valid"})

    body, page = seen[0]
    assert (body["status"], body["total_rows"], body["rows_done"], body["stage"]) == ("running", 6, 2, "rows")
    assert 0.19 <= body["rate_rows_per_s"] <= 0.2 and body["seconds_left"] == 20
    html = page.content.decode()
    assert 'aria-valuenow="33"' in html and '<strong class="rows-done">2</strong>' in html
    assert '<span class="seconds-left">20</span>' in html and '<span class="rate">0.2</span>' in html
    assert Job.objects.get().status == "done"


def test_the_job_list_has_the_callers_jobs_newest_first_with_their_progress(client, world, base_registrar):
    done = job_row(base_registrar, world["base"], file_name="春季班.xlsx", result={"rows": 3, "imported": 3})
    running = running_job_row(
        base_registrar,
        world["base"],
        live_rows=4,
        total_rows=9,
        file_name="秋季班.csv",
        upload_path="autumn/秋季班.csv",
    )
    job_row(base_registrar, None, kind=JobKind.EXPORT, file_name="people-20261127.csv", mode="csv")
    client.force_login(base_registrar)
    body = client.get("/api/v1/jobs").json()
    assert body["count"] == 3
    assert [job["file_name"] for job in body["items"]] == ["people-20261127.csv", "秋季班.csv", "春季班.xlsx"]
    listed = {job["id"]: job for job in body["items"]}
    assert (listed[running.pk]["rows_done"], listed[running.pk]["total_rows"]) == (4, 9)
    assert listed[running.pk]["stage"] == "rows" and listed[done.pk]["result"]["imported"] == 3
    assert set(listed[done.pk]) == JOB_KEYS
    only_exports = client.get("/api/v1/jobs", {"kind": "export"}).json()
    assert [job["file_name"] for job in only_exports["items"]] == ["people-20261127.csv"]
    by_name = client.get("/api/v1/jobs", {"q": "秋季"}).json()
    assert [job["id"] for job in by_name["items"]] == [running.pk]
    assert client.get("/api/v1/jobs", {"kind": "nonsense"}).status_code == 422
