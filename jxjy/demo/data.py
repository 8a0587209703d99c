"""Building the demo: organisations and about 2,000 professionals as unsaved model instances.

Everything is drawn from one seeded `random.Random`, so two loads with the same seed hold the same
names, codes and numbers. Ages are reckoned at `REFERENCE_YEAR`, not today, for the same reason.
"""

import datetime
import random
from dataclasses import dataclass, field

from stdnum.cn import ric

from jxjy.demo import names
from jxjy.demo.logins import DEMO_LOGINS, DemoPerson
from jxjy.demo.places import ALL_ORGS, ETHNIC_MIX, REMOTE_COUNTIES, DemoOrg, place_code_in
from jxjy.organizations.choices import Industry, OrgKind, UnitType
from jxjy.organizations.models import Organization
from jxjy.people.choices import ProfessionalSeries as PS
from jxjy.people.choices import TitleLevel
from jxjy.people.id_numbers import parse_id_number
from jxjy.people.models import Person
from jxjy.regions.models import Region
from jxjy.testing.codes import make_credit_code

SEED = 2026
REFERENCE_YEAR = 2026
PEOPLE = 2000
FILE_AGENCY_ONLY = 40  # people whose file an agency holds and who have no unit (freelancers, job seekers)
SHARE_WITH_AGENCY_FILE = 0.15  # enterprise staff whose file the county's talent centre keeps

# art. 5: key fields get targeted support; here agriculture and health, the demo's rural services.
KEY_INDUSTRIES = {Industry.A, Industry.Q}

SERIES_BY_INDUSTRY: dict[str, dict[str, int]] = {
    Industry.A: {PS.AGRICULTURE: 80, PS.ECONOMICS: 10, PS.ACCOUNTING: 10},
    Industry.B: {PS.ENGINEERING: 70, PS.ACCOUNTING: 15, PS.ECONOMICS: 15},
    Industry.C: {PS.ENGINEERING: 65, PS.LABORATORY: 10, PS.ECONOMICS: 10, PS.ACCOUNTING: 15},
    Industry.D: {PS.ENGINEERING: 70, PS.ECONOMICS: 15, PS.ACCOUNTING: 15},
    Industry.E: {PS.ENGINEERING: 80, PS.ECONOMICS: 10, PS.ACCOUNTING: 10},
    Industry.F: {PS.ECONOMICS: 60, PS.ACCOUNTING: 30, PS.STATISTICS: 10},
    Industry.G: {PS.ENGINEERING: 50, PS.ECONOMICS: 30, PS.ACCOUNTING: 20},
    Industry.H: {PS.ECONOMICS: 60, PS.ACCOUNTING: 40},
    Industry.I: {PS.ENGINEERING: 80, PS.ECONOMICS: 10, PS.ACCOUNTING: 10},
    Industry.J: {PS.ECONOMICS: 55, PS.ACCOUNTING: 30, PS.AUDITING: 10, PS.STATISTICS: 5},
    Industry.L: {PS.ACCOUNTING: 60, PS.AUDITING: 20, PS.ECONOMICS: 20},
    Industry.M: {PS.ENGINEERING: 55, PS.RESEARCH: 25, PS.ACCOUNTING: 20},
    Industry.N: {PS.ENGINEERING: 80, PS.ACCOUNTING: 20},
    Industry.P: {PS.SCHOOL_TEACHING: 90, PS.LIBRARY: 4, PS.ACCOUNTING: 6},
    Industry.Q: {PS.HEALTH: 92, PS.ACCOUNTING: 4, PS.STATISTICS: 4},
    Industry.R: {
        PS.JOURNALISM: 25,
        PS.ARTS: 25,
        PS.MASS_CULTURE: 15,
        PS.BROADCASTING: 10,
        PS.TRANSLATION: 10,
        PS.PUBLISHING: 5,
        PS.ACCOUNTING: 10,
    },
}
SERIES_BY_UNIT: dict[str, dict[str, int]] = {
    "新疆大学": {PS.HIGHER_EDUCATION: 70, PS.RESEARCH: 15, PS.LABORATORY: 10, PS.LIBRARY: 5},
    "伊犁职业技术学院": {PS.VOCATIONAL_TEACHING: 85, PS.LABORATORY: 10, PS.LIBRARY: 5},
}
SERIES_FILE_AGENCY_ONLY = {
    PS.ECONOMICS: 30,
    PS.ACCOUNTING: 25,
    PS.ENGINEERING: 25,
    PS.TRANSLATION: 10,
    PS.LEGAL_SERVICES: 10,
}
FEMALE_SHARE = {Industry.P: 0.62, Industry.Q: 0.66}
AREA_CODE = {"6501": "0991", "654003": "0992", "6540": "0999"}
STREETS = ("人民路", "解放路", "新华路", "光明路", "胜利路", "团结路", "建设路", "友好路", "北京路", "长江路")


