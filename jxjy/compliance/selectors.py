"""Reads of compliance: one person's year (with the records that count), their history, and the
compliance list of everyone in a user's scope for a year."""

from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from jxjy.compliance.evaluation import YearResult, evaluate_year
from jxjy.compliance.models import YearFormTotal
from jxjy.people.models import Person
from jxjy.people.selectors import PersonFilters, people_visible_to
from jxjy.records.choices import RecordStatus
from jxjy.records.models import LearningRecord
from jxjy.rules.choices import StudyForm
from jxjy.rules.selectors import ruleset_in_force

DEGREE = StudyForm.DEGREE.value


def registered_sums(person_ids: list[int], year: int) -> dict[int, tuple[dict, bool]]:
    """Each person's registered tenths in `year` by (form, subject kind), and whether they were in
    degree study: what `evaluate_year` needs, from the kept per-form totals."""
    by_person: dict[int, dict] = {}
    in_degree_study: set[int] = set()
    rows = YearFormTotal.objects.filter(person_id__in=person_ids, year=year)
    for person_id, form, kind, tenths, records in rows.values_list(
        "person_id", "form", "subject_kind", "tenths", "records"
    ):
        by_person.setdefault(person_id, {})[(form, kind)] = tenths
        if form == DEGREE and records > 0:
            in_degree_study.add(person_id)
    return {person_id: (by_form, person_id in in_degree_study) for person_id, by_form in by_person.items()}


def compliance_for(person: Person, year: int) -> YearResult:
    """`person`'s year as the rules in force count it. The caller has checked the person is in scope."""
    person_sums, degree = registered_sums([person.pk], year).get(person.pk, ({}, False))
    return evaluate_year(
        year=year,
        sums=person_sums,
        degree=degree,
        ruleset=ruleset_in_force(year),
        series=person.series,
        level=person.level,
    )


def counted_records(person: Person, year: int) -> QuerySet[LearningRecord]:
    """The registered records that make up `person`'s hours in `year`."""
    return LearningRecord.objects.filter(person=person, year=year, status=RecordStatus.REGISTERED).order_by(
        "start_date", "id"
    )


def compliance_history(person: Person, years: list[int]) -> list[YearResult]:
    return [compliance_for(person, year) for year in years]


@dataclass(frozen=True)
class ComplianceFilters:
    people: PersonFilters = PersonFilters()
    met: bool | None = None


def compliance_list(user, year: int, filters: ComplianceFilters = ComplianceFilters()) -> QuerySet[Person]:
    """Everyone in the user's scope, with their totals for `year` annotated (zero when they have no
    registered record yet): one indexed join on the kept totals, never a sum over records."""
    people = (
        people_visible_to(user, filters.people)
        .filter(in_service=True)
        .annotate(
            totals=FilteredRelation("year_totals", condition=Q(year_totals__year=year)),
            professional_tenths=Coalesce(F("totals__professional_tenths"), Value(0)),
            public_tenths=Coalesce(F("totals__public_tenths"), Value(0)),
            total_tenths=Coalesce(F("totals__total_tenths"), Value(0)),
            met=Coalesce(F("totals__met"), Value(False)),
            rule_version=Coalesce(F("totals__rule_version"), Value("")),
        )
    )
    if filters.met is not None:
        people = people.filter(met=filters.met)
    return people
