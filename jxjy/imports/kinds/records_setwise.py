"""The records import's set-wise lane: a batch's plain rows checked and written by the database.

Most rows of a base's file are plain: every cell already in the form the cell normalisers would give
(text without stray spaces, dates as 2026-03-05, hours as 12 or 7.5, the drop-downs' own labels),
for a person the platform holds under that exact ID number and name. Such a row is copied into a
staging table, and one statement decides it as `RecordsImport._validate_row` and `check_claim` would:
cells, person, certificate already issued, the year's rules, the registration window, and the hours
the record counts. One more statement writes the rows it accepted; one GROUP BY adds them to the
yearly totals.

The lane only accepts. Any row it is not sure of (damaged cells, an unknown person, a certificate
issued to someone else, a number seen twice, a year whose registration has closed for anyone, a rule
it cannot read) goes back to the Python path, which decides it and explains any refusal: there is one
implementation of every refusal. `test_setwise_lane` holds the two paths to the same outcome for
random rows."""

import re
from itertools import compress

from django.db import connection, transaction

from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.compliance.services import totals_add_selected
from jxjy.config.bulk import column_names, sqlite_in
from jxjy.imports import cells
from jxjy.imports.choices import RowOutcome
from jxjy.imports.columns import choice_table
from jxjy.imports.errors import CellError
from jxjy.people.models import Person
from jxjy.records.choices import RecordSource, RecordStatus
from jxjy.records.models import LearningRecord
from jxjy.rules.choices import CountingUnit, ItemLevel, StudyForm
from jxjy.rules.selectors import activity_codes, activity_rule

# The columns staged, in order, after the row number; absent optional columns stay ''.
STAGED = [
    "id_number", "name", "form", "activity", "subject_kind", "public_category", "title", "content",
    "start_date", "end_date", "quantity_tenths", "item_level", "certificate_number",
]  # fmt: skip
DATE_FIELDS = ("start_date", "end_date")

# A cell the normalisers would change or refuse: leading or trailing space, a run of spaces, any
# other whitespace (what str.split splits on), a leading # (a formula error), the replacement
# character (decoding damage), NUL; and a backslash, so that the COPY text needs no escaping. The row
# is joined with tabs, so tabs are the cells' borders here (a tab inside a cell is caught by count).
_OTHER_SPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) not in " \t")
_ODD_CHARACTER = re.compile(rf"[{re.escape(_OTHER_SPACE)}\ufffd\\\x00]")
_ODD_SPACE_OR_HASH = re.compile(r"(?:^|\t)[ #]| (?:\t|$)|  ")  # asked only of a row holding " " or "#"

# The record's columns, in the order both paths write them.
WRITTEN = [
    "person_id", "year", "form", "activity", "counting_unit", "subject_kind", "public_category", "title",
    "content", "organiser", "start_date", "end_date", "quantity_tenths", "item_level", "certificate_number",
    "issuer_key", "issuer_id", "registrar_id", "source", "status", "claimed_tenths", "recognised_tenths",
    "rule_version", "flags", "return_reason", "corrects_id", "submitted_by_id", "submitted_at",
    "registered_by_id", "registered_at",
]  # fmt: skip


def issued_once_where(table: str) -> str:
    """The condition of the certificate's unique index (LearningRecord.Meta) on `table`, in the
    index's own words: SQLite uses a partial index only for a query that repeats them, literals
    included (PostgreSQL reads NOT (a = b) as a <> b and matches either)."""
    return f"NOT ({table}.certificate_number = '') AND NOT ({table}.status = '{RecordStatus.REVERSED.value}')"


_IMPORTED_ROWS = f"FROM import_settled WHERE outcome = '{RowOutcome.IMPORTED.value}'"
_WHOLE_UNITS = (CountingUnit.HALF_DAY, CountingUnit.DAY, CountingUnit.ITEM, CountingUnit.COURSE)