@dataclass
class DemoWorld:
    organizations: dict[str, Organization] = field(default_factory=dict)  # by name
    people: list[Person] = field(default_factory=list)
    fixed_people: dict[str, Person] = field(default_factory=dict)  # by ID number, for the logins


def build_world(*, regions: dict[str, Region], seed: int = SEED) -> DemoWorld:
    rng = random.Random(seed)
    world = DemoWorld()
    contacts = _login_contacts()
    credit_codes: set[str] = set()
    for spec in ALL_ORGS:
        org = _organization(rng, spec, regions[spec.region], credit_codes)
        org.contact_name = contacts.get(spec.name, org.contact_name)
        world.organizations[spec.name] = org
    _PeopleBuilder(rng, world).build()
    return world


def _login_contacts() -> dict[str, str]:
    """A unit whose officer is a demo login names that officer as its contact."""
    return {
        grant.organization: login.display_name
        for login in DEMO_LOGINS
        for grant in login.grants
        if grant.organization
    }


def _organization(rng: random.Random, spec: DemoOrg, region: Region, taken: set[str]) -> Organization:
    while True:
        code = make_credit_code(spec.region, rng.randrange(10**8, 10**9), spec.credit_prefix)
        if code not in taken:
            taken.add(code)
            break
    return Organization(
        kind=spec.kind,
        unit_type=spec.unit_type,
        name=spec.name,
        credit_code=code,
        region=region,
        industry=spec.industry,
        address=f"{region.name}{rng.choice(STREETS)}{rng.randint(1, 399)}号",
        contact_name=names.person_name(rng, names.HAN, rng.random() < 0.5),
        contact_phone=f"{_area_code(spec.region)}-{rng.randrange(10**6, 10**7)}",
        is_key_field=spec.kind == OrgKind.UNIT and spec.industry in KEY_INDUSTRIES,
    )


def _area_code(region_code: str) -> str:
    return AREA_CODE.get(region_code) or AREA_CODE.get(region_code[:4], "0991")


