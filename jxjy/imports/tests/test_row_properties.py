"""Property test of the whole row path of a records import (parse every cell, check the row by the
rules, write it): whatever damage the cells carry, the import never crashes, every refused row is
named by its row, a column of the file and a stable code, and every row it did import passes the
single-record checks (the model's own validation and `check_claim`) on its own. In a CSV every cell
is text; in an XLSX a cell may also be a number, a date or a truth value, as Excel stores them."""

import csv
import datetime
import re

import pytest
import xlsxwriter
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxjy.imports.choices import ImportKind, ImportMode
from jxjy.imports.pipeline import import_file
from jxjy.imports.tests.files import write_typed_row
from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row
from jxjy.records.claims import check_claim
from jxjy.records.models import LearningRecord

STABLE_CODE = re.compile(r"[a-z][a-z0-9_]*")  # as the API and the --json summary give them

DAMAGE = st.one_of(
    st.just(""),
    st.text(max_size=12),
    st.text(alphabet="0123456789０１２３４５６７８９xX -/.年月日E+#学时\u3000", max_size=20),
    st.integers(min_value=-(10**19), max_value=10**19).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2200, 1, 1)).map(
        lambda day: f"{day.year}年{day.month}月{day.day}日"
    ),
    st.sampled_from(["#REF!", "#N/A", "公需科目", "专业科目", "远程教育", "-8", "0", "7.55", "1e3"]),
)


# What Excel stores instead of text: numbers (an ID number or a date typed into a General cell),
# dates and times, TRUE/FALSE.
TYPED_DAMAGE = st.one_of(
    DAMAGE,
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20, max_value=1e20),
    st.integers(min_value=-(10**15), max_value=10**18),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2200, 1, 1)),  # noqa: DTZ001
    st.booleans(),
)


def damaged_rows(people, damage=DAMAGE):
    """One to five rows, each a good row of one of `people` with some cells replaced by damage."""
    one_row = st.builds(
        lambda person, number, damage: [
            damage.get(position, cell) for position, cell in enumerate(record_row(person, f"P-{number}"))
        ],
        st.sampled_from(people),
        st.integers(min_value=1, max_value=4),  # small: duplicates within a file happen
        st.dictionaries(st.integers(min_value=0, max_value=len(RECORD_HEADER) - 1), damage, max_size=4),
    )
    return st.lists(one_row, min_size=1, max_size=5)


class _Undo(Exception):
    pass


def write_csv(path, rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(RECORD_HEADER)
        writer.writerows(rows)


def write_xlsx(path, rows) -> None:
    with xlsxwriter.Workbook(path) as book:
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, RECORD_HEADER)
        for line, row in enumerate(rows, 1):
            write_typed_row(sheet, line, row, date_format)


@pytest.mark.parametrize(
    ("suffix", "write", "damage"), [("csv", write_csv, DAMAGE), ("xlsx", write_xlsx, TYPED_DAMAGE)]
)
def test_damaged_rows_never_crash_and_never_import_a_row_that_fails_the_checks(
    rules, world, base_registrar, tmp_path, suffix, write, damage
):
    people = [world["wang"], world["doctor"]]
    today = timezone.localdate()
    seen = {"imported": 0, "refused": 0}

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(damaged_rows(people, damage))
    def check(rows):
        path = tmp_path / f"名单.{suffix}"
        write(path, rows)
        try:
            with transaction.atomic():  # each example starts from the same database
                summary = import_file(
                    kind=ImportKind.RECORDS,
                    path=path,
                    organization=world["base"],
                    actor=base_registrar,
                    role="base_registrar",
                    mode=ImportMode.VALID,
                )
                assert summary.file_refused is None
                assert summary.rows == len(rows)
                assert summary.imported + summary.refused + summary.already_present == len(rows)
                seen["imported"] += summary.imported
                seen["refused"] += summary.refused
                for error in summary.errors:
                    assert 2 <= error.row <= len(rows) + 1
                    assert error.column in RECORD_HEADER
                    assert STABLE_CODE.fullmatch(error.code), error.code
                    assert error.message
                imported = list(LearningRecord.objects.filter(issuer=world["base"]).select_related("person"))
                assert len(imported) == summary.imported
                for record in imported:
                    record.full_clean()
                    record.year = None  # let the single-record check decide it again
                    claim = check_claim(record, today=today)
                    assert claim.claimed_tenths == record.claimed_tenths == record.recognised_tenths
                raise _Undo
        except _Undo:
            pass

    check()
    assert seen["imported"] and seen["refused"]  # the examples held both good and damaged rows
