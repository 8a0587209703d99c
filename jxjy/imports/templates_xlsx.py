"""The downloadable XLSX template of each import kind, made from the kind's columns (`Column`), so the
template and the importer cannot drift apart.

Row 1 is the header: exactly the column labels the importer maps (required ones in bold red). Row 2
is the notes row: what goes in each column, with an example; its first cell starts with "说明：",
which is how the reader recognises it and passes over it instead of reading it as data. Typing
starts on row 3. The ID-number column (and the other long digit strings) is formatted as text so
Excel keeps all 18 characters; date columns carry a date format; every column with choices gets a
drop-down list (data validation) whose values sit on a hidden sheet "选项", since Excel caps an
inline list at 255 characters. No example row: it would be imported.
"""

import io
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from xlsxwriter.utility import xl_col_to_name

from jxjy.imports import cells
from jxjy.imports.choices import ImportKind
from jxjy.imports.columns import Column
from jxjy.imports.kinds import people, records
from jxjy.imports.reading import NOTES_PREFIX  # the reader skips this row under the header

OPTIONS_SHEET = "选项"
LAST_ROW = 1_048_575  # Excel's last row (0-based): formats and lists cover every row typed in
TEXT_FIELDS = frozenset({"id_number", "certificate_number", "phone"})  # digits Excel would mangle
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEMPLATES = {
    ImportKind.RECORDS: ("学习记录导入模板", "records-template", records.COLUMNS),
    ImportKind.PEOPLE: ("人员名册导入模板", "people-template", people.COLUMNS),
}


def write_template(kind: str, fileobj) -> None:
    """Write the template of `kind` (an ImportKind) as XLSX into a binary file object."""
    title, _ascii_name, columns = TEMPLATES[kind]
    with xlsxwriter.Workbook(fileobj, {"in_memory": True}) as book:
        styles = _styles(book)
        sheet = book.add_worksheet(title[:31])
        options = book.add_worksheet(OPTIONS_SHEET)
        options.hide()
        options_column = 0
        for position, column in enumerate(columns):
            style = styles["text"] if column.field in TEXT_FIELDS else None
            if column.parse is cells.date:
                style = styles["date"]
            sheet.set_column(position, position, _width(column), style)
            sheet.write_string(0, position, column.label, styles["required" if column.required else "header"])
            notes = _notes(column)
            sheet.write_string(1, position, NOTES_PREFIX + notes if position == 0 else notes, styles["notes"])
            if column.choices:
                source = _choices_source(options, options_column, column)
                options_column += 1
                sheet.data_validation(
                    2,
                    position,
                    LAST_ROW,
                    position,
                    {
                        "validate": "list",
                        "source": source,
                        "error_title": column.label,
                        "error_message": "请从下拉列表中选择",
                    },
                )
        sheet.set_row(1, 45)
        sheet.freeze_panes(2, 0)
        sheet.activate()


def template_response(kind: str) -> HttpResponse:
    """The template as a download, named in Chinese (RFC 5987 filename*) with an ASCII fallback."""
    title, ascii_name, _columns = TEMPLATES[kind]
    buffer = io.BytesIO()
    write_template(kind, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.xlsx\"; filename*=UTF-8''{quote(title + '.xlsx')}"
    )
    return response


def _styles(book) -> dict:
    header = {"bold": True, "bg_color": "#DDEBF7", "border": 1}
    return {
        "header": book.add_format(header),
        "required": book.add_format({**header, "font_color": "#C00000"}),
        "notes": book.add_format(
            {"italic": True, "font_color": "#808080", "text_wrap": True, "valign": "top", "num_format": "@"}
        ),
        "text": book.add_format({"num_format": "@"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }


def _notes(column: Column) -> str:
    parts = ["必填" if column.required else "选填"]
    if column.note:
        parts.append(column.note)
    if column.choices:
        parts.append("从下拉列表选择")
    return "；".join(parts)


def _choices_source(options, index: int, column: Column) -> str:
    """Write the column's choices down one column of the hidden sheet; the range that lists them."""
    options.write_string(0, index, column.label)
    for row, choice in enumerate(column.choices, 1):
        options.write_string(row, index, choice)
    letter = xl_col_to_name(index)
    return f"='{OPTIONS_SHEET}'!${letter}$2:${letter}${len(column.choices) + 1}"


def _width(column: Column) -> float:
    """Wide enough for the label and the longest choice (a CJK character is two columns wide)."""
    longest = max((_display_width(text) for text in (column.label, *column.choices)), default=0)
    if column.field in TEXT_FIELDS:
        longest = max(longest, 20)
    return min(max(longest + 2, 12), 40)


def _display_width(text: str) -> int:
    return sum(1 if character.isascii() else 2 for character in text)
