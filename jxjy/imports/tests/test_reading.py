import datetime
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxjy.imports import reading, xlsx_slices
from jxjy.imports.errors import FileRefused
from jxjy.imports.reading import open_table
from jxjy.imports.tests import files
from jxjy.imports.tests.files import HEADER, ID, ID_X

MB = 1 << 20
ROWS = [HEADER, ["张三", ID, "2026年3月5日", "7.5"], ["", "", "", ""], ["李四,", ID_X, "2026/3/5", "8"]]


@pytest.fixture(autouse=True, params=["whole sheet", "a slice per row"])
def xlsx_slicing(request, monkeypatch):
    """Every XLSX here is read twice: as one slice, and cut after every row (how a big sheet is read)."""
    if request.param == "a slice per row":
        monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", 1)


def read(path, **limits):
    table = open_table(path, path.name, max_bytes=limits.pop("max_bytes", 50 * MB), **limits)
    return table, list(table.rows())


def refused(path, **limits) -> str:
    with pytest.raises(FileRefused) as caught:
        read(path, **limits)
    assert caught.value.message  # renders in Chinese
    return caught.value.code


# --- XLSX ------------------------------------------------------------------------------------------


def test_id_numbers_keep_the_types_excel_stored(tmp_path):
    table, rows = read(files.xlsx_damaged_ids(tmp_path))
    assert (table.format, table.sheet, table.header, table.header_row) == ("xlsx", "人员", HEADER, 1)
    assert [number for number, _cells in rows] == [2, 3, 4, 5]
    assert isinstance(rows[0][1][1], float)  # typed into a General cell: a number
    assert rows[1][1][1] == "6.50102E+17"
    assert rows[2][1] == ["王五", ID, None, None]  # empty cells are None


def test_dates_come_as_excel_stored_them(tmp_path):
    _table, rows = read(files.xlsx_dates(tmp_path))
    column = [cells[2] for _number, cells in rows]
    assert column[:3] == [datetime.date(2026, 3, 5), 46086.0, datetime.date(2026, 3, 5)]
    assert column[3:] == ["2026年3月5日", "2026.3.5", "2026/3/5", "２０２６－０３－０５", "2026-02-30"]


def test_layout_empty_first_sheet_title_merged_and_blank_rows(tmp_path):
    table, rows = read(files.xlsx_layout(tmp_path))
    assert table.sheet == "名单"  # not the empty Sheet1 before it, nor the notes after it
    assert table.header_row == 3  # the merged title above is passed over
    assert table.header == ["姓名", "公民身份号码", "开始日期", "学时"]  # spaces and 全角空格 gone
    # Row 6 (the lower half of a merged cell) and row 7 are blank; row 9 holds only spaces.
    assert [number for number, _cells in rows] == [4, 5, 8]
    assert rows[1][1] == ["李四", ID_X, "2026-03-06", 7.5]


def test_formula_cells_give_cached_values_and_their_errors(tmp_path):
    _table, rows = read(files.xlsx_formulas(tmp_path))
    assert [(number, cells[3]) for number, cells in rows] == [(2, 7.5), (3, "#DIV/0!"), (4, "#REF!")]


def test_formula_errors_are_found_in_a_sheet_with_prefixed_tags(tmp_path):
    """The Open XML SDK writes <x:c t="e"><x:f>…</x:f><x:v>#DIV/0!</x:v></x:c>."""
    _table, rows = read(files.with_prefixed_tags(files.xlsx_formulas(tmp_path)))
    assert [(number, cells[3]) for number, cells in rows] == [(2, 7.5), (3, "#DIV/0!"), (4, "#REF!")]


