"""Each kind of real-world damage, in a real file imported end to end: the exact row, column and code
of every refusal, and what the rows that could be read became.

The cell readers and the file readers have their own tests (test_cells, test_reading); these hold
the whole way from the file to the records, as a base's registrar meets it."""

import datetime

import pytest
import xlsxwriter
from django.test import override_settings
from django.utils import timezone

from jxjy.imports import xlsx_slices
from jxjy.imports.choices import ImportMode
from jxjy.imports.tests import files
from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row, run
from jxjy.records.models import LearningRecord
from jxjy.testing.factories import PersonFactory

EXCEL_EPOCH = datetime.date(1899, 12, 30)
ID, NAME, START, END, QUANTITY, CERTIFICATE = (RECORD_HEADER.index(name) for name in (
    "公民身份号码", "姓名", "开始日期", "结束日期", "数量", "证书编号"))  # fmt: skip


@pytest.fixture(autouse=True, params=["whole sheet", "a slice per row"])
def xlsx_slicing(request, monkeypatch):
    """Every XLSX here is read twice: as one slice, and cut after every row (how a big sheet is read)."""
    if request.param == "a slice per row":
        monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", 1)


def first_of_year() -> datetime.date:
    """A day of the current year that is never in the future (the rules cover the current year)."""
    return datetime.date(timezone.localdate().year, 1, 1)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.fixture
def zhao(world):
    """A person whose ID number ends in X."""
    return PersonFactory(
        name="赵六", unit=world["unit_a"], id_number=files.ID_X, birth_date=datetime.date(1990, 1, 1)
    )


def errors_of(summary) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.code) for error in summary.errors]


def imported(world) -> dict[str, LearningRecord]:
    return {r.certificate_number: r for r in LearningRecord.objects.filter(issuer=world["base"])}


def test_an_xlsx_as_people_fill_it_in(rules, world, zhao, tmp_path):
    """Numbers where text belongs, dates in every form, formulas, and a blank row in the middle."""
    doctor, wang = world["doctor"], world["wang"]
    day = first_of_year()
    serial = (day - EXCEL_EPOCH).days
    path = tmp_path / "结业名单.xlsx"
    with xlsxwriter.Workbook(path) as book:
        date_format = book.add_format({"num_format": "yyyy/m/d"})
        sheet = book.add_worksheet("结业名单")
        sheet.write_row(0, 0, RECORD_HEADER)

        def row(excel_row: int, person, certificate: str, **overrides):
            sheet.write_row(excel_row - 1, 0, record_row(person, certificate, **overrides))

        row(2, doctor, "D-2")
        row(3, wang, "D-3")
        sheet.write_number(2, ID, float(wang.id_number[:15] + "000"))  # typed into a General cell
        row(4, wang, "D-4", 公民身份号码="6.50102E+17")  # what Excel showed, pasted back as text
        id_x = zhao.id_number
        row(5, zhao, "D-5", 公民身份号码=f"{full_width(id_x[:6])} {id_x[6:14]}\u3000{id_x[14:].lower()}")
        row(6, doctor, "D-6")
        sheet.write_datetime(5, START, datetime.datetime.combine(day, datetime.time()), date_format)
        sheet.write_datetime(5, END, datetime.datetime.combine(day, datetime.time()), date_format)
        row(7, doctor, "D-7")
        sheet.write_number(6, START, serial)  # a date column left in General format: the serial
        sheet.write_number(6, END, serial, date_format)
        row(8, wang, "D-8", 开始日期=f"{day.year}年1月1日", 结束日期=f"{day.year}.1.1")
        row(9, wang, "D-9", 开始日期=f"{day.year}/1/1", 结束日期=full_width(day.isoformat()))
        row(10, wang, "D-10", 开始日期=f"{day.year}-02-30")
        row(11, doctor, "D-11")
        sheet.write_formula(10, QUANTITY, "=3+4.5", None, 7.5)
        row(12, doctor, "D-12")
        sheet.write_formula(11, QUANTITY, "=1/0", None, "#DIV/0!")
        row(13, doctor, "D-13")
        sheet.write_formula(12, QUANTITY, "=#REF!+1", None, "#REF!")
        # row 14 left blank
        row(15, wang, "D-15", 数量=8)
        row(16, doctor, "D-16", 公民身份号码=files.valid_id("65010219700101001"))

    summary = run(path, world)

    assert errors_of(summary) == [
        (3, "公民身份号码", "id_number_as_number"),
        (4, "公民身份号码", "id_number_scientific"),
        (10, "开始日期", "date_invalid"),
        (12, "数量", "formula_error"),
        (13, "数量", "formula_error"),
        (16, "公民身份号码", "person_not_found"),
    ]
    assert f"（{wang.id_number[:15]}000）" in summary.errors[0].message  # what Excel kept of the number
    assert (summary.rows, summary.imported, summary.refused) == (14, 8, 6)
    records = imported(world)
    assert sorted(records, key=lambda number: int(number[2:])) == [
        "D-2", "D-5", "D-6", "D-7", "D-8", "D-9", "D-11", "D-15",
    ]  # fmt: skip
    assert records["D-5"].person == zhao  # full-width digits, spaces and a lowercase x, read
    assert {(r.start_date, r.end_date) for r in records.values()} == {(day, day)}  # every date form
    assert (records["D-11"].quantity_tenths, records["D-15"].quantity_tenths) == (75, 80)


