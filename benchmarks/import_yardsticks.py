"""What bounds an import of study records on PostgreSQL: the figures for deciding issue 4's target,
all from one run on the same rows (import_records.py measures jxjy against the target itself).

  ceiling  raw COPY of the rows, already resolved, into a bare table with the records table's
           columns, unique key and indexes: import_records' ceiling, the target's yardstick; and
           the same into a table with the records table's foreign keys too, checked at commit;
  floor    the least any import of the file must do: COPY the file's text as it is into a staging
           table (PostgreSQL parses the CSV), then one INSERT ... SELECT that finds each person by ID
           number and writes the records into a table like the ceiling's. No checks, no rules, no
           refusals, no yearly totals, no foreign keys; the hours are written as given;
  jxjy     `import_file` as a CE base's registrar runs it (so each record names who submitted and
           registered it), into the records table with its six foreign keys as they are ("all");
           with only the person's and the corrected record's ("person": the other four hold the
           same value for a whole file); with none ("none"). Each into the database as built.

    .venv/bin/python benchmarks/import_yardsticks.py --rows 1000000 [--repeat N] [--json]

Builds its own database on 127.0.0.1:5432 (user postgres), as import_records does, and drops it at
the end. Each share is a rate over the ceiling of its own round; with --repeat the JSON gives the
median of each figure and every round's ("runs").
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import import_records as bench
from machine import machine
from throwaway_db import create_pg_database, drop_pg_database, setup_django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

VARIANTS = ("all", "person", "none")
FLOOR_TABLE, FLOOR_STAGE = "floor_record", "floor_stage"
# The file's columns (import_records.HEADER), as the floor's staging table names them.
STAGE_COLUMNS = [
    "id_number", "name", "form", "activity", "subject", "public", "title", "content", "start_date",
    "end_date", "quantity", "level", "certificate",
]  # fmt: skip


# --- the floor ----------------------------------------------------------------------------------------


def measure_floor(path: Path, rows: int, base, rule_version: str) -> float:
    """Rows/s of the least an import must do (see the module's notes) for the file's `rows`, committed."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    with connection.cursor() as cursor:
        for statement in bench.ceiling_ddl(connection.vendor, FLOOR_TABLE):
            cursor.execute(statement)
        columns = ", ".join(f"{name} text NOT NULL" for name in STAGE_COLUMNS)
        cursor.execute(f"CREATE UNLOGGED TABLE {FLOOR_STAGE} ({columns})")
    started = time.perf_counter()
    with raw.transaction(), raw.cursor() as cursor:
        # FORCE_NOT_NULL: an empty cell is '' (as jxjy reads it), not NULL
        options = f"FORMAT csv, HEADER true, ENCODING 'UTF8', FORCE_NOT_NULL ({', '.join(STAGE_COLUMNS)})"
        with cursor.copy(f"COPY {FLOOR_STAGE} FROM STDIN ({options})") as copy, open(path, "rb") as stream:
            stream.read(3)  # the BOM Excel writes
            while chunk := stream.read(1 << 20):
                copy.write(chunk)
        cursor.execute(_floor_insert(), _floor_params(base, rule_version))
        assert cursor.rowcount == rows, f"the floor wrote {cursor.rowcount} of {rows} rows"
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FLOOR_TABLE}, {FLOOR_STAGE}")
    return rows / seconds


def _floor_insert() -> str:
    kinds = bench.KINDS
    forms = {kind.form_label: kind.form for kind in kinds}
    activities = {kind.activity_label: kind.activity for kind in kinds}
    units = {kind.activity_label: kind.unit for kind in kinds}
    subjects = {kind.subject_label: kind.subject for kind in kinds}
    publics = {"": "", **{label: code for kind in kinds for label, code in kind.public_labels}}
    levels = {"": "", **{kind.level[0]: kind.level[1] for kind in kinds if kind.level}}
    tenths = "CAST(CAST(s.quantity AS numeric) * 10 AS integer)"
    return f"""
        INSERT INTO {FLOOR_TABLE} ({", ".join(bench.record_columns())})
        SELECT p.id, CAST(substr(s.end_date, 1, 4) AS integer), {_case("s.form", forms)},
            {_case("s.activity", activities)}, {_case("s.activity", units)}, {_case("s.subject", subjects)},
            {_case("s.public", publics)}, s.title, s.content, %(organiser)s, CAST(s.start_date AS date),
            CAST(s.end_date AS date), {tenths}, {_case("s.level", levels)}, s.certificate, %(issuer_key)s,
            %(base)s, %(base)s, 'issued', 'registered', {tenths}, {tenths}, %(rules)s, '[]', '', NULL,
            NULL, now(), NULL, now()
        FROM {FLOOR_STAGE} s JOIN people_person p ON p.id_number = s.id_number
    """


def _floor_params(base, rule_version: str) -> dict:
    return {"organiser": base.name, "issuer_key": base.credit_code, "base": base.pk, "rules": rule_version}


