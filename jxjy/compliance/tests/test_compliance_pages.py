"""The compliance pages: the list in scope with filters, counts and a CSV export, its query count
pinned; one person's year with bars, shortfalls in words and the records that count."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone

from jxjy.testing.factories import PersonFactory, UserFactory, grant
from jxjy.testing.records import claim, png_file, registered

YEAR = timezone.localdate().year


def _met(world, li_qiang):
    """马建国 (colleague) has the year met: 60 professional and 30 public hours."""
    user = UserFactory(username=world["colleague"].id_number, person=world["colleague"])
    grant(user, "professional")
    end = claim()["end_date"]
    registered(
        user,
        li_qiang,
        form="further_study",
        activity="further_study_days",
        quantity_tenths=80,
        title="进修",
        start_date=end - datetime.timedelta(days=9),
        end_date=end,
    )
    registered(
        user,
        li_qiang,
        form="training_class",
        activity="training_half_days",
        quantity_tenths=10,
        title="半天培训",
        subject_kind="professional",
        certificate_number="H-1",
    )
    registered(
        user,
        li_qiang,
        form="distance",
        activity="distance_hours",
        quantity_tenths=300,
        subject_kind="public",
        public_category="law",
        title="公需课",
        certificate_number="P-1",
    )
    return user


def test_list_counts_filters_and_masks(client, rules, world, wang_fang, li_qiang, zhao_county):
    registered(wang_fang, li_qiang)
    _met(world, li_qiang)
    client.force_login(zhao_county)
    response = client.get(reverse("compliance:list"))
    text = response.content.decode()
    assert response.status_code == 200
    # 天山区: 王芳, 马建国 (unit_a), 阿依古丽 (unit_a2), 张伟 (file agency).
    assert '<strong id="stat-count">4</strong>' in text and '<strong id="stat-met">1</strong>' in text
    assert "25.0%" in text
    assert world["wang"].id_number not in text and world["wang"].id_number[:6] in text
    assert "8.0" in text and "艾力" not in text
    text = client.get(reverse("compliance:list"), {"met": "1"}).content.decode()
    assert "马建国" in text and "王芳" not in text
    text = client.get(reverse("compliance:list"), {"met": "0", "series": "school_teaching"}).content.decode()
    assert "阿依古丽" in text and "王芳" not in text
    text = client.get(reverse("compliance:list"), {"unit": world["unit_a"].pk}).content.decode()
    assert '<strong id="stat-count">2</strong>' in text
    partial = client.get(reverse("compliance:list"), {"q": "王芳"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "王芳" in partial and "马建国" not in partial


def test_region_filter_for_those_who_oversee_divisions(client, rules, world, chen_region, li_qiang):
    client.force_login(chen_region)
    text = client.get(reverse("compliance:list"), {"region": "654002"}).content.decode()
    assert "艾力" in text and "王芳" not in text
    client.force_login(li_qiang)
    assert 'name="region"' not in client.get(reverse("compliance:list")).content.decode()


def test_csv_export(client, rules, world, wang_fang, li_qiang):
    registered(wang_fang, li_qiang)
    client.force_login(li_qiang)
    response = client.get(reverse("compliance:list"), {"format": "csv", "year": YEAR})
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="compliance-{YEAR}.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][:3] == ["姓名", "公民身份号码", "工作单位"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"王芳", "马建国"}
    assert by_name["王芳"][5:9] == ["8.0", "0.0", "8.0", "否"]
    assert by_name["王芳"][1] == world["wang"].id_number  # his own staff: the unit officer gets full numbers


def test_list_query_count_is_pinned(
    client, rules, world, li_qiang, chen_region, django_assert_max_num_queries
):
    for index in range(30):
        PersonFactory(name=f"员工{index}", unit=world["unit_a"])
    client.force_login(chen_region)
    client.get(reverse("compliance:list"))  # warm the session and the grants
    # session, user, grants, unit choices, regions, two counts, the page (+ the session save): not per row.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("compliance:list"))
    assert response.content.decode().count("/compliance/people/") >= 30


def test_person_year_shows_bars_shortfalls_and_records(client, rules, world, wang_fang, li_qiang):
    record = registered(wang_fang, li_qiang, title="计入的培训班")
    client.force_login(li_qiang)
    response = client.get(reverse("compliance:person", args=[world["wang"].pk]), {"year": YEAR})
    text = response.content.decode()
    assert response.status_code == 200
    assert "专业科目还差 52 学时" in text and "公需科目还差 30 学时" in text and "总学时还差 82 学时" in text
    assert 'role="progressbar"' in text and f"{YEAR}-v1" in text
    assert reverse("records:detail", args=[record.pk]) in text and "计入的培训班" in text
    assert text.count("<tr>") >= 6  # the record, and five years of history


def test_person_year_met(client, rules, world, li_qiang):
    _met(world, li_qiang)
    client.force_login(li_qiang)
    text = client.get(reverse("compliance:person", args=[world["colleague"].pk])).content.decode()
    assert "本年度已达标" in text


def test_person_year_outside_scope_is_404(client, rules, world, li_qiang, wang_fang):
    client.force_login(li_qiang)
    assert client.get(reverse("compliance:person", args=[world["doctor"].pk])).status_code == 404
    client.force_login(wang_fang)
    assert client.get(reverse("compliance:person", args=[world["colleague"].pk])).status_code == 404
    assert client.get(reverse("compliance:person", args=[world["wang"].pk])).status_code == 200


def test_png_helper_is_a_png():
    assert png_file().read().startswith(b"\x89PNG")
