"""The people pages: create and edit forms (errors in Chinese beside the field, nothing stored), and
the list (search, filters, pagination, the htmx fragment, a pinned number of queries)."""

import datetime

import pytest
from stdnum.cn import ric

from jxjy.audit.models import AuditEntry
from jxjy.people.models import Person
from jxjy.testing.factories import PersonFactory

NEW_ID = "65010219900312002" + ric.calc_check_digit("65010219900312002" + "0")


def counts():
    return Person.objects.count(), AuditEntry.objects.count()


def form_data(world, **extra):
    data = {
        "id_number": NEW_ID,
        "name": "古丽娜",
        "unit": world["unit_a"].pk,
        "file_agency": "",
        "series": "engineering",
        "level": "intermediate",
        "in_service": "on",
        "phone": "",
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def html(response) -> str:
    return response.content.decode()


# ---- create and edit ------------------------------------------------------------------------------


def test_good_input_creates_the_person_and_redirects_to_the_detail_page(client, world, li_qiang):
    client.force_login(li_qiang)
    before = counts()
    response = client.post("/people/new/", form_data(world, id_number=NEW_ID.lower().replace("x", "x ")))
    person = Person.objects.get(id_number=NEW_ID)
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert (person.birth_date, person.sex, person.region.code) == (datetime.date(1990, 3, 12), "F", "650102")
    assert counts() == (before[0] + 1, before[1] + 1)
    detail = client.get(response["Location"])
    assert "古丽娜" in html(detail) and "已新增人员：古丽娜" in html(detail)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"id_number": "650102199003120021"}, "id_number", "公民身份号码校验位错误"),
        ({"id_number": "65010219900312"}, "id_number", "公民身份号码应为 18 位，实际为 14 位"),
        ({"id_number": ""}, "id_number", "这个字段是必填项。"),
        ({"name": ""}, "name", "这个字段是必填项。"),
        ({"series": "astrology"}, "series", "选择一个有效的选项"),
        ({"unit": "", "file_agency": ""}, "unit", "须填写工作单位或档案代理机构"),
        ({"unit": "unit_b"}, "unit", "选择一个有效的选项"),  # another unit: not offered
        ({"unit": "base"}, "unit", "选择一个有效的选项"),  # not a unit
    ],
)
def test_bad_input_answers_422_with_the_error_beside_the_field(
    client, world, li_qiang, change, field, message
):
    client.force_login(li_qiang)
    data = form_data(
        world, **{key: world[value].pk if value in world else value for key, value in change.items()}
    )
    before = counts()
    response = client.post("/people/new/", data)
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert message in " ".join(response.context["form"].errors[field])
    page = html(response)
    assert message in page
    # beside the field: inside the field's form row, after its input
    row_start = page.index(f'id="id_{field}"')
    assert page.index(message, row_start) < page.find('class="form-row', row_start)
    assert counts() == before


def test_a_duplicate_id_number_is_shown_beside_the_id_number(client, world, li_qiang):
    client.force_login(li_qiang)
    assert client.post("/people/new/", form_data(world)).status_code == 302
    before = counts()
    response = client.post("/people/new/", form_data(world, name="另一人"))
    assert response.status_code == 422
    assert "已存在" in " ".join(response.context["form"].errors["id_number"])
    assert counts() == before


def test_a_unit_officer_is_offered_only_their_own_unit(client, world, li_qiang):
    client.force_login(li_qiang)
    page = html(client.get("/people/new/"))
    assert "天山区水务有限公司" in page
    assert "伊宁市人民医院" not in page and "天山区第一中学" not in page


def test_edit_with_good_input_redirects_and_bad_input_stores_nothing(client, world, li_qiang):
    client.force_login(li_qiang)
    wang = world["wang"]
    data = {
        "name": "",
        "unit": world["unit_a"].pk,
        "series": "engineering",
        "level": "senior",
        "in_service": "on",
    }
    before = counts()
    response = client.post(f"/people/{wang.pk}/edit/", data)
    assert response.status_code == 422
    assert "这个字段是必填项。" in html(response)
    assert counts() == before
    wang.refresh_from_db()
    assert (wang.name, wang.level) == ("王芳", "intermediate")

    response = client.post(f"/people/{wang.pk}/edit/", data | {"name": "王芳芳"})
    assert response.status_code == 302 and response["Location"] == f"/people/{wang.pk}/"
    wang.refresh_from_db()
    assert (wang.name, wang.level) == ("王芳芳", "senior")
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role) == ("person.update", "unit_officer")
    assert set(entry.after) == {"name", "level", "updated_at"}


