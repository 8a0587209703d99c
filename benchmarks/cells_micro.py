"""Micro-benchmark of the import foundation: the per-cell normalisers and the two readers.

Generates N rows (ID number, name, date, hours, certificate number), writes them as a UTF-8 CSV and as
an XLSX (xlsxwriter, constant_memory), then times:

- id_number_per_s: cells.id_number over N clean text IDs;
- date_per_s: cells.date over N cells, half "2026-03-05" text, half datetime (as calamine gives);
- csv_rows_per_s / xlsx_rows_per_s: open_table + rows() over the whole file (reading only).

    .venv/bin/python benchmarks/cells_micro.py [--rows 200000]

Prints one JSON object.
"""

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jxjy.config.settings.test")

import django  # noqa: E402

django.setup()

import xlsxwriter  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from jxjy.imports import cells  # noqa: E402
from jxjy.imports.reading import open_table  # noqa: E402

HEADER = ["公民身份号码", "姓名", "开始日期", "学时", "证书编号"]


def generate(count: int) -> list[list]:
    rng = random.Random(7)
    rows = []
    for index in range(count):
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(15000))
        body = f"650102{birth:%Y%m%d}{rng.randrange(1000):03d}"
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        rows.append(
            [
                body + ric.calc_check_digit(body + "0"),
                f"人员{index}",
                day,
                rng.randrange(1, 80) / 2,
                f"Z{index:08d}",
            ]
        )
    return rows


def rate(count: int, started: float) -> int:
    return round(count / (time.perf_counter() - started))


def time_cells(rows: list[list]) -> dict:
    ids = [row[0] for row in rows]
    started = time.perf_counter()
    for value in ids:
        cells.id_number(value)
    id_rate = rate(len(ids), started)
    dates = [
        row[2].isoformat() if index % 2 else datetime.datetime.combine(row[2], datetime.time())
        for index, row in enumerate(rows)
    ]  # noqa: DTZ001, E501
    started = time.perf_counter()
    for value in dates:
        cells.date(value)
    return {"id_number_per_s": id_rate, "date_per_s": rate(len(dates), started)}


def write_files(rows: list[list], folder: Path) -> tuple[Path, Path]:
    csv_path = folder / "rows.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as f:
        f.write(",".join(HEADER) + "\r\n")
        for row in rows:
            f.write(f"{row[0]},{row[1]},{row[2].isoformat()},{row[3]},{row[4]}\r\n")
    xlsx_path = folder / "rows.xlsx"
    with xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True}) as workbook:
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, HEADER)
        for index, row in enumerate(rows, 1):
            sheet.write_string(index, 0, row[0])
            sheet.write_string(index, 1, row[1])
            sheet.write_datetime(index, 2, datetime.datetime.combine(row[2], datetime.time()), date_format)  # noqa: DTZ001
            sheet.write_number(index, 3, row[3])
            sheet.write_string(index, 4, row[4])
    return csv_path, xlsx_path


def time_reading(path: Path, count: int) -> int:
    started = time.perf_counter()
    table = open_table(path, path.name, max_bytes=1 << 31)
    seen = sum(1 for _row in table.rows())
    assert seen == count, (seen, count)
    return rate(count, started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    rows = generate(args.rows)
    result = {"rows": args.rows, **time_cells(rows)}
    with tempfile.TemporaryDirectory() as folder:
        csv_path, xlsx_path = write_files(rows, Path(folder))
        result["csv_rows_per_s"] = time_reading(csv_path, args.rows)
        result["xlsx_rows_per_s"] = time_reading(xlsx_path, args.rows)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
