"""A CE base's registrar uploads a class list with some bad rows in the browser, watches the progress
bar reach the end with the counts, and downloads the error report, whose last column explains each
refused row, and the refused rows alone. (Tests run jobs on commit, so the job has finished when the
upload's redirect lands; the other tests run it in a worker thread of their own, held after its first
batch, to see the bar half way, and to stop the job there.)"""

import re
import threading

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from python_calamine import CalamineWorkbook

from jxjy.imports import pipeline
from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row, write_csv
from jxjy.jobs import runner, services
from jxjy.records.models import LearningRecord
from jxjy.testing.browser import BROWSER_TEST, browser_page  # noqa: F401  (the fixture)
from jxjy.testing.factories import TEST_PASSWORD

pytestmark = BROWSER_TEST


def test_registrar_uploads_watches_progress_and_downloads_the_report(
    rules,
    world,
    base_registrar,
    browser_page: Page,  # noqa: F811
    tmp_path,
):
    rows = [
        record_row(world["wang"], "BR-1"),
        record_row(world["doctor"], "BR-2"),
        record_row(world["wang"], "BR-3", 公民身份号码="11010519491231002X"),
        record_row(world["wang"], "BR-4", 数量="八"),
    ]
    upload = write_csv(tmp_path / "结业名单.csv", RECORD_HEADER, rows, encoding="gb18030")
    page = browser_page
    page.goto(reverse("access:login"))
    page.locator('input[name="username"]').fill(base_registrar.username)
    page.locator('input[name="password"]').fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="批量导入学习记录").click()
    expect(page.get_by_role("heading", name="批量导入学习记录")).to_be_visible()
    page.locator('input[name="file"]').set_input_files(str(upload))
    page.get_by_label("导入正确的行").check()
    page.get_by_role("button", name="上传并导入").click()

    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    bar = page.get_by_role("progressbar", name="导入进度")
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(page.locator(".rows-done")).to_have_text("4")
    expect(page.locator(".rows-total")).to_have_text("4")
    expect(page.locator('[data-count="imported"]')).to_have_text("2")
    expect(page.locator('[data-count="refused"]')).to_have_text("2")
    expect(page.locator("table.job-errors tbody tr")).to_have_count(2)
    expect(page.locator("table.job-errors")).to_contain_text("公民身份号码")
    assert LearningRecord.objects.filter(issuer=world["base"]).count() == 2

    with page.expect_download() as info:
        page.get_by_role("link", name="下载错误报告").click()
    saved = tmp_path / "report.xlsx"
    info.value.save_as(saved)
    sheet = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert sheet[0][-2:] == ["导入结果", "错误说明"]
    assert [row[-2] for row in sheet[1:]] == ["已导入", "已导入", "未导入", "未导入"]
    assert "公民身份号码" in sheet[3][-1] and "数量" in sheet[4][-1]

    # The two bad rows alone, to fix and upload without the rows already in.
    with page.expect_download() as info:
        page.get_by_role("link", name="只下载错误行").click()
    assert info.value.suggested_filename == "结业名单-错误行.xlsx"
    info.value.save_as(saved)
    sheet = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert [(row[0], row[-1]) for row in sheet[1:]] == [
        ("11010519491231002X", 4),
        (world["wang"].id_number, 5),
    ]

    # Later, from any page: the menu's list of jobs has the file, its counts and the report again.
    page.get_by_role("link", name="导入导出任务").click()
    row = page.locator("table.jobs tbody tr").first
    expect(row).to_contain_text("已导入 2 · 未导入 2")
    expect(row.get_by_role("link", name="下载错误报告")).to_be_visible()


