"""A record's whole path in the browser: 王芳 reports a training class with a photo of the
certificate; 李强, her unit's officer, finds it in his queue and registers it; when 王芳 comes back,
her home page's progress bar has moved from 0 to 8.0 hours."""

import io
import re

from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from jxjy.testing.browser import BROWSER_TEST, browser_page  # noqa: F401  (the fixture)
from jxjy.testing.factories import TEST_PASSWORD
from jxjy.testing.records import claim

pytestmark = BROWSER_TEST

TITLE = "水利工程质量管理培训班"


def log_in(page: Page, username: str) -> None:
    page.goto(reverse("access:login"))
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(reverse("access:home"))


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()


def professional_bar(page: Page):
    return page.get_by_role("progressbar", name="专业科目")


def certificate_png(tmp_path) -> str:
    path = tmp_path / "结业证书.png"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "white").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def report_training(page: Page, png_path: str) -> None:
    day = claim()["end_date"].isoformat()
    page.get_by_role("link", name="申报学习记录").first.click()
    expect(page).to_have_url(reverse("records:create"))
    page.locator('select[name="form"]').select_option("training_class")
    page.locator('select[name="activity"]').select_option("training_hours")
    page.locator('select[name="subject_kind"]').select_option("professional")
    page.locator('input[name="title"]').fill(TITLE)
    page.locator('input[name="organiser"]').fill("自治区水利学会")
    page.locator('input[name="start_date"]').fill(day)
    page.locator('input[name="end_date"]').fill(day)
    page.locator('input[name="quantity"]').fill("8")
    page.locator('input[name="evidence"]').set_input_files(png_path)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已提交，等待天山区水务有限公司登记")).to_be_visible()
    expect(page.get_by_role("link", name="结业证书.png")).to_be_visible()


def test_report_register_and_see_the_progress_move(rules, wang_fang, li_qiang, browser_page: Page, tmp_path):  # noqa: F811
    page = browser_page
    log_in(page, wang_fang.username)
    expect(professional_bar(page)).to_have_attribute("aria-valuenow", "0.0")
    expect(page.get_by_text(re.compile(r"专业科目 0\.0 / 60 学时"))).to_be_visible()
    expect(professional_bar(page).locator("span")).to_have_attribute("style", "width:0%")
    report_training(page, certificate_png(tmp_path))
    expect(page.locator(".badge", has_text="待登记")).to_be_visible()
    log_out(page)

    log_in(page, li_qiang.username)
    page.get_by_role("link", name="待登记记录 1 条").click()
    expect(page.get_by_role("heading", name="待登记记录")).to_be_visible()
    row = page.locator("table tbody tr", has_text=TITLE)
    expect(row.get_by_role("cell", name="王芳", exact=True)).to_be_visible()
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="批量登记").click()
    expect(page.get_by_text(f"已登记 1 条：《{TITLE}》（王芳）")).to_be_visible()
    expect(page.get_by_text("没有待登记的记录")).to_be_visible()
    log_out(page)

    log_in(page, wang_fang.username)
    expect(professional_bar(page)).to_have_attribute("aria-valuenow", "8.0")
    expect(page.get_by_text(re.compile(r"专业科目 8\.0 / 60 学时"))).to_be_visible()
    expect(professional_bar(page).locator("span")).to_have_attribute("style", "width:13%")
    expect(page.get_by_text("还差 82 学时，请继续学习并申报")).to_be_visible()
    expect(page.locator(".latest-records .badge", has_text="已登记")).to_be_visible()