def test_a_workbook_with_a_title_merged_cells_and_sheets_around_the_data(rules, world, tmp_path):
    """An empty first sheet, a merged title above the header, a name merged over two rows, a notes
    sheet after: the data sheet is found and every row keeps the number Excel shows beside it."""
    doctor, wang = world["doctor"], world["wang"]
    path = tmp_path / "登记表.xlsx"
    with xlsxwriter.Workbook(path) as book:
        book.add_worksheet("Sheet1")
        sheet = book.add_worksheet("名单")
        book.add_worksheet("填表说明").write(0, 0, "公民身份号码列请设为文本格式")
        sheet.merge_range(0, 0, 0, len(RECORD_HEADER) - 1, "继续教育学时登记表")
        sheet.write_row(2, 0, RECORD_HEADER)
        sheet.write_row(3, 0, record_row(doctor, "M-4"))
        sheet.write_row(4, 0, record_row(wang, "M-5"))
        sheet.write_row(5, 0, record_row(wang, "M-6", 姓名=""))
        sheet.merge_range(4, NAME, 5, NAME, wang.name)  # Excel keeps the value in the upper cell only
        sheet.write_row(7, 0, record_row(wang, "M-8", 姓名="王　芳"))  # row 7 blank; a wrong name

    summary = run(path, world)

    assert summary.sheet == "名单"
    assert errors_of(summary) == [(6, "姓名", "required"), (8, "姓名", "name_mismatch")]
    assert sorted(imported(world)) == ["M-4", "M-5"]


def test_a_csv_as_chinese_excel_saves_it(rules, world, zhao, tmp_path):
    """GBK, the ID column in Excel's number format (15 digits kept) or shown in scientific notation,
    dates as Excel writes them, a date column in General format (the serial), a lowercase x."""
    doctor, wang = world["doctor"], world["wang"]
    day = first_of_year()
    rows = [
        RECORD_HEADER,
        record_row(doctor, "C-2", 开始日期=f"{day.year}/1/1", 结束日期=f"{day.year}/1/1"),
        record_row(wang, "C-3", 公民身份号码=wang.id_number[:15] + "000"),
        record_row(wang, "C-4", 公民身份号码="6.50102E+17"),
        record_row(doctor, "C-5", 开始日期=str((day - EXCEL_EPOCH).days)),
        record_row(zhao, "C-6", 公民身份号码=zhao.id_number.lower()),
        record_row(wang, "C-7", 数量="八"),
    ]
    summary = run(files.csv_as_excel(tmp_path, "名单.csv", rows, "gbk"), world)

    assert errors_of(summary) == [
        (3, "公民身份号码", "id_number_as_number"),
        (4, "公民身份号码", "id_number_scientific"),
        (7, "数量", "hours_invalid"),
    ]
    assert sorted(imported(world)) == ["C-2", "C-5", "C-6"]
    assert imported(world)["C-5"].start_date == day


@pytest.mark.parametrize(("make", "code"), [*files.NOT_TABLES, (files.zip_bomb, "archive_bomb")])
def test_a_file_that_is_not_what_it_says_is_refused_whole_and_writes_nothing(
    rules, world, tmp_path, make, code
):
    summary = run(make(tmp_path), world)
    assert summary.file_refused is not None and summary.file_refused.code == code
    assert summary.rows == 0 and not LearningRecord.objects.exists()


@override_settings(JXJY_IMPORT_MAX_BYTES=4096)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(rules, world, tmp_path):
    rows = [record_row(world["doctor"], f"S-{n}") for n in range(200)]
    path = files.csv_as_excel(tmp_path, "大文件.csv", [RECORD_HEADER, *rows], "utf8_bom")
    assert path.stat().st_size > 4096
    for mode in ImportMode:
        summary = run(path, world, mode=mode)
        assert summary.file_refused.code == "file_too_large" and summary.rows == 0
    assert not LearningRecord.objects.exists()
