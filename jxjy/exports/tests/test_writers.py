"""The file writers on their own: CSV bytes, the formula guard, and the XLSX fast row path checked
against xlsxwriter's own per-cell output."""

import datetime
import io

import xlsxwriter

from jxjy.exports.tests.helpers import cell_formats, csv_rows, sheet_xml, xlsx_rows
from jxjy.exports.writers import Field, Kind, guard_formula, stream_csv, write_xlsx

HEADER = [
    Field("姓名"),
    Field("公民身份号码", Kind.ID_NUMBER, 22),
    Field("开始日期", Kind.DATE),
    Field("学时", Kind.HOURS),
    Field("年度", Kind.INTEGER),
]
ROWS = [
    ("王芳", "650102198805170024", datetime.date(2026, 3, 5), 125, 2026),
    ('=HYPERLINK("http://x")', "01234567890123456X", datetime.date(1988, 5, 17), 80, 2025),
    ("  前后空格 ", "6501**********0024", None, None, None),
    ("A&B <c> \x01 _x0041_", "", datetime.date(2000, 1, 1), 0, 0),
]


def _xlsx(rows=ROWS) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(HEADER, rows, buffer)
    return buffer.getvalue()


def test_csv_starts_with_the_bom_and_decodes():
    body = b"".join(stream_csv(HEADER, ROWS))
    assert body.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(body)
    assert rows[0] == ["姓名", "公民身份号码", "开始日期", "学时", "年度"]
    assert rows[1] == ["王芳", "650102198805170024", "2026-03-05", "12.5", "2026"]
    assert rows[3] == ["  前后空格 ", "6501**********0024", "", "", ""]
    assert rows[4][3] == "0.0"


def test_csv_guards_formulas_in_text_cells_only():
    header = [Field("备注"), Field("学时", Kind.HOURS)]
    rows = [(start + "1+1", -30) for start in ("=", "+", "-", "@", "\t", "\r")] + [("正常", 10)]
    parsed = csv_rows(b"".join(stream_csv(header, rows)))[1:]
    assert [row[0] for row in parsed[:-1]] == ["'=1+1", "'+1+1", "'-1+1", "'@1+1", "'\t1+1", "'\r1+1"]
    assert parsed[0][1] == "-3.0"  # a number we wrote, not a formula
    assert parsed[-1] == ["正常", "1.0"]
    assert guard_formula("a=b") == "a=b"


def test_csv_comes_in_chunks_not_one_piece():
    rows = [("张三", "x", None, 10, 1)] * 1200
    chunks = list(stream_csv(HEADER, rows))
    assert len(chunks) == 4  # header, 500, 500, 200
    assert len(csv_rows(b"".join(chunks))) == 1201


def test_xlsx_reads_back_with_types():
    rows = xlsx_rows(_xlsx())
    assert rows[0] == ["姓名", "公民身份号码", "开始日期", "学时", "年度"]
    assert rows[1] == ["王芳", "650102198805170024", datetime.date(2026, 3, 5), 12.5, 2026]
    assert rows[2][:2] == ['=HYPERLINK("http://x")', "01234567890123456X"]  # text, never a formula
    assert rows[3][0] == "  前后空格 "
    assert rows[4][0] == "A&B <c> \x01 _x0041_"


def test_xlsx_cell_types_and_formats():
    formats = cell_formats(_xlsx())
    assert formats["B2"] == ("inlineStr", "@")  # ID number: a text cell formatted as text
    assert formats["B3"] == ("inlineStr", "@")
    assert formats["C2"] == ("n", "yyyy-mm-dd")
    assert formats["D2"] == ("n", "0.0")
    assert formats["E2"] == ("n", "General")
    assert "C4" not in formats  # None: no cell at all


def test_xlsx_header_frozen_with_filter_and_widths():
    xml = sheet_xml(_xlsx())
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in xml
    assert '<autoFilter ref="A1:E5"/>' in xml
    assert '<dimension ref="A1:E5"/>' in xml
    assert 'width="22.7109375"' in xml


def test_fast_rows_are_the_xml_xlsxwriter_writes_cell_by_cell():
    """Guards the fast path against drift from xlsxwriter (escapes, whitespace, dates, numbers)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = workbook.add_worksheet("Sheet1")
    bold = workbook.add_format({"bold": True})
    formats = {
        Kind.ID_NUMBER: workbook.add_format({"num_format": "@"}),
        Kind.HOURS: workbook.add_format({"num_format": "0.0"}),
        Kind.DATE: workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    for index, field in enumerate(HEADER):
        sheet.set_column(index, index, field.width, formats.get(field.kind))
        sheet.write_string(0, index, field.label, bold)
    sheet.freeze_panes(1, 0)
    for row_number, row in enumerate(ROWS, start=1):
        for col, (field, value) in enumerate(zip(HEADER, row, strict=True)):
            if value is None or value == "":
                continue
            if field.kind is Kind.DATE:
                sheet.write_datetime(row_number, col, value, formats[Kind.DATE])
            elif field.kind is Kind.HOURS:
                sheet.write_number(row_number, col, value / 10, formats[Kind.HOURS])
            elif field.kind is Kind.INTEGER:
                sheet.write_number(row_number, col, value)
            else:
                sheet.write_string(row_number, col, value, formats.get(field.kind))
    sheet.autofilter(0, 0, len(ROWS), len(HEADER) - 1)
    workbook.close()
    assert sheet_xml(_xlsx()) == sheet_xml(buffer.getvalue())


def test_xlsx_without_rows_has_the_header_only():
    assert xlsx_rows(_xlsx(rows=[])) == [["姓名", "公民身份号码", "开始日期", "学时", "年度"]]
