"""The demo's ledger: four years of study records for every demo professional, in every state a
real system holds (registered, waiting, returned, reversed and corrected, issued by a base), with
the yearly totals counted by the same code the services use.

Written in bulk, as one act of the system (one audit entry), like the rest of the demo: going
through the services record by record would cost a minute and 50,000 audit entries."""

import datetime
import io
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from PIL import Image

from jxjy.audit.services import audit_write
from jxjy.compliance.models import YearFormTotal, YearTotal
from jxjy.compliance.services import totals_recount_year
from jxjy.organizations.models import Organization
from jxjy.people.models import Person
from jxjy.records.choices import RecordSource, RecordStatus
from jxjy.records.claims import hours_of
from jxjy.records.evidence import store_evidence
from jxjy.records.models import Correction, Evidence, LearningRecord
from jxjy.rules.selectors import activity_rule, ruleset_in_force
from jxjy.rules.services import ruleset_ensure_default

YEARS_BACK = 2
# (activity, subject kind, title, organiser, quantity choices in tenths, item level)
PROFESSIONAL = [
    ("training_hours", "专业技术人员新技术新方法培训班", "自治区继续教育中心", (160, 240, 320), ""),
    ("training_hours", "行业标准与规范解读研修班", "自治区行业协会", (160, 240), ""),
    ("conference", "全国学术年会", "中国科学技术协会", (10,), "national"),
    ("conference", "自治区学术交流会", "自治区科学技术协会", (10,), "regional"),
    ("unit_training_hours", "本单位业务技能培训", "", (40, 80), ""),
    ("distance_hours", "专业科目网络课程", "自治区专业技术人员继续教育网络学院", (150, 200, 300), ""),
    ("teaching_hours", "为继续教育培训班授课", "自治区继续教育中心", (20, 40), ""),
]
PUBLIC = [
    (
        "distance_hours",
        "公需科目：习近平新时代中国特色社会主义思想",
        "自治区专业技术人员继续教育网络学院",
        (100, 150),
        "theory_policy",
    ),
    (
        "distance_hours",
        "公需科目：法治政府建设与依法行政",
        "自治区专业技术人员继续教育网络学院",
        (60, 100),
        "law",
    ),
    ("training_hours", "公需科目：专业技术人员职业道德", "自治区继续教育中心", (60, 80), "ethics"),
    (
        "distance_hours",
        "公需科目：数字经济与人工智能",
        "自治区专业技术人员继续教育网络学院",
        (80, 120),
        "tech_info",
    ),
]
# How a year went: share of people, and the part of the requirement they reached.
OUTCOMES = [(70, 1.1), (14, 0.75), (8, 0.5), (5, 0.2), (3, 0.0)]


@dataclass
class LedgerBuild:
    records: list[LearningRecord] = field(default_factory=list)
    corrections: list[tuple[int, str]] = field(default_factory=list)  # (index of reversed record, reason)
    states: Counter = field(default_factory=Counter)


