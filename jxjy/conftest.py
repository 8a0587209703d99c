"""Fixtures shared by every app's tests: the division tree, and a cast of named personas.

Personas (王芳's world, from ../shared/design/journeys.md):
  wang_fang       professional at 水务公司 (unit_a, 天山区 650102)
  li_qiang        unit officer of unit_a
  other_officer   unit officer of unit_b (伊宁市 654002, another prefecture)
  agency_clerk    clerk of the file agency in 天山区
  base_registrar  registrar of the CE base in 乌鲁木齐市
  zhao_county     HR officer of 天山区 (county)
  chen_region     HR officer of 新疆维吾尔自治区 (the whole jurisdiction)
  industry_water  industry officer of 乌鲁木齐市 for industry D (power, gas and water)
  admin           platform administrator
"""

import pytest

from jxjy.access.choices import Role
from jxjy.audit.models import AuditHead
from jxjy.organizations.choices import Industry, OrgKind, UnitType
from jxjy.people.choices import ProfessionalSeries, TitleLevel
from jxjy.regions.models import Region
from jxjy.regions.services import regions_load
from jxjy.testing.factories import OrganizationFactory, PersonFactory, UserFactory, grant, region


def pytest_collection_modifyitems(config, items):
    """Browser tests are skipped before any fixture runs unless JXJY_BROWSER_TESTS=1, and the
    reason is printed in the summary (`-ra`), so "not run" never reads as "passed"."""
    from jxjy.testing.browser import SKIP_REASON, browser_tests_enabled

    if browser_tests_enabled():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The division tree is loaded once per test database; tests roll back around it."""
    with django_db_blocker.unblock():
        regions_load()


@pytest.fixture
def platform_base(db):
    """The division tree and the audit head row. A transactional test empties every table when it
    ends, so these are put back whenever they are missing rather than once per session."""
    AuditHead.objects.get_or_create(id=1)  # first: loading the regions writes an audit entry
    if not Region.objects.exists():
        regions_load()


@pytest.fixture
def world(platform_base):
    """Organisations and people on both sides of every scope boundary."""
    unit_a = OrganizationFactory(name="天山区水务有限公司", region=region("650102"), industry=Industry.D)
    unit_a2 = OrganizationFactory(
        name="天山区第一中学", region=region("650102"), industry=Industry.P, unit_type=UnitType.INSTITUTION
    )
    unit_b = OrganizationFactory(
        name="伊宁市人民医院", region=region("654002"), industry=Industry.Q, unit_type=UnitType.INSTITUTION
    )
    unit_c = OrganizationFactory(name="沙依巴克区供水公司", region=region("650103"), industry=Industry.D)
    agency = OrganizationFactory(kind=OrgKind.FILE_AGENCY, name="天山区人才服务中心", region=region("650102"))
    base = OrganizationFactory(
        kind=OrgKind.BASE, name="乌鲁木齐继续教育基地", region=region("650100"), industry=Industry.P
    )
    outside = OrganizationFactory(name="银川市某公司", region=region("640104"))
    return {
        "unit_a": unit_a,
        "unit_a2": unit_a2,
        "unit_b": unit_b,
        "unit_c": unit_c,
        "agency": agency,
        "base": base,
        "outside_unit": outside,
        "wang": PersonFactory(name="王芳", unit=unit_a),
        "colleague": PersonFactory(name="马建国", unit=unit_a, series=ProfessionalSeries.ACCOUNTING),
        "teacher": PersonFactory(name="阿依古丽", unit=unit_a2, series=ProfessionalSeries.SCHOOL_TEACHING),
        "doctor": PersonFactory(
            name="艾力", unit=unit_b, series=ProfessionalSeries.HEALTH, level=TitleLevel.DEPUTY_SENIOR
        ),
        "plumber": PersonFactory(name="李娜", unit=unit_c),
        "file_holder": PersonFactory(name="张伟", unit=None, file_agency=agency),
        "outsider": PersonFactory(name="外省人员", unit=outside),
    }


@pytest.fixture
def wang_fang(world):
    user = UserFactory(username=world["wang"].id_number, display_name="王芳", person=world["wang"])
    grant(user, Role.PROFESSIONAL)
    return user


@pytest.fixture
def li_qiang(world):
    user = UserFactory(username="liqiang", display_name="李强")
    grant(user, Role.UNIT_OFFICER, organization=world["unit_a"])
    return user


@pytest.fixture
def other_officer(world):
    user = UserFactory(username="otherofficer", display_name="伊宁市医院经办人")
    grant(user, Role.UNIT_OFFICER, organization=world["unit_b"])
    return user


@pytest.fixture
def agency_clerk(world):
    user = UserFactory(username="agencyclerk", display_name="人才中心经办人")
    grant(user, Role.AGENCY_CLERK, organization=world["agency"])
    return user


@pytest.fixture
def base_registrar(world):
    user = UserFactory(username="zhanglaoshi", display_name="张老师")
    grant(user, Role.BASE_REGISTRAR, organization=world["base"])
    return user


@pytest.fixture
def zhao_county(world):
    user = UserFactory(username="zhaokezhang", display_name="赵科长")
    grant(user, Role.HR_OFFICER, region=region("650102"))
    return user


@pytest.fixture
def chen_region(world):
    user = UserFactory(username="chenchuzhang", display_name="陈处长")
    grant(user, Role.HR_OFFICER, region=region("650000"))
    return user


@pytest.fixture
def industry_water(world):
    user = UserFactory(username="shuiliju", display_name="水利局")
    grant(user, Role.INDUSTRY_OFFICER, region=region("650100"), industry=Industry.D)
    return user


@pytest.fixture
def admin(world):
    user = UserFactory(username="admin", display_name="平台管理员")
    grant(user, Role.PLATFORM_ADMIN)
    return user


PERSONAS = [
    "wang_fang",
    "li_qiang",
    "other_officer",
    "agency_clerk",
    "base_registrar",
    "zhao_county",
    "chen_region",
    "industry_water",
    "admin",
]


@pytest.fixture(params=PERSONAS)
def persona(request, db):
    """Each persona in turn, as (name, user)."""
    return request.param, request.getfixturevalue(request.param)


@pytest.fixture
def rules(platform_base):
    """The default rules for the years the tests use (the current one and two before it)."""
    from django.utils import timezone

    from jxjy.rules.services import ruleset_ensure_default

    this_year = timezone.localdate().year
    return {year: ruleset_ensure_default(year=year) for year in range(this_year - 2, this_year + 1)}
