"""The upload pages: a base registrar uploads a real file through the form, lands on the job's
page, which (jobs run on commit in tests) shows the finished summary, the first errors and the
report, whose XLSX carries the error column."""

import io

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row, write_csv
from jxjy.jobs.models import Job


@pytest.fixture
def class_xlsx(tmp_path, world):
    path = tmp_path / "结业名单.xlsx"
    rows = [
        record_row(world["wang"], "XL-1"),
        record_row(world["doctor"], "XL-2", 公民身份号码="11010519491231002X"),
    ]
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, RECORD_HEADER)
        for index, row in enumerate(rows, 1):
            for column, value in enumerate(row):
                sheet.write_string(index, column, value)
    return path


def test_upload_page_shows_the_form_the_template_link_and_recent_jobs(client, base_registrar):
    client.force_login(base_registrar)
    page = client.get("/imports/records/").content.decode()
    assert 'type="radio"' in page and "乌鲁木齐继续教育基地" in page
    assert "/imports/templates/records.xlsx" in page and "还没有导入过文件" in page


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_a_real_file_through_the_form_ends_on_the_finished_job(
    client, rules, world, base_registrar, tmp_path, class_xlsx, django_capture_on_commit_callbacks, name
):
    if name == "csv":
        rows = [record_row(world["wang"], "CS-1"), record_row(world["wang"], "CS-2", 数量="abc")]
        path = write_csv(tmp_path / "名单.csv", RECORD_HEADER, rows, encoding="gb18030")
    else:
        path = class_xlsx
    client.force_login(base_registrar)
    with path.open("rb") as stream, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/imports/records/", {"file": stream, "mode": "valid"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'aria-valuenow="100"' in page and "hx-trigger" not in page  # finished: no more polling
    assert 'data-count="imported">1<' in page and 'data-count="refused">1<' in page
    assert "<td>3</td>" in page and "下载错误报告" in page
    report = client.get(f"/jobs/{job.pk}/report.xlsx")
    assert report.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(report.streaming_content)))
    rows = rows.get_sheet_by_index(0).to_python()
    assert rows[0][-1] == "错误说明" and rows[2][-2] == "未导入" and rows[2][-1]
    assert client.get("/imports/records/").content.decode().count(f"/jobs/{job.pk}/") == 1


def test_a_running_job_page_polls_itself(client, world, base_registrar):
    from jxjy.jobs.tests.rows import job_row

    job = job_row(base_registrar, world["base"], status="running", total_rows=10, rows_done=4)
    client.force_login(base_registrar)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'aria-valuenow="40"' in page
    partial = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="job-status"') or 'id="job-status"' in partial[:200]


def test_upload_pages_are_for_the_organisations_own_role(client, li_qiang, base_registrar, wang_fang):
    client.force_login(li_qiang)
    assert client.get("/imports/records/").status_code == 404
    assert client.get("/imports/people/").status_code == 200
    client.force_login(base_registrar)
    assert client.get("/imports/people/").status_code == 404
    client.force_login(wang_fang)
    assert client.get("/imports/records/").status_code == 404


def test_the_template_downloads(client):
    response = client.get("/imports/templates/records.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get("/imports/templates/other.xlsx").status_code == 404
