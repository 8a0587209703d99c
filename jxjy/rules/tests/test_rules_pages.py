"""The rules pages: public reading of every year and version, and the region HR department's edit
page, which publishes a new version through `ruleset_publish` (and recounts the year)."""

import pytest
from django import forms
from django.utils import timezone

from jxjy.compliance.models import YearTotal
from jxjy.rules.defaults import default_document
from jxjy.rules.models import RuleSet
from jxjy.rules.services import ruleset_publish
from jxjy.testing.records import registered

EDITORS = {"chen_region", "admin"}


@pytest.fixture
def year():
    return timezone.localdate().year


def page(response) -> str:
    return response.content.decode()


def form_data(edit_form, **changes) -> dict:
    """What a browser sends back for the edit page as shown, with `changes` (html name → value)."""
    data = {}
    parts = [edit_form.meta]
    for formset in edit_form.formsets.values():
        parts += [formset.management_form, *formset.forms]
    for part in parts:
        for field in part:
            value = field.value()
            if value is None and isinstance(field.field, forms.ChoiceField):
                value = field.field.choices[0][0]  # a select always sends its first option
            if isinstance(field.field, forms.BooleanField):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    data["reason"] = "调整年度总学时"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit(client, year, **changes):
    form = client.get(f"/rules/{year}/edit/").context["form"]
    return client.post(f"/rules/{year}/edit/", form_data(form, **changes))


def test_anyone_reads_the_year_rules(client, rules, year):
    assert client.get("/rules/").url == f"/rules/{year}/"
    response = client.get(f"/rules/{year}/")
    text = page(response)
    assert response.status_code == 200
    assert f"{year} 年度第 1 版" in text and "系统（默认规则）" in text
    assert "90.0" in text and "60.0" in text and "30.0" in text  # total, professional, public
    assert "参加学术会议" in text and "12.0" in text  # a conference, national level
    assert "远程教育" in text and "60.0" in text  # a form's cap
    assert 'href="/rules/"' in text and "学时规则" in text  # the nav link, for anonymous too
    assert f'href="/rules/{year - 1}/"' in text  # other years
    assert "修订本年度规则" not in text


def test_a_year_without_rules_is_not_found_with_a_message(client, rules, year):
    response = client.get(f"/rules/{year + 3}/")
    assert response.status_code == 404
    assert "尚未发布" in page(response) and f'href="/rules/{year}/"' in page(response)
    assert client.get("/rules/1999/").status_code == 404
    assert client.get(f"/rules/{year}/v9/").status_code == 404


def test_old_versions_stay_readable(client, rules, year, chen_region):
    document = default_document(year)
    document["requirements"][0]["total"] = "100.0"
    ruleset_publish(actor=chen_region, year=year, document=document, reason="提高总学时")
    current = page(client.get(f"/rules/{year}/"))
    assert f"{year} 年度第 2 版" in current and "100.0" in current and "陈处长" in current
    assert "提高总学时" in current and f'href="/rules/{year}/v1/"' in current
    old = page(client.get(f"/rules/{year}/v1/"))
    assert "历史版本" in old and "90.0" in old and "100.0" not in old


def test_every_persona_reads_and_only_the_region_edits(client, rules, year, persona):
    name, user = persona
    client.force_login(user)
    assert client.get(f"/rules/{year}/").status_code == 200
    assert client.get(f"/rules/{year}/v1/").status_code == 200
    expected = 200 if name in EDITORS else 403
    assert client.get(f"/rules/{year}/edit/").status_code == expected, name
    posted = client.post(f"/rules/{year}/edit/", {"reason": "越权"})
    assert posted.status_code == (422 if name in EDITORS else 403), name
    assert RuleSet.objects.filter(year=year).count() == 1


def test_anonymous_is_sent_to_log_in(client, rules, year):
    response = client.get(f"/rules/{year}/edit/")
    assert response.status_code == 302 and "/login/" in response.url