@pytest.mark.parametrize(
    "workbook", [files.xlsx_layout, files.xlsx_dates, files.xlsx_formulas, files.xlsx_damaged_ids]
)
def test_a_strict_open_xml_workbook_reads_as_the_transitional_one(tmp_path, workbook):
    """Excel can save "Strict Open XML": the same parts in other namespaces, which calamine reads."""
    transitional = read(workbook(tmp_path))
    strict_folder = tmp_path / "strict"
    strict_folder.mkdir()
    strict = read(files.as_strict(workbook(strict_folder)))
    with zipfile.ZipFile(strict_folder / transitional[0].filename) as archive:
        assert b"purl.oclc.org/ooxml/spreadsheetml/main" in archive.read("xl/workbook.xml")
    assert (strict[0].header, strict[0].header_row, strict[0].sheet) == (
        transitional[0].header, transitional[0].header_row, transitional[0].sheet,
    )  # fmt: skip
    assert strict[1] == transitional[1]


def test_a_sheet_without_row_and_cell_references(tmp_path):
    """r is optional: a row without it follows the row before. A slice must not start again at 1."""
    table, rows = read(
        files.without_references(files.xlsx_layout(tmp_path), sheet="xl/worksheets/sheet2.xml")
    )
    # The rows xlsxwriter left out (blank ones) are gone with the numbers that placed them.
    assert (table.header_row, table.header) == (2, HEADER)
    assert [number for number, _cells in rows] == [3, 4, 5]
    assert rows[1][1] == ["李四", ID_X, "2026-03-06", 7.5]


def test_rows_can_be_read_twice(tmp_path):
    table, rows = read(files.xlsx_layout(tmp_path))
    assert list(table.rows()) == rows


def test_an_only_empty_workbook_is_refused(tmp_path):
    path = files.xlsx_rows(tmp_path, "blank.xlsx", [" ", ""], [])
    assert refused(path) == "empty_file"


# --- CSV -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "encoding", "delimiter"),
    [
        ("utf8_bom", "utf-8-sig", ","),
        ("utf8", "utf-8", ","),
        ("gbk", "gb18030", ","),
        ("utf16", "utf-16", "\t"),
    ],
)
def test_csv_as_excel_writes_it(tmp_path, kind, encoding, delimiter):
    table, rows = read(files.csv_as_excel(tmp_path, f"{kind}.csv", ROWS, kind))
    assert (table.format, table.encoding, table.delimiter) == ("csv", encoding, delimiter)
    assert table.header == HEADER
    # Row 3 is blank; the row after it keeps its number.
    assert rows == [(2, ROWS[1]), (4, ROWS[3])]


def test_a_short_gbk_file_is_not_mistaken(tmp_path):
    roster = [["姓名", "单位"], ["王芳", "乌鲁木齐"]]
    table, rows = read(files.csv_as_excel(tmp_path, "short.csv", roster, "gbk"))
    assert table.encoding == "gb18030"
    assert rows == [(2, ["王芳", "乌鲁木齐"])]


def test_utf8_character_cut_at_the_edge_of_the_first_megabyte(tmp_path):
    line = "张" * 1000 + "\n"  # 3001 bytes
    for pad in range(1, 20):
        offset = (reading.HEAD_BYTES - pad - 1) % len(line.encode())
        if offset < 3000 and offset % 3:
            break  # the edge falls inside a character
    path = tmp_path / "edge.csv"
    path.write_bytes(("h" * pad + "\n" + line * 400).encode("utf-8"))
    table, rows = read(path)
    assert table.encoding == "utf-8"
    assert len(rows) == 400 and rows[-1] == (401, ["张" * 1000])


