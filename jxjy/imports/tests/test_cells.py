import datetime
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxjy.catalogue.choices import SubjectKind
from jxjy.imports import cells
from jxjy.imports.columns import choice_parser
from jxjy.imports.errors import MESSAGES, CellError
from jxjy.imports.reading import open_table
from jxjy.imports.tests import files
from jxjy.imports.tests.files import ID, ID_X
from jxjy.people.choices import TitleLevel
from jxjy.people.id_numbers import parse_id_number
from jxjy.rules.choices import ItemLevel, StudyForm

MARCH_5 = datetime.date(2026, 3, 5)


def code_of(normaliser, value, *args) -> str:
    with pytest.raises(CellError) as caught:
        normaliser(value, *args)
    assert caught.value.message  # renders, in Chinese
    return caught.value.code


# --- 公民身份号码 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (ID, ID),
        (ID_X.lower(), ID_X),
        (ID_X, ID_X),
        (f" {ID[:6]} {ID[6:14]} {ID[14:]} ", ID),
        (files.full_width(ID), ID),
        ("\u3000" + files.full_width(ID_X[:17]) + "ｘ", ID_X),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_id_number_accepted(given, expected):
    assert cells.id_number(given) == expected


@pytest.mark.parametrize(
    ("given", "code"),
    [
        (650102198803150025, "id_number_as_number"),
        (6.501021988031501e17, "id_number_as_number"),
        ("650102198803150000", "id_number_as_number"),  # a number column saved as CSV
        ("6.50102E+17", "id_number_scientific"),
        ("６.５０１０２Ｅ＋１７", "id_number_scientific"),
        ("6.50102198803150E+17", "id_number_scientific"),
        ("65010219880315002", "id_number_length"),
        (12345, "id_number_length"),
        ("6501021988031500255", "id_number_length"),
        ("65010219880315002A", "id_number_format"),
        ("650102198803150024", "id_number_checksum"),
        (files.valid_id("65010219881345002"), "id_number_birth_date"),
        (files.valid_id("65010230000101002"), "id_number_birth_date"),  # born in the future
        ("#REF!", "formula_error"),
        ("#N/A", "formula_error"),
        (True, "id_number_length"),
    ],
)
def test_id_number_refused(given, code):
    assert code_of(cells.id_number, given) == code


def test_id_number_as_number_says_what_excel_shows():
    with pytest.raises(CellError) as caught:
        cells.id_number(6.501021988031501e17)
    assert "650102198803150000" in caught.value.message and "文本" in caught.value.message


def test_id_numbers_from_a_real_damaged_workbook(tmp_path):
    table = open_table(files.xlsx_damaged_ids(tmp_path), "ids.xlsx", max_bytes=1 << 20)
    column = table.header.index("公民身份号码")
    outcome = {}
    for number, row in table.rows():
        try:
            outcome[number] = cells.id_number(row[column])
        except CellError as error:
            outcome[number] = error.at(number, table.header[column]).as_dict()["code"]
    assert outcome == {2: "id_number_as_number", 3: "id_number_scientific", 4: ID, 5: ID_X}


# --- 日期 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (MARCH_5, MARCH_5),
        (datetime.datetime(2026, 3, 5, 8, 30), MARCH_5),  # noqa: DTZ001 - as calamine gives it
        (46086, MARCH_5),
        (46086.0, MARCH_5),
        (46086.75, MARCH_5),  # a time of day on the serial
        ("46086", MARCH_5),
        (1, datetime.date(1900, 1, 1)),
        (59, datetime.date(1900, 2, 28)),
        (61, datetime.date(1900, 3, 1)),
        ("2026-03-05", MARCH_5),
        ("2026-3-5", MARCH_5),
        ("2026/3/5", MARCH_5),
        ("2026.3.5", MARCH_5),
        ("2026年3月5日", MARCH_5),
        ("2026 年 3 月 5 日", MARCH_5),
        ("２０２６年３月５日", MARCH_5),
        ("２０２６－０３－０５", MARCH_5),
        ("20260305", MARCH_5),
        ("2026-03-05 00:00:00", MARCH_5),
        (" 2026/03/05 ", MARCH_5),
        ("", None),
        (None, None),
    ],
)
def test_date_accepted(given, expected):
    assert cells.date(given) == expected


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("2026-02-30", "date_invalid"),
        ("2026年13月1日", "date_invalid"),
        ("3/5/2026", "date_invalid"),
        ("昨天", "date_invalid"),
        ("2026-03", "date_invalid"),
        (60, "date_invalid"),  # Excel's 1900-02-29, a day that never was
        (0, "date_invalid"),
        (-5.0, "date_invalid"),
        (float("nan"), "date_invalid"),
        (10**9, "date_invalid"),
        (True, "date_invalid"),
        ("1850-01-01", "date_out_of_range"),
        (2958465, "date_out_of_range"),
        ("#VALUE!", "formula_error"),
        ("2026-03-0\ufffd", "encoding_damaged"),
    ],
)
def test_date_refused(given, code):
    assert code_of(cells.date, given) == code


# --- 学时 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (8, 80),
        (8.0, 80),
        (7.5, 75),
        (7.499999999, 75),
        (0.1 + 0.2, 3),
        ("8", 80),
        ("7.5", 75),
        ("7.50", 75),
        ("７．５", 75),
        (" 12 ", 120),
        ("8学时", 80),
        ("7.499999999", 75),
        (0, 0),
        ("", None),
        (None, None),
    ],
)
def test_hours_accepted(given, expected):
    assert cells.hours(given) == expected


@pytest.mark.parametrize(
    "given",
    [7.25, "7.25", -1, -0.5, "-1", "abc", "1e3", float("nan"), float("inf"), True, 10**7, "9999999"]
    + [MARCH_5],
)
def test_hours_refused(given):
    assert code_of(cells.hours, given) == "hours_invalid"


