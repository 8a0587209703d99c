"""A sheet read a slice of rows at a time gives what calamine gives reading it whole."""

import datetime
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from jxjy.imports import xlsx_slices
from jxjy.imports.errors import FileRefused
from jxjy.imports.reading import clean_header, open_table
from jxjy.imports.tests.files import with_prefixed_tags, without_references, write_typed_row

MB = 1 << 20
SHEET = "xl/worksheets/sheet1.xml"


def whole_sheet_rows(path) -> list[tuple[int, list]]:
    """The non-blank rows as calamine reads the whole sheet at once (how jxjy read XLSX before):
    numbered from row 1, cells from the first used column, trailing empty cells dropped."""
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = []
    for number, row in enumerate(sheet.iter_rows(), 1):
        cells = [None if cell == "" else cell for cell in row]
        if any(cell is not None and not (isinstance(cell, str) and cell.isspace()) for cell in cells):
            rows.append((number, trimmed(cells)))
    return rows


def trimmed(cells: list) -> list:
    while cells and cells[-1] is None:
        cells = cells[:-1]
    return cells


def write_sheet(path, header: list, rows: list[list], *, shared_strings: bool, left: int = 0) -> None:
    """xlsxwriter writes strings to the shared table by default, inline in its constant-memory mode."""
    with xlsxwriter.Workbook(str(path), {"constant_memory": not shared_strings}) as book:
        sheet = book.add_worksheet("名单")
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        write_typed_row(sheet, 0, [None] * left + header, date_format)
        for line, row in enumerate(rows, 1):
            write_typed_row(sheet, line, [None] * left + row, date_format)


def read_rows(path, slice_bytes: int, monkeypatch) -> tuple:
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", slice_bytes)
    table = open_table(path, path.name, max_bytes=50 * MB)
    return table.header, [(number, trimmed(list(cells))) for number, cells in table.rows()]


TEXT = st.text(alphabet=st.sampled_from("张三李四0123456789Xx <>&\"'　,.-年月日"), max_size=12)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(10**9), 10**9),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda value: round(value, 3)),
    st.dates(datetime.date(1950, 1, 1), datetime.date(2030, 12, 31)),
    st.booleans(),
)


# Random sheets (header width, rows, empty columns on the left, strings shared or inline), read in
# slices of these sizes: the arguments of the property tests here and in test_xlsx_count.
SHEETS = {
    "width": st.integers(2, 6),
    "rows": st.lists(st.lists(CELL, max_size=7), max_size=25),
    "left": st.integers(0, 2),
    "shared_strings": st.booleans(),
    "slice_bytes": st.sampled_from([1, 100, 700, 24 * MB]),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(**SHEETS, numbered=st.sampled_from(["every row", "no row", "odd rows"]))
def test_sliced_rows_are_the_whole_sheets_rows(
    monkeypatch, width, rows, left, shared_strings, slice_bytes, numbered
):
    header = [f"列{position}" for position in range(width)]
    if numbered == "odd rows":
        left = 0  # else the even rows' cells, moved to column A, would be left of the header: left out
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "名单.xlsx"
        write_sheet(path, header, rows, shared_strings=shared_strings, left=left)
        if numbered != "every row":
            without_references(path, keep_odd=numbered == "odd rows")
        expected = whole_sheet_rows(path)
        got_header, got = read_rows(path, slice_bytes, monkeypatch)
    assert got_header == clean_header(expected[0][1])
    assert got == expected[1:]


def test_every_slice_holds_whole_rows_and_together_they_hold_the_sheet(tmp_path):
    path = tmp_path / "big.xlsx"
    rows = [[f"65010219800101{line:04d}", f"第{line}行" * (line % 7), line / 4] for line in range(300)]
    write_sheet(path, ["身份证号", "备注", "学时"], rows, shared_strings=False)
    with zipfile.ZipFile(path) as archive:
        original = archive.read(SHEET)
        slices = list(xlsx_slices._xml_slices(archive, SHEET, 2000))
    assert len(slices) > 5
    start, end = original.index(b"<sheetData>") + len(b"<sheetData>"), original.index(b"</sheetData>")
    head = re.sub(rb"<dimension [^>]*/>", b"", original[:start])  # the whole sheet's size: left out
    body, tail = original[start:end], b"</sheetData></worksheet>"
    longest_row = max(len(row) + len(b"</row>") for row in body.split(b"</row>"))
    rows_xml = []
    for piece in slices:
        assert piece.startswith(head) and piece.endswith(tail)
        inner = piece[len(head) : -len(tail)]
        assert inner.endswith(b"</row>") and len(inner) < 2000 + longest_row
        rows_xml.append(inner)
    assert b"".join(rows_xml) == body


def test_a_sheet_with_prefixed_tags(tmp_path):
    """Some writers (the Open XML SDK among them) put every tag of a sheet under a prefix."""
    path = tmp_path / "prefixed.xlsx"
    write_sheet(path, ["姓名", "学时"], [["张三", 8], ["李四", 7.5], ["王五", 2]], shared_strings=False)
    with_prefixed_tags(path)
    table = open_table(path, path.name, max_bytes=MB)
    with zipfile.ZipFile(path) as archive:
        assert len(list(xlsx_slices._xml_slices(archive, SHEET, 1))) == 4
    assert table.header == ["姓名", "学时"]
    assert list(table.rows()) == [(2, ["张三", 8.0]), (3, ["李四", 7.5]), (4, ["王五", 2.0])]


@pytest.mark.parametrize("member", [SHEET, "xl/sharedStrings.xml"])
def test_torn_parts_are_refused_as_damaged(tmp_path, member):
    path = tmp_path / "torn.xlsx"
    write_sheet(path, ["姓名", "学时"], [[f"张三{line}", line] for line in range(2000)], shared_strings=True)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 200, start + 260):  # inside the member's deflate stream
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(FileRefused) as caught:
        table = open_table(path, path.name, max_bytes=MB)
        list(table.rows())
    assert caught.value.code == "file_damaged"