def test_semicolon_and_multiline_cells(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_bytes('姓名;备注\r\n张三;"第一行\r\n第二行"\r\n李四;无\r\n'.encode())
    table, rows = read(path)
    assert table.delimiter == ";"
    assert rows == [(2, ["张三", "第一行\r\n第二行"]), (3, ["李四", "无"])]  # one record is one row


def test_a_torn_byte_in_a_gbk_file_spoils_only_its_cell(tmp_path):
    path = tmp_path / "torn.csv"
    body = "姓名,单位\r\n" + "张三,乌鲁木齐市\r\n" * 100
    path.write_bytes(body.encode("gbk") + b"\x81\x30,x\r\n" + "李四,一\r\n".encode("gbk"))
    table, rows = read(path)
    assert table.encoding == "gb18030"
    assert "\ufffd" in rows[-2][1][0]  # and cells.text refuses it as encoding_damaged
    assert rows[-1] == (103, ["李四", "一"])


def test_a_short_file_with_a_torn_byte_is_refused(tmp_path):
    path = tmp_path / "torn.csv"
    path.write_bytes("姓名,单位\r\n张三,一\r\n".encode("gbk") + b"\x81\x30,x\r\n")
    assert refused(path) == "unknown_encoding"


def test_field_over_the_csv_limit(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(b'a,b\r\n"' + b"x" * 200_000 + b'",1\r\n')
    table = open_table(path, "long.csv", max_bytes=MB)
    with pytest.raises(FileRefused) as caught:
        list(table.rows())
    assert caught.value.code == "csv_malformed"


# --- content, not name -----------------------------------------------------------------------------


def test_an_xlsx_that_is_really_csv(tmp_path):
    path = files.csv_as_excel(tmp_path, "名单.xlsx", ROWS, "gbk")
    table, rows = read(path)
    assert (table.format, table.encoding) == ("csv", "gb18030")
    assert len(rows) == 2


def test_a_csv_that_is_really_xlsx(tmp_path):
    source = files.xlsx_rows(tmp_path, "real.xlsx", HEADER, [["张三", ID, "2026-03-05", 8]])
    path = tmp_path / "名单.csv"
    path.write_bytes(source.read_bytes())
    table, rows = read(path)
    assert table.format == "xlsx"
    assert rows == [(2, ["张三", ID, "2026-03-05", 8.0])]


def test_open_file_objects_of_both_kinds(tmp_path):
    xlsx = files.xlsx_rows(tmp_path, "real.xlsx", HEADER, [["张三", ID, "2026-03-05", 8]])
    csv = files.csv_as_excel(tmp_path, "a.csv", ROWS, "utf16")
    for path in (xlsx, csv):
        upload = io.BytesIO(path.read_bytes())
        table = open_table(upload, path.name, max_bytes=MB)
        assert len(list(table.rows())) in (1, 2)
        assert not upload.closed  # the caller's file is left open


@pytest.mark.parametrize(("make", "code"), files.NOT_TABLES)
def test_files_that_are_not_tables(tmp_path, make, code):
    assert refused(make(tmp_path)) == code


def test_a_word_document_and_a_plain_zip(tmp_path):
    for name, member in [("a.xlsx", "word/document.xml"), ("b.xlsx", "x.txt")]:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(member, "x")
        assert refused(path) == "not_a_table"


def test_binary_without_a_signature(tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(range(256)) * 4)
    assert refused(path) in ("not_a_table", "unknown_encoding")


# --- limits ----------------------------------------------------------------------------------------


def test_zip_bomb_by_ratio(tmp_path):
    assert refused(files.zip_bomb(tmp_path, unpacked_mb=50)) == "archive_bomb"


def test_zip_bomb_by_absolute_size(tmp_path):
    path = files.zip_bomb(tmp_path, unpacked_mb=20)
    assert refused(path, max_ratio=10**6, max_unpacked_bytes=10 * MB) == "archive_bomb"


def test_file_over_the_size_limit(tmp_path):
    path = files.oversized_csv(tmp_path, 2 * MB)
    assert refused(path, max_bytes=MB) == "file_too_large"
    assert read(path, max_bytes=3 * MB)[0].format == "csv"


def test_empty_and_blank_files(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "blank.csv").write_bytes(b"\xef\xbb\xbf\r\n , \r\n\t\r\n")
    assert refused(tmp_path / "empty.csv") == "empty_file"
    assert refused(tmp_path / "blank.csv") == "empty_file"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=500).map(lambda b: b"\xef\xbb\xbf" + b),
        st.binary(max_size=500).map(lambda b: b"\xff\xfe" + b),
        st.text(max_size=300).map(lambda t: t.encode("gb18030")),
    )
)
def test_random_bytes_never_crash(data):
    try:
        table = open_table(io.BytesIO(data), "random", max_bytes=MB)
    except FileRefused:
        return
    try:
        for number, cells in table.rows():
            assert number > table.header_row and isinstance(cells, list)
    except FileRefused:
        pass
