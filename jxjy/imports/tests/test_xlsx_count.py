"""A sheet's data rows counted from its XML are the rows the reader gives."""

import tempfile
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxjy.imports import xlsx_count, xlsx_slices
from jxjy.imports.errors import FileRefused
from jxjy.imports.reading import NOTES_PREFIX, open_table
from jxjy.imports.tests import files
from jxjy.imports.tests.test_xlsx_slices import SHEETS, write_sheet

MB = 1 << 20


def table_of(path):
    return open_table(path, path.name, max_bytes=50 * MB)


def read_count(table, up_to: int) -> tuple[int, int]:
    numbers = [number for number, _cells in table.rows()]
    return len(numbers), sum(number <= up_to for number in numbers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(**SHEETS, numbered=st.booleans(), up_to=st.integers(0, 30))
def test_counted_rows_are_the_rows_read(
    monkeypatch, width, rows, left, shared_strings, slice_bytes, numbered, up_to
):
    """Random rows, blank ones and cells of only spaces among them, in strings shared or inline, with
    and without row numbers, counted in runs of every size: the count is what the reader reads."""
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", slice_bytes)
    monkeypatch.setattr(xlsx_count, "SLICE_BYTES", slice_bytes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "名单.xlsx"
        write_sheet(
            path,
            [f"列{position}" for position in range(width)],
            rows,
            shared_strings=shared_strings,
            left=left,
        )
        if not numbered:
            files.without_references(path)
        table = table_of(path)
        assert table.count_rows(up_to=up_to) == read_count(table, up_to)


@pytest.mark.parametrize(
    "workbook", [files.xlsx_layout, files.xlsx_dates, files.xlsx_formulas, files.xlsx_damaged_ids]
)
@pytest.mark.parametrize("slice_bytes", [1, 24 * MB])
def test_the_damage_files_are_counted_as_read(tmp_path, monkeypatch, workbook, slice_bytes):
    monkeypatch.setattr(xlsx_count, "SLICE_BYTES", slice_bytes)
    table = table_of(workbook(tmp_path))
    assert table.count_rows(up_to=4) == read_count(table, 4)


@pytest.mark.parametrize("inline_strings", [False, True])
@pytest.mark.parametrize(
    ("rows", "counted"),
    [
        ([[NOTES_PREFIX + "学时填数字", ""], ["张三", 8], ["李四", 4]], (2, 1)),  # our template's notes row
        ([["张三", 8], [NOTES_PREFIX + "另见附件", 4]], (2, 2)),  # the words, not under the header: data
    ],
)
def test_the_notes_row_under_the_header_is_not_counted(tmp_path, inline_strings, rows, counted):
    path = tmp_path / "模板.xlsx"
    with xlsxwriter.Workbook(path, {"constant_memory": inline_strings}) as book:
        sheet = book.add_worksheet()
        for line, row in enumerate([["姓名", "学时"], *rows]):
            sheet.write_row(line, 0, row)
    table = table_of(path)
    assert table.count_rows(up_to=3) == read_count(table, 3) == counted


def test_a_plain_workbook_is_counted_without_reading_its_cells(tmp_path, monkeypatch):
    """Without our notes' words in it, no cell of the workbook is read to count its rows."""
    path = files.xlsx_rows(tmp_path, "名单.xlsx", ["姓名", "学时"], [[f"人员{n}", n] for n in range(50)])
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", 1)
    table = table_of(path)
    reads = []
    read_sheet = xlsx_slices._calamine_sheet
    monkeypatch.setattr(xlsx_slices, "_calamine_sheet", lambda *args: reads.append(args) or read_sheet(*args))
    assert table.count_rows(up_to=20) == (50, 19)
    assert reads == []


def test_a_blank_shared_string_leaves_the_count_to_the_reader(tmp_path):
    path = files.xlsx_rows(
        tmp_path, "名单.xlsx", ["姓名", "学时"], [["张三", 8], ["\u3000", ""], ["李四", 4]]
    )
    table = table_of(path)
    assert table._counter(header_row=1, notes_mark=NOTES_PREFIX, notes_row=lambda: 0) is None
    assert table.count_rows() == (2, 0)


def test_a_csv_is_counted_by_reading_it(tmp_path):
    rows = [["姓名", "学时"], ["张三", "8"], ["", ""], ["李四", "4"]]
    table = table_of(files.csv_as_excel(tmp_path, "名单.csv", rows, "utf8_bom"))
    assert table.count_rows(up_to=3) == (2, 1)


@pytest.mark.parametrize("slice_bytes", [1, 24 * MB])
@pytest.mark.parametrize("inline_strings", [False, True])
def test_formatted_blank_rows_and_rows_of_spaces_are_not_counted(
    tmp_path, monkeypatch, slice_bytes, inline_strings
):
    """A clerk formats whole rows (a fill, a border) below the data, or types a space into a cell:
    the reader passes such rows over, and so does the count. The inline workbook keeps its spaces in
    the sheet (xlsxwriter's constant-memory mode), so no shared string is blank."""
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", slice_bytes)
    monkeypatch.setattr(xlsx_count, "SLICE_BYTES", slice_bytes)
    path = tmp_path / "名单.xlsx"
    with xlsxwriter.Workbook(path, {"constant_memory": inline_strings}) as book:
        sheet = book.add_worksheet()
        fill = book.add_format({"bg_color": "#FFFF00", "border": 1})
        sheet.write_row(0, 0, ["姓名", "学时"])
        sheet.write_row(1, 0, ["张三", 8])
        sheet.write_blank(2, 0, None, fill)  # <c r="A3" s="1"/>
        sheet.write_blank(2, 1, None, fill)
        sheet.set_row(3, None, fill)  # <row r="4" s="1" customFormat="1"/>
        if inline_strings:
            sheet.write_row(4, 0, [" ", "\u3000"])  # <is><t xml:space="preserve"> </t></is>
        sheet.write_row(5, 0, ["李四", 4])
        sheet.write_blank(6, 0, None, fill)
    table = table_of(path)
    assert table.count_rows(up_to=4) == read_count(table, 4) == (2, 1)


def test_a_sheet_torn_past_its_first_rows_is_refused_by_the_count(tmp_path, monkeypatch):
    """The file opens (its header is read), and the count finds the damage further on."""
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", 1000)
    path = tmp_path / "torn.xlsx"
    write_sheet(
        path, ["姓名", "学时"], [[f"张三{line}", line] for line in range(40_000)], shared_strings=True
    )
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(files.SHEET)
    data = bytearray(path.read_bytes())
    end = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size
    for offset in range(end - 400, end - 340):  # late in the sheet's deflate stream
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    table = table_of(path)
    with pytest.raises(FileRefused) as caught:
        table.count_rows()
    assert caught.value.code == "file_damaged"
