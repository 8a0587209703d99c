"""Importing a unit's staff roster. Keyed by citizen ID number: a person already on the roster with
the same details is reported as present, with changed details as updated (the report says what
changed, and each updated person gets an audit entry with the values before and after, as an edit on
the person's page does); a new person is added to the unit; a person registered with another unit is
refused (a transfer is the two units' business)."""

from django.utils import timezone

from jxjy.audit.services import audit_write
from jxjy.imports import cells
from jxjy.imports.choices import ImportKind, RowOutcome
from jxjy.imports.columns import ID_NUMBER, Column, choice_parser, labels_of
from jxjy.imports.rows import ParsedRow
from jxjy.people.choices import ProfessionalSeries, TitleLevel
from jxjy.people.id_numbers import parse_id_number
from jxjy.people.models import Person

IN_SERVICE = {
    "在职": True,
    "是": True,
    "Y": True,
    "y": True,
    "不在职": False,
    "否": False,
    "N": False,
    "n": False,
}
COLUMNS = [
    ID_NUMBER,
    Column("姓名", "name", lambda v: cells.text(v, 50)),
    Column(
        "职称系列",
        "series",
        choice_parser(ProfessionalSeries),
        choices=labels_of(ProfessionalSeries),
    ),
    Column("职称级别", "level", choice_parser(TitleLevel), choices=labels_of(TitleLevel)),
    Column(
        "在职状态",
        "in_service",
        lambda v: cells.choice(v, IN_SERVICE, ("在职", "不在职")) if v not in (None, "") else True,
        required=False,
        choices=("在职", "不在职"),
        note="不填为在职",
    ),
    Column("手机号码", "phone", lambda v: cells.text(v, 20), required=False),
]
LABEL = {column.field: column.label for column in COLUMNS}
COMPARED = ("name", "series", "level", "in_service", "phone")


class PeopleImport:
    kind = ImportKind.PEOPLE
    columns = COLUMNS

    def __init__(self, *, organization, actor, role: str = "system"):
        self.unit = self.organization = organization
        self.actor, self.role = actor, role
        self.seen: dict[str, int] = {}

    def validate(self, rows: list[ParsedRow]) -> None:
        rows = [row for row in rows if row.ok]
        existing = Person.objects.select_related("unit").in_bulk(
            [row.values["id_number"] for row in rows], field_name="id_number"
        )
        for row in rows:
            self._validate_row(row, existing.get(row.values["id_number"]))

    def _validate_row(self, row: ParsedRow, person: Person | None) -> None:
        values = {**row.values, "phone": row.values.get("phone") or ""}
        values.setdefault("in_service", True)
        number = values["id_number"]
        if number in self.seen:
            return row.refuse(LABEL["id_number"], "duplicate_in_file", f"与第 {self.seen[number]} 行是同一人")
        self.seen[number] = row.number
        if person is None:
            citizen = parse_id_number(number)
            row.obj = Person(
                id_number=number,
                birth_date=citizen.birth_date,
                sex=citizen.sex,
                unit=self.unit,
                region_id=self.unit.region_id,
                **{field: values[field] for field in COMPARED},
            )
            row.outcome = RowOutcome.IMPORTED
            return None
        if person.unit_id != self.unit.pk:
            where = person.unit.name if person.unit else "档案代理机构"
            return row.refuse(
                LABEL["id_number"], "person_in_other_unit", f"此人登记在{where}，不能导入本单位名册"
            )
        before = {field: getattr(person, field) for field in COMPARED}
        before = {field: old for field, old in before.items() if old != values[field]}
        if not before:
            row.outcome = RowOutcome.ALREADY_PRESENT
            return None
        for field in before:
            setattr(person, field, values[field])
        row.obj, row.outcome = (person, before), RowOutcome.UPDATED
        row.note = "；".join(
            f"{LABEL[field]}：{_shown(person, field, old)} → {_shown(person, field, values[field])}"
            for field, old in before.items()
        )
        return None

    def finish(self) -> None:
        """Nothing waits for the whole file: each batch is complete when it commits."""

    def write(self, rows: list[ParsedRow]) -> dict:
        new = [row.obj for row in rows if row.outcome == RowOutcome.IMPORTED]
        Person.objects.bulk_create(new, batch_size=2000)
        updated = [row.obj for row in rows if row.outcome == RowOutcome.UPDATED]
        fields = sorted({field for _person, before in updated for field in before})
        if updated:
            people = [person for person, _before in updated]
            for person in people:
                person.updated_at = timezone.now()
            Person.objects.bulk_update(people, [*fields, "updated_at"], batch_size=1000)
            from jxjy.compliance.services import totals_refresh_person

            for person, before in updated:
                audit_write(
                    actor=self.actor,
                    role=self.role,
                    action="person.update",
                    obj=person,
                    before=before,
                    after={field: getattr(person, field) for field in before},
                )
                if {"series", "level"} & set(before):
                    totals_refresh_person(person=person)  # their requirement may have changed
        return {"created": len(new), "updated": len(updated), "updated_fields": fields}


def _shown(person: Person, field: str, value) -> str:
    """A value as the roster writes it: the label of a choice, 在职/不在职, a blank as “（空）”."""
    if field == "in_service":
        return "在职" if value else "不在职"
    choices = dict(Person._meta.get_field(field).flatchoices)
    return str(choices.get(value, value)) if value != "" else "（空）"
