"""Loading the demo into the database: one transaction, bulk inserts, and one audit entry per kind of
object loaded (rather than one per row: the demo is a single act of the system, not 2,000 edits)."""

from collections import Counter

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jxjy.access.models import RoleAssignment, User
from jxjy.audit.services import audit_write
from jxjy.catalogue.demo import load_catalogue_demo
from jxjy.demo.data import SEED, DemoWorld, build_world
from jxjy.demo.ledger import load_ledger_demo
from jxjy.demo.logins import DEMO_LOGINS, DEMO_PASSWORD, WANG_FANG
from jxjy.demo.places import ALL_ORGS, COUNTIES, PREFECTURES, REGION, REMOTE_COUNTIES, place_code_in
from jxjy.organizations.models import Organization
from jxjy.people.id_numbers import parse_id_number
from jxjy.people.models import Person
from jxjy.proofs.services import proof_issue
from jxjy.regions.models import Region
from jxjy.regions.services import regions_load

ACTION = "demo.load"


class DemoRefused(Exception):
    """The demo cannot be loaded into this database; the message says why, in Chinese."""


def demo_database_is_empty() -> bool:
    """Whether the database holds no people and no organisations (the division tree does not count)."""
    return not (Person.objects.exists() or Organization.objects.exists())


def demo_load(*, seed: int = SEED) -> dict[str, int]:
    """Load the demo of 新疆维吾尔自治区. Returns how many of each thing were created."""
    with transaction.atomic():
        if not Region.objects.filter(code=settings.JXJY_JURISDICTION).exists():
            regions_load()
        regions = _demo_regions()
        _ensure_logins_free()
        world = build_world(regions=regions, seed=seed)
        _validate(world)
        _mark_remote()
        organizations = _save_organizations(world)
        people = _save_people(world)
        users, roles = _save_logins(world)
        ledger = load_ledger_demo(seed=seed)
        load_catalogue_demo(
            actor=User.objects.get(username="chenchuzhang"),
            region_hr=Organization.objects.get(name="新疆维吾尔自治区人力资源和社会保障厅"),
        )
        _issue_demo_proof()
    return {
        "organizations": organizations,
        "people": people,
        "users": users,
        "roles": roles,
        "records": ledger["records"],
    }


def _issue_demo_proof() -> None:
    """王芳's unit has issued her last year's hours proof, so /verify has something real to show."""
    wang = Person.objects.get(id_number=WANG_FANG.id_number)
    last_year = timezone.localdate().year - 1
    proof_issue(
        actor=User.objects.get(username="liqiang"), person=wang, from_year=last_year, to_year=last_year
    )


def _demo_regions() -> dict[str, Region]:
    codes = {REGION, *PREFECTURES, *COUNTIES} | {spec.region for spec in ALL_ORGS}
    regions = {region.code: region for region in Region.objects.filter(code__in=codes)}
    missing = sorted(codes - regions.keys())
    if missing:
        raise DemoRefused(f"行政区划表中缺少演示数据用到的区划：{', '.join(missing)}")
    return regions


def _ensure_logins_free() -> None:
    taken = list(
        User.objects.filter(username__in=[login.username for login in DEMO_LOGINS]).values_list(
            "username", flat=True
        )
    )
    if taken:
        raise DemoRefused(f"演示账号已存在：{', '.join(sorted(taken))}。演示数据只能载入一次。")


def _validate(world: DemoWorld) -> None:
    """Every organisation and person passes the model's validation and carries a valid code, so the
    demo never shows an invalid ID number or credit code. Foreign keys and uniqueness are left to the
    database (they are built here, and checking them row by row would cost thousands of queries)."""
    for org in world.organizations.values():
        org.full_clean(exclude=["region"], validate_unique=False, validate_constraints=False)
    _assert_unique("统一社会信用代码", [org.credit_code for org in world.organizations.values()])
    for person in world.people:
        person.full_clean(
            exclude=["unit", "file_agency", "region"], validate_unique=False, validate_constraints=False
        )
        citizen = parse_id_number(person.id_number)
        home = person.unit or person.file_agency
        place = place_code_in(home.region.code, citizen.birth_date.year)
        if (
            (citizen.birth_date, citizen.sex) != (person.birth_date, person.sex)
            or person.region is not home.region
            or not person.id_number.startswith(place)
        ):
            raise ValidationError(f"演示人员 {person.name} {person.id_number} 的出生日期、性别或区划不一致")
    _assert_unique("公民身份号码", [person.id_number for person in world.people])


def _assert_unique(label: str, values: list[str]) -> None:
    duplicates = [value for value, count in Counter(values).items() if count > 1]
    if duplicates:
        raise ValidationError(f"演示数据中{label}重复：{', '.join(duplicates[:5])}")


def _mark_remote() -> None:
    Region.objects.filter(code__in=REMOTE_COUNTIES).update(is_remote=True)
    audit_write(
        actor=None,
        role="system",
        action=ACTION,
        object_type="regions.region",
        after={"is_remote": list(REMOTE_COUNTIES)},
    )


def _save_organizations(world: DemoWorld) -> int:
    organizations = list(world.organizations.values())
    Organization.objects.bulk_create(organizations)
    audit_write(
        actor=None,
        role="system",
        action=ACTION,
        object_type="organizations.organization",
        after={"created": len(organizations), "by_kind": dict(Counter(org.kind for org in organizations))},
    )
    return len(organizations)


def _save_people(world: DemoWorld) -> int:
    Person.objects.bulk_create(world.people, batch_size=500)
    audit_write(
        actor=None,
        role="system",
        action=ACTION,
        object_type="people.person",
        after={
            "created": len(world.people),
            "in_service": sum(person.in_service for person in world.people),
            "file_agency_only": sum(person.unit is None for person in world.people),
            "by_level": dict(Counter(person.level for person in world.people)),
        },
    )
    return len(world.people)


def _save_logins(world: DemoWorld) -> tuple[int, int]:
    # One hash for the one shared password: hashing it per login would cost a second each.
    password_hash = make_password(DEMO_PASSWORD)
    users, assignments = [], []
    for login in DEMO_LOGINS:
        person = world.fixed_people[login.person.id_number] if login.person else None
        user = User(
            username=login.username, display_name=login.display_name, person=person, password=password_hash
        )
        validate_password(DEMO_PASSWORD, user)
        user.full_clean(exclude=["password", "person"], validate_unique=False)
        users.append(user)
    User.objects.bulk_create(users)
    for user, login in zip(users, DEMO_LOGINS, strict=True):
        for grant in login.grants:
            assignment = RoleAssignment(
                user=user,
                role=grant.role,
                industry=grant.industry,
                organization=world.organizations[grant.organization] if grant.organization else None,
                region=Region.objects.get(code=grant.region) if grant.region else None,
            )
            assignment.full_clean()
            assignments.append(assignment)
    RoleAssignment.objects.bulk_create(assignments)
    audit_write(
        actor=None,
        role="system",
        action=ACTION,
        object_type="access.user",
        after={
            "created": [user.username for user in users],
            "roles": dict(Counter(assignment.role for assignment in assignments)),
        },
    )
    return len(users), len(assignments)