class SetwiseLane:
    """One import's lane: its session tables, the rules of the years it has met, and the batch in hand."""

    def __init__(self, importer, columns: dict):
        self.importer = importer
        self.base, self.today = importer.base, importer.today
        fields = {column.field: position for position, column in columns.items()}
        self.staged = [name for name in STAGED if name in fields]  # the file's columns, in stage order
        self.positions = [fields[name] for name in self.staged]
        self.width = max(self.positions) + 1
        self.years: set[int] = set()
        self.postgres = connection.vendor == "postgresql"
        self._tables()

    # --- the session's tables ---------------------------------------------------------------------

    def _tables(self) -> None:
        """Made once per database session (IF NOT EXISTS) and emptied for each file."""
        text_columns = ", ".join(f"{name} text NOT NULL DEFAULT ''" for name in STAGED)
        with connection.cursor() as cursor:
            for name, columns in (
                ("import_stage", f"n integer NOT NULL, {text_columns}"),
                ("import_rules", "year integer, given text, form text, activity text, unit text, "
                 "per_unit integer, national integer, regional integer, local integer, label text"),
                # SQLite: n is the rowid, so the writes' ORDER BY n read the rows as they lie, with no sort.
                ("import_settled", f"n integer{'' if self.postgres else ' PRIMARY KEY'}, outcome text, "
                 "person_id integer, year integer, form text, "
                 "activity text, unit text, subject_kind text, public_category text, title text, "
                 "content text, start_date text, end_date text, quantity integer, item_level text, "
                 "certificate_number text, claimed integer, rule_version text"),
                ("import_seen", "certificate_number text PRIMARY KEY, n integer"),
            ):  # fmt: skip
                cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ({columns})")
                self._empty(cursor, name)
            # Each staged row finds its activity's rule here. PostgreSQL, which expects a handful of
            # staged rows, would otherwise read every rule for each of them (10,000 × 40 per batch).
            cursor.execute("CREATE INDEX IF NOT EXISTS import_rules_key ON import_rules (year, given, form)")

    def _empty(self, cursor, table: str) -> None:
        # PostgreSQL's DELETE leaves the dead rows for the next scans to read; SQLite has no TRUNCATE
        # (its DELETE without WHERE drops the pages).
        cursor.execute(f"{'TRUNCATE' if self.postgres else 'DELETE FROM'} {table}")

    # --- staging ----------------------------------------------------------------------------------

    def stage(self, raw: list[tuple[int, list]]) -> None:
        """Copy the batch's plain rows into the stage, but for those that share their certificate
        number with another row of the batch: the Python path takes such rows in file order (the first
        in, the rest refused)."""
        positions, width, count = self.positions, self.width, len(self.positions) - 1
        dates = {self.staged.index(name) for name in DATE_FIELDS if name in self.staged}
        quantity = self.staged.index("quantity_tenths")
        certificate_at = self.staged.index("certificate_number")
        number_at = positions[certificate_at]
        # COPY text for PostgreSQL, tuples for SQLite; the certificate numbers of those, and of the rest
        lines, rows, staged_numbers, other_numbers = [], [], [], []
        for number, row_cells in raw:
            if len(row_cells) < width:
                row_cells = [*row_cells, *[None] * (width - len(row_cells))]
            picked = [row_cells[at] for at in positions]
            try:
                line = "\t".join(picked)
            except TypeError:  # typed XLSX row_cells (dates, numbers) or a missing one
                picked = _plain_cells(picked, dates, quantity)
                line = None if picked is None else "\t".join(picked)
            if line is not None and line.count("\t") == count and _plain(line):
                if self.postgres:
                    lines.append(f"{number}\t{line}")
                else:
                    rows.append((number, *picked))
                staged_numbers.append(picked[certificate_at])
            elif (certificate := _certificate_number(row_cells[number_at])) is not None:
                other_numbers.append(certificate)
        numbers = staged_numbers + other_numbers
        if len(set(numbers)) < len(numbers):  # a number given twice (rare: a set tells in C)
            repeated = _repeated(numbers)
            keep = [certificate not in repeated for certificate in staged_numbers]
            lines, rows = list(compress(lines, keep)), list(compress(rows, keep))
        self._copy(lines, rows)

    def _copy(self, lines: list[str], rows: list[tuple]) -> None:
        names = ", ".join(["n", *self.staged])
        # One transaction: in autocommit SQLite would commit each of the batch's inserts on its own.
        with transaction.atomic(), connection.cursor() as cursor:
            self._empty(cursor, "import_stage")
            if lines:
                with cursor.cursor.copy(f"COPY import_stage ({names}) FROM STDIN") as copy:
                    copy.write("\n".join(lines) + "\n")
                # No ANALYZE: the settling statement probes by lateral joins whatever the stage's
                # statistics (ANALYZE per batch cost more than it saved).
            if rows:
                marks = ", ".join(["%s"] * (len(self.staged) + 1))
                cursor.executemany(f"INSERT INTO import_stage ({names}) VALUES ({marks})", rows)

    # --- deciding ---------------------------------------------------------------------------------

    def settle(self) -> dict[int, str]:
        """Decide the staged rows the lane is sure of; returns row number → outcome for them."""
        self._load_rules()
        with connection.cursor() as cursor:
            self._empty(cursor, "import_settled")
            cursor.execute(self._settle_sql(), self._settle_params())
            cursor.execute("SELECT n, outcome FROM import_settled")
            return dict(cursor.fetchall())

    def _load_rules(self) -> None:
        """The rules of each year the stage holds, once per file. A year is left out (its rows go to
        the Python path) when it has no rules, no default requirement, or a requirement whose
        registration and make-up have closed: the window then depends on the person."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT substr(end_date, 1, 4) FROM import_stage WHERE {_date_shape('end_date')}"
            )
            years = {int(year) for (year,) in cursor.fetchall()} - self.years
            rows = []
            for year in sorted(years):
                self.years.add(year)
                ruleset = self.importer.rulesets(year)
                if ruleset is not None and self._window_open(ruleset):
                    rows.extend(_rule_rows(year, ruleset))
            if rows:
                cursor.executemany(
                    "INSERT INTO import_rules VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows
                )

    def _window_open(self, ruleset) -> bool:
        requirements = list(ruleset.requirements.all())
        if not any(r.series == "" and r.level == "" for r in requirements):
            return False
        return not any(
            self.today > r.registration_deadline and (r.makeup_until is None or self.today > r.makeup_until)
            for r in requirements
        )

    def _settle_params(self) -> dict:
        return {"base": self.base.credit_code, "today": self.today.isoformat()}

    def _settle_sql(self) -> str:
        people, records = Person._meta.db_table, LearningRecord._meta.db_table
        issued_once = issued_once_where("e")
        if self.postgres:
            joins = (
                f"JOIN LATERAL (SELECT id, name FROM {people} WHERE id_number = c.id_number LIMIT 1) p "
                "ON true LEFT JOIN LATERAL (SELECT person_id FROM "
                f"{records} e WHERE e.issuer_key = %(base)s AND e.certificate_number = c.certificate_number "
                f"AND {issued_once} LIMIT 1) e ON true"
            )
        else:
            joins = (
                f"JOIN {people} p ON p.id_number = c.id_number LEFT JOIN {records} e ON "
                f"e.issuer_key = %(base)s AND e.certificate_number = c.certificate_number AND {issued_once}"
            )
        whole = ", ".join(f"'{unit.value}'" for unit in _WHOLE_UNITS)
        quantity = f"CASE WHEN r.unit = '{CountingUnit.YEAR.value}' THEN 10 ELSE c.q END"
        subject = (
            f"CASE WHEN r.form = '{StudyForm.DEGREE.value}' THEN '{SubjectKind.PROFESSIONAL.value}' "
            "ELSE c.subject_code END"
        )
        claimed = (
            f"CASE r.unit WHEN '{CountingUnit.ITEM.value}' THEN c.q * CASE c.level_code "
            f"WHEN '{ItemLevel.NATIONAL.value}' THEN r.national WHEN '{ItemLevel.REGIONAL.value}' "
            f"THEN r.regional ELSE r.local END / 10 WHEN '{CountingUnit.YEAR.value}' THEN 0 "
            "ELSE c.q * r.per_unit / 10 END"
        )
        return f"""
            WITH c AS MATERIALIZED (  -- each cell read once (not once per condition that uses it)
                SELECT s.*, {_case("s.form", choice_table(StudyForm))} AS form_code,
                    {_case("s.subject_kind", choice_table(SubjectKind))} AS subject_code,
                    {_case("s.public_category", choice_table(PublicCategory), blank=True)} AS public_code,
                    {_case("s.item_level", choice_table(ItemLevel), blank=True)} AS level_code,
                    CASE WHEN {_date_ok("s.start_date")} AND {_date_ok("s.end_date")}
                        THEN CAST(substr(s.end_date, 1, 4) AS integer) END AS year,
                    {self._hours("s.quantity_tenths")} AS q
                FROM import_stage s
            )
            INSERT INTO import_settled
            SELECT c.n, CASE WHEN e.person_id IS NULL THEN '{RowOutcome.IMPORTED.value}'
                    ELSE '{RowOutcome.ALREADY_PRESENT.value}' END,
                p.id, c.year, r.form, r.activity, r.unit, {subject}, c.public_code, c.title, c.content,
                c.start_date, c.end_date, {quantity}, c.level_code, c.certificate_number, {claimed}, r.label
            FROM c
            {joins}
            LEFT JOIN import_rules r ON r.year = c.year AND r.given = c.activity AND r.form = c.form_code
            WHERE p.name = c.name AND length(c.name) <= 50
                AND c.form_code IS NOT NULL AND c.subject_code IS NOT NULL
                AND c.public_code IS NOT NULL AND c.level_code IS NOT NULL
                AND c.year IS NOT NULL AND c.q IS NOT NULL
                AND c.title <> '' AND length(c.title) <= 200 AND length(c.content) <= 2000
                AND length(c.activity) <= 100
                AND c.certificate_number <> '' AND length(c.certificate_number) <= 64
                AND (e.person_id = p.id OR (
                    e.person_id IS NULL AND r.year IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM import_seen seen
                                    WHERE seen.certificate_number = c.certificate_number)
                    AND c.end_date >= c.start_date AND c.end_date <= %(today)s
                    AND {quantity} > 0
                    AND (r.unit <> '{CountingUnit.ITEM.value}' OR c.level_code <> '')
                    AND (r.unit NOT IN ({whole}) OR c.q %% 10 = 0)
                    AND (r.unit <> '{CountingUnit.DAY.value}' OR c.q / 10 <= {self._days()})
                    AND (c.public_code = '' OR {subject} = '{SubjectKind.PUBLIC.value}')
                ))
        """

    def _hours(self, cell: str) -> str:
        """parse_hours of a plain cell, in tenths: 12 → 120, 7.5 → 75; NULL for anything else."""
        if self.postgres:
            whole, decimal = f"{cell} ~ '^[0-9]{{1,6}}$'", f"{cell} ~ '^[0-9]{{1,6}}\\.[0-9]$'"
        else:
            digits = f"{cell} <> '' AND NOT {cell} GLOB '*[^0-9]*'"
            whole = f"{digits} AND length({cell}) <= 6"
            head = f"substr({cell}, 1, length({cell}) - 2)"
            decimal = (
                f"length({cell}) BETWEEN 3 AND 8 AND {cell} GLOB '*[0-9].[0-9]' "
                f"AND NOT {head} GLOB '*[^0-9]*'"
            )
        return (
            f"CASE WHEN {whole} THEN CAST({cell} AS bigint) * 10 "
            f"WHEN {decimal} THEN CAST(substr({cell}, 1, length({cell}) - 2) AS bigint) * 10 "
            f"+ CAST(substr({cell}, length({cell}), 1) AS bigint) END"
        )

    def _days(self) -> str:
        """The days from the start date to the end date, both counted."""
        if self.postgres:  # guarded: the conditions of a WHERE may run in any order
            days = "CAST(c.end_date AS date) - CAST(c.start_date AS date) + 1"
            return f"CASE WHEN c.year IS NOT NULL THEN {days} END"
        return "(CAST(julianday(c.end_date) - julianday(c.start_date) AS integer) + 1)"

    # --- writing ----------------------------------------------------------------------------------

    def write(self, actor_id, now) -> tuple[int, list[tuple[int, str]]]:
        """Write the settled rows the batch imports, and add them to the yearly totals. Returns how
        many, and the (row, certificate number) of the first and the last."""
        base = self.base
        dates = ("CAST(start_date AS date)", "CAST(end_date AS date)") if self.postgres else DATE_FIELDS
        with connection.cursor() as cursor:
            written = ", ".join(column_names(LearningRecord, WRITTEN))
            cursor.execute(
                f"INSERT INTO {LearningRecord._meta.db_table} ({written}) "
                "SELECT person_id, year, form, activity, unit, subject_kind, public_category, title, "
                f"content, %s, {dates[0]}, {dates[1]}, quantity, item_level, certificate_number, %s, %s, "
                "%s, %s, %s, claimed, claimed, rule_version, '[]', '', NULL, %s, %s, %s, %s "
                f"{_IMPORTED_ROWS} ORDER BY n",
                [
                    base.name, base.credit_code, base.pk, base.pk, RecordSource.ISSUED,
                    RecordStatus.REGISTERED, actor_id, now, actor_id, now,
                ],
            )  # fmt: skip
            created = cursor.rowcount
            totals_add_selected(
                select="SELECT person_id, year, form, subject_kind, sum(claimed), count(*) "
                f"{_IMPORTED_ROWS} GROUP BY person_id, year, form, subject_kind",
                marks=f"SELECT person_id, year {_IMPORTED_ROWS}",
            )
            ends = []
            if created:
                for order in ("", " DESC"):
                    cursor.execute(f"SELECT n, certificate_number {_IMPORTED_ROWS} ORDER BY n{order} LIMIT 1")
                    ends.append(cursor.fetchone())
        return created, ends

    def remember(self, python_rows: list[tuple[str, int]]) -> None:
        """The certificate numbers this batch imports (both paths), for the rest of the file: a later
        row with one of them is a duplicate in the file."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO import_seen SELECT certificate_number, n {_IMPORTED_ROWS}")
            if python_rows:
                cursor.executemany("INSERT INTO import_seen VALUES (%s, %s)", python_rows)

    def seen_before(self, numbers: list[str]) -> dict[str, int]:
        """Of `numbers`, those imported by an earlier batch of the file, with their row."""
        if not numbers:
            return {}
        with connection.cursor() as cursor:
            if self.postgres:
                where, params = "certificate_number = ANY(%s)", [numbers]
            else:
                where, params = sqlite_in("certificate_number", numbers)
            cursor.execute(f"SELECT certificate_number, n FROM import_seen WHERE {where}", params)
            return dict(cursor.fetchall())


