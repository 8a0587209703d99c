"""The organisation pages: create and edit forms (errors in Chinese beside the field, nothing
stored), and the list (search, filters, pagination, the htmx fragment, a pinned number of queries)."""

import pytest

from jxjy.audit.models import AuditEntry
from jxjy.organizations.choices import OrgKind
from jxjy.organizations.models import Organization
from jxjy.testing.factories import OrganizationFactory, region

NEW_CODE = "91110000600037341L"


def counts():
    return Organization.objects.count(), AuditEntry.objects.count()


def form_data(**extra):
    data = {
        "kind": "unit",
        "unit_type": "enterprise",
        "name": "天山区新建工程公司",
        "credit_code": NEW_CODE,
        "region": region("650102").pk,
        "industry": "E",
        "address": "",
        "contact_name": "",
        "contact_phone": "",
    }
    data.update(extra)
    return data


def html(response) -> str:
    return response.content.decode()


def assert_error_beside(response, field: str, message: str):
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    page = html(response)
    row_start = page.index(f'id="id_{field}"')
    next_row = page.find('class="form-row', row_start)
    assert row_start < page.index(message, row_start) < (next_row if next_row != -1 else len(page))


def test_good_input_creates_and_redirects_to_the_detail_page(client, world, zhao_county):
    client.force_login(zhao_county)
    before = counts()
    response = client.post(
        "/organizations/new/", form_data(credit_code="９１１１００００６０００３７３４１ｌ")
    )
    organization = Organization.objects.get(credit_code=NEW_CODE)
    assert response.status_code == 302
    assert response["Location"] == f"/organizations/{organization.pk}/"
    assert counts() == (before[0] + 1, before[1] + 1)
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role) == ("organization.create", "hr_officer")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"credit_code": "91110000600037341M"}, "credit_code", "统一社会信用代码校验位错误"),
        ({"credit_code": "9111000060003734OL"}, "credit_code", "不得含 I、O、Z、S、V"),
        ({"credit_code": "911100006"}, "credit_code", "统一社会信用代码应为 18 位，实际为 9 位"),
        ({"credit_code": ""}, "credit_code", "这个字段是必填项。"),
        ({"name": ""}, "name", "这个字段是必填项。"),
        ({"unit_type": ""}, "unit_type", "用人单位须注明单位性质"),
        ({"kind": "base"}, "unit_type", "只有用人单位有单位性质"),
        ({"region": "999999999"}, "region", "选择一个有效的选项"),
        # A division of the jurisdiction that is outside the county officer's own county.
        ({"region": "654002"}, "region", "该行政区划超出您的管理范围"),
    ],
)
def test_bad_input_answers_422_with_the_error_beside_the_field(
    client, world, zhao_county, change, field, message
):
    client.force_login(zhao_county)
    if change.get("region") == "654002":
        change = {"region": region("654002").pk}
    before = counts()
    response = client.post("/organizations/new/", form_data(**change))
    assert_error_beside(response, field, message)
    assert counts() == before


def test_a_duplicate_credit_code_is_shown_beside_the_field(client, world, zhao_county):
    client.force_login(zhao_county)
    before = counts()
    response = client.post("/organizations/new/", form_data(credit_code=world["unit_a"].credit_code.lower()))
    assert response.status_code == 422
    assert "已存在" in " ".join(response.context["form"].errors["credit_code"])
    assert counts() == before


def test_edit_with_good_input_redirects_and_bad_input_stores_nothing(client, world, zhao_county):
    client.force_login(zhao_county)
    unit = world["unit_a"]
    data = form_data(name=unit.name, credit_code="91110000600037341M", contact_name="李强")
    before = counts()
    response = client.post(f"/organizations/{unit.pk}/edit/", data)
    assert_error_beside(response, "credit_code", "统一社会信用代码校验位错误")
    assert counts() == before
    assert Organization.objects.get(pk=unit.pk).contact_name == ""

    response = client.post(f"/organizations/{unit.pk}/edit/", data | {"credit_code": unit.credit_code})
    assert response.status_code == 302 and response["Location"] == f"/organizations/{unit.pk}/"
    assert Organization.objects.get(pk=unit.pk).contact_name == "李强"
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role) == ("organization.update", "hr_officer")


