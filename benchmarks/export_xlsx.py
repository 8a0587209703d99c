"""Export of N people to XLSX through the people list (/people/?format=xlsx) as an HR officer of
the whole region: seconds from the request to the last byte, rows/s, peak memory, file size.

    .venv/bin/python benchmarks/export_xlsx.py [--rows 1000000] [--db sqlite|postgres] \
        [--via request|job] [--json]

--via request (the default): the request itself streams the file. --via job: the list as an officer
meets it above JXJY_EXPORT_INLINE_ROWS, the request queues an export job and the child then runs
that job as a worker would; the seconds run from the request to the job's finished file.

Builds its own throwaway database (SQLite: a file in a temporary folder; PostgreSQL: a fresh
database on 127.0.0.1:5432, user postgres, dropped at the end), fills it fast (executemany on SQLite,
COPY on PostgreSQL), then runs the export in a child process, so the peak RSS reported (VmHWM)
is the export's own and not the build's. With --json the last line is one JSON object.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine
from peak_memory import peak_rss_mb
from throwaway_db import create_pg_database, drop_pg_database, setup_django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

UNITS = 200
BATCH = 5000
SERIES = ["engineering", "health", "school_teaching", "accounting", "agriculture"]
LEVELS = ["junior", "intermediate", "deputy_senior"]


# --- build (parent process) ------------------------------------------------------------------------


def build(rows: int) -> None:
    """Schema, the division tree, units across the region's counties, `rows` people, one HR officer."""
    from django.core.management import call_command

    from jxjy.access.choices import Role
    from jxjy.access.models import RoleAssignment, User
    from jxjy.organizations.models import Organization
    from jxjy.regions.models import Region
    from jxjy.regions.services import regions_load
    from jxjy.testing.codes import make_credit_code

    call_command("migrate", verbosity=0)
    regions_load()
    counties = list(Region.objects.filter(code__startswith="65", level="county").order_by("code")[:40])
    units = Organization.objects.bulk_create(
        Organization(
            kind="unit",
            unit_type="enterprise",
            name=f"{counties[i % len(counties)].name}第{i + 1}有限公司",
            region=counties[i % len(counties)],
            credit_code=make_credit_code(counties[i % len(counties)].code, i + 1),
            industry="D",
        )
        for i in range(UNITS)
    )
    insert_people(rows, [(unit.pk, unit.region_id, unit.region.code) for unit in units])
    user = User.objects.create(username="bench-hr", display_name="陈处长")
    RoleAssignment.objects.create(user=user, role=Role.HR_OFFICER, region=Region.objects.get(code="650000"))