def _case(cell: str, table: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{given}' THEN '{code}'" for given, code in table.items())
    return f"CASE {cell} {whens} END"


# --- jxjy, in a child process -------------------------------------------------------------------------


def measure_jxjy(path: Path, base_id: int, variant: str) -> dict:
    """The import as the base's registrar, after dropping the foreign keys the variant leaves out."""
    from django.db import connection

    from jxjy.access.choices import Role
    from jxjy.access.models import RoleAssignment, User
    from jxjy.imports.pipeline import import_file
    from jxjy.organizations.models import Organization
    from jxjy.records.models import LearningRecord

    kept = {"all": None, "person": {"person_id", "corrects_id"}, "none": set()}[variant]
    if kept is not None:
        with connection.cursor() as cursor:
            for field in LearningRecord._meta.concrete_fields:
                if field.is_relation and field.column not in kept:
                    for name in _foreign_keys(cursor, LearningRecord._meta.db_table, field.column):
                        cursor.execute(f"ALTER TABLE {LearningRecord._meta.db_table} DROP CONSTRAINT {name}")
    base = Organization.objects.get(pk=base_id)
    registrar = User.objects.create(username="yardstick-registrar", display_name="李老师")
    RoleAssignment.objects.create(user=registrar, role=Role.BASE_REGISTRAR, organization=base)
    started = time.perf_counter()
    summary = import_file(
        kind="records", path=path, organization=base, actor=registrar, role=Role.BASE_REGISTRAR, mode="valid"
    )
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "imported": summary.imported, "refused": summary.refused}


def _foreign_keys(cursor, table: str, column: str) -> list[str]:
    cursor.execute(
        "SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
        "AND a.attnum = ANY(c.conkey) WHERE c.conrelid = %s::regclass AND c.contype = 'f' "
        "AND a.attname = %s",
        [table, column],
    )
    return [name for (name,) in cursor.fetchall()]


def run_child(url: str, path: Path, base_id: int, variant: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, JXJY_IMPORT_MAX_BYTES=str(4 << 30))
    command = [sys.executable, __file__, "--measure", url, "--file", str(path), "--base", str(base_id)]
    result = subprocess.run([*command, "--variant", variant], env=env, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"the import child failed ({result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the run ------------------------------------------------------------------------------------------


def run(args, url: str, workdir: Path) -> dict:
    from django.db import connections
    from django.utils import timezone

    today = timezone.localdate()
    base, rule_version, people = bench.build(max(args.rows // 10, 1), today.year)
    path = workdir / "records.csv"
    bench.write_csv(path, args.rows, people, today.year, today)
    now = timezone.now()
    resolved = [
        bench.record_row(spec, people, base, rule_version, now)
        for spec in bench.specs(args.rows, len(people), today.year, today)
    ]
    connections.close_all()
    snapshot = bench.Snapshot(url, workdir)
    rounds = []
    for attempt in range(args.repeat):
        if attempt:
            connections.close_all()
            snapshot.restore()
        figures = {
            "ceiling": bench.measure_ceiling(resolved),
            "ceiling_with_foreign_keys": bench.measure_ceiling(resolved, foreign_keys=True),
            "floor": measure_floor(path, args.rows, base, rule_version),
        }
        for variant in VARIANTS:
            connections.close_all()
            snapshot.restore()
            jxjy = run_child(url, path, base.pk, variant)
            if jxjy["imported"] != args.rows:
                raise SystemExit(f"jxjy did not import every row: {jxjy}")
            figures[f"jxjy_{variant}_fks"] = args.rows / jxjy["seconds"]
        rounds.append(figures)
        if not args.json:
            print(", ".join(f"{name} {rate:,.0f}" for name, rate in figures.items()), file=sys.stderr)
    connections.close_all()
    snapshot.drop()
    result = {"benchmark": "import_yardsticks", "db": "postgres", "format": "csv", "rows": args.rows}
    for name in rounds[0]:
        result[f"{name}_rows_per_s"] = round(statistics.median(figures[name] for figures in rounds))
        if name != "ceiling":
            shares = [figures[name] / figures["ceiling"] for figures in rounds]
            result[f"{name}_share_of_ceiling"] = round(statistics.median(shares), 3)
    result["repeat"] = args.repeat
    result["runs"] = [{name: round(rate) for name, rate in figures.items()} for figures in rounds]
    result["machine"] = machine()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child: a database URL
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--base", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        setup_django(args.measure)
        print(json.dumps(measure_jxjy(Path(args.file), args.base, args.variant)))
        return
    workdir = Path(tempfile.mkdtemp(prefix="jxjy-yardsticks-"))
    name = f"jxjy_bench_yardsticks_{os.getpid()}"
    url = create_pg_database(name)
    try:
        setup_django(url)
        result = run(args, url, workdir)
    finally:
        from django.db import connections

        connections.close_all()
        drop_pg_database(name)
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
