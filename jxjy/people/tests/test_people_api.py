"""POST/PATCH /api/v1/people: writes inside scope succeed and are audited; every kind of bad input
answers the one error shape, names the field in Chinese, and stores nothing. Also how the API
authenticates (session, bearer token, revoked token, nothing)."""

import datetime
import json

import pytest
from stdnum.cn import ric

from jxjy.audit.models import AuditEntry
from jxjy.organizations.models import Organization
from jxjy.people.models import Person
from jxjy.testing.api import assert_field_error, call

PEOPLE = "/api/v1/people"


def valid_id(body: str) -> str:
    """17 digits and their GB 11643 check character."""
    return body + ric.calc_check_digit(body + "0")


NEW_ID = valid_id("65010219900312002")  # 天山区, 1990-03-12, female
NEW_ID_MALE = valid_id("65010219851120003")  # 天山区, 1985-11-20, male


def counts():
    return Person.objects.count(), Organization.objects.count(), AuditEntry.objects.count()


def new_person(world, **extra):
    return {
        "id_number": NEW_ID,
        "name": "古丽娜",
        "unit_id": world["unit_a"].pk,
        "series": "engineering",
        "level": "intermediate",
        **extra,
    }


# ---- happy paths ----------------------------------------------------------------------------------


def test_unit_officer_creates_a_person_in_own_unit(client, world, li_qiang):
    before = counts()
    typed = NEW_ID_MALE.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})  # full-width
    response = call(client, li_qiang, "post", PEOPLE, new_person(world, id_number=typed, phone="13900000000"))
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert body["id_number"] == NEW_ID_MALE
    assert body["birth_date"] == "1985-11-20"
    assert body["sex"] == "M"
    assert (body["unit_id"], body["unit_name"], body["file_agency_id"]) == (
        world["unit_a"].pk,
        "天山区水务有限公司",
        None,
    )
    assert body["region_code"] == "650102"
    assert (body["name"], body["series"], body["level"], body["in_service"]) == (
        "古丽娜",
        "engineering",
        "intermediate",
        True,
    )
    person = Person.objects.get(pk=body["id"])
    assert person.id_number == NEW_ID_MALE and person.phone == "13900000000"
    assert counts() == (before[0] + 1, before[1], before[2] + 1)
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role, entry.actor_username) == ("person.create", "unit_officer", "liqiang")
    assert (entry.object_type, entry.object_id) == ("people.person", str(person.pk))
    assert entry.before is None
    assert entry.after["id_number"] == NEW_ID_MALE and entry.after["unit_id"] == world["unit_a"].pk


def test_agency_clerk_creates_a_file_holder_without_a_unit(client, world, agency_clerk):
    response = call(
        client,
        agency_clerk,
        "post",
        PEOPLE,
        new_person(world, unit_id=None, file_agency_id=world["agency"].pk),
    )
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert (body["unit_id"], body["file_agency_id"], body["region_code"]) == (
        None,
        world["agency"].pk,
        "650102",
    )
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role) == ("person.create", "agency_clerk")


def test_region_hr_officer_creates_a_person_in_another_prefecture(client, world, chen_region):
    response = call(
        client,
        chen_region,
        "post",
        PEOPLE,
        new_person(world, id_number=valid_id("65400220050101001"), unit_id=world["unit_b"].pk),
    )
    assert response.status_code == 201, response.content.decode()
    assert response.json()["region_code"] == "654002"
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role, entry.actor_username) == ("person.create", "hr_officer", "chenchuzhang")


