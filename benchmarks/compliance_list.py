"""Time of one page of a region's compliance list (50 rows plus the people and met counts) read from the
kept per-person yearly totals, against the same page computed by re-adding every registered record.

Builds a throwaway database: the division tree, the default rules of the year, N/100 units over the
demo counties, N people and K registered records each (none in a capped form, so both ways count the
same hours), then the kept totals (YearFormTotal by one set-wise aggregate, YearTotal by
`totals_recount_year`). The build is timed apart; it is not what is measured. Both ways must give the
same page and counts, or the run fails.

    .venv/bin/python benchmarks/compliance_list.py [--people 100000] [--records-per-person 6]
        [--db sqlite|postgres] [--repeat 20] [--json]

SQLite: a temporary file, removed at the end. PostgreSQL: a fresh database on 127.0.0.1:5432 (user
postgres), dropped at the end.
"""

import argparse
import datetime
import json
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PAGE_SIZE = 50
BATCH = 5000
# Forms without an annual cap in the default rules, with an activity of each (code, form, unit).
UNCAPPED_ACTIVITIES = [
    ("training_hours", "training_class", "hour"),
    ("lecture_hours", "conference", "hour"),
    ("other_hours", "other", "hour"),
    ("further_study_days", "further_study", "day"),
    ("abroad_days", "abroad", "day"),
    ("paired_assistance_days", "paired_assistance", "day"),
]
ORGANISERS = [
    "新疆继续教育培训中心",
    "自治区专业技术人员培训基地",
    "伊犁州继续教育学院",
    "乌鲁木齐学术交流中心",
]


# --- database -------------------------------------------------------------------------------------


def create_database(db: str) -> tuple[str, callable]:
    """The DATABASE_URL of a fresh database, and the function that removes it."""
    if db == "sqlite":
        directory = tempfile.mkdtemp(prefix="jxjy-bench-compliance-")
        return f"sqlite:///{directory}/bench.sqlite3", lambda: shutil.rmtree(directory, ignore_errors=True)
    import psycopg

    name = f"jxjy_bench_compliance_{os.getpid()}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{PG_SERVER}/{name}", drop


# --- build ----------------------------------------------------------------------------------------


