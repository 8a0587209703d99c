"""The import pipeline, the same for every kind of file: read the table, map its header, let the kind
settle a batch's plain rows set-wise where it can (`settle`, records only), parse the other rows'
cells, let the kind validate them (through the same rules as a single record), write the batch in
its own transaction with an audit entry, and report every row it refused.

Modes (ImportMode): check writes nothing; all writes everything or nothing (one transaction, rolled
back when any row is refused); valid writes the good rows and reports the others."""

import hashlib
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from jxjy.audit.services import audit_write
from jxjy.imports.choices import ImportKind, ImportMode, RowOutcome
from jxjy.imports.columns import Column, header_map
from jxjy.imports.errors import CellError, FileRefused, RowError, render
from jxjy.imports.kinds.people import PeopleImport
from jxjy.imports.kinds.records import RecordsImport
from jxjy.imports.reading import open_table
from jxjy.imports.rows import ParsedRow

KINDS = {ImportKind.RECORDS: RecordsImport, ImportKind.PEOPLE: PeopleImport}
BATCH_ROWS = 10_000


@dataclass
class ImportSummary:
    rows: int = 0
    imported: int = 0
    already_present: int = 0
    updated: int = 0
    refused: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_refused: FileRefused | None = None
    rolled_back: bool = False  # mode "all" with refused rows (or stopped): nothing was written
    stopped: bool = False  # asked to stop (should_stop) before the file's end
    format: str = ""
    encoding: str = ""
    sheet: str = ""

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "imported": 0 if self.rolled_back else self.imported,
            "already_present": self.already_present,
            "updated": 0 if self.rolled_back else self.updated,
            "refused": self.refused,
            "errors": [error.as_dict() for error in self.errors],
        }


class _Rollback(Exception):
    pass