def test_unit_officer_updates_a_person_and_the_audit_holds_only_what_changed(client, world, li_qiang):
    wang = world["wang"]
    before = counts()
    response = call(
        client, li_qiang, "patch", f"{PEOPLE}/{wang.pk}", {"name": "王芳芳", "level": "deputy_senior"}
    )
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert (body["id"], body["name"], body["level"], body["series"]) == (
        wang.pk,
        "王芳芳",
        "deputy_senior",
        "engineering",
    )
    assert body["id_number"] == wang.id_number  # the unit officer's work needs the full number
    wang.refresh_from_db()
    assert (wang.name, wang.level) == ("王芳芳", "deputy_senior")
    assert counts() == (before[0], before[1], before[2] + 1)
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role, entry.object_id) == ("person.update", "unit_officer", str(wang.pk))
    assert set(entry.before) == set(entry.after) == {"name", "level", "updated_at"}
    assert (entry.before["name"], entry.before["level"]) == ("王芳", "intermediate")
    assert (entry.after["name"], entry.after["level"]) == ("王芳芳", "deputy_senior")


def test_county_hr_officer_moves_a_person_to_another_unit_in_the_county(client, world, zhao_county):
    wang = world["wang"]
    response = call(client, zhao_county, "patch", f"{PEOPLE}/{wang.pk}", {"unit_id": world["unit_a2"].pk})
    assert response.status_code == 200, response.content.decode()
    assert response.json()["unit_name"] == "天山区第一中学"
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role) == ("person.update", "hr_officer")
    assert entry.before["unit_id"] == world["unit_a"].pk and entry.after["unit_id"] == world["unit_a2"].pk
    assert "name" not in entry.after


# ---- bad input on create --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "code", "message"),
    [
        ({"id_number": None}, "id_number", "missing", "必填项"),
        ({"name": None}, "name", "missing", "必填项"),
        ({"series": None}, "series", "missing", "必填项"),
        ({"level": None}, "level", "missing", "必填项"),
        ({"name": 123}, "name", "string_type", "应为文本"),
        ({"name": ""}, "name", "string_too_short", "内容过短"),
        ({"name": "名" * 51}, "name", "string_too_long", "内容过长"),
        ({"unit_id": "水务公司"}, "unit_id", "int_parsing", "应为整数"),
        ({"in_service": "maybe"}, "in_service", "bool_parsing", None),
        ({"series": "astrology"}, "series", "enum", "不是允许的取值"),
        ({"level": 3}, "level", "enum", "不是允许的取值"),
        ({"id_number": 110105194912310020}, "id_number", "string_type", "应为文本"),
        ({"nickname": "小王"}, "nickname", "extra_forbidden", "不允许的字段"),
        # Birth date and sex are read from the number, never typed.
        ({"birth_date": "1990-01-01"}, "birth_date", "extra_forbidden", "不允许的字段"),
        ({"sex": "M"}, "sex", "extra_forbidden", "不允许的字段"),
        ({"region_id": 1}, "region_id", "extra_forbidden", "不允许的字段"),
        ({"id_number": "650102199003120021"}, "id_number", "id_number_checksum", "校验位"),
        ({"id_number": "65010219900312002"}, "id_number", "id_number_length", "18 位"),
        ({"id_number": "6501021990A312002X"}, "id_number", "id_number_format", None),
        ({"id_number": valid_id("65010219901312002")}, "id_number", "id_number_birth_date", "出生日期"),
        ({"unit_id": 987654321}, "unit_id", "does_not_exist", "不存在或不在您的管理范围内"),
    ],
)
def test_bad_create_is_refused_with_the_field_named(client, world, li_qiang, change, field, code, message):
    payload = new_person(world)
    for key, value in change.items():
        if value is None and key in ("id_number", "name", "series", "level"):
            payload.pop(key)
        else:
            payload[key] = value
    before = counts()
    response = call(client, li_qiang, "post", PEOPLE, payload)
    assert_field_error(response, 422, field, code, message)
    assert counts() == before


def test_malformed_json_is_a_validation_error(client, world, li_qiang):
    before = counts()
    response = call(client, li_qiang, "post", PEOPLE, raw='{"name": "王"')
    assert response.status_code in (400, 422)
    assert response.json()["code"] in ("bad_request", "validation_error")
    assert counts() == before


def test_a_duplicate_id_number_is_refused(client, world, li_qiang):
    assert call(client, li_qiang, "post", PEOPLE, new_person(world)).status_code == 201
    before = counts()
    # The same number, typed with a lowercase x / spaces, is the same person.
    again = new_person(world, name="另一人", id_number=" " + NEW_ID.lower() + " ")
    assert_field_error(call(client, li_qiang, "post", PEOPLE, again), 422, "id_number", "unique", "已存在")
    assert counts() == before


