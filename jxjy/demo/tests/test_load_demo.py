"""load_demo: what the demo holds, that every code in it is valid, that every demo login works, and that
a second `make run` (load_demo --if-empty) leaves the database alone.

Each test loads the full demo once (about a second on SQLite)."""

import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from stdnum.cn import ric

from jxjy.access.models import RoleAssignment, User
from jxjy.audit.models import AuditEntry
from jxjy.demo.data import PEOPLE, build_world
from jxjy.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from jxjy.demo.places import COUNTIES, REMOTE_COUNTIES
from jxjy.organizations.codes import validate_credit_code
from jxjy.organizations.models import Organization
from jxjy.people.choices import TitleLevel
from jxjy.people.id_numbers import parse_id_number
from jxjy.people.models import Person
from jxjy.regions.models import Region


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(platform_base):
    load_demo()


def test_demo_holds_units_agencies_bases_and_people(demo):
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert 45 <= kinds["unit"] <= 60
    assert kinds["file_agency"] == 2
    assert kinds["base"] == 2
    assert kinds["hr_department"] == 1 + 2 + len(COUNTIES)
    assert kinds["industry_authority"] >= 2
    units = Organization.objects.filter(kind="unit")
    assert set(units.values_list("unit_type", flat=True)) == {
        "enterprise",
        "institution",
        "social_organisation",
    }
    assert len(set(units.values_list("industry", flat=True))) >= 10
    assert set(units.values_list("region__code", flat=True)) == set(COUNTIES)

    people = Person.objects.all()
    assert people.count() == PEOPLE
    assert set(people.values_list("level", flat=True)) == set(TitleLevel.values)
    assert len(set(people.values_list("series", flat=True))) >= 8
    assert 0.9 * PEOPLE < people.filter(in_service=True).count() < PEOPLE
    assert people.filter(unit=None).count() > 0
    assert {date.year for date in people.values_list("birth_date", flat=True)} <= set(range(1965, 2001))
    assert Organization.objects.get(name="天山区水务有限公司").staff.count() == 180

    assert set(Region.objects.filter(is_remote=True).values_list("code", flat=True)) == set(REMOTE_COUNTIES)
    # One audit entry per kind of thing loaded, not one per row.
    assert Counter(AuditEntry.objects.filter(action="demo.load").values_list("object_type", flat=True)) == {
        "regions.region": 1,
        "organizations.organization": 1,
        "people.person": 1,
        "access.user": 1,
        "records.learningrecord": 1,
        "catalogue.guide": 1,
        "catalogue.guidesubject": 1,
        "catalogue.course": 1,
        "catalogue.textbook": 1,
    }


def test_every_code_is_valid_and_every_person_is_placed_where_they_work(demo):
    for code in Organization.objects.values_list("credit_code", flat=True):
        assert validate_credit_code(code) == code
    for org in Organization.objects.select_related("region"):
        assert org.credit_code[2:8] == org.region.code, org

    people = Person.objects.select_related("region", "unit__region", "file_agency__region")
    for person in people:
        citizen = parse_id_number(person.id_number)
        assert (citizen.number, citizen.birth_date, citizen.sex) == (
            person.id_number,
            person.birth_date,
            person.sex,
        )
        home = person.unit or person.file_agency
        assert person.region == home.region, person
        # The ID number's place is the person's county as it was named in their birth year; before
        # 1983 Urumqi's districts were one urban area (市区).
        birth_place = ric.get_birth_place(person.id_number)["county"]
        county = COUNTIES[person.region.code]
        assert birth_place == county or (birth_place == "市区" and person.region.code.startswith("6501")), (
            person.id_number,
            county,
        )


def test_every_demo_login_signs_in_and_holds_its_roles(demo):
    for login in DEMO_LOGINS:
        request = RequestFactory().post("/")
        user = authenticate(request=request, username=login.username, password=DEMO_PASSWORD)
        assert user is not None, login.username
        assert user.display_name == login.display_name
        held = {
            (
                a.role,
                a.organization.name if a.organization else "",
                a.region.code if a.region else "",
                a.industry,
            )
            for a in RoleAssignment.objects.filter(user=user).select_related("organization", "region")
        }
        assert held == {(g.role, g.organization, g.region, g.industry) for g in login.grants}, login.username
        if login.person is not None:
            assert user.person.id_number == login.person.id_number
            assert user.person.unit.name == login.person.unit
    wang = User.objects.get(username="650102198803150025").person
    assert (wang.name, wang.unit.name, wang.region.code) == ("王芳", "天山区水务有限公司", "650102")


def test_if_empty_leaves_a_loaded_database_alone(platform_base):
    assert "演示数据已载入" in load_demo("--if-empty")
    counts = (
        Person.objects.count(),
        Organization.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    )

    assert "未载入演示数据" in load_demo("--if-empty")
    with pytest.raises(CommandError, match="演示账号已存在"):
        load_demo()
    assert (
        Person.objects.count(),
        Organization.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_the_demo_is_the_same_every_time(platform_base):
    regions = {region.code: region for region in Region.objects.filter(code__startswith="65")}
    first, second = build_world(regions=regions), build_world(regions=regions)
    assert [(p.id_number, p.name) for p in first.people] == [(p.id_number, p.name) for p in second.people]
    assert [o.credit_code for o in first.organizations.values()] == [
        o.credit_code for o in second.organizations.values()
    ]


def test_demo_ledger_is_lived_in_and_its_totals_add_up(demo):
    """Records in every state over several years, base-issued and corrected ones among them; the kept
    totals equal a fresh count; 王芳 has an issued hours proof to verify."""
    from jxjy.compliance.models import YearTotal
    from jxjy.compliance.services import totals_refresh
    from jxjy.proofs.models import Proof
    from jxjy.records.models import LearningRecord

    records = LearningRecord.objects.all()
    assert set(records.values_list("status", flat=True)) == {
        "submitted",
        "returned",
        "registered",
        "reversed",
    }
    assert set(records.values_list("source", flat=True)) == {"self_reported", "issued", "correction"}
    assert len(set(records.values_list("year", flat=True))) >= 3
    met = YearTotal.objects.filter(met=True).count() / YearTotal.objects.count()
    assert 0.4 < met < 0.9
    for kept in YearTotal.objects.select_related("person").order_by("id")[
        :: max(1, YearTotal.objects.count() // 25)
    ]:
        fresh = totals_refresh(person=kept.person, year=kept.year)
        assert (fresh.total_tenths, fresh.met) == (kept.total_tenths, kept.met)
    assert Proof.objects.filter(person__name="王芳").exists()
