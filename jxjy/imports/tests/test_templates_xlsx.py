"""The downloadable templates: the header the importer maps, the notes row it passes over, the text
format on the ID column, date formats, drop-down lists, and a filled-in template imported."""

import datetime
import io
import re
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from jxjy.imports.choices import ImportKind
from jxjy.imports.kinds import people, records
from jxjy.imports.pipeline import import_file
from jxjy.imports.templates_xlsx import NOTES_PREFIX, OPTIONS_SHEET, template_response, write_template
from jxjy.people.models import Person
from jxjy.testing.codes import make_id_number

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
TEXT_FORMAT = "49"  # Excel's built-in number format "@"
KINDS = [(ImportKind.RECORDS, records.COLUMNS), (ImportKind.PEOPLE, people.COLUMNS)]


def template_bytes(kind) -> bytes:
    buffer = io.BytesIO()
    write_template(kind, buffer)
    return buffer.getvalue()


def sheet_xml(data: bytes, name: str = "xl/worksheets/sheet1.xml") -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ElementTree.fromstring(archive.read(name))


def column_formats(data: bytes) -> dict[int, str]:
    """Column number (0-based) → the format code of its default style ("@", "yyyy-mm-dd"...)."""
    styles = sheet_xml(data, "xl/styles.xml")
    custom = {fmt.get("numFmtId"): fmt.get("formatCode") for fmt in styles.iterfind("m:numFmts/m:numFmt", NS)}
    xfs = styles.findall("m:cellXfs/m:xf", NS)
    formats = {}
    for col in sheet_xml(data).iterfind("m:cols/m:col", NS):
        number_format = xfs[int(col.get("style", "0"))].get("numFmtId")
        code = "@" if number_format == TEXT_FORMAT else custom.get(number_format, number_format)
        for position in range(int(col.get("min")) - 1, int(col.get("max"))):
            formats[position] = code
    return formats


@pytest.mark.parametrize(("kind", "columns"), KINDS)
def test_header_is_exactly_the_labels_and_the_notes_row_is_marked(kind, columns):
    book = CalamineWorkbook.from_filelike(io.BytesIO(template_bytes(kind)))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0] == [column.label for column in columns]
    assert len(rows) == 2  # header and notes, no example row that would be imported
    assert rows[1][0].startswith(NOTES_PREFIX) and "18位" in rows[1][0]
    assert all(note.startswith(("必填", "选填")) for note in [rows[1][0][len(NOTES_PREFIX) :], *rows[1][1:]])
    options = {sheet.name: sheet for sheet in book.sheets_metadata}[OPTIONS_SHEET]
    assert str(options.visible).endswith("Hidden")


@pytest.mark.parametrize(("kind", "columns"), KINDS)
def test_id_number_is_text_dates_are_dates_and_choices_have_drop_downs(kind, columns):
    data = template_bytes(kind)
    formats = column_formats(data)
    position = {column.field: index for index, column in enumerate(columns)}
    assert formats[position["id_number"]] == "@"
    for field in ("start_date", "end_date"):
        if field in position:
            assert formats[position[field]] == "yyyy-mm-dd"
    validations = sheet_xml(data).findall("m:dataValidations/m:dataValidation", NS)
    with_choices = [index for index, column in enumerate(columns) if column.choices]
    assert len(validations) == len(with_choices) > 0
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    option_columns = list(zip(*book.get_sheet_by_name(OPTIONS_SHEET).to_python(), strict=False))
    for validation, index in zip(validations, with_choices, strict=True):
        column = columns[index]
        assert validation.get("type") == "list"
        assert validation.get("sqref").startswith(f"{chr(65 + index)}3:")  # below the notes row
        formula = validation.find("m:formula1", NS).text
        match = re.fullmatch(rf"'{OPTIONS_SHEET}'!\$([A-Z]+)\$2:\$\1\$(\d+)", formula)
        assert match, formula
        listed = option_columns[ord(match.group(1)) - 65]
        assert listed[0] == column.label
        assert tuple(value for value in listed[1:] if value != "") == column.choices


def test_response_is_a_named_download():
    response = template_response(ImportKind.RECORDS)
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="records-template.xlsx"; ')
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and unquote(encoded) == "学习记录导入模板.xlsx"
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response.content[:2] == b"PK"


def fill_template(path, kind, rows: list[list]) -> None:
    """What a clerk does: keep the template's two rows and type the data under them."""
    template = CalamineWorkbook.from_filelike(io.BytesIO(template_bytes(kind))).get_sheet_by_index(0)
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet()
        for number, row in enumerate([*template.to_python(), *rows]):
            for position, value in enumerate(row):
                sheet.write_string(number, position, value)


def test_a_filled_in_roster_template_imports_every_row(rules, world, tmp_path):
    new_id = make_id_number("650102", datetime.date(1991, 2, 3), 12, male=False)
    colleague = world["colleague"]
    path = tmp_path / "人员名册导入模板.xlsx"
    fill_template(
        path,
        ImportKind.PEOPLE,
        [
            [new_id, "新同事", "工程", "初级", "在职", "13800000000"],
            [colleague.id_number, colleague.name, "会计", "正高级", "", ""],
        ],
    )
    summary = import_file(
        kind=ImportKind.PEOPLE, path=path, organization=world["unit_a"], actor=None, role="system"
    )
    assert summary.file_refused is None
    assert (summary.rows, summary.refused, summary.errors) == (2, 0, []), (
        "the template's notes row (row 2, first cell '说明：…') was read as a data row: the reader must "
        "skip it (the change to jxjy/imports/reading.py Table.rows described in the templates report)"
    )
    assert (summary.imported, summary.updated) == (1, 1)
    assert Person.objects.get(id_number=new_id).phone == "13800000000"
    assert Person.objects.get(pk=colleague.pk).level == "senior"


def test_a_filled_in_records_template_imports_every_row(rules, world, tmp_path):
    from jxjy.catalogue.choices import PublicCategory
    from jxjy.imports.columns import labels_of
    from jxjy.imports.kinds.records import COLUMNS
    from jxjy.records.models import LearningRecord

    day = datetime.date(datetime.date.today().year, 1, 1).isoformat()  # noqa: DTZ011 - a calendar day
    common = {
        "学习形式": "进修班、培训班、研修班",
        "学时折算项目": "培训班（按实际学时）",
        "开始日期": day,
        "结束日期": day,
    }
    filled = [
        {**common, "科目类别": "专业科目", "学习项目名称": "新技术应用研修班", "数量": "8",
         "证书编号": "T-1"},
        {**common, "科目类别": "公需科目", "公需科目内容": labels_of(PublicCategory)[0],
         "学习项目名称": "法治讲座", "学习内容": "民法典", "数量": "3.5", "证书编号": "T-2"},
    ]  # fmt: skip
    people = [world["wang"], world["doctor"]]
    rows = [
        [
            {"公民身份号码": person.id_number, "姓名": person.name, **values}.get(column.label, "")
            for column in COLUMNS
        ]
        for person, values in zip(people, filled, strict=True)
    ]
    path = tmp_path / "学习记录导入模板.xlsx"
    fill_template(path, ImportKind.RECORDS, rows)
    summary = import_file(
        kind=ImportKind.RECORDS, path=path, organization=world["base"], actor=None, role="system"
    )
    assert (summary.rows, summary.imported, summary.errors) == (2, 2, [])
    public = LearningRecord.objects.get(certificate_number="T-2")
    assert (public.person, public.subject_kind, public.recognised_tenths) == (world["doctor"], "public", 35)
    assert public.public_category == PublicCategory.values[0] and public.content == "民法典"
