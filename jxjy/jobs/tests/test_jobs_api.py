"""The job and upload endpoints: 202 with the job, its shape, and another user's job as 404."""

from jxjy.jobs.models import Job
from jxjy.jobs.tests.rows import job_row

JOB_KEYS = {
    "id",
    "kind",
    "status",
    "file_name",
    "total_rows",
    "rows_done",
    "rate_rows_per_s",
    "seconds_left",
    "result",
    "report_url",
    "file_url",
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
