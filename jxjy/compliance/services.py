"""Keeping per-person yearly totals current. Called by the record services inside their transaction
(a registration and the totals it changes commit together), by the rules when a year's rules change,
and by the people services when a person's series or level (and so their requirement) changes."""

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from jxjy.compliance.evaluation import YearResult, evaluate_year
from jxjy.compliance.models import PendingYear, YearFormTotal, YearTotal
from jxjy.compliance.selectors import compliance_for, registered_sums
from jxjy.config.bulk import upsert_rows
from jxjy.people.models import Person
from jxjy.rules.selectors import ruleset_in_force

RECOUNT_BATCH = 2000
RESULT_FIELDS = [
    "professional_tenths",
    "public_tenths",
    "total_tenths",
    "degree_study",
    "met",
    "rule_version",
]


def totals_add_record(*, record, sign: int) -> YearTotal:
    """Add (sign=1) or take away (sign=-1) a registered record's hours, then re-evaluate the year."""
    with transaction.atomic():
        year_total = _locked_year_total(record.person_id, record.year)
        updated = YearFormTotal.objects.filter(
            person_id=record.person_id, year=record.year, form=record.form, subject_kind=record.subject_kind
        ).update(tenths=F("tenths") + sign * record.recognised_tenths, records=F("records") + sign)
        if not updated:
            YearFormTotal.objects.create(
                person_id=record.person_id,
                year=record.year,
                form=record.form,
                subject_kind=record.subject_kind,
                tenths=sign * record.recognised_tenths,
                records=sign,
            )
        return _store(year_total, compliance_for(record.person, record.year))


def totals_refresh(*, person: Person, year: int) -> YearTotal:
    with transaction.atomic():
        return _store(_locked_year_total(person.pk, year), compliance_for(person, year))


def totals_refresh_person(*, person: Person) -> None:
    """After a change of series or level: every year the person has totals for."""
    for year in YearTotal.objects.filter(person=person).values_list("year", flat=True):
        totals_refresh(person=person, year=year)


def totals_recount_year(*, year: int) -> int:
    """Re-evaluate everyone with totals in `year` under its rules in force (after a rule change)."""
    ruleset = ruleset_in_force(year)
    count = 0
    totals = YearTotal.objects.filter(year=year).select_related("person").order_by("id")
    last_id = 0
    while batch := list(totals.filter(id__gt=last_id)[:RECOUNT_BATCH]):
        _evaluate_and_store(batch, year, ruleset)
        count += len(batch)
        last_id = batch[-1].id
    return count


def totals_add_sums(*, sums: dict[tuple, list[int]]) -> None:
    """Add the hours of many newly registered records (a batch of a bulk import), summed by
    (person_id, year, form, subject_kind) → [tenths, records], in one set-wise upsert. The years
    touched are marked pending: the import evaluates each person's year once, at the end of the
    file (`totals_evaluate_pending`), not once per batch. Until then the list of a region shows the
    year as it stood before the file; a person's own page (compliance_for) sums live."""
    _mark_pending(list({key[:2] for key in sums}))
    upsert_rows(
        YearFormTotal,
        _SUMMED,
        [(*key, tenths, count) for key, (tenths, count) in sums.items()],
        conflict=_SUMMED[:4],
        assignments=_ADD_SUMS,
    )


def totals_add_selected(*, select: str, marks: str, params=()) -> None:
    """As totals_add_sums, for the sums a SELECT gives, columns as `_SUMMED`: a bulk import's batch
    summed by the database where its rows already are. `marks` selects the (person_id, year) of the
    same rows, repeats and all: each is a probe of the marks' unique index, cheaper than sorting them
    out first (ON CONFLICT DO NOTHING takes the repeats)."""
    totals, pending = YearFormTotal._meta.db_table, PendingYear._meta.db_table
    with connection.cursor() as cursor:
        # "WHERE true": SQLite's parser would read ON CONFLICT as a join's ON
        cursor.execute(
            f"INSERT INTO {pending} (person_id, year) SELECT marks.person_id, marks.year "
            f"FROM ({marks}) marks WHERE true ON CONFLICT (person_id, year) DO NOTHING",
            params,
        )
        cursor.execute(
            f"INSERT INTO {totals} AS t ({', '.join(_SUMMED)}) SELECT sums.* FROM ({select}) sums "
            f"WHERE true ON CONFLICT ({', '.join(_SUMMED[:4])}) DO UPDATE SET {_ADD_SUMS}",
            params,
        )


_SUMMED = ["person_id", "year", "form", "subject_kind", "tenths", "records"]
_ADD_SUMS = "tenths = t.tenths + excluded.tenths, records = t.records + excluded.records"


