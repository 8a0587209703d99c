"""Importing a CE base's certificates (its issued study records). Each row is checked by the same
rules as a single record (`records.claims.check_claim`, with the year's rules read once), keyed by
issuer + certificate number so a re-import adds nothing, and written registered, with the base as
issuer, the hours added to the yearly totals in the same transaction (each person's year evaluated
once, at the end of the file).

A file may hold a million rows. Its plain rows are settled by the database, a batch at a time
(`records_setwise`); the rest come here: a row is checked as a slotted `Draft`, not a model instance,
people and certificates already issued are looked up once per batch, and the rows are written as
plain tuples (COPY on PostgreSQL, one executemany on SQLite)."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.compliance.services import totals_add_sums, totals_evaluate_pending
from jxjy.config.bulk import insert_values, sqlite_in, stage_rows
from jxjy.imports import cells
from jxjy.imports.choices import ImportKind, RowOutcome
from jxjy.imports.columns import ID_NUMBER, Column, choice_parser, labels_of
from jxjy.imports.kinds.records_setwise import WRITTEN, SetwiseLane, issued_once_where
from jxjy.imports.rows import ParsedRow
from jxjy.people.models import Person
from jxjy.records.choices import RecordSource, RecordStatus
from jxjy.records.claims import check_claim
from jxjy.records.models import LearningRecord
from jxjy.rules.choices import ItemLevel, StudyForm
from jxjy.rules.selectors import activity_code_of, ruleset_in_force

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


class Draft:
    """The fields `check_claim` reads and settles, for one row, without a model instance."""

    __slots__ = (
        "person", "year", "form", "activity", "counting_unit", "subject_kind", "public_category",
        "start_date", "end_date", "quantity_tenths", "item_level", "claimed_tenths", "rule_version",
    )  # fmt: skip


class PersonRef:
    """What the checks need of the person: who, their name, and what decides their requirement."""

    __slots__ = ("pk", "name", "series", "level")

    def __init__(self, pk: int, name: str, series: str, level: str):
        self.pk, self.name, self.series, self.level = pk, name, series, level


class RecordsImport:
    kind = ImportKind.RECORDS
    columns = COLUMNS

    def __init__(self, *, organization, actor, role: str = "system"):
        self.base = self.organization = organization
        self.actor, self.role = actor, role
        self.today = timezone.localdate()
        self.seen: dict[str, int] = {}  # certificate number → row number, of rows imported in the file
        self._rulesets: dict[int, object] = {}
        self.lane: SetwiseLane | None = None

    def rulesets(self, year: int):
        if year not in self._rulesets:
            self._rulesets[year] = ruleset_in_force(year)
        return self._rulesets[year]

    def settle(self, raw: list[tuple[int, list]], columns: dict) -> tuple[dict[int, str], list]:
        """The batch's plain rows, decided by the database: (row number → outcome, the rows left)."""
        if self.lane is None:
            self.lane = SetwiseLane(self, columns)
        self.lane.stage(raw)
        settled = self.lane.settle()
        return settled, [(number, cells) for number, cells in raw if number not in settled]

    def validate(self, rows: list[ParsedRow]) -> None:
        """Decide each row's outcome; rows to write get `obj` (a checked Draft). With the set-wise
        lane, the numbers imported by earlier batches are read from it, and this batch's are told."""
        rows = [row for row in rows if row.ok]
        keys = [(row.values["id_number"], row.values["certificate_number"]) for row in rows]
        people, present = self._lookups(keys)
        if self.lane is not None:
            self.seen = self.lane.seen_before([number for _id_number, number in keys])
        for row in rows:
            self._validate_row(row, people, present)
        if self.lane is not None:
            imported = [row for row in rows if row.outcome == RowOutcome.IMPORTED]
            self.lane.remember([(row.values["certificate_number"], row.number) for row in imported])

    def _lookups(self, keys: list[tuple[str, str]]) -> tuple[dict[str, PersonRef], dict[str, int]]:
        """For the batch's (ID number, certificate number) pairs, set-wise: the people the ID numbers
        name, and which certificate numbers this base has already registered, to whom. PostgreSQL
        joins a staging table the keys were copied into; SQLite takes IN lists (it binds them in C).

        Each key is one probe of a unique index, however many records the base has: the lateral
        subqueries (LIMIT 1 keeps the planner from turning them into a scan of the whole table)
        and the condition of the certificate's unique index, written as the index has it."""
        people_table, records_table = Person._meta.db_table, LearningRecord._meta.db_table
        issued_once = issued_once_where(records_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                stage = stage_rows(
                    cursor, "stage_import_keys", "SELECT ''::text AS id_number, ''::text AS number", keys
                )
                cursor.execute(
                    "SELECT s.id_number, p.id, p.name, p.series, p.level, s.number, r.person_id "
                    f"FROM {stage} s LEFT JOIN LATERAL (SELECT id, name, series, level FROM {people_table} "
                    "WHERE id_number = s.id_number LIMIT 1) p ON true "
                    f"LEFT JOIN LATERAL (SELECT person_id FROM {records_table} WHERE issuer_key = %s "
                    f"AND certificate_number = s.number AND {issued_once} LIMIT 1) r ON true",
                    [self.base.credit_code],
                )
                found = cursor.fetchall()
                people = {row[0]: PersonRef(*row[1:5]) for row in found if row[1] is not None}
                return people, {row[5]: row[6] for row in found if row[6] is not None}
            where, params = sqlite_in("id_number", {id_number for id_number, _number in keys})
            cursor.execute(
                f"SELECT id_number, id, name, series, level FROM {people_table} WHERE {where}", params
            )
            people = {row[0]: PersonRef(*row[1:]) for row in cursor.fetchall()}
            where, params = sqlite_in("certificate_number", [number for _id_number, number in keys])
            cursor.execute(
                f"SELECT certificate_number, person_id FROM {records_table} "
                f"WHERE issuer_key = %s AND {issued_once} AND {where}",
                [self.base.credit_code, *params],
            )
            return people, dict(cursor.fetchall())

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
            if present[number] == person.pk:
                row.outcome = RowOutcome.ALREADY_PRESENT
                return None
            return row.refuse(
                LABEL["certificate_number"], "duplicate_certificate", "该证书编号已颁发给另一人"
            )
        if number in self.seen:
            return row.refuse(
                LABEL["certificate_number"], "duplicate_in_file", f"与第 {self.seen[number]} 行的证书编号重复"
            )
        draft = self._draft(person, values)
        try:
            claim = check_claim(draft, today=self.today, rulesets=self.rulesets)
        except ValidationError as error:
            for field, messages in error.error_dict.items():
                column = LABEL.get(field, LABEL["title"])
                for message in messages:
                    row.refuse(
                        column, message.code or "invalid", str(message.message % (message.params or {}))
                    )
            return None
        self.seen[number] = row.number
        draft.claimed_tenths = claim.claimed_tenths
        draft.rule_version = claim.ruleset.label
        row.obj, row.outcome = draft, RowOutcome.IMPORTED
        return None

    def _draft(self, person: PersonRef, values: dict) -> Draft:
        draft = Draft()
        draft.person = person
        draft.year = None
        draft.form = values["form"]
        draft.activity = self._activity_code(values.get("activity") or "", values["end_date"].year)
        draft.counting_unit = ""
        draft.subject_kind = values["subject_kind"]
        draft.public_category = values.get("public_category") or ""
        draft.start_date = values["start_date"]
        draft.end_date = values["end_date"]
        draft.quantity_tenths = values["quantity_tenths"]
        draft.item_level = values.get("item_level") or ""
        return draft

    def _activity_code(self, value: str, year: int) -> str:
        """The template's drop-down shows activity names; a system may send codes. Blank: the
        form's first activity (the claim check decides); unknown: left for the check to refuse."""
        ruleset = self.rulesets(year)
        if not value or ruleset is None:
            return value
        return activity_code_of(ruleset, value) or value

    def write(self, rows: list[ParsedRow]) -> dict:
        """The batch's imported rows: those of the Python path, then those the lane settled."""
        base, actor_id = self.base, getattr(self.actor, "pk", None)
        adapt_date = connection.ops.adapt_datefield_value  # as the database takes them: text on SQLite
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        records, sums = [], {}
        for row in rows:
            if row.outcome != RowOutcome.IMPORTED:
                continue
            draft, values = row.obj, row.values
            records.append(
                (
                    draft.person.pk, draft.year, draft.form, draft.activity, draft.counting_unit,
                    draft.subject_kind, draft.public_category, values["title"], values.get("content") or "",
                    base.name, adapt_date(draft.start_date), adapt_date(draft.end_date),
                    draft.quantity_tenths, draft.item_level,
                    values["certificate_number"], base.credit_code, base.pk, base.pk, RecordSource.ISSUED,
                    RecordStatus.REGISTERED, draft.claimed_tenths, draft.claimed_tenths, draft.rule_version,
                    "[]", "", None, actor_id, now, actor_id, now,
                )
            )  # fmt: skip
            tenths_and_count = sums.setdefault(
                (draft.person.pk, draft.year, draft.form, draft.subject_kind), [0, 0]
            )
            tenths_and_count[0] += draft.claimed_tenths
            tenths_and_count[1] += 1
        insert_values(LearningRecord, WRITTEN, records)
        created, ends = len(records), []
        if records:
            imported = [row for row in rows if row.outcome == RowOutcome.IMPORTED]
            ends = [(imported[0].number, records[0][14]), (imported[-1].number, records[-1][14])]
        if self.lane is not None:
            settled, settled_ends = self.lane.write(actor_id, now)
            created += settled
            ends += settled_ends
        totals_add_sums(sums=sums)
        ends.sort()
        return {"created": created, "certificates": [ends[0][1], ends[-1][1]] if ends else []}

    def finish(self) -> None:
        """After the last batch: each person's year, evaluated once."""
        totals_evaluate_pending()