def test_a_person_in_another_unit_is_outside_the_unit_officers_scope(client, world, li_qiang):
    before = counts()
    response = call(client, li_qiang, "post", PEOPLE, new_person(world, unit_id=world["unit_b"].pk))
    assert_field_error(response, 422, "unit_id", "does_not_exist", str(world["unit_b"].pk))
    assert counts() == before


@pytest.mark.parametrize(
    ("persona_name", "payload_change", "field"),
    [
        ("zhao_county", {"unit_id": "unit_b"}, "unit_id"),  # another prefecture
        ("agency_clerk", {"unit_id": "unit_a"}, "unit_id"),  # a unit the agency does not hold
        ("li_qiang", {"unit_id": None, "file_agency_id": "agency"}, "file_agency_id"),
        ("base_registrar", {"unit_id": "unit_a"}, "unit_id"),
        ("chen_region", {"unit_id": "outside_unit"}, "unit_id"),  # outside the jurisdiction
    ],
)
def test_a_reference_outside_scope_is_an_unknown_reference(
    client, world, request, persona_name, payload_change, field
):
    user = request.getfixturevalue(persona_name)
    payload = new_person(
        world, **{key: world[value].pk if value else None for key, value in payload_change.items()}
    )
    before = counts()
    assert_field_error(call(client, user, "post", PEOPLE, payload), 422, field, "does_not_exist")
    assert counts() == before


def test_a_professional_cannot_create_people_even_in_their_own_unit(client, world, wang_fang):
    before = counts()
    response = call(client, wang_fang, "post", PEOPLE, new_person(world))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"unit_id": "base"}, "unit_id", "所选机构不是用人单位"),
        ({"unit_id": "agency"}, "unit_id", "所选机构不是用人单位"),
        ({"unit_id": None, "file_agency_id": "unit_a"}, "file_agency_id", "所选机构不是人才服务机构"),
    ],
)
def test_an_organisation_of_the_wrong_kind_is_refused_naming_the_payload_field(
    client, world, chen_region, change, field, message
):
    """The client sent `unit_id`; the error must name `unit_id`, as the unknown-reference error does."""
    payload = new_person(world, **{key: world[value].pk if value else None for key, value in change.items()})
    before = counts()
    response = call(client, chen_region, "post", PEOPLE, payload)
    assert_field_error(response, 422, field, None, message)
    assert counts() == before


def test_neither_unit_nor_file_agency_is_refused(client, world, chen_region):
    before = counts()
    response = call(client, chen_region, "post", PEOPLE, new_person(world, unit_id=None, file_agency_id=None))
    assert response.status_code == 422
    messages = [error["message"] for error in response.json()["errors"]]
    assert "须填写工作单位或档案代理机构" in messages
    assert counts() == before


def test_every_field_error_is_reported_at_once(client, world, chen_region):
    response = call(
        client, chen_region, "post", PEOPLE, new_person(world, id_number="123", unit_id=world["base"].pk)
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert "id_number" in fields and len(fields) == 2, response.json()


# ---- bad input on update --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"id_number": NEW_ID}, "id_number", "extra_forbidden"),  # the identity is set once
        ({"birth_date": "1990-01-01"}, "birth_date", "extra_forbidden"),
        ({"name": ""}, "name", "string_too_short"),
        ({"name": ["王"]}, "name", "string_type"),
        ({"series": "astrology"}, "series", "enum"),
        ({"in_service": "perhaps"}, "in_service", "bool_parsing"),
        ({"phone": "1" * 21}, "phone", "string_too_long"),
        ({"unit_id": "x"}, "unit_id", "int_parsing"),
        ({"unit_id": 987654321}, "unit_id", "does_not_exist"),
    ],
)
def test_bad_update_is_refused_and_changes_nothing(client, world, li_qiang, payload, field, code):
    wang = world["wang"]
    before, row = counts(), Person.objects.filter(pk=wang.pk).values().get()
    assert_field_error(call(client, li_qiang, "patch", f"{PEOPLE}/{wang.pk}", payload), 422, field, code)
    assert counts() == before
    assert Person.objects.filter(pk=wang.pk).values().get() == row


