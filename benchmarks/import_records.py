"""Import of N study records from a CE base's file, in one run against two yardsticks:

  (a) jxjy: `import_file` end to end, from the file to registered records (each row checked by the
      year's rules, keyed by issuer + certificate number, yearly totals kept), in a child process so
      the peak RSS reported (ru_maxrss) is the import's own;
  (b) django-import-export 4 with its default settings (a ModelResource for LearningRecord, a tablib
      Dataset read from a CSV of the model's fields), on a subset of min(N, 20,000) rows, and again
      with use_bulk=True;
  (c) the database's own ceiling: the same rows, already resolved, into a bare table with the
      records table's columns, unique key and indexes, by raw COPY on PostgreSQL and raw
      executemany on SQLite. For information, not a yardstick of the issue's: the same load into a
      table that also has the records table's foreign keys, checked at commit as Django declares
      them (jxjy's rows pay for those checks; the bare table's do not).

    .venv/bin/python benchmarks/import_records.py --rows 100000 --db sqlite|postgres \
        [--format csv|xlsx] [--strings shared|inline] [--via pipeline|job] [--repeat N] [--json] \
        [--profile OUT.txt]

Builds its own throwaway database (SQLite: a file in a temporary folder; PostgreSQL: a fresh database
on 127.0.0.1:5432, user postgres, dropped at the end) holding the division tree, the default rules of
the year, a CE base and N/10 people; the file gives each person about ten records with unique
certificate numbers. An XLSX keeps its texts in the shared-string table, as Excel and WPS save them
(--strings shared, the default), or inline in each cell, as xlsxwriter's constant-memory mode and
some systems' exports write them (--strings inline; faster to write). The file may exceed the
upload limit, so the child raises JXJY_IMPORT_MAX_BYTES.

(a) times the import alone by default (--via pipeline, as the command line runs it). --via job times
it as a registrar meets it: the upload queued as a background job (not timed), then the job run as a
worker runs it: counting the rows for the progress bar, importing, and writing the report of every
row; the JSON adds the seconds of each step ("jxjy_steps"). With --json the last line is one JSON
object; --profile writes the top of a cProfile of the jxjy import (cumulative time); PYSPY_OUT=FILE
in the environment samples the child with py-spy instead (installed by hand: it is no dependency),
far less distorting than cProfile. The peak memory reported is the child's own (VmHWM).
--repeat N runs the import N times, each into the database as built, each followed by the two
ceilings: machines of this kind drift by a third within an hour, so the JSON gives the median run,
the median of the N paired shares, and every run's figures ("runs"). Needs django-import-export (a
dev dependency).
"""

import argparse
import csv
import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from machine import machine
from peak_memory import peak_rss_mb
from throwaway_db import PG_SERVER, create_pg_database, drop_pg_database, setup_django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PEER_ROWS = 20_000
BATCH = 10_000

HEADER = [
    "公民身份号码",
    "姓名",
    "学习形式",
    "学时折算项目",
    "科目类别",
    "公需科目内容",
    "学习项目名称",
    "学习内容",
    "开始日期",
    "结束日期",
    "数量",
    "级别",
    "证书编号",
]


@dataclass(frozen=True)
class Kind:
    """One kind of certificate a base issues: what the file says, and what the rules make of it."""

    form_label: str
    activity_label: str
    form: str
    activity: str
    unit: str
    subject_label: str
    subject: str
    public_labels: tuple[tuple[str, str], ...]  # (label, code) to pick from; () for a professional subject
    level: tuple[str, str, int] | None  # (label, code, tenths per item)
    quantities: tuple[int, ...]  # tenths
    per_unit_tenths: int


