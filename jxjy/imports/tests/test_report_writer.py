"""The report's rows, written one XML piece a row, against xlsxwriter's own per-cell output (the
writer the report used before, kept here as the reference) for every type a file's cell may have."""

import datetime
import zipfile

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from jxjy.imports.report import REASONS, RESULT, ReportWriter

HEADER = ["公民身份号码", "姓名", "开始日期", "学时", "备注"]


def reference_report(path, header, lines) -> None:
    """xlsxwriter cell by cell, as ReportWriter wrote before its rows became one piece each."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("导入结果")
    text = book.add_format({"num_format": "@"})
    refused = book.add_format({"font_color": "#b42318"})
    header_format = book.add_format({"bold": True, "bg_color": "#eef2f6"})
    width = len(header)
    sheet.write_row(0, 0, [*header, RESULT, REASONS], header_format)
    sheet.freeze_panes(1, 0)
    for line, cells, result, reasons, is_refused in lines:
        for position, value in enumerate(cells[:width]):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(line, position, value, text)
            else:
                sheet.write(line, position, value)
        if result is None:
            continue
        sheet.write_string(line, width, result)
        if reasons:
            sheet.write_string(line, width + 1, reasons, refused if is_refused else None)
    book.close()


def fast_report(path, header, lines) -> None:
    writer = ReportWriter(path)
    writer.start(header)
    for line, cells, result, reasons, is_refused in lines:
        writer.row(line, cells, result, reasons, refused=is_refused)
    writer.close()


def parts(path) -> tuple[str, str]:
    with zipfile.ZipFile(path) as package:
        return package.read("xl/worksheets/sheet1.xml").decode(), package.read("xl/styles.xml").decode()


def both(tmp_path, lines, header=HEADER):
    reference, fast = tmp_path / "reference.xlsx", tmp_path / "fast.xlsx"
    reference_report(reference, header, lines)
    fast_report(fast, header, lines)
    return parts(reference), parts(fast)


LINES = [
    (1, ["650102198805170024", "王芳", "2026-03-05", "12", None], "已导入", "", False),
    (2, ["65010219880517002X", "  前后空格 ", datetime.date(2026, 3, 5), 7.5, "A&B <c> \x01 _x0041_"],
     "未导入", "学时：学时必须大于 0；姓名：与身份证号不符", True),
    (3, [6.50102198805e17, "李强", datetime.datetime(2026, 3, 5, 8, 30), 12, True],  # noqa: DTZ001 - as calamine
     "已更新", "姓名：李四 → 李强", False),
    (4, ["", "张伟", datetime.time(8, 30), 1e20, False], "已存在", "", False),
    (5, [None, None, None, None, None], None, "", False),  # an empty row the run never reached
    (6, ["650102198805170024", "马丽", datetime.timedelta(hours=36), -3, "#N/A"], None, "", False),
    (8, ["650102198805170024", "多出的列", None, 1, None, "超出表头的格"], "已导入", "", False),
    # A CSV's rows: every cell text (written without a tuple per cell), blanks and a cell past the header.
    (9, ["650102198805170024", "赵六", "2026-03-05", "", " 7.5", "超出"], "未导入", "学时：格式不对", True),
    (10, ["650102198805170024", "钱七"], "已导入", "", False),
    (11, [], None, "", False),
]  # fmt: skip


def test_rows_of_every_cell_type_are_the_xml_xlsxwriter_writes(tmp_path):
    (reference_sheet, reference_styles), (fast_sheet, fast_styles) = both(tmp_path, LINES)
    assert fast_sheet == reference_sheet
    assert fast_styles == reference_styles


def test_a_report_without_rows_is_the_header_alone(tmp_path):
    (reference_sheet, _), (fast_sheet, _) = both(tmp_path, [])
    assert fast_sheet == reference_sheet
    rows = CalamineWorkbook.from_path(str(tmp_path / "fast.xlsx")).get_sheet_by_index(0).to_python()
    assert rows == [[*HEADER, RESULT, REASONS]]


def test_a_cell_that_looks_like_rich_text_xml_stays_text(tmp_path):
    """xlsxwriter would paste <r>…</r> into the sheet unescaped: a cell of an upload could break it."""
    hostile = '<r></t></is></c><c r="Z9"><v>1</v></c><is><t></r>'
    fast_report(tmp_path / "fast.xlsx", HEADER, [(1, [hostile, "王芳"], "未导入", "原因", True)])
    rows = CalamineWorkbook.from_path(str(tmp_path / "fast.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[1][:2] == [hostile, "王芳"] and rows[1][-2:] == ["未导入", "原因"]


text_cells = st.one_of(st.none(), st.text(max_size=40)).filter(
    lambda text: text is None or not (text.startswith("<r>") and text.endswith("</r>"))
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.lists(text_cells, max_size=7),
            st.one_of(st.none(), st.sampled_from(["已导入", "未导入", "已更新"])),
            st.text(max_size=30),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_any_text_is_written_as_xlsxwriter_writes_it(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("report")
    # The first row's text cell gives the text style its number before any reason can (as in a file).
    lines = [(1, ["表头下第一行"], "已导入", "", False)]
    lines += [(number, cells, result, reasons, refused) for number, (cells, result, reasons, refused)
              in enumerate(rows, start=2)]  # fmt: skip
    (reference_sheet, _), (fast_sheet, _) = both(folder, lines)
    assert fast_sheet == reference_sheet
