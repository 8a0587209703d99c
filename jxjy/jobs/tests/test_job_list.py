"""The list of a user's jobs (/jobs/): where an import or a long export is found again after the tab
was closed. Each persona sees its own jobs only (the administrator every job, with whose it is); a
running job shows its live rows; finished ones their counts and downloads."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jxjy.jobs.choices import JobKind
from jxjy.jobs.tests.rows import job_row, reported_job_row, running_job_row
from jxjy.testing.factories import UserFactory


def _page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("jobs:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_registrar_finds_each_of_their_jobs_with_what_became_of_it(client, world, base_registrar):
    done = job_row(
        base_registrar,
        world["base"],
        file_name="春季班.xlsx",
        result={"rows": 120, "imported": 118, "refused": 2},
        report_path="done/report.xlsx",
    )
    running = running_job_row(
        base_registrar,
        world["base"],
        live_rows=1500,
        file_name="秋季班.csv",
        total_rows=3000,
        started_at=timezone.now() - timedelta(seconds=5),
        upload_path="running/秋季班.csv",
        mode="all",
    )
    export = job_row(
        base_registrar,
        None,
        kind=JobKind.EXPORT,
        file_name="records-20261127.xlsx",
        mode="xlsx",
        result={"rows": 40000},
        report_path="export/records-20261127.xlsx",
        params={"list": "records", "query": "status=registered", "format": "xlsx"},
    )
    with_refused_rows = reported_job_row(base_registrar, world["base"], file_name="冬季班.csv")
    html = _page(client, base_registrar)
    newest_first = [html.index(name) for name in ("records-20261127.xlsx", "秋季班.csv", "春季班.xlsx")]
    assert newest_first == sorted(newest_first)
    assert "<td>120</td>" in html and "已导入 118 · 未导入 2" in html
    assert reverse("jobs:report", args=[done.pk]) in html
    assert "<td>1,500 / 3,000</td>" in html and reverse("jobs:detail", args=[running.pk]) in html
    assert reverse("jobs:file", args=[export.pk]) in html and "学习记录名单" in html
    # The refused rows alone, where the run wrote them (the 春季班 row has no files on disk).
    assert reverse("jobs:refused", args=[with_refused_rows.pk]) in html
    assert reverse("jobs:refused", args=[done.pk]) not in html
    assert "发起人" not in html  # all of them are the registrar's own


def test_the_kind_and_file_name_filters(client, world, base_registrar):
    job_row(base_registrar, world["base"], file_name="春季班.xlsx")
    job_row(base_registrar, None, kind=JobKind.EXPORT, file_name="people-20261127.csv", mode="csv")
    html = _page(client, base_registrar, kind=JobKind.EXPORT)
    assert "people-20261127.csv" in html and "春季班.xlsx" not in html
    html = _page(client, base_registrar, kind="nonsense")  # an unknown kind lists every job
    assert "people-20261127.csv" in html and "春季班.xlsx" in html
    html = _page(client, base_registrar, q="春季")
    assert "people-20261127.csv" not in html and "春季班.xlsx" in html


def test_nobody_sees_another_users_job_but_the_administrator(client, world, persona):
    name, user = persona
    owner = UserFactory(username="someoneelse", display_name="别的经办人")
    job_row(owner, world["base"], file_name="别人的名单.csv")
    html = _page(client, user)
    if name == "admin":
        assert "别人的名单.csv" in html and "别的经办人" in html and "发起人" in html
    else:
        assert "别人的名单.csv" not in html and "还没有导入导出任务" in html


@pytest.mark.parametrize("mode", ["all", "valid"])
def test_the_upload_page_shows_a_running_imports_live_rows(client, world, base_registrar, mode):
    upload = f"{mode}/结业名单.csv"
    running_job_row(base_registrar, world["base"], live_rows=7, total_rows=10, upload_path=upload, mode=mode)
    client.force_login(base_registrar)
    html = client.get(reverse("imports:records")).content.decode()
    assert "<td>7</td>" in html and reverse("jobs:list") in html


def test_the_page_is_in_the_menu_of_whoever_holds_a_role(client, world, base_registrar, wang_fang):
    assert reverse("jobs:list") in _page(client, base_registrar)
    client.force_login(wang_fang)
    assert reverse("jobs:list") in client.get(reverse("access:home")).content.decode()
