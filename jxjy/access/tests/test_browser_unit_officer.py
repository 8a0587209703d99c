"""A unit officer logs in, sees their own staff and not another unit's, and searches by name.

李强 (li_qiang) is the officer of 天山区水务有限公司, whose staff are 王芳 and 马建国; 艾力 works at
伊宁市人民医院 and must never show on his list, neither in the full list nor in a search.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from jxjy.testing.browser import BROWSER_TEST, browser_page  # noqa: F401  (the fixture)
from jxjy.testing.factories import TEST_PASSWORD
from jxjy.testing.records import record_row

pytestmark = BROWSER_TEST

EMPTY = "没有符合条件的人员"


def log_in(page: Page, username: str, password: str) -> None:
    page.goto(reverse("access:login"))
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(password)
    page.get_by_role("button", name="登录").click()


def name_cell(page: Page, name: str):
    return page.locator("table").get_by_role("cell", name=name, exact=True)


def search(page: Page, text: str) -> None:
    page.locator('input[name="q"]').fill(text)
    page.get_by_role("button", name="查询").click()


def test_unit_officer_sees_own_staff_and_searches_by_name(li_qiang, browser_page: Page):  # noqa: F811
    page = browser_page
    log_in(page, li_qiang.username, TEST_PASSWORD)
    expect(page).to_have_url(reverse("access:home"))  # relative URLs resolve against the live server

    page.get_by_role("link", name="人员", exact=True).click()
    expect(page).to_have_url(reverse("people:list"))
    expect(page.locator('input[name="q"]')).to_have_attribute("placeholder", re.compile("姓名"))
    expect(name_cell(page, "王芳")).to_be_visible()
    expect(name_cell(page, "马建国")).to_be_visible()
    expect(page.get_by_text("艾力")).to_have_count(0)

    search(page, "王芳")
    expect(name_cell(page, "马建国")).to_have_count(0)
    expect(name_cell(page, "王芳")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(1)

    search(page, "艾力")
    expect(page.get_by_text(EMPTY)).to_be_visible()
    expect(page.locator("table")).to_have_count(0)
    expect(page.get_by_text("艾力", exact=True)).to_have_count(0)


def test_wrong_password_shows_an_error_on_the_login_page(li_qiang, browser_page: Page):  # noqa: F811
    page = browser_page
    log_in(page, li_qiang.username, TEST_PASSWORD + "-wrong")
    expect(page.get_by_text("登录名或密码不正确")).to_be_visible()
    expect(page).to_have_url(reverse("access:login"))
    expect(page.get_by_role("link", name="人员", exact=True)).to_have_count(0)


# The header's items and the dates whose text the browser broke over more than one line ("首页" as
# 首 / 页, "2026-03-06" as 2026-03- / 06).
BROKEN_ITEMS = """() => [...document.querySelectorAll("header.site :is(a, .user span, button), .date")]
    .filter((item) => { const text = document.createRange(); text.selectNodeContents(item);
                        return new Set([...text.getClientRects()].map((line) => line.top)).size > 1; })
    .map((item) => item.textContent.trim())"""


@pytest.fixture
def three_day_class(world):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=2)
    title = "自治区水利行业专业技术人员新技术、新工艺、新材料应用与工程质量安全管理高级研修班"
    return record_row(world["wang"], start_date=start, end_date=today, title=title)


def test_menu_items_and_dates_stay_whole_on_a_narrow_screen(
    li_qiang,
    three_day_class,
    browser_page: Page,  # noqa: F811
):
    """An officer's menu is long; on a laptop or a tablet the bar wraps between items, never inside
    one; and a table's dates wrap at "至", never inside a date."""
    page = browser_page
    log_in(page, li_qiang.username, TEST_PASSWORD)
    expect(page).to_have_url(reverse("access:home"))
    for path in (reverse("access:home"), reverse("records:list")):
        page.goto(path)
        for width in (1280, 1024, 800):
            page.set_viewport_size({"width": width, "height": 800})
            assert page.evaluate(BROKEN_ITEMS) == [], (path, width)
    expect(page.get_by_role("link", name="达标情况", exact=True)).to_be_visible()
    expect(page.locator("td .date")).to_have_count(2)  # the class's first and last day