def test_hours_formula_error():
    assert code_of(cells.hours, "#DIV/0!") == "formula_error"


# --- 文本与选项 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("  张三 ", "张三"),
        ("新疆\u3000大学   医学院", "新疆 大学 医学院"),
        ("a\r\nb", "a b"),
        ("a\x00b", "ab"),
        ("\u3000", None),
        (None, None),
        (2026001.0, "2026001"),
        (3.5, "3.5"),
        (42, "42"),
        (MARCH_5, "2026-03-05"),
        (False, "FALSE"),
    ],
)
def test_text_accepted(given, expected):
    assert cells.text(given, 20) == expected


def test_text_refused():
    assert code_of(cells.text, "长" * 21, 20) == "text_too_long"
    assert code_of(cells.text, 1.2345678901234567e17, 40) == "text_as_number"
    assert code_of(cells.text, "#NAME?", 20) == "formula_error"
    assert code_of(cells.text, "张\ufffd", 20) == "encoding_damaged"


FORMS = {
    "进修班、培训班": "training_class",
    "培训班": "training_class",
    "training_class": "training_class",
    "学术会议": "conference",
    "conference": "conference",
}
FORM_LABELS = ("进修班、培训班", "学术会议")


def test_choice():
    assert cells.choice("学术会议", FORMS, FORM_LABELS) == "conference"
    assert cells.choice(" training_class ", FORMS, FORM_LABELS) == "training_class"
    assert cells.choice("Conference", FORMS, FORM_LABELS) == "conference"
    assert cells.choice("培训班", FORMS, FORM_LABELS) == "training_class"
    assert cells.choice("", FORMS, FORM_LABELS) is None
    with pytest.raises(CellError) as caught:
        cells.choice("网课", FORMS, FORM_LABELS)
    assert caught.value.code == "choice_invalid"
    # Each label quoted, as a label may hold "、" itself; the codes and other names are not offered.
    assert caught.value.message.endswith("只能填写：“进修班、培训班”、“学术会议”")


def test_the_other_names_clerks_write_read_as_their_choice():
    """Art. 12's first form is "进修班、培训班、研修班"; a base's file names the kind of class it held.
    Clerks also write 公需课 for 公需科目, 省级 for 自治区级, 副高 for 副高级."""
    form = choice_parser(StudyForm)
    assert [form(name) for name in ("培训班", "研修班", "学术讲座", "攻读学位")] == [
        StudyForm.TRAINING_CLASS, StudyForm.TRAINING_CLASS, StudyForm.CONFERENCE, StudyForm.DEGREE,
    ]  # fmt: skip
    assert choice_parser(SubjectKind)("公需课") == SubjectKind.PUBLIC
    assert choice_parser(ItemLevel)("省级") == ItemLevel.REGIONAL
    assert choice_parser(TitleLevel)("副高") == TitleLevel.DEPUTY_SENIOR
    with pytest.raises(CellError) as caught:
        form("培训")  # part of two forms' labels: which one is the clerk's to say
    assert "“进修班、培训班、研修班”、“在教学、科研、生产单位进修”" in caught.value.message


def test_every_code_renders_and_row_errors_carry_the_column():
    for code in MESSAGES:
        params = {"value": "x", "shown": "1", "max_length": 1, "length": 2, "allowed": "a", "kind": "k"}
        params |= {"size_mb": "3.0", "limit_mb": "2.0", "row": 5, "detail": "d", "columns": "姓名"}
        error = CellError(code, **params)
        assert error.at(7, "学时").as_dict()["row"] == 7
    error = CellError("text_too_long", max_length=20, length=21).at(12, "姓名")
    assert error.as_dict() == {"row": 12, "column": "姓名", "code": "text_too_long", "message": error.message}
    assert "20" in error.message


# --- properties ------------------------------------------------------------------------------------

ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=30),
    st.text(alphabet="0123456789０１２３４５６７８９xXｘ -/.年月日E+#学时\u3000", max_size=22),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
)
NEAR_IDS = st.builds(
    lambda body, x, spaces: (body + x) if not spaces else " ".join([body[:6], body[6:], x.lower()]),
    st.from_regex(r"6[0-9]{5}(19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}", fullmatch=True),
    st.sampled_from("0123456789X"),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(ANY_CELL)
def test_normalisers_only_raise_cell_errors(value):
    for normaliser, args in [
        (cells.id_number, ()),
        (cells.date, ()),
        (cells.hours, ()),
        (cells.text, (10,)),
        (cells.choice, (FORMS, FORM_LABELS)),
    ]:
        try:
            normaliser(value, *args)
        except CellError as error:
            assert error.code and error.message


@settings(max_examples=500, deadline=None)
@given(st.one_of(NEAR_IDS, ANY_CELL))
def test_an_accepted_id_number_is_valid(value):
    try:
        number = cells.id_number(value)
    except CellError:
        return
    if number is not None:
        assert parse_id_number(number).number == number


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_CELL, st.floats(min_value=-10, max_value=80000)))
def test_an_accepted_date_is_a_real_date(value):
    try:
        day = cells.date(value)
    except CellError:
        return
    assert day is None or (type(day) is datetime.date and 1900 <= day.year <= 2100)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_CELL, st.floats(min_value=-10, max_value=1e7), st.decimals(places=3).map(str)))
def test_accepted_hours_are_non_negative_tenths(value):
    try:
        tenths = cells.hours(value)
    except CellError:
        return
    assert tenths is None or (type(tenths) is int and tenths >= 0)
    if tenths is not None and isinstance(value, float):
        assert math.isclose(tenths / 10, value, abs_tol=1e-5)