def _plain(line: str) -> bool:
    if _ODD_CHARACTER.search(line):
        return False
    return not (" " in line or "#" in line) or not _ODD_SPACE_OR_HASH.search(line)


def _repeated(numbers: list[str]) -> set[str]:
    """The certificate numbers that occur more than once."""
    seen, repeated = set(), set()
    for number in numbers:
        if number in seen:
            repeated.add(number)
        seen.add(number)
    return repeated


def _certificate_number(cell) -> str | None:
    """The number as the Python path will read it, or None when it cannot (that row is refused)."""
    try:
        return cells.text(cell, 64)
    except CellError:
        return None


def _plain_cells(picked: list, dates: set[int], quantity: int) -> list[str] | None:
    texts = []
    for index, cell in enumerate(picked):
        if cell.__class__ is not str:
            cell = _plain_value(cell, index in dates, index == quantity)
            if cell is None:
                return None
        texts.append(cell)
    return texts


def _plain_value(cell, is_date: bool, is_quantity: bool) -> str | None:
    """A typed XLSX cell as the plain text the lane reads, or None when only the Python path may
    read it: a date cell in a date column, a whole or one-decimal number of hours; an empty cell."""
    if cell is None:
        return ""
    if is_date and hasattr(cell, "isoformat"):
        return (cell.date() if hasattr(cell, "date") else cell).isoformat()
    if is_quantity and cell.__class__ in (int, float) and 0 <= cell <= 999_999:
        tenths = cell * 10
        if tenths == int(tenths):
            return str(int(cell)) if tenths % 10 == 0 else f"{cell:.1f}"
    return None