class _PeopleBuilder:
    def __init__(self, rng: random.Random, world: DemoWorld) -> None:
        self.rng = rng
        self.world = world
        self.id_numbers: set[str] = set()
        by_kind = {}
        for org in world.organizations.values():
            by_kind.setdefault(org.kind, []).append(org)
        self.units = by_kind[OrgKind.UNIT]
        self.agencies = by_kind[OrgKind.FILE_AGENCY]
        self.agency_of_county = {agency.region.code: agency for agency in self.agencies}

    def build(self) -> None:
        fixed = [login.person for login in DEMO_LOGINS if login.person is not None]
        for spec in fixed:
            self._add_fixed(spec)
        sizes = self._unit_sizes(PEOPLE - FILE_AGENCY_ONLY)
        for unit in self.units:
            already = sum(1 for spec in fixed if spec.unit == unit.name)
            for _ in range(max(sizes[unit.name] - already, 0)):
                self._add(
                    unit=unit, weights=SERIES_BY_UNIT.get(unit.name) or SERIES_BY_INDUSTRY[unit.industry]
                )
        for index in range(FILE_AGENCY_ONLY):
            agency = self.agencies[index % len(self.agencies)]
            self._add(unit=None, agency=agency, weights=SERIES_FILE_AGENCY_ONLY)

    def _unit_sizes(self, total: int) -> dict[str, int]:
        """Staff per unit: hospitals and schools are large, associations small, remote units smaller;
        scaled so the units together hold `total` people."""
        fixed = {spec.name: spec.staff for spec in ALL_ORGS if spec.staff}
        raw = {}
        for unit in self.units:
            if unit.name in fixed:
                continue
            low, high = _size_range(unit)
            if unit.region.code in REMOTE_COUNTIES:
                low, high = low // 2, high // 2
            raw[unit.name] = self.rng.uniform(low, high)
        budget = total - sum(fixed.values())
        scale = budget / sum(raw.values())
        sizes = {name: max(3, round(weight * scale)) for name, weight in raw.items()}
        largest = max(sizes, key=sizes.__getitem__)
        sizes[largest] += budget - sum(sizes.values())
        return sizes | fixed

    def _add_fixed(self, spec: DemoPerson) -> None:
        citizen = parse_id_number(spec.id_number)
        unit = self.world.organizations[spec.unit]
        person = Person(
            id_number=citizen.number,
            name=spec.name,
            birth_date=citizen.birth_date,
            sex=citizen.sex,
            unit=unit,
            region=unit.region,
            series=spec.series,
            level=spec.level,
            in_service=True,
            phone=self._phone(),
        )
        self.id_numbers.add(person.id_number)
        self.world.people.append(person)
        self.world.fixed_people[person.id_number] = person

    def _add(self, *, unit: Organization | None, weights: dict[str, int], agency=None) -> None:
        rng = self.rng
        home = unit or agency
        if (
            unit is not None
            and unit.unit_type == UnitType.ENTERPRISE
            and rng.random() < SHARE_WITH_AGENCY_FILE
        ):
            agency = self.agency_of_county.get(unit.region.code)
        region = home.region
        male = rng.random() >= FEMALE_SHARE.get(unit.industry if unit else "", 0.47)
        birth_date = self._birth_date()
        ethnicity = rng.choices(names.ETHNICITIES, weights=ETHNIC_MIX[region.code[:4] + "00"])[0]
        person = Person(
            id_number=self._id_number(region.code, birth_date, male),
            name=names.person_name(rng, ethnicity, male),
            birth_date=birth_date,
            sex="M" if male else "F",
            unit=unit,
            file_agency=agency,
            region=region,
            series=_pick(rng, weights),
            level=self._level(birth_date),
            in_service=self._in_service(birth_date),
            phone=self._phone() if rng.random() < 0.85 else "",
        )
        self.world.people.append(person)

    def _birth_date(self) -> datetime.date:
        year = self.rng.randint(1965, 2000)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def _id_number(self, county: str, birth_date: datetime.date, male: bool) -> str:
        place = place_code_in(county, birth_date.year)
        serial = self.rng.randrange(500)
        for step in range(500):
            number = citizen_id_number(place, birth_date, serial + step, male)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number
        raise RuntimeError("no free ID serial")  # 500 people of one sex born on one day in one county

    def _level(self, birth_date: datetime.date) -> str:
        age = REFERENCE_YEAR - birth_date.year
        if age < 28:
            weights = (85, 15, 0, 0)
        elif age < 36:
            weights = (35, 55, 10, 0)
        elif age < 46:
            weights = (10, 50, 35, 5)
        else:
            weights = (5, 40, 40, 15)
        return self.rng.choices(TitleLevel.values, weights=weights)[0]

    def _in_service(self, birth_date: datetime.date) -> bool:
        # The oldest are at retirement age; a few others are on long leave or have left.
        return self.rng.random() < (0.5 if birth_date.year <= 1965 else 0.97)

    def _phone(self) -> str:
        return f"1{self.rng.choice('3578')}{self.rng.randrange(10**9):09d}"


def citizen_id_number(place: str, birth_date: datetime.date, serial: int, male: bool) -> str:
    """An 18-character ID number: place, birth date, a 3-digit sequence whose parity gives the sex, and
    the check character. (stdnum's `ric.calc_check_digit` takes a whole number and ignores its last
    character, hence the placeholder.)"""
    body = f"{place}{birth_date:%Y%m%d}{(serial % 500) * 2 + male:03d}"
    return body + ric.calc_check_digit(body + "0")


def _size_range(unit: Organization) -> tuple[int, int]:
    if unit.unit_type == UnitType.SOCIAL_ORGANISATION:
        return 5, 15
    if unit.industry == Industry.Q:
        return 50, 110
    if unit.industry == Industry.P:
        return 30, 80
    if unit.unit_type == UnitType.ENTERPRISE:
        return 12, 45
    return 10, 30


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