def test_a_sheet_whose_rows_never_end_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_slices, "MAX_ROW_BYTES", 1000)
    path = tmp_path / "endless.xlsx"
    write_sheet(path, ["姓名", "学时"], [["张三", 1]], shared_strings=False)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    rows_without_ends = members[SHEET].replace(b"</row>", b"")
    members[SHEET] = rows_without_ends.replace(b"<sheetData>", b"<sheetData>" + b" " * 4000)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with zipfile.ZipFile(path) as archive, pytest.raises(FileRefused) as caught:
        list(xlsx_slices._xml_slices(archive, SHEET, 100))
    assert caught.value.code == "file_damaged"


def test_the_temporary_workbooks_are_removed(tmp_path, monkeypatch):
    made = []
    real = tempfile.TemporaryDirectory

    def recorded(*args, **kwargs):
        folder = real(*args, **kwargs)
        made.append(folder.name)
        return folder

    monkeypatch.setattr(xlsx_slices.tempfile, "TemporaryDirectory", recorded)
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", 1)
    path = tmp_path / "a.xlsx"
    write_sheet(path, ["姓名", "学时"], [["张三", line] for line in range(5)], shared_strings=True)
    table = open_table(path, path.name, max_bytes=MB)  # reads only as far as the header
    rows = table.rows()
    next(rows)  # a reader that stops after one row
    rows.close()
    assert len(made) == 2 and not any(os.path.exists(folder) for folder in made)


def test_a_sheet_in_a_compression_zipfile_lacks_is_refused_as_damaged(tmp_path):
    """Windows may pack a big file with Deflate64 (method 9), which Python's zipfile cannot inflate."""
    path = tmp_path / "deflate64.xlsx"
    write_sheet(path, ["姓名", "学时"], [["张三", 1]], shared_strings=True)
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == SHEET else zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    # The method is stated twice: in the member's local header and in the central directory.
    for signature, name_at, method_at in ((b"PK\x03\x04", 30, 8), (b"PK\x01\x02", 46, 10)):
        at = data.find(signature)
        while not data.startswith(SHEET.encode(), at + name_at):
            at = data.find(signature, at + 4)
        data[at + method_at : at + method_at + 2] = (9).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(FileRefused) as caught:
        list(open_table(path, path.name, max_bytes=MB).rows())
    assert caught.value.code == "file_damaged"
