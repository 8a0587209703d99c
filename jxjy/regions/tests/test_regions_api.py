"""POST/PATCH /api/v1/regions: only the platform administrator keeps the division tree; bad input
answers the one error shape, names the field in Chinese, and stores nothing."""

import pytest

from jxjy.audit.models import AuditEntry
from jxjy.organizations.models import Organization
from jxjy.people.models import Person
from jxjy.regions.models import Region
from jxjy.testing.api import assert_field_error, call

REGIONS = "/api/v1/regions"


def counts():
    return (
        Region.objects.count(),
        Person.objects.count(),
        Organization.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_administrator_creates_a_new_county(client, world, admin):
    before = counts()
    response = call(
        client,
        admin,
        "post",
        REGIONS,
        {"code": "650199", "name": "新设区", "parent_code": "650100", "is_remote": True},
    )
    assert response.status_code == 201, response.content.decode()
    assert response.json() == {
        "code": "650199",
        "name": "新设区",
        "level": "county",
        "parent_code": "650100",
        "is_remote": True,
    }
    region = Region.objects.get(code="650199")
    assert (region.level, region.parent.code) == ("county", "650100")
    assert counts() == (before[0] + 1, before[1], before[2], before[3] + 1)
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role, entry.actor_username) == ("region.create", "platform_admin", "admin")
    assert (entry.object_type, entry.object_id, entry.before) == ("regions.region", str(region.pk), None)
    assert entry.after["code"] == "650199"


def test_the_administrator_renames_a_county_and_the_audit_holds_only_what_changed(client, world, admin):
    before = counts()
    response = call(client, admin, "patch", f"{REGIONS}/650102", {"name": "天山区（新）", "is_remote": False})
    assert response.status_code == 200, response.content.decode()
    assert response.json()["name"] == "天山区（新）"
    assert counts() == (before[0], before[1], before[2], before[3] + 1)
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.role) == ("region.update", "platform_admin")
    assert entry.before == {"name": "天山区"} and entry.after == {"name": "天山区（新）"}


@pytest.mark.parametrize(
    ("payload", "field", "code", "message"),
    [
        ({"name": "新设区", "parent_code": "650100"}, "code", "missing", "必填项"),
        ({"code": "650199", "parent_code": "650100"}, "name", "missing", "必填项"),
        ({"code": 650199, "name": "新设区", "parent_code": "650100"}, "code", "string_type", None),
        (
            {"code": "650199", "name": "新设区", "parent_code": "650100", "is_remote": "very"},
            "is_remote",
            "bool_parsing",
            None,
        ),
        (
            {"code": "650199", "name": "新设区", "parent_code": "650100", "level": "county"},
            "level",
            "extra_forbidden",
            "不允许的字段",
        ),
        (
            {"code": "650199", "name": "名" * 65, "parent_code": "650100"},
            "name",
            "string_too_long",
            "内容过长",
        ),
        ({"code": "65019", "name": "新设区", "parent_code": "650100"}, "code", "region_code", "6 位数字"),
        ({"code": "65019A", "name": "新设区", "parent_code": "650100"}, "code", "region_code", "6 位数字"),
        ({"code": "650102", "name": "天山区", "parent_code": "650100"}, "code", "unique", "已存在"),
        (
            {"code": "650199", "name": "新设区", "parent_code": "659999"},
            "parent_code",
            "does_not_exist",
            "659999",
        ),
    ],
)
def test_bad_create_is_refused_with_the_field_named(client, world, admin, payload, field, code, message):
    before = counts()
    assert_field_error(call(client, admin, "post", REGIONS, payload), 422, field, code, message)
    assert counts() == before


def test_a_code_that_does_not_belong_under_its_parent_is_refused(client, world, admin):
    """Scope is a prefix match on the code: 110199 filed under 650100 would sit in 新疆's tree but
    match 北京's prefix."""
    before = counts()
    response = call(
        client, admin, "post", REGIONS, {"code": "110199", "name": "错挂区", "parent_code": "650100"}
    )
    assert response.status_code == 422, response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"code": "650199"}, "code", "extra_forbidden"),
        ({"parent_code": "650000"}, "parent_code", "extra_forbidden"),
        ({"name": "名" * 65}, "name", "string_too_long"),
        ({"is_remote": "perhaps"}, "is_remote", "bool_parsing"),
    ],
)
def test_bad_update_is_refused_and_changes_nothing(client, world, admin, payload, field, code):
    before, row = counts(), Region.objects.filter(code="650102").values().get()
    assert_field_error(call(client, admin, "patch", f"{REGIONS}/650102", payload), 422, field, code)
    assert counts() == before
    assert Region.objects.filter(code="650102").values().get() == row


@pytest.mark.parametrize("persona_name", ["chen_region", "zhao_county", "li_qiang", "wang_fang"])
def test_only_the_administrator_edits_the_tree(client, world, request, persona_name):
    user = request.getfixturevalue(persona_name)
    before = counts()
    created = call(
        client, user, "post", REGIONS, {"code": "650199", "name": "新设区", "parent_code": "650100"}
    )
    assert created.status_code == 403 and created.json()["code"] == "forbidden"
    updated = call(client, user, "patch", f"{REGIONS}/650102", {"name": "改名"})
    assert updated.status_code == 403 and updated.json()["code"] == "forbidden"
    assert counts() == before
    assert Region.objects.get(code="650102").name == "天山区"


def test_a_parent_outside_the_jurisdiction_is_unknown_to_an_hr_officer(client, world, chen_region):
    before = counts()
    response = call(
        client, chen_region, "post", REGIONS, {"code": "640199", "name": "x", "parent_code": "640100"}
    )
    assert_field_error(response, 422, "parent_code", "does_not_exist")
    assert counts() == before


def test_a_division_outside_the_jurisdiction_is_not_found(client, world, chen_region):
    response = call(client, chen_region, "patch", f"{REGIONS}/640104", {"name": "改名"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Region.objects.get(code="640104").name == "兴庆区"


def test_no_authentication_is_refused(client, world):
    before = counts()
    response = call(
        client, None, "post", REGIONS, {"code": "650199", "name": "新设区", "parent_code": "650100"}
    )
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert counts() == before