def test_region_publishes_a_new_total_and_compliance_is_recounted(
    client, rules, year, chen_region, wang_fang, li_qiang
):
    registered(wang_fang, li_qiang)
    assert YearTotal.objects.get(person=wang_fang.person, year=year).rule_version == f"{year}-v1"
    client.force_login(chen_region)
    assert "修订本年度规则" in page(client.get(f"/rules/{year}/"))
    response = edit(client, year, **{"requirements-0-total": "96"})
    assert response.status_code == 302 and response.url == f"/rules/{year}/"
    shown = page(client.get(response.url))
    assert f"已发布 {year} 年度第 2 版规则，达标情况已按新规则重新计算" in shown
    assert "96.0" in shown and "调整年度总学时" in shown
    assert rules[year].requirements.get().total_tenths == 900  # the old version is untouched
    new = RuleSet.objects.get(year=year, version=2)
    assert new.requirements.get().total_tenths == 960 and new.created_by == chen_region
    assert YearTotal.objects.get(person=wang_fang.person, year=year).rule_version == f"{year}-v2"


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"requirements-0-total": "abc"}, "total", "学时应为不小于 0 的数，最多一位小数"),
        ({"requirements-0-professional_min": "80"}, "total", "专业科目与公需科目最低学时之和不能超过总学时"),
        ({"requirements-0-makeup_until": "2000-01-01"}, "makeup_until", "补登截止日期不能早于登记截止日期"),
        ({"requirements-0-registration_deadline": ""}, "registration_deadline", "这个字段是必填项"),
    ],
)
def test_a_bad_value_is_shown_beside_its_cell(client, rules, year, chen_region, changes, field, message):
    client.force_login(chen_region)
    response = edit(client, year, **changes)
    assert response.status_code == 422
    row = response.context["form"].requirements.forms[0]
    assert any(message in error for error in row.errors[field])
    assert message in page(response)
    assert RuleSet.objects.filter(year=year).count() == 1


def test_bad_activity_and_form_cells_and_a_missing_reason(client, rules, year, chen_region):
    client.force_login(chen_region)
    changes = {"activities-3-national": "1.25", "forms-4-annual_cap": "x", "reason": ""}
    response = edit(client, year, **changes)
    assert response.status_code == 422
    edit_form = response.context["form"]
    assert "reason" in edit_form.meta.errors
    response = edit(client, year, **{"activities-3-national": "1.25", "forms-4-annual_cap": "x"})
    edit_form = response.context["form"]
    assert response.status_code == 422
    assert "national" in edit_form.activities.forms[3].errors
    assert "annual_cap" in edit_form.forms.forms[4].errors
    assert RuleSet.objects.filter(year=year).count() == 1


def test_the_default_row_is_required(client, rules, year, chen_region):
    client.force_login(chen_region)
    response = edit(client, year, **{"requirements-0-series": "health"})
    assert response.status_code == 422
    assert "年度达标要求：须包含一条适用于全体人员的要求" in page(response)


def test_override_rows_and_activities_are_added_and_removed(client, rules, year, chen_region):
    client.force_login(chen_region)
    override = {
        "requirements-1-series": "health",
        "requirements-1-level": "senior",
        "requirements-1-total": "120",
        "requirements-1-professional_min": "80",
        "requirements-1-public_min": "30",
        "requirements-1-registration_deadline": f"{year + 1}-03-31",
        "activities-15-code": "volunteer_days",
        "activities-15-name": "援疆志愿服务（按天）",
        "activities-15-form": "other",
        "activities-15-unit": "day",
        "activities-15-per_unit": "4",
        "activities-0-DELETE": "on",
    }
    assert edit(client, year, **override).status_code == 302
    ruleset = RuleSet.objects.get(year=year, version=2)
    rows = {(row.series, row.level): row.total_tenths for row in ruleset.requirements.all()}
    assert rows == {("", ""): 900, ("health", "senior"): 1200}
    codes = set(ruleset.activity_rules.values_list("code", flat=True))
    assert "volunteer_days" in codes and "training_hours" not in codes
    text = page(client.get(f"/rules/{year}/"))
    assert "卫生" in text and "正高级" in text and "120.0" in text and "援疆志愿服务（按天）" in text
    assert edit(client, year, **{"requirements-1-DELETE": "on"}).status_code == 302
    assert RuleSet.objects.get(year=year, version=3).requirements.count() == 1


def test_a_stale_edit_page_does_not_overwrite_a_newer_version(client, rules, year, chen_region):
    client.force_login(chen_region)
    form = client.get(f"/rules/{year}/edit/").context["form"]
    ruleset_publish(actor=chen_region, year=year, document=default_document(year), reason="他人发布")
    response = client.post(f"/rules/{year}/edit/", form_data(form))
    assert response.status_code == 422 and "在您编辑期间已发布了第 2 版规则" in page(response)
    assert RuleSet.objects.filter(year=year).count() == 2


def test_next_year_is_created_from_the_defaults(client, rules, year, chen_region):
    client.force_login(chen_region)
    missing = client.get(f"/rules/{year + 1}/")
    assert missing.status_code == 404 and f'href="/rules/{year + 1}/edit/"' in page(missing)
    shown = client.get(f"/rules/{year + 1}/edit/")
    assert shown.status_code == 200 and "以下为默认规则" in page(shown)
    response = edit(client, year + 1, reason=f"制定 {year + 1} 年度规则")
    assert response.status_code == 302 and response.url == f"/rules/{year + 1}/"
    ruleset = RuleSet.objects.get(year=year + 1)
    assert ruleset.version == 1 and ruleset.activity_rules.count() == len(
        default_document(year)["activities"]
    )
    assert str(ruleset.requirements.get().registration_deadline) == f"{year + 2}-03-31"