def import_file(
    *,
    kind: str,
    path: Path,
    organization,
    actor,
    role: str,
    mode: str = ImportMode.VALID,
    report=None,
    on_progress: Callable[[int], None] | None = None,
    resume_after: int = 0,
    on_batch_written: Callable[[int], None] | None = None,
    on_finishing: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Import the file at `path` for `organization` (the unit or the CE base), as `actor` acting in
    `role` (the caller has checked the actor may). `report`: given every row in file order
    (`report.row(parsed_row)`; jobs.outcomes.Outcomes keeps them for the report).

    For a background job: `resume_after` skips the rows up to that file row number (a job resumed
    after its worker stopped), and `on_batch_written(last_row)` runs inside each batch's transaction
    in mode valid, so the job's checkpoint commits together with the rows it covers: each row is
    imported exactly once however often the job is interrupted. `on_finishing(rows)` runs after the
    last row, before what waits for the whole file (a records import's yearly evaluations).
    `should_stop()` is asked before each batch: when it says so, the run stops there, as at the
    file's end: in mode valid the batches written stay (and their years are evaluated); modes check
    and all write nothing."""
    summary = ImportSummary()
    importer = KINDS[kind](organization=organization, actor=actor, role=role)
    try:
        table = open_table(path, path.name, max_bytes=settings.JXJY_IMPORT_MAX_BYTES)
        summary.format, summary.encoding, summary.sheet = (
            table.format,
            table.encoding or "",
            table.sheet or "",
        )
        columns = header_map(table.header, importer.columns)
    except FileRefused as refusal:
        summary.file_refused = refusal
        return summary
    if report is not None:
        report.start(table.header)
    digest = _sha256(path)
    batches = _batches(table, resume_after)
    parse_row = _row_parser(columns)
    settle = getattr(importer, "settle", None)
    # check and all run in one transaction that is rolled back when nothing may stay; valid commits
    # batch by batch, so what is done stays done (and shows) as the file goes on.
    outer = nullcontext() if mode == ImportMode.VALID else transaction.atomic()
    try:
        with outer:
            for raw in batches:
                if should_stop is not None and should_stop():
                    summary.stopped = True
                    break
                numbers = [raw[0][0], raw[-1][0]]
                with transaction.atomic():  # in mode valid, the batch commits whole, with its checkpoint
                    _take_turns(organization)
                    # A kind may settle a batch's plain rows set-wise; the rest are parsed and checked here.
                    settled, rest = settle(raw, columns) if settle else ({}, raw)
                    batch = [parse_row(number, cells) for number, cells in rest]
                    importer.validate(batch)
                    _count(summary, raw, batch, settled, report)
                    if mode == ImportMode.VALID or (mode == ImportMode.ALL and not summary.refused):
                        _write(importer, batch, settled, numbers, actor, role, kind, digest, path.name)
                    if mode == ImportMode.VALID and on_batch_written is not None:
                        on_batch_written(numbers[-1])
                if on_progress is not None:
                    on_progress(summary.rows)
            if mode == ImportMode.CHECK or (mode == ImportMode.ALL and (summary.refused or summary.stopped)):
                raise _Rollback
    except _Rollback:
        summary.rolled_back = mode == ImportMode.ALL
    except FileRefused as refusal:  # damage found while streaming (a broken CSV line, say)
        summary.file_refused = refusal
    if mode != ImportMode.CHECK and not summary.rolled_back:
        if on_finishing is not None:
            on_finishing(summary.rows)
        importer.finish()  # what waits for the whole file (each person's year evaluated once)
    return summary


def _take_turns(organization) -> None:
    """Imports for one organisation take turns, batch by batch: a batch decides which of its rows are
    already in only once any other import's batch for the organisation has committed (two workers
    with the same class list uploaded twice, say), instead of failing on the unique key. NO KEY: the
    records' and people's foreign-key checks on the organisation (FOR KEY SHARE) are not held up.
    SQLite takes no row locks: its writing transactions take turns already."""
    list(type(organization).objects.select_for_update(no_key=True).filter(pk=organization.pk).values("pk"))


def _batches(table, resume_after: int = 0) -> Iterator[list[tuple[int, list]]]:
    """The file's rows as they were read, `(number, cells)`, BATCH_ROWS at a time."""
    batch: list[tuple[int, list]] = []
    for number, cells in table.rows():
        if number <= resume_after:
            continue
        batch.append((number, cells))
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _row_parser(columns: dict[int, Column]) -> Callable[[int, list], ParsedRow]:
    """A parser of one row for this file's columns. It runs once per row of a million-row file, so
    the plan is made once and the loop does no more than it must: a blank cell (the normalisers give
    None for blank text) is required or skipped; a bad one adds its CellError, named by row and column."""
    plan = [(at, column.field, column.parse, column.required, column.label) for at, column in columns.items()]
    required_message = render("required", {})

    def parse_row(number: int, cells: list) -> ParsedRow:
        row = ParsedRow(number, cells)
        values = row.values
        width = len(cells)
        for position, name, parse, required, label in plan:
            value = cells[position] if position < width else None
            try:
                parsed = None if value is None or value == "" else parse(value)
            except CellError as error:
                row.problems.append(error.at(number, label))
                row.outcome = RowOutcome.REFUSED
                continue
            if parsed is not None:
                values[name] = parsed
            elif required:
                row.refuse(label, "required", required_message)
        return row

    return parse_row


def _count(
    summary: ImportSummary, raw: list, batch: list[ParsedRow], settled: dict[int, str], report
) -> None:
    """Add the batch's outcomes to the summary, and give the report every row, in file order."""
    for outcome in settled.values():
        setattr(summary, outcome, getattr(summary, outcome) + 1)  # imported or already_present
    for row in batch:
        if row.problems:
            summary.refused += 1
            summary.errors.extend(row.problems)
        elif row.outcome in (RowOutcome.IMPORTED, RowOutcome.ALREADY_PRESENT, RowOutcome.UPDATED):
            setattr(summary, row.outcome, getattr(summary, row.outcome) + 1)
    summary.rows += len(settled) + len(batch)
    if report is None:
        return
    if settled:
        checked = {row.number: row for row in batch}
        batch = [
            checked.get(number) or ParsedRow(number, cells, outcome=settled[number]) for number, cells in raw
        ]
    for row in batch:
        report.row(row)


def _write(
    importer,
    batch: list[ParsedRow],
    settled: dict[int, str],
    numbers: list[int],
    actor,
    role: str,
    kind: str,
    digest: str,
    name: str,
) -> None:
    """One batch (its first and last row `numbers`), one savepoint, one audit entry naming the file
    and what the batch changed: an import is one act of its registrar, not a hundred thousand
    separate edits."""
    writes = RowOutcome.IMPORTED in settled.values() or any(
        row.outcome in (RowOutcome.IMPORTED, RowOutcome.UPDATED) for row in batch
    )
    if not writes:
        return
    with transaction.atomic():
        written = importer.write(batch)
        audit_write(
            actor=actor,
            role=role,
            action=f"import.{kind}",
            obj=importer.organization,
            after={"file": name, "sha256": digest, "rows": numbers, **written},
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
