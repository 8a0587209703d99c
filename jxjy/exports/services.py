"""Starting an export: decide whether the file may carry full ID numbers, and put the export on the
audit log before any row leaves."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from jxjy.access.choices import FULL_ID_ROLES, Role
from jxjy.access.scope import grants_of, roles_of
from jxjy.audit.services import audit_write
from jxjy.exports.columns import ListExport
from jxjy.exports.writers import Field
from jxjy.people.models import Person

FORMATS = ("xlsx", "csv")


@dataclass
class StartedExport:
    header: list[Field]
    rows: Iterator[list]
    count: int
    full_id_numbers: bool


def full_id_numbers_allowed(user, rows: QuerySet, person_path: str) -> bool:
    """Full ID numbers only when the user may change every person in the export, as for one person
    on their page (people.services.person_full_id_disclosed): a unit officer for their own staff, an
    agency clerk for its file holders, an HR officer over their region, an administrator. A
    professional, an industry officer or a base registrar gets masked numbers, and so does anyone
    whose export reaches one person they could not edit (a unit officer's queue holding a record of
    someone who has since moved to another unit)."""
    roles = roles_of(user)
    if not roles & FULL_ID_ROLES:
        return False
    if Role.PLATFORM_ADMIN in roles:
        return True
    editable = Person.objects.editable_by(user).values("pk")
    return not rows.exclude(**{f"{person_path}__in": editable}).exists()


def export_start(
    *,
    actor,
    export: ListExport,
    rows: QuerySet,
    filters: dict[str, Any],
    file_format: str,
    count: int | None = None,
) -> StartedExport:
    """The header, the rows to stream and the audit entry of one export of `rows` (a queryset the
    caller has already scoped to `actor`). `count`: the rows' count when the caller has it."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format: {file_format!r}")
    full = export.person_path is not None and full_id_numbers_allowed(actor, rows, export.person_path)
    # A stream knows its row count only once it ends, and a download cut off half-way never ends;
    # the entry is written before the first row leaves, with the count from one COUNT query (an
    # index scan). Rows changing in between may make the file differ from it by those rows.
    if count is None:
        count = rows.count()
    audit_write(
        actor=actor,
        role=acting_role(actor, full),
        action=f"export.{export.name}",
        object_type=rows.model._meta.label_lower,
        after={"filters": filters, "rows": count, "format": file_format, "full_id_numbers": full},
    )
    return StartedExport(
        header=export.header(full), rows=export.rows(rows, full), count=count, full_id_numbers=full
    )


def acting_role(user, full_id_numbers: bool) -> str:
    """The grant the export is made under: the one that allows full numbers when they are shown."""
    grants = grants_of(user)
    if full_id_numbers:
        grants = [grant for grant in grants if grant.role in FULL_ID_ROLES] or grants
    return grants[0].role if grants else ""