KINDS = [
    Kind("进修班、培训班、研修班", "培训班（按实际学时）", "training_class", "training_hours", "hour",
         "专业科目", "professional", (), None, (20, 35, 40, 60, 80), 10),
    Kind("进修班、培训班、研修班", "培训班（按半天）", "training_class", "training_half_days", "half_day",
         "专业科目", "professional", (), None, (10, 20), 40),
    Kind("学术会议、学术讲座", "参加学术会议", "conference", "conference", "item",
         "专业科目", "professional", (), ("自治区级", "regional", 80), (10,), 0),
    Kind("远程教育", "远程教育（按课程学时）", "distance", "distance_hours", "hour",
         "公需科目", "public",
         (("法律法规", "law"), ("理论政策", "theory_policy"), ("技术信息", "tech_info")),
         None, (10, 20, 30, 45), 10),
    Kind("本单位、本系统、本行业组织的培训和有考核的自学", "本单位、本系统培训（按实际学时）",
         "unit_training", "unit_training_hours", "hour", "公需科目", "public", (("职业道德", "ethics"),),
         None, (20, 40), 10),
]  # fmt: skip
TITLES = [
    "新技术应用研修班",
    "专业技术人员职业道德与诚信建设",
    "数字经济与创新驱动发展",
    "水资源管理与节水技术培训",
    "临床诊疗规范更新研修班",
    "中小学教师信息技术能力提升培训",
    "工程项目安全生产管理",
    "会计准则解读与实务",
]
CONTENTS = ["", "", "理论讲授与案例研讨", "现场教学与考核"]


@dataclass(frozen=True)
class Spec:
    """One generated record, before it is written as a file row or as a database row."""

    person: int  # index into the people list
    kind: Kind
    day: datetime.date
    quantity: int  # tenths
    public: tuple[str, str]
    title: str
    content: str
    certificate: str

    @property
    def claimed(self) -> int:
        if self.kind.level is not None:
            return self.quantity * self.kind.level[2] // 10
        return self.quantity * self.kind.per_unit_tenths // 10


# --- build (parent process) ------------------------------------------------------------------------


def build(people_count: int, year: int):
    """Schema, the division tree, the year's default rules, one unit, one CE base, the people.
    Returns (base, ruleset label, [(person id, id number, name)])."""
    from django.core.management import call_command

    from jxjy.organizations.models import Organization
    from jxjy.people.models import Person
    from jxjy.regions.models import Region
    from jxjy.regions.services import regions_load
    from jxjy.rules.services import ruleset_ensure_default
    from jxjy.testing.codes import make_credit_code

    call_command("migrate", verbosity=0)
    regions_load()
    ruleset = ruleset_ensure_default(year=year)
    county = Region.objects.get(code="650102")
    unit = Organization.objects.create(
        kind="unit", unit_type="enterprise", name="天山区水务有限公司", region=county,
        credit_code=make_credit_code(county.code, 1), industry="D",
    )  # fmt: skip
    city = Region.objects.get(code="650100")
    base = Organization.objects.create(
        kind="base", name="乌鲁木齐继续教育基地", region=city,
        credit_code=make_credit_code(city.code, 2, authority="52"), industry="P",
    )  # fmt: skip
    insert_people(people_count, unit.pk, county.pk, county.code)
    people = list(Person.objects.order_by("id").values_list("id", "id_number", "name"))
    return base, ruleset.label, people


PEOPLE_COLUMNS = (
    "id_number, name, birth_date, sex, unit_id, file_agency_id, region_id, series, level, in_service, "
    "phone, created_at, updated_at"
)


