import datetime
import itertools

import factory

from jxjy.access.models import RoleAssignment, User
from jxjy.organizations.choices import Industry, OrgKind, UnitType
from jxjy.organizations.models import Organization
from jxjy.people.choices import ProfessionalSeries, Sex, TitleLevel
from jxjy.people.models import Person
from jxjy.regions.models import Region
from jxjy.testing.codes import make_credit_code, make_id_number

_serials = itertools.count(1)
TEST_PASSWORD = "Test-password-2026"


def region(code: str) -> Region:
    """A division of the loaded GB/T 2260 tree (the test database loads it once per session)."""
    return Region.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrgKind.UNIT
    unit_type = factory.LazyAttribute(lambda o: UnitType.ENTERPRISE if o.kind == OrgKind.UNIT else "")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    region = factory.LazyFunction(lambda: region("650102"))
    credit_code = factory.LazyAttribute(lambda o: make_credit_code(o.region.code, next(_serials)))
    industry = Industry.D


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人员{n}")
    unit = factory.SubFactory(OrganizationFactory)
    file_agency = None
    region = factory.LazyAttribute(lambda o: (o.unit or o.file_agency).region)
    birth_date = datetime.date(1988, 5, 17)
    sex = Sex.FEMALE
    id_number = factory.LazyAttribute(
        lambda o: make_id_number(o.region.code, o.birth_date, next(_serials), o.sex == Sex.MALE)
    )
    series = ProfessionalSeries.ENGINEERING
    level = TitleLevel.INTERMEDIATE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user: User, role: str, **where) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role, **where)
    assignment.full_clean()
    assignment.save()
    if hasattr(user, "_jxjy_grants"):
        del user._jxjy_grants
    return assignment