def test_edit_form_does_not_offer_the_id_number(client, world, li_qiang):
    client.force_login(li_qiang)
    wang = world["wang"]
    response = client.post(
        f"/people/{wang.pk}/edit/",
        {
            "id_number": "11010519491231002X",
            "name": "王芳",
            "unit": world["unit_a"].pk,
            "series": "engineering",
            "level": "intermediate",
            "in_service": "on",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=wang.pk).id_number == wang.id_number


def test_edit_of_a_person_outside_scope_is_not_found(client, world, li_qiang):
    client.force_login(li_qiang)
    doctor = world["doctor"]
    response = client.post(
        f"/people/{doctor.pk}/edit/",
        {"name": "改名", "unit": world["unit_b"].pk, "series": "health", "level": "senior"},
    )
    assert response.status_code == 404
    assert Person.objects.get(pk=doctor.pk).name == "艾力"


# ---- the list -------------------------------------------------------------------------------------


def names_on(response) -> list[str]:
    return [person.name for person in response.context["page"].object_list]


def test_search_by_name_or_part_of_one(client, world, zhao_county):
    client.force_login(zhao_county)
    assert names_on(client.get("/people/", {"q": "马建国"})) == ["马建国"]
    assert names_on(client.get("/people/", {"q": "古丽"})) == ["阿依古丽"]
    assert names_on(client.get("/people/", {"q": "艾力"})) == []  # 伊宁市: not this county's


def test_search_by_full_id_number_however_typed(client, world, zhao_county):
    client.force_login(zhao_county)
    colleague = PersonFactory(name="赵六", unit=world["unit_a"], id_number=NEW_ID)
    for typed in (NEW_ID, NEW_ID.lower(), f" {NEW_ID[:6]} {NEW_ID[6:]} "):
        assert names_on(client.get("/people/", {"q": typed})) == [colleague.name], typed
    # Part of a number finds nobody: numbers are searched whole, never by fragment.
    assert names_on(client.get("/people/", {"q": NEW_ID[:10]})) == []


def test_filters_by_series_and_level(client, world, chen_region):
    client.force_login(chen_region)
    assert names_on(client.get("/people/", {"series": "accounting"})) == ["马建国"]
    assert names_on(client.get("/people/", {"level": "deputy_senior"})) == ["艾力"]
    assert names_on(client.get("/people/", {"series": "health", "level": "intermediate"})) == []


def test_the_list_paginates_by_50(client, world, li_qiang):
    PersonFactory.create_batch(55, unit=world["unit_a"])  # with 王芳 and 马建国: 57
    client.force_login(li_qiang)
    first = client.get("/people/")
    assert first.context["page"].paginator.count == 57
    assert len(first.context["page"].object_list) == 50
    assert "共 57 人" in html(first) and "第 1 / 2 页" in html(first)
    second = client.get("/people/", {"page": 2})
    assert len(second.context["page"].object_list) == 7
    assert not set(names_on(first)) & set(names_on(second))
    # Page links keep the filters.
    filtered = client.get("/people/", {"series": "engineering"})
    assert "?series=engineering&page=2" in html(filtered)


def test_an_htmx_request_gets_only_the_results(client, world, li_qiang):
    client.force_login(li_qiang)
    fragment = client.get("/people/", {"q": "王芳"}, HTTP_HX_REQUEST="true")
    page = html(fragment)
    assert fragment.status_code == 200
    assert "<html" not in page and "<form" not in page
    assert "王芳" in page and "共 1 人" in page
    full = html(client.get("/people/", {"q": "王芳"}))
    assert "<html" in full and 'id="results"' in full


def test_the_list_shows_masked_id_numbers(client, world, li_qiang):
    client.force_login(li_qiang)
    page = html(client.get("/people/"))
    wang = world["wang"]
    assert wang.id_number not in page
    assert wang.id_number[:4] + "*" * 10 + wang.id_number[-4:] in page


@pytest.mark.parametrize("persona_name", ["li_qiang", "chen_region", "admin"])
def test_a_page_of_50_takes_a_constant_number_of_queries(
    client, world, request, persona_name, django_assert_max_num_queries
):
    """Each row shows the unit's name: without select_related that is one query per row."""
    for unit_key, how_many in (("unit_a", 60), ("unit_a2", 10), ("unit_c", 10), ("unit_b", 5)):
        PersonFactory.create_batch(how_many, unit=world[unit_key])
    user = request.getfixturevalue(persona_name)
    client.force_login(user)
    client.get("/people/")  # the session and grants are read once, not counted
    with django_assert_max_num_queries(10):
        response = client.get("/people/")
    assert len(response.context["page"].object_list) == 50
    with django_assert_max_num_queries(10):
        response = client.get("/people/", {"page": 2}, HTTP_HX_REQUEST="true")
    assert len(response.context["page"].object_list) > 0


def test_an_hr_officer_filters_by_county_and_a_unit_officer_gets_no_such_filter(
    client, world, chen_region, li_qiang
):
    client.force_login(chen_region)
    response = client.get("/people/", {"region": "654002"})  # 伊宁市
    assert [person.name for person in response.context["page"].object_list] == ["艾力"]
    response = client.get("/people/", {"region": "650100"})  # 乌鲁木齐市 and its districts
    names = {person.name for person in response.context["page"].object_list}
    assert {"王芳", "李娜", "张伟"} <= names and "艾力" not in names
    client.force_login(li_qiang)
    assert 'name="region"' not in client.get("/people/").content.decode()