def test_update_moving_a_person_to_another_units_is_refused(client, world, li_qiang):
    wang = world["wang"]
    before = counts()
    for other in ("unit_b", "unit_a2"):
        response = call(client, li_qiang, "patch", f"{PEOPLE}/{wang.pk}", {"unit_id": world[other].pk})
        assert_field_error(response, 422, "unit_id", "does_not_exist")
    assert counts() == before
    wang.refresh_from_db()
    assert wang.unit_id == world["unit_a"].pk


def test_update_removing_the_only_unit_is_refused(client, world, li_qiang):
    wang = world["wang"]
    before = counts()
    response = call(client, li_qiang, "patch", f"{PEOPLE}/{wang.pk}", {"unit_id": None})
    assert response.status_code == 422
    assert "须填写工作单位或档案代理机构" in [error["message"] for error in response.json()["errors"]]
    assert counts() == before


def test_update_of_a_person_outside_scope_is_not_found(client, world, li_qiang):
    before = counts()
    response = call(client, li_qiang, "patch", f"{PEOPLE}/{world['doctor'].pk}", {"name": "改名"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert counts() == before


def test_a_professional_cannot_update_their_own_record(client, world, wang_fang):
    before = counts()
    response = call(client, wang_fang, "patch", f"{PEOPLE}/{world['wang'].pk}", {"level": "senior"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert counts() == before
    assert Person.objects.get(pk=world["wang"].pk).level == "intermediate"


# ---- authentication -------------------------------------------------------------------------------


def test_no_authentication_is_refused(client, world):
    before = counts()
    for response in (client.get(PEOPLE), call(client, None, "post", PEOPLE, new_person(world))):
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    assert counts() == before


def test_a_bearer_token_authenticates_and_a_revoked_one_does_not(client, world, li_qiang):
    client.force_login(li_qiang)
    created = client.post("/api/v1/tokens", data={"name": "人事系统对接"}, content_type="application/json")
    assert created.status_code == 201, created.content.decode()
    token, token_id = created.json()["token"], created.json()["id"]
    client.logout()

    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listed = client.get(PEOPLE, **bearer)
    assert listed.status_code == 200
    names = {item["name"] for item in listed.json()["items"]}
    assert names == {"王芳", "马建国"}  # li_qiang's scope, no more
    response = client.post(
        PEOPLE, data=json.dumps(new_person(world)), content_type="application/json", **bearer
    )
    assert response.status_code == 201, response.content.decode()
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.actor_username, entry.role) == ("person.create", "liqiang", "unit_officer")

    assert client.get(PEOPLE, HTTP_AUTHORIZATION=f"Bearer {token}x").status_code == 401
    revoked = client.delete(f"/api/v1/tokens/{token_id}", **bearer)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    before = counts()
    for response in (
        client.get(PEOPLE, **bearer),
        client.post(
            PEOPLE,
            data=json.dumps(new_person(world, id_number=NEW_ID_MALE)),
            content_type="application/json",
            **bearer,
        ),
    ):
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    assert counts() == before


def test_a_token_of_a_deactivated_login_is_refused(client, world, li_qiang):
    client.force_login(li_qiang)
    token = client.post("/api/v1/tokens", data={"name": "x"}, content_type="application/json").json()["token"]
    client.logout()
    li_qiang.is_active = False
    li_qiang.save()
    response = client.get(PEOPLE, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_birth_date_of_created_person_comes_from_the_number_only(client, world, li_qiang):
    response = call(client, li_qiang, "post", PEOPLE, new_person(world))
    assert response.status_code == 201
    person = Person.objects.get(pk=response.json()["id"])
    assert (person.birth_date, person.sex) == (datetime.date(1990, 3, 12), "F")