def _rule_rows(year: int, ruleset) -> list[tuple]:
    """The year's activities as the file may name them: by code, by name, or not at all (the form's
    first activity), each with what the lane needs to check and count."""
    rows = []

    def add(given: str, rule) -> None:
        rows.append(
            (
                year, given, rule.form, rule.code, rule.unit, rule.per_unit_tenths, rule.national_tenths,
                rule.regional_tenths, rule.local_tenths, ruleset.label,
            )
        )  # fmt: skip

    for given, code in activity_codes(ruleset).items():
        add(given, activity_rule(ruleset, code))
    first_of_form = {}
    for rule in ruleset.activity_rules.all():
        first_of_form.setdefault(rule.form, rule)
    for rule in first_of_form.values():
        add("", rule)
    return rows


def _case(cell: str, table: dict[str, str], blank: bool = False) -> str:
    """The code a drop-down cell names (exact spelling), '' for a blank optional cell, else NULL."""
    whens = " ".join(f"WHEN {_literal(given)} THEN {_literal(code)}" for given, code in table.items())
    empty = "WHEN '' THEN '' " if blank else ""
    return f"CASE {cell} {empty}{whens} END"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _date_shape(cell: str) -> str:
    if connection.vendor == "postgresql":
        return f"{cell} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$'"
    return f"{cell} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"


def _date_ok(cell: str) -> str:
    """A plain date (2026-03-05) that is a calendar day between the years 1900 and 2100."""
    year, month, day = (f"CAST(substr({cell}, {start}, {length}) AS integer)" for start, length in
                        ((1, 4), (6, 2), (9, 2)))  # fmt: skip
    leap = f"({year} %% 4 = 0 AND ({year} %% 100 <> 0 OR {year} %% 400 = 0))"  # run with parameters
    last_day = (
        f"CASE WHEN {month} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END "
        f"WHEN {month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    return (
        f"(CASE WHEN {_date_shape(cell)} THEN {year} BETWEEN 1900 AND 2100 AND {month} BETWEEN 1 AND 12 "
        f"AND {day} BETWEEN 1 AND {last_day} ELSE false END)"
    )
