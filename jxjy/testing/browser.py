"""Browser tests: Playwright for Python drives Debian's Chromium against pytest-django's live_server.

A browser test module carries BROWSER_TEST and its tests ask for `browser_page`:

    from jxjy.testing.browser import BROWSER_TEST, browser_page  # noqa: F401  (a fixture)

    pytestmark = BROWSER_TEST

    def test_something(li_qiang, browser_page):
        browser_page.goto("/login/")   # relative to live_server.url

They run only with JXJY_BROWSER_TESTS=1 (settings.JXJY_BROWSER_TESTS); otherwise they show as skipped,
with the reason, before any fixture runs: no live server, no data, no flush of a transactional test.
With it set, a missing `chromium` fails the test: a run that asked for browser tests must not pass
without them. `playwright install` downloads a browser and cannot work here, so the system
Chromium is launched by path.

Why DJANGO_ALLOW_ASYNC_UNSAFE: Playwright's sync API runs an asyncio loop in a greenlet of the test's
own thread and leaves that loop marked as running between calls, so Django's async-safety check refuses
every ORM call the test thread makes while the browser is up (SynchronousOnlyOperation): a fixture set
up after this one, a query in the test body, the database flush when the test ends. No coroutine ever
uses the connection (each Playwright call blocks until it returns), so the check has nothing to protect
here. The variable is set for this fixture's lifetime only, and Playwright is started and stopped
inside it, so no other test ever runs under a running loop or with the check off.
"""

import shutil

import pytest
from django.conf import settings
from django.db import connections

SKIP_REASON = "浏览器测试未运行 / browser tests not run: set JXJY_BROWSER_TESTS=1"
MISSING_CHROMIUM = (
    "JXJY_BROWSER_TESTS=1 but Debian's Chromium is not installed (no `chromium` on PATH): "
    "apt-get install chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's default is 30 s per action; a page that is missing or wrong should fail sooner.
TIMEOUT_MS = 10_000


def browser_tests_enabled() -> bool:
    return bool(getattr(settings, "JXJY_BROWSER_TESTS", False))


# `browser` selects them (-m browser), and jxjy/conftest.py skips every test so marked before fixture
# setup, which a fixture's own skip cannot do (browser_page still checks, for a test without the mark).
BROWSER_TEST = pytest.mark.browser


def chromium_executable() -> str:
    """The system Chromium, or the reason this run cannot have browser tests."""
    if not browser_tests_enabled():
        pytest.skip(SKIP_REASON)
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    return executable


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A fresh browser context and page for one test, with `base_url` set to the live server.

    Requesting `live_server` makes the test transactional (pytest-django), so rows created by the
    test's fixtures are visible to the server thread.
    """
    executable = chromium_executable()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai"
            )
            context.set_default_timeout(TIMEOUT_MS)
            try:
                yield context.new_page()
            finally:
                context.close()
        finally:
            browser.close()
            # While the loop runs, Django keeps the connection of a query made in the test body
            # apart from the thread's own (its connections are asgiref Locals): closed here, or
            # its session outlives the test and the test database cannot be dropped.
            connections.close_all()
