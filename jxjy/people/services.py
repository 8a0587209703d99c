"""Writes of professionals. Views, the API, importers and commands all come through here."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jxjy.access.writes import ensure_editable, save_scoped
from jxjy.audit.services import audit_write
from jxjy.audit.snapshot import snapshot
from jxjy.organizations.choices import OrgKind
from jxjy.people.id_numbers import parse_id_number
from jxjy.people.models import Person

CREATE_FIELDS = ("id_number", "name", "unit", "file_agency", "series", "level", "in_service", "phone")
# The ID number is the person's identity (and their login); it is set once, at creation.
UPDATE_FIELDS = ("name", "unit", "file_agency", "series", "level", "in_service", "phone")


def person_create(*, actor, data: dict[str, Any]) -> Person:
    _reject_unknown(data, CREATE_FIELDS)
    person = Person()
    errors: dict[str, list] = {}
    try:
        citizen = parse_id_number(data.get("id_number", ""))
        person.id_number, person.birth_date, person.sex = citizen.number, citizen.birth_date, citizen.sex
    except ValidationError as error:
        errors["id_number"] = error.error_list
    _apply(person, {key: value for key, value in data.items() if key != "id_number"}, errors)
    with transaction.atomic():
        return save_scoped(
            actor=actor, queryset=Person.objects, instance=person, action="person.create", before=None
        )


def person_update(*, actor, person: Person, data: dict[str, Any]) -> Person:
    _reject_unknown(data, UPDATE_FIELDS)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        ensure_editable(actor=actor, queryset=Person.objects, instance=person)
        before = snapshot(person)
        _apply(person, data, {})
        person = save_scoped(
            actor=actor, queryset=Person.objects, instance=person, action="person.update", before=before
        )
        if (person.series, person.level) != (before["series"], before["level"]):
            # The requirement depends on series and level: recount the person's years.
            from jxjy.compliance.services import totals_refresh_person

            totals_refresh_person(person=person)
        return person


def person_full_id_disclosed(*, actor, person: Person) -> bool:
    """Whether `actor` may see `person`'s full ID number; when they may and are not the person, the
    disclosure is written to the audit log (personal information: every full view is on record).
    Those who may: the person, and whoever may change the person's data (their unit, their file
    agency, HR departments over them), whose work needs the full number."""
    if actor.person_id == person.pk:
        return True
    grant = Person.objects.authorizing_grant(actor, person.pk)
    if grant is None:
        return False
    with transaction.atomic():
        audit_write(actor=actor, role=grant.role, action="person.view_id_number", obj=person)
    return True


def _reject_unknown(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")


def _apply(person: Person, data: dict[str, Any], errors: dict[str, list]) -> None:
    """Set the fields, check the organisations are of the right kind, derive the region; raise every
    field's error at once (together with those the model's own validation finds)."""
    for field, value in data.items():
        setattr(person, field, value.strip() if isinstance(value, str) else value)
    if person.unit is not None and person.unit.kind != OrgKind.UNIT:
        errors["unit"] = [_("所选机构不是用人单位")]
    if person.file_agency is not None and person.file_agency.kind != OrgKind.FILE_AGENCY:
        errors["file_agency"] = [_("所选机构不是人才服务机构")]
    if person.unit is None and person.file_agency is None:
        errors["unit"] = [_("须填写工作单位或档案代理机构")]
    if not errors:
        home = person.unit or person.file_agency
        person.region_id = home.region_id
    try:
        person.full_clean(exclude=["region", "birth_date", "sex"] if errors else None)
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
