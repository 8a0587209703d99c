"""Importing a CE base's certificates (its issued study records). Each row is checked by the same
rules as a single record (`records.claims.check_claim`, with the year's rules read once), keyed by
issuer + certificate number so a re-import adds nothing, and written registered, with the base as
issuer, the yearly totals kept current in the same transaction."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.compliance.services import totals_add_records
from jxjy.config.bulk import insert_rows
from jxjy.imports import cells
from jxjy.imports.choices import ImportKind, RowOutcome
from jxjy.imports.columns import ID_NUMBER, Column, choice_parser, labels_of
from jxjy.imports.rows import ParsedRow
from jxjy.people.models import Person
from jxjy.records.choices import RecordSource, RecordStatus
from jxjy.records.claims import check_claim
from jxjy.records.models import LearningRecord
from jxjy.rules.choices import ItemLevel, StudyForm
from jxjy.rules.selectors import ruleset_in_force

COLUMNS = [
    ID_NUMBER,
    Column("姓名", "name", lambda v: cells.text(v, 50), note="与身份证一致"),
    Column("学习形式", "form", choice_parser(StudyForm), choices=labels_of(StudyForm)),
    Column(
        "学时折算项目",
        "activity",
        lambda v: cells.text(v, 100),
        required=False,
        note="代码或名称；不填按学习形式的第一项",
    ),
    Column(
        "科目类别",
        "subject_kind",
        choice_parser(SubjectKind),
        choices=labels_of(SubjectKind),
    ),
    Column(
        "公需科目内容",
        "public_category",
        choice_parser(PublicCategory),
        required=False,
        choices=labels_of(PublicCategory),
    ),
    Column("学习项目名称", "title", lambda v: cells.text(v, 200), aliases=("培训项目", "项目名称")),
    Column("学习内容", "content", lambda v: cells.text(v, 2000), required=False),
    Column("开始日期", "start_date", cells.date, note="如 2026-03-05"),
    Column("结束日期", "end_date", cells.date),
    Column(
        "数量",
        "quantity_tenths",
        cells.hours,
        aliases=("学时", "学时数"),
        note="学时数，或天数、项数（按折算项目）",
    ),
    Column(
        "级别",
        "item_level",
        choice_parser(ItemLevel),
        required=False,
        choices=labels_of(ItemLevel),
    ),
    Column("证书编号", "certificate_number", lambda v: cells.text(v, 64)),
]
LABEL = {column.field: column.label for column in COLUMNS}


class RecordsImport:
    kind = ImportKind.RECORDS
    columns = COLUMNS

    def __init__(self, *, organization, actor):
        self.base = self.organization = organization
        self.actor = actor
        self.today = timezone.localdate()
        self.seen: dict[str, int] = {}  # certificate number → row number, within this file
        self._rulesets: dict[int, object] = {}

    def rulesets(self, year: int):
        if year not in self._rulesets:
            self._rulesets[year] = ruleset_in_force(year)
        return self._rulesets[year]

    def validate(self, rows: list[ParsedRow]) -> None:
        """Decide each row's outcome; rows to write get `obj` (an unsaved LearningRecord)."""
        rows = [row for row in rows if row.ok]
        people = Person.objects.in_bulk([row.values["id_number"] for row in rows], field_name="id_number")
        numbers = [row.values["certificate_number"] for row in rows]
        present = dict(
            LearningRecord.objects.filter(issuer_key=self.base.credit_code, certificate_number__in=numbers)
            .exclude(status=RecordStatus.REVERSED)
            .values_list("certificate_number", "person__id_number")
        )
        for row in rows:
            self._validate_row(row, people, present)

    def _validate_row(self, row: ParsedRow, people: dict, present: dict) -> None:
        values = row.values
        person = people.get(values["id_number"])
        if person is None:
            return row.refuse(
                LABEL["id_number"], "person_not_found", "平台上没有此公民身份号码的专业技术人员"
            )
        if person.name != values["name"]:
            return row.refuse(
                LABEL["name"], "name_mismatch", f"姓名与平台登记的不一致（平台为“{person.name}”）"
            )
        number = values["certificate_number"]
        if number in present:
            if present[number] == person.id_number:
                row.outcome = RowOutcome.ALREADY_PRESENT
                return None
            return row.refuse(
                LABEL["certificate_number"], "duplicate_certificate", "该证书编号已颁发给另一人"
            )
        if number in self.seen:
            return row.refuse(
                LABEL["certificate_number"], "duplicate_in_file", f"与第 {self.seen[number]} 行的证书编号重复"
            )
        record = self._record(person, values)
        try:
            claim = check_claim(record, today=self.today, rulesets=self.rulesets)
        except ValidationError as error:
            for field, messages in error.error_dict.items():
                column = LABEL.get(field, LABEL["title"])
                for message in messages:
                    row.refuse(
                        column, message.code or "invalid", str(message.message % (message.params or {}))
                    )
            return None
        self.seen[number] = row.number
        record.claimed_tenths = record.recognised_tenths = claim.claimed_tenths
        record.rule_version = claim.ruleset.label
        row.obj, row.outcome = record, RowOutcome.IMPORTED
        return None

    def _record(self, person: Person, values: dict) -> LearningRecord:
        now = timezone.now()
        return LearningRecord(
            person=person,
            year=None,
            form=values["form"],
            activity=self._activity_code(values.get("activity") or "", values["end_date"].year),
            subject_kind=values["subject_kind"],
            public_category=values.get("public_category") or "",
            title=values["title"],
            content=values.get("content") or "",
            organiser=self.base.name,
            start_date=values["start_date"],
            end_date=values["end_date"],
            quantity_tenths=values["quantity_tenths"],
            item_level=values.get("item_level") or "",
            certificate_number=values["certificate_number"],
            issuer=self.base,
            issuer_key=self.base.credit_code,
            registrar=self.base,
            source=RecordSource.ISSUED,
            status=RecordStatus.REGISTERED,
            submitted_by=self.actor,
            submitted_at=now,
            registered_by=self.actor,
            registered_at=now,
        )

    def _activity_code(self, value: str, year: int) -> str:
        """The template's drop-down shows activity names; a system may send codes. Blank: the
        form's first activity (the claim check decides); unknown: left for the check to refuse."""
        ruleset = self.rulesets(year)
        if not value or ruleset is None:
            return value
        for rule in ruleset.activity_rules.all():
            if value in (rule.code, rule.name):
                return rule.code
        return value

    def write(self, rows: list[ParsedRow]) -> dict:
        records = [row.obj for row in rows if row.outcome == RowOutcome.IMPORTED]
        insert_rows(LearningRecord, records)
        totals_add_records(records=records)
        numbers = [record.certificate_number for record in records]
        return {"created": len(records), "certificates": [numbers[0], numbers[-1]] if numbers else []}