def _mark_pending(person_years: list[tuple[int, int]]) -> None:
    """Before the hours: the marks' insert is what makes an evaluation wait for this batch (below)."""
    upsert_rows(
        PendingYear, ["person_id", "year"], person_years, conflict=["person_id", "year"], assignments=None
    )


def totals_evaluate_pending(*, chunk: int = RECOUNT_BATCH) -> int:
    """Evaluate and store every person's year marked pending, `chunk` at a time, each chunk in its
    own transaction. Returns how many person-years it evaluated. Run at the end of an import and by
    `jobs_recover` (a worker stopped between the last batch and this).

    A batch of another import may be adding hours to one of these years right now, under a mark
    that is already there (its insert did nothing). So each chunk first locks the marks' table
    against writers (PostgreSQL; SQLite has one writer at a time): that waits for the batches in
    flight to commit, whose hours the sums then include, and holds off new batches' marks until the
    chunk's marks are deleted; those batches then mark their years again. A batch marks before it
    touches any totals, so while it waits here it holds none of the rows this chunk locks."""
    evaluated = 0
    marks = PendingYear.objects.order_by()
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"LOCK TABLE {PendingYear._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
            pending = list(marks.values_list("year", "person_id")[:chunk])
            if not pending:
                return evaluated
            by_year: dict[int, set[int]] = {}
            for year, person_id in pending:
                by_year.setdefault(year, set()).add(person_id)
            for year, person_ids in by_year.items():
                _lock_year_totals(person_ids, year)
                marks.filter(year=year, person_id__in=person_ids).delete()
                _store_results(year, person_ids, ruleset_in_force(year))
            evaluated += len(pending)


def _lock_year_totals(person_ids: set[int], year: int) -> None:
    """Make sure each person has a row for the year, and lock them all (as a single registration
    locks its one row), so concurrent writers to the same people queue."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    upsert_rows(
        YearTotal,
        ["person_id", "year", *RESULT_FIELDS, "updated_at"],
        [(person_id, year, 0, 0, 0, False, False, "", now) for person_id in person_ids],
        conflict=["person_id", "year"],
        assignments=None,
    )
    if connection.features.has_select_for_update:
        rows = YearTotal.objects.select_for_update().filter(person_id__in=person_ids, year=year)
        list(rows.values_list("id"))


def _store_results(year: int, person_ids: set[int], ruleset) -> None:
    """Evaluate and store the year of each person, reading only what the evaluation needs."""
    people = Person.objects.filter(pk__in=person_ids).values_list("id", "series", "level")
    sums = registered_sums(list(person_ids), year)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = []
    for person_id, series, level in people:
        person_sums, degree = sums.get(person_id, ({}, False))
        result = evaluate_year(
            year=year, sums=person_sums, degree=degree, ruleset=ruleset, series=series, level=level
        )
        rows.append(
            (
                person_id,
                year,
                result.professional_tenths,
                result.public_tenths,
                result.total_tenths,
                result.degree_study,
                result.met,
                result.rule_version,
                now,
            )
        )
    upsert_rows(
        YearTotal,
        ["person_id", "year", *RESULT_FIELDS, "updated_at"],
        rows,
        conflict=["person_id", "year"],
        assignments=", ".join(f"{name} = excluded.{name}" for name in [*RESULT_FIELDS, "updated_at"]),
    )


def _evaluate_and_store(rows: list[YearTotal], year: int, ruleset) -> None:
    sums = registered_sums([row.person_id for row in rows], year)
    for row in rows:
        person_sums, degree = sums.get(row.person_id, ({}, False))
        result = evaluate_year(
            year=year,
            sums=person_sums,
            degree=degree,
            ruleset=ruleset,
            series=row.person.series,
            level=row.person.level,
        )
        _copy(row, result)
    # An upsert on the unique (person, year): far faster than bulk_update's CASE per row.
    YearTotal.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["person", "year"], update_fields=RESULT_FIELDS
    )


def _locked_year_total(person_id: int, year: int) -> YearTotal:
    """The person's row for the year, locked: registrations for one person queue here, so each
    re-evaluation sees the others' hours."""
    if not YearTotal.objects.filter(person_id=person_id, year=year).exists():
        try:
            with transaction.atomic():
                YearTotal.objects.create(person_id=person_id, year=year)
        except IntegrityError:
            pass  # created meanwhile by a concurrent registration
    return YearTotal.objects.select_for_update().get(person_id=person_id, year=year)


def _copy(row: YearTotal, result: YearResult) -> None:
    row.professional_tenths = result.professional_tenths
    row.public_tenths = result.public_tenths
    row.total_tenths = result.total_tenths
    row.degree_study = result.degree_study
    row.met = result.met
    row.rule_version = result.rule_version


def _store(row: YearTotal, result: YearResult) -> YearTotal:
    _copy(row, result)
    row.save()
    return row