def load_ledger_demo(*, seed: int, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    rng = random.Random(seed)
    years = list(range(today.year - YEARS_BACK, today.year + 1))
    for year in years:
        ruleset_ensure_default(year=year)
    rulesets = {year: ruleset_in_force(year) for year in years}  # with their rows, read once
    bases = list(Organization.objects.filter(kind="base").order_by("id"))
    build = LedgerBuild()
    people = Person.objects.filter(in_service=True).select_related("unit", "file_agency").order_by("id")
    for person in people:
        for year in years:
            _person_year(rng, build, person, year, rulesets[year], bases, today)
    _save(build)
    return {"records": len(build.records), **dict(build.states)}


def _person_year(rng, build: LedgerBuild, person: Person, year: int, ruleset, bases, today) -> None:
    share = _pick_outcome(rng)
    if year == today.year:
        share *= min(1.0, today.timetuple().tm_yday / 330)  # the year is not over yet
    if rng.random() < 0.01 and year < today.year:
        _add(
            build,
            rng,
            person,
            year,
            ruleset,
            ("degree_year", "在职攻读工程硕士学位", "新疆大学", (10,), ""),
            "professional",
            1,
            today,
        )
        return
    days = _free_days(rng, year, today)
    for kind, catalogue, target in (("professional", PROFESSIONAL, 600), ("public", PUBLIC, 300)):
        reached = 0
        while reached < target * share and days:
            spec = rng.choice(catalogue)
            record = _add(build, rng, person, year, ruleset, spec, kind, days.pop(), today, bases)
            reached += record.claimed_tenths or 1


def _add(build, rng, person, year, ruleset, spec, kind, day, today, bases=()) -> LearningRecord:
    activity, title, organiser, quantities, extra = spec
    rule = activity_rule(ruleset, activity)
    start = day if isinstance(day, datetime.date) else datetime.date(year, 6, 1)
    record = LearningRecord(
        person=person,
        year=year,
        form=rule.form,
        activity=activity,
        counting_unit=rule.unit,
        subject_kind=kind,
        public_category=extra if kind == "public" else "",
        item_level=extra if rule.unit == "item" else "",
        title=title,
        organiser=organiser or (person.unit.name if person.unit else "本单位"),
        start_date=start,
        end_date=datetime.date(year, 12, 31),
        quantity_tenths=rng.choice(quantities),
        registrar=_registrar(person),
        source=RecordSource.SELF_REPORTED,
        submitted_at=_moment(start + datetime.timedelta(days=rng.randint(1, 20)), today),
    )
    if rule.unit == "year":
        record.start_date = datetime.date(year, 1, 1)
    if rule.unit == "hour":  # a day holds 8 hours: longer classes span several days
        record.end_date = start + datetime.timedelta(days=(record.quantity_tenths - 1) // 80)
    elif rule.unit != "year":
        record.end_date = start
    record.claimed_tenths = hours_of(record, rule)
    if bases and activity == "training_hours" and rng.random() < 0.25:
        base = rng.choice(bases)
        record.source, record.issuer, record.registrar, record.organiser = (
            RecordSource.ISSUED,
            base,
            base,
            base.name,
        )
    record.certificate_number = (
        f"{year}{len(build.records) + 1:07d}" if record.form != "unit_training" else ""
    )
    record.issuer_key = record.issuer.credit_code if record.issuer else "".join(record.organiser.split())
    _settle(build, rng, record, ruleset.label, today)
    build.records.append(record)
    return record


def _settle(build: LedgerBuild, rng, record: LearningRecord, version: str, today) -> None:
    """Pick the record's state: this year's recent ones may still wait or have been returned; a few
    registered ones were reversed by a correction."""
    recent = (today - record.end_date).days < 45
    roll = rng.random()
    if record.source == RecordSource.SELF_REPORTED and recent and roll < 0.5:
        record.status = RecordStatus.SUBMITTED if roll < 0.4 else RecordStatus.RETURNED
        if record.status == RecordStatus.RETURNED:
            record.return_reason = rng.choice(
                ["证书照片不清晰，请重新上传", "学时与证书不一致", "缺少结业证明"]
            )
    else:
        record.status = RecordStatus.REGISTERED
        record.recognised_tenths, record.rule_version = record.claimed_tenths, version
        record.registered_at = _moment(record.end_date + datetime.timedelta(days=rng.randint(20, 40)), today)
        if roll > 0.995 and record.certificate_number:
            build.corrections.append((len(build.records), "证书编号录入错误，已按原件更正"))
    build.states[record.status] += 1


def _save(build: LedgerBuild) -> None:
    LearningRecord.objects.bulk_create(build.records, batch_size=1000)
    _attach_certificates([r for r in build.records if r.status != RecordStatus.REGISTERED])
    for index, reason in build.corrections:
        original = build.records[index]
        replacement = LearningRecord.objects.get(pk=original.pk)
        replacement.pk, replacement.corrects = None, original
        replacement.source = RecordSource.CORRECTION
        original.status = RecordStatus.REVERSED
        original.save(update_fields=["status"])  # first: the reversal frees the certificate number
        replacement.save()
        Correction.objects.create(original=original, reason=reason, corrected_by_id=None)
        build.states[RecordStatus.REVERSED] += 1
    _count_totals()
    audit_write(
        actor=None,
        role="system",
        action="demo.load",
        object_type="records.learningrecord",
        after={"created": len(build.records) + len(build.corrections), "by_status": dict(build.states)},
    )


def _attach_certificates(records: list[LearningRecord]) -> None:
    """A scanned certificate on every record still waiting, so a registrar can open it and register."""
    scan = io.BytesIO()
    Image.new("RGB", (600, 420), (250, 246, 232)).save(scan, format="PNG")
    evidence = []
    for record in records:
        scan.seek(0)
        scan.name = "结业证书.png"
        stored = store_evidence(scan)
        evidence.append(Evidence(record=record, **stored.__dict__))
    Evidence.objects.bulk_create(evidence, batch_size=1000)


def _count_totals() -> None:
    """The yearly totals, from the registered records, then evaluated by the services' own code."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    registered = LearningRecord.objects.filter(status=RecordStatus.REGISTERED)
    for person_id, year, form, kind, tenths in registered.values_list(
        "person_id", "year", "form", "subject_kind", "recognised_tenths"
    ):
        sums[(person_id, year, form, kind)][0] += tenths
        sums[(person_id, year, form, kind)][1] += 1
    YearFormTotal.objects.bulk_create(
        (
            YearFormTotal(person_id=p, year=y, form=f, subject_kind=k, tenths=t, records=n)
            for (p, y, f, k), (t, n) in sums.items()
        ),
        batch_size=2000,
    )
    pairs = sorted({(p, y) for p, y, _f, _k in sums})
    YearTotal.objects.bulk_create((YearTotal(person_id=p, year=y) for p, y in pairs), batch_size=2000)
    for year in sorted({y for _p, y in pairs}):
        totals_recount_year(year=year)


def _registrar(person: Person):
    return person.unit or person.file_agency


def _pick_outcome(rng) -> float:
    roll, cumulative = rng.uniform(0, 100), 0
    for weight, share in OUTCOMES:
        cumulative += weight
        if roll <= cumulative:
            return share
    return OUTCOMES[-1][1]


def _free_days(rng, year: int, today: datetime.date) -> list[datetime.date]:
    """Distinct working days of the year (up to today), shuffled: one activity per day, so the demo
    raises no overlap flags of its own."""
    last = min(datetime.date(year, 12, 20), today - datetime.timedelta(days=5))
    first = datetime.date(year, 1, 8)
    span = (last - first).days
    days = [first + datetime.timedelta(days=n) for n in range(0, span, 5)]
    days = [day for day in days if day.weekday() < 5]
    rng.shuffle(days)
    return days


def _moment(day: datetime.date, today: datetime.date) -> datetime.datetime:
    day = min(day, today)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