def people_rows(count: int, unit_id: int, region_id: int, region_code: str):
    from jxjy.demo.names import ETHNICITIES, person_name
    from jxjy.testing.codes import make_id_number

    rng = random.Random(2026)
    now = datetime.datetime.now(datetime.UTC)
    first_day = datetime.date(1965, 1, 1)
    series = ["engineering", "health", "school_teaching", "accounting", "agriculture"]
    levels = ["junior", "intermediate", "deputy_senior"]
    for index in range(count):
        # 1,000 distinct numbers a day (serial 0-499, either sex): unique without checking.
        birth = first_day + datetime.timedelta(days=index // 1000)
        male = (index // 500) % 2 == 1
        yield (
            make_id_number(region_code, birth, index % 500, male),
            person_name(rng, rng.choice(ETHNICITIES), male), birth, "M" if male else "F", unit_id, None,
            region_id, series[index % 5], levels[index % 3], True, "", now, now,
        )  # fmt: skip


def insert_people(count: int, unit_id: int, region_id: int, region_code: str) -> None:
    from django.db import connection, transaction

    rows = people_rows(count, unit_id, region_id, region_code)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY people_person ({PEOPLE_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute("ANALYZE people_person")
            return
        sql = f"INSERT INTO people_person ({PEOPLE_COLUMNS}) VALUES ({', '.join(['%s'] * 13)})"
        while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
            cursor.executemany(sql, batch)


# --- the records -----------------------------------------------------------------------------------


def specs(rows: int, people_count: int, year: int, today: datetime.date):
    """N records, about ten per person, on days of the year before today, certificate numbers unique."""
    rng = random.Random(5)
    first = datetime.date(year, 1, 2)
    span = max((today - first).days - 1, 1)
    days = [first + datetime.timedelta(days=offset) for offset in range(span)]
    for index in range(rows):
        kind = KINDS[rng.randrange(len(KINDS))]
        yield Spec(
            person=index % people_count,
            kind=kind,
            day=days[rng.randrange(span)],
            quantity=kind.quantities[rng.randrange(len(kind.quantities))],
            public=kind.public_labels[rng.randrange(len(kind.public_labels))]
            if kind.public_labels
            else ("", ""),
            title=TITLES[rng.randrange(len(TITLES))],
            content=CONTENTS[rng.randrange(len(CONTENTS))],
            certificate=f"XJ{year}{index + 1:08d}",
        )


def file_row(spec: Spec, people: list) -> list:
    _pk, id_number, name = people[spec.person]
    kind = spec.kind
    quantity = spec.quantity // 10 if spec.quantity % 10 == 0 else spec.quantity / 10
    return [
        id_number, name, kind.form_label, kind.activity_label, kind.subject_label, spec.public[0], spec.title,
        spec.content, spec.day, spec.day, quantity, kind.level[0] if kind.level else "", spec.certificate,
    ]  # fmt: skip


def write_csv(path: Path, rows: int, people: list, year: int, today: datetime.date) -> None:
    """UTF-8 with a BOM, as Excel's "CSV UTF-8" writes it."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for spec in specs(rows, len(people), year, today):
            row = file_row(spec, people)
            row[8] = row[9] = spec.day.isoformat()
            writer.writerow(row)


def write_xlsx(
    path: Path, rows: int, people: list, year: int, today: datetime.date, shared_strings: bool = True
) -> None:
    """As a clerk's sheet: ID numbers as text, dates as date cells, quantities as numbers."""
    import xlsxwriter

    from jxjy.imports.tests.files import write_typed_row  # the tests' writer of typed cells

    with xlsxwriter.Workbook(str(path), {"constant_memory": not shared_strings}) as book:
        sheet = book.add_worksheet("学习记录")
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, HEADER)
        for number, spec in enumerate(specs(rows, len(people), year, today), 1):
            write_typed_row(sheet, number, file_row(spec, people), date_format)


def record_columns() -> list[str]:
    """The columns jxjy's import writes, in its order (imported once Django is set up)."""
    from jxjy.imports.kinds.records import WRITTEN

    return WRITTEN


def record_row(spec: Spec, people: list, base, rule_version: str, now, prefix: str = "") -> tuple:
    """The database row jxjy writes for the spec (in record_columns() order)."""
    kind = spec.kind
    return (
        people[spec.person][0], spec.day.year, kind.form, kind.activity, kind.unit, kind.subject,
        spec.public[1], spec.title, spec.content, base.name, spec.day, spec.day, spec.quantity,
        kind.level[1] if kind.level else "",
        prefix + spec.certificate, base.credit_code, base.pk, base.pk, "issued", "registered", spec.claimed,
        spec.claimed, rule_version, "[]", "", None, None, now, None, now,
    )  # fmt: skip


# --- (a) jxjy, in a child process --------------------------------------------------------------------


def measure_jxjy(path: str, base_id: int, profile: str | None, via: str = "pipeline") -> dict:
    from jxjy.imports.pipeline import import_file
    from jxjy.organizations.models import Organization
    from jxjy.records.models import LearningRecord

    base = Organization.objects.get(pk=base_id)
    if via == "job":
        return measure_job(path, base)
    baseline_mb = peak_rss_mb()

    def run():
        return import_file(
            kind="records", path=Path(path), organization=base, actor=None, role="system", mode="valid"
        )

    started, cpu_started = time.perf_counter(), time.process_time()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        summary = profiler.runcall(run)
        seconds = time.perf_counter() - started
        with open(profile, "w") as out:
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    else:
        summary = run()
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_started,  # this process's threads (not the server's)
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "baseline_rss_mb": round(baseline_mb, 1),
        "rows": summary.rows,
        "imported": summary.imported,
        "refused": summary.refused,
        "first_errors": [error.as_dict() for error in summary.errors[:5]],
        "file_refused": summary.file_refused.code if summary.file_refused else None,
        "records": LearningRecord.objects.filter(issuer=base).count(),
    }


def measure_job(path: str, base) -> dict:
    """The import as a base's registrar meets it: the upload kept and queued (not timed: the
    browser's upload), then the job run as a worker runs it, from counting the file's rows for the
    progress bar to the downloadable report of every row. The seconds of its three steps too."""
    from django.core.files import File

    from jxjy.access.choices import Role
    from jxjy.access.models import RoleAssignment, User
    from jxjy.jobs import runner
    from jxjy.jobs.choices import JobStatus
    from jxjy.jobs.services import import_job_start
    from jxjy.records.models import LearningRecord

    registrar = User.objects.create(username="bench-registrar", display_name="李老师")
    RoleAssignment.objects.create(user=registrar, role=Role.BASE_REGISTRAR, organization=base)
    with open(path, "rb") as upload:
        job = import_job_start(
            actor=registrar, kind="records", organization=base, uploaded_file=File(upload, Path(path).name)
        )
    steps = {"count": 0.0, "report": 0.0}

    def timed(step, function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                steps[step] += time.perf_counter() - started

        return run

    runner._count_rows = timed("count", runner._count_rows)  # instruments only: the same functions run
    runner._report = timed("report", runner._report)
    baseline_mb = peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    runner.run(job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    result = job.result or {}
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_started,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "baseline_rss_mb": round(baseline_mb, 1),
        "steps": {
            "count": round(steps["count"], 2),
            "import": round(seconds - steps["count"] - steps["report"], 2),
            "report": round(steps["report"], 2),
        },
        "rows": result.get("rows"),
        "imported": result.get("imported"),
        "refused": result.get("refused"),
        "first_errors": result.get("errors", [])[:5],
        "file_refused": (result.get("file_error") or {}).get("code")
        if job.status != JobStatus.DONE
        else None,
        "records": LearningRecord.objects.filter(issuer=base).count(),
    }


def run_child(
    database_url: str, path: Path, base_id: int, profile: str | None, via: str = "pipeline"
) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, JXJY_IMPORT_MAX_BYTES=str(4 << 30))
    env["JXJY_DATA_DIR"] = str(path.parent)  # a job keeps its upload and report beside the file
    command = [
        sys.executable,
        __file__,
        "--measure",
        database_url,
        "--file",
        str(path),
        "--base",
        str(base_id),
    ]
    if profile:
        command += ["--profile", profile]
    command += ["--via", via]
    if os.environ.get("PYSPY_OUT"):  # local investigation: sample the child with py-spy
        spy = ["py-spy", "record", "-r", "200", "--format", "raw", "-o", os.environ["PYSPY_OUT"], "--"]
        command = [*spy, *command]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"the import child failed ({result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- (b) django-import-export -----------------------------------------------------------------------


def peer_file(path: Path, rows: int, people: list, base, rule_version: str, year, today, prefix: str) -> None:
    """The subset as import-export expects it: a column per model field (the resource's defaults),
    person and the organisations by id, a blank id (new rows)."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    fields = ["id", *(name.removesuffix("_id") for name in record_columns())]
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(fields)
        for spec in specs(rows, len(people), year, today):
            row = record_row(spec, people, base, rule_version, now, prefix)
            writer.writerow(["", *("" if value is None else value for value in row)])


def measure_peer(path: Path, rows: int, bulk: bool) -> float:
    """Rows/s of ModelResource.import_data on the subset file (reading it included), defaults
    throughout except use_bulk when `bulk`."""
    import tablib
    from import_export import resources

    from jxjy.records.models import LearningRecord

    class Meta:
        model = LearningRecord
        use_bulk = bulk

    Resource = type("LearningRecordResource", (resources.ModelResource,), {"Meta": Meta})
    before = LearningRecord.objects.count()
    started = time.perf_counter()
    with open(path, encoding="utf-8") as stream:
        dataset = tablib.Dataset().load(stream.read(), format="csv")
    result = Resource().import_data(dataset, dry_run=False)
    seconds = time.perf_counter() - started
    if result.has_errors() or result.has_validation_errors():
        errors = [error.error for _row, row_errors in result.row_errors()[:1] for error in row_errors[:1]]
        raise SystemExit(f"django-import-export refused rows: {errors or result.invalid_rows[:1]}")
    added = LearningRecord.objects.count() - before
    assert added == rows, (added, rows)
    return rows / seconds


# --- (c) the database's ceiling ---------------------------------------------------------------------


def ceiling_ddl(vendor: str, table: str = "ceiling_record", foreign_keys: bool = False) -> list[str]:
    """The records table's columns, unique key and indexes, without Django; its foreign keys (checked
    at commit, as Django declares them) only when `foreign_keys`."""
    pg = vendor == "postgresql"
    key = "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" if pg else "integer PRIMARY KEY AUTOINCREMENT"
    stamp = "timestamp with time zone" if pg else "datetime"
    return [
        f"""CREATE TABLE {table} (
            id {key}, person_id bigint NOT NULL, year smallint NOT NULL, form varchar(32) NOT NULL,
            activity varchar(40) NOT NULL, counting_unit varchar(16) NOT NULL,
            subject_kind varchar(16) NOT NULL, public_category varchar(16) NOT NULL,
            title varchar(200) NOT NULL, content text NOT NULL, organiser varchar(200) NOT NULL,
            start_date date NOT NULL, end_date date NOT NULL, quantity_tenths integer NOT NULL,
            item_level varchar(16) NOT NULL, certificate_number varchar(64) NOT NULL,
            issuer_key varchar(200) NOT NULL, issuer_id bigint NULL, registrar_id bigint NOT NULL,
            source varchar(16) NOT NULL, status varchar(16) NOT NULL, claimed_tenths integer NOT NULL,
            recognised_tenths integer NULL, rule_version varchar(16) NOT NULL, flags text NOT NULL,
            return_reason varchar(500) NOT NULL, corrects_id bigint NULL, submitted_by_id bigint NULL,
            submitted_at {stamp} NOT NULL, registered_by_id bigint NULL, registered_at {stamp} NULL,
            CHECK (end_date >= start_date){references(foreign_keys)}
        )""",
        f"CREATE UNIQUE INDEX {table}_certificate_once ON {table} (issuer_key, certificate_number) "
        "WHERE certificate_number > '' AND NOT (status = 'reversed')",
        f"CREATE INDEX {table}_person_year ON {table} (person_id, year)",
        f"CREATE INDEX {table}_registrar_status ON {table} (registrar_id, status)",
        f"CREATE INDEX {table}_status ON {table} (status)",
        f"CREATE INDEX {table}_issuer ON {table} (issuer_id)",
        f"CREATE INDEX {table}_corrects ON {table} (corrects_id) WHERE corrects_id IS NOT NULL",
        f"CREATE INDEX {table}_submitted_by ON {table} (submitted_by_id)",
        f"CREATE INDEX {table}_registered_by ON {table} (registered_by_id)",
    ]


def assert_same_indexes(cursor, table: str) -> None:
    """The ceiling's table pays for as many indexes as the records table, on the same columns: a
    change to the model's indexes that this file does not follow stops the run."""
    from django.db import connection

    from jxjy.records.models import LearningRecord

    def indexes(name: str) -> list[tuple]:
        found = connection.introspection.get_constraints(cursor, name).values()
        return sorted((tuple(info["columns"]), bool(info["unique"])) for info in found if info["index"])

    real, ceiling = indexes(LearningRecord._meta.db_table), indexes(table)
    assert real == ceiling, f"the ceiling's indexes {ceiling} differ from the records table's {real}"


def references(foreign_keys: bool) -> str:
    """The record's foreign keys as Django declares them on both databases (deferred to commit)."""
    if not foreign_keys:
        return ""
    from jxjy.records.models import LearningRecord

    clauses = []
    for name in record_columns():
        field = LearningRecord._meta.get_field(name.removesuffix("_id"))
        if field.is_relation:
            target = field.related_model._meta
            clauses.append(
                f"FOREIGN KEY ({field.column}) REFERENCES {target.db_table} ({target.pk.column}) "
                "DEFERRABLE INITIALLY DEFERRED"
            )
    return "".join(f",\n            {clause}" for clause in clauses)


def measure_ceiling(rows: list[tuple], foreign_keys: bool = False) -> float:
    """Rows/s of one raw bulk load of the resolved rows (built beforehand, not timed), committed.
    The ceiling the issue names has no foreign keys; `foreign_keys` measures, for information, what
    the real table's checks add."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection  # the DB-API connection itself: no Django in the timed loop
    table = "ceiling_record_fk" if foreign_keys else "ceiling_record"
    with connection.cursor() as cursor:
        for statement in ceiling_ddl(connection.vendor, table, foreign_keys):
            cursor.execute(statement)
        assert_same_indexes(cursor, table)
    columns = ", ".join(record_columns())
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        with raw.transaction(), raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['?'] * len(record_columns()))})"
        cursor = raw.cursor()
        cursor.execute("BEGIN")
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
        cursor.execute("COMMIT")
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        assert cursor.fetchone()[0] == len(rows)
    return len(rows) / seconds


# --- the run ----------------------------------------------------------------------------------------


class Snapshot:
    """The benchmark's database as built, before any import, for --repeat: each run starts from it.
    SQLite: a copy of the file; PostgreSQL: a database made from it as a template."""

    def __init__(self, url: str, workdir: Path):
        self.url, self.workdir = url, workdir
        self.postgres = url.startswith("postgres")
        self.name = url.rsplit("/", 1)[1]
        if self.postgres:
            self._server(f'CREATE DATABASE "{self.name}_before" TEMPLATE "{self.name}"')
        else:
            shutil.copyfile(self._file, self.workdir / "before.sqlite3")

    @property
    def _file(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///"))

    def restore(self) -> None:
        if self.postgres:
            self._server(f'DROP DATABASE "{self.name}" WITH (FORCE)')
            self._server(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.name}_before"')
        else:
            for leftover in (self._file.with_name(self._file.name + end) for end in ("-wal", "-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(self.workdir / "before.sqlite3", self._file)

    def drop(self) -> None:
        if self.postgres:
            self._server(f'DROP DATABASE IF EXISTS "{self.name}_before" WITH (FORCE)')

    def _server(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(statement)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--strings", choices=["shared", "inline"], default="shared", help="XLSX only")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--profile", help="write the top of a cProfile of the jxjy import here")
    parser.add_argument(
        "--repeat", type=int, default=1, help="import and ceilings N times, interleaved; medians reported"
    )
    parser.add_argument(
        "--via",
        choices=["pipeline", "job"],
        default="pipeline",
        help="job: upload, background job and report",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child: a database URL
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--base", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        setup_django(args.measure)
        print(json.dumps(measure_jxjy(args.file, args.base, args.profile, args.via)))
        return

    workdir = Path(tempfile.mkdtemp(prefix="jxjy-import-bench-"))
    pg_name = f"jxjy_bench_import_{os.getpid()}"
    url = create_pg_database(pg_name) if args.db == "postgres" else f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        setup_django(url)
        result = run(args, url, workdir)
    finally:
        from django.db import connections

        connections.close_all()
        if args.db == "postgres":
            drop_pg_database(pg_name)
        shutil.rmtree(workdir, ignore_errors=True)
    if not args.json:
        print_table(result)
    print(json.dumps(result))


def run(args, url: str, workdir: Path) -> dict:
    from django.db import connections
    from django.utils import timezone

    def say(message: str) -> None:
        if not args.json:
            print(message, file=sys.stderr, flush=True)

    today = timezone.localdate()
    year = today.year
    started = time.perf_counter()
    base, rule_version, people = build(max(args.rows // 10, 1), year)
    say(f"built: {len(people)} people, rules {rule_version} ({time.perf_counter() - started:.1f} s)")
    path = workdir / f"records.{args.format}"
    started = time.perf_counter()
    if args.format == "xlsx":
        write_xlsx(path, args.rows, people, year, today, shared_strings=args.strings == "shared")
    else:
        write_csv(path, args.rows, people, year, today)
    size_mb = path.stat().st_size / 2**20
    say(f"file: {args.rows} rows, {size_mb:.1f} MB ({time.perf_counter() - started:.1f} s)")

    connections.close_all()
    snapshot = Snapshot(url, workdir)
    runs, ceilings, ceilings_fk, peer = [], [], [], {}
    for attempt in range(args.repeat):
        if attempt:
            connections.close_all()
            snapshot.restore()  # each run imports into the database as built
        jxjy = run_child(url, path, base.pk, args.profile, args.via)
        if jxjy["file_refused"] or jxjy["imported"] != args.rows or jxjy["records"] != args.rows:
            raise SystemExit(f"jxjy did not import every row: {jxjy}")
        say(f"jxjy: {args.rows / jxjy['seconds']:.0f} rows/s")
        runs.append(jxjy)

        subset = min(args.rows, PEER_ROWS)
        peer_modes = () if peer else (("default", "IE-"), ("bulk", "IB-"))  # once: slow, and steady
        for mode, prefix in peer_modes:
            peer_path = workdir / f"peer-{mode}.csv"
            peer_file(peer_path, subset, people, base, rule_version, year, today, prefix)
            peer[mode] = measure_peer(peer_path, subset, bulk=mode == "bulk")
            say(f"django-import-export ({mode}): {peer[mode]:.0f} rows/s")

        now = timezone.now()
        rows = [
            record_row(spec, people, base, rule_version, now)
            for spec in specs(args.rows, len(people), year, today)
        ]
        ceilings.append(measure_ceiling(rows))
        say(f"ceiling: {ceilings[-1]:.0f} rows/s")
        ceilings_fk.append(measure_ceiling(rows, foreign_keys=True))
        del rows
        say(f"ceiling with the record's foreign keys: {ceilings_fk[-1]:.0f} rows/s")
    snapshot.drop()

    # The median run; each share pairs a run with the ceilings measured right after it (a machine
    # whose speed drifts moves both), and the share reported is the median of those.
    jxjy = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    ceiling, ceiling_fk = statistics.median(ceilings), statistics.median(ceilings_fk)
    rates = [args.rows / run["seconds"] for run in runs]
    jxjy_rate = args.rows / jxjy["seconds"]
    return {
        "benchmark": "import_records",
        "db": args.db,
        "format": args.format,
        "strings": args.strings if args.format == "xlsx" else None,
        "rows": args.rows,
        "people": len(people),
        "file_mb": round(size_mb, 1),
        "via": args.via,
        "jxjy_seconds": round(jxjy["seconds"], 2),
        **({"jxjy_steps": jxjy["steps"]} if "steps" in jxjy else {}),
        "jxjy_cpu_seconds": round(jxjy["cpu_seconds"], 2),
        "jxjy_rows_per_s": round(jxjy_rate),
        "peer": "django-import-export 4.4.3 ModelResource, default settings",
        "peer_rows": subset,
        "peer_rows_per_s": round(peer["default"], 1),
        "peer_bulk_rows_per_s": round(peer["bulk"], 1),
        "ceiling": "raw COPY" if args.db == "postgres" else "raw executemany",
        "ceiling_rows_per_s": round(ceiling),
        "share_of_ceiling": round(statistics.median(r / c for r, c in zip(rates, ceilings, strict=True)), 3),
        "ceiling_with_foreign_keys_rows_per_s": round(ceiling_fk),  # for information: not the target's
        "share_of_ceiling_with_foreign_keys": round(
            statistics.median(r / c for r, c in zip(rates, ceilings_fk, strict=True)), 3
        ),
        "times_peer": round(jxjy_rate / peer["default"], 1),
        "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
        "baseline_rss_mb": jxjy["baseline_rss_mb"],
        "repeat": args.repeat,
        "runs": {  # in the order run: each import, and the ceilings measured right after it
            "jxjy_rows_per_s": [round(rate) for rate in rates],
            "ceiling_rows_per_s": [round(rate) for rate in ceilings],
            "ceiling_with_foreign_keys_rows_per_s": [round(rate) for rate in ceilings_fk],
        },
        "machine": machine(),
    }


def print_table(result: dict) -> None:
    rows = [
        ("jxjy import_file (end to end)", result["rows"], result["jxjy_rows_per_s"]),
        ("django-import-export (default)", result["peer_rows"], result["peer_rows_per_s"]),
        ("django-import-export (use_bulk)", result["peer_rows"], result["peer_bulk_rows_per_s"]),
        (f"ceiling: {result['ceiling']}", result["rows"], result["ceiling_rows_per_s"]),
        ("  the same, with foreign keys", result["rows"], result["ceiling_with_foreign_keys_rows_per_s"]),
    ]
    print(f"{result['rows']} records, {result['format'].upper()} ({result['file_mb']} MB), on {result['db']}")
    print(f"{'':34} {'rows':>9} {'rows/s':>10}")
    for name, count, rate in rows:
        print(f"{name:34} {count:>9} {rate:>10,.0f}")
    print(
        f"jxjy: {result['share_of_ceiling']:.0%} of the ceiling, "
        f"{result['times_peer']}x django-import-export, "
        f"peak RSS {result['peak_rss_mb']} MB (Django loaded: {result['baseline_rss_mb']} MB)"
    )


if __name__ == "__main__":
    main()