def people_rows(rows: int, units: list[tuple[int, int, str]]):
    from jxjy.demo.names import ETHNICITIES, person_name
    from jxjy.testing.codes import make_id_number

    rng = random.Random(2026)
    now = datetime.datetime.now(datetime.UTC)
    first_day = datetime.date(1965, 1, 1)
    for index in range(rows):
        unit_id, region_id, region_code = units[index % len(units)]
        # 1,000 distinct numbers a day (serial 0-499, either sex): unique without checking.
        birth = first_day + datetime.timedelta(days=index // 1000)
        male = (index // 500) % 2 == 1
        id_number = make_id_number(region_code, birth, index % 500, male)
        name = person_name(rng, rng.choice(ETHNICITIES), male)
        yield (
            id_number, name, birth, "M" if male else "F", unit_id, None, region_id,
            SERIES[index % len(SERIES)], LEVELS[index % len(LEVELS)], True, "", now, now,
        )  # fmt: skip


COLUMNS = (
    "id_number, name, birth_date, sex, unit_id, file_agency_id, region_id, series, level, in_service, "
    "phone, created_at, updated_at"
)


def insert_people(rows: int, units) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY people_person ({COLUMNS}) FROM STDIN") as copy:
                for row in people_rows(rows, units):
                    copy.write_row(row)
            cursor.execute("ANALYZE people_person")
            return
        placeholders = ", ".join(["%s"] * 13)
        batch = []
        for row in people_rows(rows, units):
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(f"INSERT INTO people_person ({COLUMNS}) VALUES ({placeholders})", batch)
                batch.clear()
        if batch:
            cursor.executemany(f"INSERT INTO people_person ({COLUMNS}) VALUES ({placeholders})", batch)


# --- measure (child process) -----------------------------------------------------------------------


def measure(out_path: str, via: str) -> dict:
    from django.test import RequestFactory

    from jxjy.access.models import User
    from jxjy.people.views import person_list

    baseline_mb = peak_rss_mb()
    request = RequestFactory().get("/people/", {"format": "xlsx"})
    request.user = User.objects.get(username="bench-hr")
    started = time.perf_counter()
    response = person_list(request)
    if via == "job":
        shutil.copyfile(run_queued_job(response), out_path)  # the copy is not timed (below)
    else:
        with open(out_path, "wb") as out:
            for chunk in response.streaming_content:
                out.write(chunk)
        response.close()
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "baseline_rss_mb": round(baseline_mb, 1),
        "file_mb": round(os.path.getsize(out_path) / 1024 / 1024, 1),
    }


def run_queued_job(response) -> Path:
    """Run the export job the list's response redirected to, as a worker would; returns its file."""
    from jxjy.jobs import runner
    from jxjy.jobs.choices import JobStatus
    from jxjy.jobs.files import job_file
    from jxjy.jobs.models import Job

    assert response.status_code == 302, f"expected a redirect to the export job, got {response.status_code}"
    job = Job.objects.latest("pk")
    assert response.url.rstrip("/").endswith(str(job.pk)), (response.url, job.pk)
    runner.run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, (job.status, job.error_message)
    return job_file(job.report_path)


def check(out_path: str, rows: int) -> None:
    """The file holds the header and every row, ID numbers as 18-character text."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(out_path).get_sheet_by_index(0)
    assert sheet.height == rows + 1, (sheet.height, rows)
    first = sheet.to_python(nrows=2)
    assert first[0][1] == "公民身份号码" and len(first[1][1]) == 18, first


def run_child(database_url: str, out_path: str, via: str) -> dict:
    # The job's file goes to the benchmark's folder, not the platform's data folder.
    env = dict(os.environ, DATABASE_URL=database_url, JXJY_DATA_DIR=str(Path(out_path).parent))
    if via == "request":
        # A list longer than JXJY_EXPORT_INLINE_ROWS goes to a background job (a redirect): here the
        # request itself streams the file, through the writer the job uses.
        env["JXJY_EXPORT_INLINE_ROWS"] = str(10**9)
    result = subprocess.run(
        [sys.executable, __file__, "--measure", database_url, "--out", out_path, "--via", via],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"the export child failed ({result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--via", choices=["request", "job"], default="request")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child: a database URL
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        setup_django(args.measure)
        print(json.dumps(measure(args.out, args.via)))
        return

    workdir = Path(tempfile.mkdtemp(prefix="jxjy-export-bench-"))
    pg_name = f"jxjy_bench_export_{os.getpid()}"
    url = create_pg_database(pg_name) if args.db == "postgres" else f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        setup_django(url)
        started = time.perf_counter()
        build(args.rows)
        if not args.json:
            print(f"built {args.rows} people in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        from django.db import connections

        connections.close_all()
        out_path = str(workdir / "people.xlsx")
        measured = run_child(url, out_path, args.via)
        check(out_path, args.rows)
    finally:
        if args.db == "postgres":
            from django.db import connections

            connections.close_all()
            drop_pg_database(pg_name)
        shutil.rmtree(workdir, ignore_errors=True)
    result = {
        "benchmark": "export_xlsx",
        "db": args.db,
        "via": args.via,
        "rows": args.rows,
        "seconds": measured["seconds"],
        "rows_per_s": round(args.rows / measured["seconds"]),
        "peak_rss_mb": measured["peak_rss_mb"],
        "baseline_rss_mb": measured["baseline_rss_mb"],
        "file_mb": measured["file_mb"],
        "machine": machine(),
    }
    if not args.json:
        print(
            f"{args.rows} rows to XLSX on {args.db} via {args.via}: "
            f"{result['seconds']} s ({result['rows_per_s']} rows/s), "
            f"peak RSS {result['peak_rss_mb']} MB (Django loaded: {result['baseline_rss_mb']} MB), "
            f"file {result['file_mb']} MB"
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