def test_edit_moving_a_unit_out_of_scope_shows_the_error_beside_the_region(client, world, zhao_county):
    """As the create form does: the officer keeps what they typed and reads why."""
    client.force_login(zhao_county)
    unit = world["unit_a"]
    before = counts()
    response = client.post(
        f"/organizations/{unit.pk}/edit/",
        form_data(name=unit.name, credit_code=unit.credit_code, industry="D", region=region("654002").pk),
    )
    assert_error_beside(response, "region", "该行政区划超出您的管理范围")
    assert counts() == before
    assert Organization.objects.get(pk=unit.pk).region.code == "650102"


def test_a_unit_officer_cannot_edit_their_unit(client, world, li_qiang):
    client.force_login(li_qiang)
    unit = world["unit_a"]
    before = counts()
    response = client.post(
        f"/organizations/{unit.pk}/edit/", form_data(name="改名", credit_code=unit.credit_code)
    )
    assert response.status_code == 403
    assert counts() == before
    assert Organization.objects.get(pk=unit.pk).name == "天山区水务有限公司"


# ---- the list -------------------------------------------------------------------------------------


def names_on(response) -> list[str]:
    return [organization.name for organization in response.context["page"].object_list]


def test_search_by_name_and_by_whole_credit_code(client, world, zhao_county):
    client.force_login(zhao_county)
    assert names_on(client.get("/organizations/", {"q": "水务"})) == ["天山区水务有限公司"]
    code = world["unit_a2"].credit_code
    assert names_on(client.get("/organizations/", {"q": code.lower()})) == ["天山区第一中学"]
    assert names_on(client.get("/organizations/", {"q": "人民医院"})) == []  # 伊宁市: not this county's


def test_filters_by_kind_and_industry(client, world, chen_region):
    client.force_login(chen_region)
    assert names_on(client.get("/organizations/", {"kind": "file_agency"})) == ["天山区人才服务中心"]
    assert set(names_on(client.get("/organizations/", {"kind": "unit", "industry": "D"}))) == {
        "天山区水务有限公司",
        "沙依巴克区供水公司",
    }


def test_the_list_paginates_by_50_and_htmx_gets_the_fragment(client, world, zhao_county):
    OrganizationFactory.create_batch(50, region=region("650102"))  # with the world's 3: 53
    client.force_login(zhao_county)
    first = client.get("/organizations/")
    assert first.context["page"].paginator.count == 53
    assert len(first.context["page"].object_list) == 50
    second = client.get("/organizations/", {"page": 2}, HTTP_HX_REQUEST="true")
    assert len(second.context["page"].object_list) == 3
    assert not set(names_on(first)) & set(names_on(second))
    assert "<html" not in html(second) and "共 53 家" in html(second)


@pytest.mark.parametrize("persona_name", ["zhao_county", "chen_region", "admin"])
def test_a_page_of_50_takes_a_constant_number_of_queries(
    client, world, request, persona_name, django_assert_max_num_queries
):
    """Each row shows the region's name: without select_related that is one query per row."""
    for code in ("650102", "650103", "654002"):
        OrganizationFactory.create_batch(25, region=region(code), kind=OrgKind.UNIT)
    client.force_login(request.getfixturevalue(persona_name))
    client.get("/organizations/")
    with django_assert_max_num_queries(10):
        response = client.get("/organizations/")
    expected = 28 if persona_name == "zhao_county" else 50  # 天山区 holds 3 of the world's and 25 new
    assert len(response.context["page"].object_list) == expected
    with django_assert_max_num_queries(10):
        client.get("/organizations/", {"page": 2}, HTTP_HX_REQUEST="true")