class HeldWorker:
    """The test's own worker for the jobs the page queues: a thread that, once the first batch has
    committed, waits until the test releases it. Batches of two rows."""

    def __init__(self, monkeypatch):
        self.queued: list[int] = []
        self.first_batch_shown, self.release = threading.Event(), threading.Event()
        self.thread: threading.Thread | None = None
        monkeypatch.setattr(services, "enqueue", self.queued.append)  # the job waits for this worker
        monkeypatch.setattr(pipeline, "BATCH_ROWS", 2)
        monkeypatch.setattr(runner, "PROGRESS_SECONDS", 0)
        original_progress = runner._progress

        def held_progress(job_id, before, **options):
            report = original_progress(job_id, before, **options)

            def hold(rows_done):
                report(rows_done)  # committed: the page may show it
                if not self.first_batch_shown.is_set():
                    self.first_batch_shown.set()
                    self.release.wait(timeout=30)

            return hold

        monkeypatch.setattr(runner, "_progress", held_progress)

    def start(self) -> None:
        self.thread = threading.Thread(target=_work, args=(self.queued[0],))
        self.thread.start()
        assert self.first_batch_shown.wait(timeout=30)

    def finish(self) -> None:
        self.release.set()
        if self.thread is not None:
            self.thread.join(timeout=60)


@pytest.fixture
def held_worker(monkeypatch):
    worker = HeldWorker(monkeypatch)
    yield worker
    worker.finish()


def upload_as_registrar(page: Page, registrar, upload) -> None:
    page.goto(reverse("access:login"))
    page.locator('input[name="username"]').fill(registrar.username)
    page.locator('input[name="password"]').fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(reverse("imports:records"))
    page.locator('input[name="file"]').set_input_files(str(upload))
    page.get_by_label("导入正确的行").check()
    page.get_by_role("button", name="上传并导入").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))


def test_the_bar_moves_while_a_worker_imports_the_file(
    rules,
    world,
    base_registrar,
    held_worker,
    browser_page: Page,  # noqa: F811
    tmp_path,
):
    rows = [record_row(world["wang"], f"BW-{n}") for n in range(4)]
    page = browser_page
    upload_as_registrar(page, base_registrar, write_csv(tmp_path / "结业名单.csv", RECORD_HEADER, rows))
    bar = page.get_by_role("progressbar", name="导入进度")
    expect(bar).to_have_attribute("aria-valuenow", "0")  # queued: no worker has it yet

    held_worker.start()
    expect(bar).to_have_attribute("aria-valuenow", "50")  # the page polls itself
    expect(page.locator(".rows-done")).to_have_text("2")
    expect(page.locator(".rows-total")).to_have_text("4")
    expect(page.locator(".running-counts")).to_contain_text("已导入 2")
    held_worker.finish()
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(page.locator('[data-count="imported"]')).to_have_text("4")
    assert LearningRecord.objects.filter(issuer=world["base"]).count() == 4


def test_the_registrar_stops_a_wrong_file_half_way(
    rules,
    world,
    base_registrar,
    held_worker,
    browser_page: Page,  # noqa: F811
    tmp_path,
):
    """The rows of the batch written stay; the page says so; the rest of the file is not read."""
    rows = [record_row(world["wang"], f"BS-{n}") for n in range(6)]
    page = browser_page
    upload_as_registrar(page, base_registrar, write_csv(tmp_path / "去年的名单.csv", RECORD_HEADER, rows))
    held_worker.start()
    expect(page.locator(".rows-done")).to_have_text("2")
    page.once("dialog", lambda dialog: dialog.accept())  # 停止后，已导入的行保留……确定停止？
    page.get_by_role("button", name="停止任务").click()
    expect(page.locator(".stopping")).to_be_visible()
    expect(page.locator(".alert.success")).to_have_count(0)  # the status part was swapped in, no reload
    held_worker.finish()
    expect(page.locator(".job-status")).to_have_text("已停止")
    expect(page.locator(".job-stopped")).to_contain_text("停止前已导入的行保留")
    expect(page.get_by_role("progressbar", name="导入进度")).to_have_attribute("aria-valuenow", "33")
    expect(page.locator('[data-count="imported"]')).to_have_text("2")
    assert LearningRecord.objects.filter(issuer=world["base"]).count() == 2


def _work(job_id: int) -> None:
    """A worker's run of the job, on its own database connection, closed after."""
    from django.db import connections

    try:
        runner.run(job_id)
    finally:
        connections.close_all()