def build(people: int, per_person: int, year: int, seed: int) -> dict:
    """Everything the measurement reads. Returns the two users and a few facts about the data."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from jxjy.access.choices import Role
    from jxjy.access.models import RoleAssignment, User
    from jxjy.compliance.models import YearFormTotal, YearTotal
    from jxjy.compliance.services import totals_recount_year
    from jxjy.regions.models import Region
    from jxjy.regions.services import regions_load
    from jxjy.rules.services import ruleset_ensure_default

    call_command("migrate", verbosity=0)
    regions_load()
    ruleset = ruleset_ensure_default(year=year)
    rng = random.Random(seed)
    with transaction.atomic():
        units = _create_units(max(1, people // 100), rng)
        person_ids = _create_people(people, units, rng)
        records = _create_records(person_ids, per_person, year, ruleset.label, rng)
    with transaction.atomic():
        # The kept totals, filled the way the services would have left them: per form and kind by one
        # set-wise aggregate, then each person's year evaluated by the recount the rules use.
        form_totals = YearFormTotal._meta.db_table
        record_table = "records_learningrecord"
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {form_totals} (person_id, year, form, subject_kind, tenths, records) "
                "SELECT person_id, year, form, subject_kind, SUM(recognised_tenths), COUNT(*) "
                f"FROM {record_table} WHERE status = %s GROUP BY person_id, year, form, subject_kind",
                ["registered"],
            )
        for total_year in YearFormTotal.objects.values_list("year", flat=True).distinct():
            ids = YearFormTotal.objects.filter(year=total_year).values_list("person_id", flat=True).distinct()
            YearTotal.objects.bulk_create(
                [YearTotal(person_id=pid, year=total_year) for pid in ids], batch_size=BATCH
            )
            totals_recount_year(year=total_year)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) leaves behind

    region_hr, _ = User.objects.get_or_create(username="bench-region-hr")
    RoleAssignment.objects.create(
        user=region_hr, role=Role.HR_OFFICER, region=Region.objects.get(code="650000")
    )
    county_hr, _ = User.objects.get_or_create(username="bench-county-hr")
    county = units[0].region
    RoleAssignment.objects.create(user=county_hr, role=Role.HR_OFFICER, region=county)
    return {"region_hr": region_hr, "county_hr": county_hr, "county": county.code, "records": records}


def _create_units(count: int, rng: random.Random) -> list:
    from jxjy.demo.places import COUNTIES, CREDIT_PREFIX
    from jxjy.organizations.choices import Industry, OrgKind, UnitType
    from jxjy.organizations.models import Organization
    from jxjy.regions.models import Region
    from jxjy.testing.codes import make_credit_code

    regions = {region.code: region for region in Region.objects.filter(code__in=COUNTIES)}
    counties = sorted(COUNTIES)
    unit_types = list(UnitType)
    industries = list(Industry.values)
    units = []
    for index in range(count):
        county = counties[index % len(counties)]
        unit_type = unit_types[index % len(unit_types)]
        units.append(
            Organization(
                kind=OrgKind.UNIT,
                unit_type=unit_type,
                name=f"{COUNTIES[county]}基准测试单位{index:05d}",
                credit_code=make_credit_code(county, index, CREDIT_PREFIX[unit_type]),
                region=regions[county],
                industry=rng.choice(industries),
            )
        )
    return Organization.objects.bulk_create(units, batch_size=BATCH)


def _create_people(count: int, units: list, rng: random.Random) -> list[tuple[int, int]]:
    """`count` people spread over the units; returns (person id, unit id) pairs."""
    from jxjy.demo.names import ETHNICITIES, person_name
    from jxjy.demo.places import COUNTIES, ETHNIC_MIX, place_code_in
    from jxjy.people.choices import ProfessionalSeries, TitleLevel
    from jxjy.people.models import Person
    from jxjy.testing.codes import make_id_number

    first_birth, last_birth = datetime.date(1965, 1, 1), datetime.date(2000, 12, 31)
    days = (last_birth - first_birth).days + 1
    counties = sorted(COUNTIES)
    series = list(ProfessionalSeries.values)
    levels = list(TitleLevel.values)
    seen: set[str] = set()
    per_county: dict[str, int] = {}
    created: list[tuple[int, int]] = []
    batch: list = []
    for index in range(count):
        unit = units[index % len(units)]
        county = unit.region.code
        male = rng.random() < 0.5
        # Each county's n-th person gets the n-th birth date, and the county's place in the list goes
        # into the serial: Urumqi's districts shared one place code (650120) before 1983.
        nth = per_county.get(county, 0)
        per_county[county] = nth + 1
        birth_date = first_birth + datetime.timedelta(days=nth % days)
        serial = (nth // days) * len(counties) + counties.index(county)
        id_number = make_id_number(place_code_in(county, birth_date.year), birth_date, serial, male)
        if id_number in seen:
            raise RuntimeError(f"duplicate ID number {id_number}: too many people for the birth-date range")
        seen.add(id_number)
        ethnicity = rng.choices(ETHNICITIES, weights=ETHNIC_MIX[county[:4] + "00"])[0]
        batch.append(
            Person(
                id_number=id_number,
                name=person_name(rng, ethnicity, male),
                birth_date=birth_date,
                sex="M" if male else "F",
                unit=unit,
                region_id=unit.region_id,
                series=rng.choice(series),
                level=rng.choice(levels),
                in_service=rng.random() >= 0.02,  # a few retired: outside the requirement and the list
            )
        )
        if len(batch) == BATCH:
            created += [(p.pk, p.unit_id) for p in Person.objects.bulk_create(batch)]
            batch = []
    if batch:
        created += [(p.pk, p.unit_id) for p in Person.objects.bulk_create(batch)]
    return created


def _create_records(person_ids: list[tuple[int, int]], per_person: int, year: int, label: str, rng) -> int:
    """`per_person` registered records each, in uncapped forms: one or two public, the rest
    professional, with hours spread so that some people meet the requirement and some do not.
    One person in fifty studied only the year before (no totals for `year`)."""
    from django.utils import timezone

    from jxjy.records.models import LearningRecord

    tz = timezone.get_current_timezone()
    batch: list = []
    written = 0
    for person_id, unit_id in person_ids:
        record_year = year - 1 if rng.random() < 0.02 else year
        public = rng.choice((1, 2, 2)) if per_person > 1 else rng.choice((0, 1))
        for index in range(per_person):
            code, form, unit = rng.choice(UNCAPPED_ACTIVITIES)
            if unit == "day":
                quantity = rng.randint(1, 4) * 10
                tenths = quantity * 8
            else:
                tenths = rng.randint(8, 30) * 10
                quantity = tenths
            start = datetime.date(record_year, 1, 1) + datetime.timedelta(days=rng.randrange(330))
            registered = datetime.datetime.combine(start + datetime.timedelta(days=20), datetime.time(10), tz)
            organiser = rng.choice(ORGANISERS)
            batch.append(
                LearningRecord(
                    person_id=person_id,
                    year=record_year,
                    form=form,
                    activity=code,
                    counting_unit=unit,
                    subject_kind="public" if index < public else "professional",
                    public_category="law" if index < public else "",
                    title=f"{organiser}{record_year}年度培训",
                    organiser=organiser,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=2),
                    quantity_tenths=quantity,
                    issuer_key=organiser,
                    registrar_id=unit_id,
                    source="self_reported",
                    status="registered",
                    claimed_tenths=tenths,
                    recognised_tenths=tenths,
                    rule_version=label,
                    submitted_at=registered - datetime.timedelta(days=5),
                    registered_at=registered,
                )
            )
            if len(batch) == BATCH:
                LearningRecord.objects.bulk_create(batch)
                written += len(batch)
                batch = []
    if batch:
        LearningRecord.objects.bulk_create(batch)
        written += len(batch)
    return written


# --- the two ways of answering the page -----------------------------------------------------------


def jxjy_page(user, year: int, filters) -> tuple[list, int, int]:
    """What the compliance page runs: its ordering, one page, the count and the met count."""
    from jxjy.access.scope import forget_grants
    from jxjy.compliance.selectors import compliance_list

    forget_grants(user)  # a request reads the user's grants afresh
    people = compliance_list(user, year, filters).order_by("name", "id")
    return _answer(people)


def baseline_page(user, year: int, filters, requirement) -> tuple[list, int, int]:
    """The same page without kept totals: each person's registered records of the year summed by
    subject kind, and the requirement checked on the sums in SQL (CASE, and HAVING when filtered)."""
    from django.db.models import BooleanField, Case, F, FilteredRelation, Q, Sum, Value, When
    from django.db.models.functions import Coalesce

    from jxjy.access.scope import forget_grants
    from jxjy.people.selectors import people_visible_to

    forget_grants(user)
    counted = FilteredRelation("records", condition=Q(records__year=year, records__status="registered"))
    people = (
        people_visible_to(user, filters.people)
        .filter(in_service=True)
        .annotate(counted=counted)
        .annotate(
            professional_tenths=Coalesce(
                Sum("counted__recognised_tenths", filter=Q(counted__subject_kind="professional")), 0
            ),
            public_tenths=Coalesce(
                Sum("counted__recognised_tenths", filter=Q(counted__subject_kind="public")), 0
            ),
        )
        .annotate(total_tenths=F("professional_tenths") + F("public_tenths"))
        .annotate(
            met=Case(
                When(
                    professional_tenths__gte=requirement.professional_min_tenths,
                    public_tenths__gte=requirement.public_min_tenths,
                    total_tenths__gte=requirement.total_tenths,
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    if filters.met is not None:
        people = people.filter(met=filters.met)
    return _answer(people.order_by("name", "id"))


def _answer(people) -> tuple[list, int, int]:
    rows = [
        (
            p.pk,
            p.name,
            p.unit.name,
            p.region.code,
            p.professional_tenths,
            p.public_tenths,
            p.total_tenths,
            p.met,
        )
        for p in people[:PAGE_SIZE]
    ]
    count = people.count()
    met_count = people.filter(met=True).count() if count else 0
    return rows, count, met_count


def timed(function, repeat: int) -> tuple[list[float], tuple]:
    answer = function()  # warm-up: caches, the first plan
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times, answer


def median(times: list[float]) -> float:
    return round(statistics.median(times), 1)


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 1)


def explain(label: str, queryset) -> None:
    print(f"--- {label}\n{queryset.query}\n{queryset.explain()}\n", file=sys.stderr)


# --- main -----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--records-per-person", type=int, default=6)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--explain", action="store_true", help="print the query plans (to stderr)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    database_url, remove_database = create_database(args.db)
    data_dir = tempfile.mkdtemp(prefix="jxjy-bench-data-")  # the audit checkpoint file, away from data/
    os.environ["DATABASE_URL"] = database_url
    os.environ["JXJY_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jxjy.config.settings.base")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    try:
        result = run(args)
    finally:
        remove_database()
        shutil.rmtree(data_dir, ignore_errors=True)
    if not args.json:
        print()
    print(json.dumps(result))


def run(args) -> dict:
    from jxjy.compliance.selectors import ComplianceFilters, compliance_list
    from jxjy.people.selectors import PersonFilters
    from jxjy.rules.selectors import requirement_for, ruleset_in_force

    year = args.year
    started = time.perf_counter()
    built = build(args.people, args.records_per_person, year, args.seed)
    build_s = time.perf_counter() - started
    user = built["region_hr"]
    ruleset = ruleset_in_force(year)
    assert [(r.series, r.level) for r in ruleset.requirements.all()] == [("", "")], "one requirement expected"
    requirement = requirement_for(ruleset, "", "")

    everyone = ComplianceFilters()
    filtered = ComplianceFilters(people=PersonFilters(region_code=built["county"]), met=False)
    if args.explain:
        from jxjy.access.scope import forget_grants

        forget_grants(user)
        page = compliance_list(user, year).order_by("name", "id")
        explain("jxjy page", page[:PAGE_SIZE])
        explain("jxjy filtered", compliance_list(user, year, filtered).order_by("name", "id")[:PAGE_SIZE])

    measured = {}
    for name, filters in (("page", everyone), ("filtered", filtered)):
        jxjy_times, jxjy_answer = timed(lambda f=filters: jxjy_page(user, year, f), args.repeat)
        base_times, base_answer = timed(
            lambda f=filters: baseline_page(user, year, f, requirement), args.repeat
        )
        if jxjy_answer != base_answer:
            raise AssertionError(
                f"{name}: kept totals and re-added records disagree: count/met {jxjy_answer[1:]} "
                f"vs {base_answer[1:]}, same page: {jxjy_answer[0] == base_answer[0]}"
            )
        measured[name] = (jxjy_times, base_times, jxjy_answer)
    county_times, _ = timed(lambda: jxjy_page(built["county_hr"], year, everyone), args.repeat)

    jxjy_times, base_times, (_rows, count, met_count) = measured["page"]
    result = {
        "benchmark": "compliance_list",
        "db": args.db,
        "people": args.people,
        "records": built["records"],
        "build_s": round(build_s, 1),
        "jxjy_page_ms_median": median(jxjy_times),
        "jxjy_page_ms_p95": p95(jxjy_times),
        "baseline_page_ms_median": median(base_times),
        "baseline_page_ms_p95": p95(base_times),
        "jxjy_filtered_ms_median": median(measured["filtered"][0]),
        "baseline_filtered_ms_median": median(measured["filtered"][1]),
        "speedup": round(median(base_times) / median(jxjy_times), 1),
        "met_count": met_count,
        "in_scope": count,
        "filtered_count": measured["filtered"][2][1],
        "jxjy_county_page_ms_median": median(county_times),
    }
    if not args.json:
        print(f"{args.db}: {args.people} people, {built['records']} records, build {build_s:.1f} s")
        print(f"in scope {count}, met {met_count} ({met_count * 100 / count:.1f}%)")
        print(f"{'page of 50 + counts (ms)':<38}{'median':>9}{'p95':>9}")
        rows = [
            ("kept totals, region", jxjy_times),
            ("re-added records, region", base_times),
            (f"kept totals, {built['county']} not met", measured["filtered"][0]),
            (f"re-added records, {built['county']} not met", measured["filtered"][1]),
            (f"kept totals, county HR ({built['county']})", county_times),
        ]
        for label, times in rows:
            print(f"{label:<38}{median(times):>9.1f}{p95(times):>9.1f}")
        print(f"speedup (median, region page): {result['speedup']}x")
    return result


if __name__ == "__main__":
    main()
