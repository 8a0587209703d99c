"""Citizen ID numbers (GB 11643-1999): what parse_id_number accepts, what it rejects and with which
code, and what it reads from the number (birth date, sex)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from jxjy.people.choices import Sex
from jxjy.people.id_numbers import CitizenId, mask_id_number, normalize_id_number, parse_id_number
from jxjy.testing.codes import make_id_number

# The sample number printed in GB 11643-1999 itself (北京市朝阳区, born 1949-12-31, female).
PUBLISHED_SAMPLE = "11010519491231002X"


def with_check_digit(body: str) -> str:
    """The 17 digits and their GB 11643 check character (stdnum's function wants a whole number and
    ignores its last character, hence the placeholder)."""
    assert len(body) == 17
    return body + ric.calc_check_digit(body + "0")


def rejection_code(raw: str) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_id_number(raw)
    [error] = caught.value.error_list
    assert error.message, "every rejection says in Chinese what is wrong"
    return error.code


def test_the_published_sample_is_accepted_with_its_birth_date_and_sex():
    citizen = parse_id_number(PUBLISHED_SAMPLE)
    assert citizen == CitizenId(
        number=PUBLISHED_SAMPLE, birth_date=datetime.date(1949, 12, 31), sex=Sex.FEMALE
    )


@pytest.mark.parametrize(
    ("body", "birth_date", "sex"),
    [
        ("65010219880517001", datetime.date(1988, 5, 17), Sex.MALE),  # 17th digit 1: odd
        ("65010219880517002", datetime.date(1988, 5, 17), Sex.FEMALE),  # 2: even
        ("65010320000229009", datetime.date(2000, 2, 29), Sex.MALE),  # a leap day
        ("65010219900101010", datetime.date(1990, 1, 1), Sex.FEMALE),  # 0: even
    ],
)
def test_birth_date_and_sex_are_read_from_the_number(body, birth_date, sex):
    number = with_check_digit(body)
    citizen = parse_id_number(number)
    assert (citizen.number, citizen.birth_date, citizen.sex) == (number, birth_date, sex)


@pytest.mark.parametrize("male", [True, False])
@pytest.mark.parametrize("serial", [0, 1, 7, 499])
def test_numbers_made_by_make_id_number_are_valid(serial, male):
    """The factories' numbers must pass the same checks real ones do, or tests built on them test
    nothing (and a login by ID number could never work for a factory-made person)."""
    number = make_id_number("650102", datetime.date(1988, 5, 17), serial, male)
    assert ric.is_valid(number), f"{number}: wrong check digit"
    citizen = parse_id_number(number)
    assert citizen.birth_date == datetime.date(1988, 5, 17)
    assert citizen.sex == (Sex.MALE if male else Sex.FEMALE)


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",  # lowercase x
        " 11010519491231002X ",  # spaces around
        "110105 19491231 002X",  # spaces inside (as printed on the card)
        "110105\t19491231\u3000002X\n",  # tab, ideographic space, newline
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and X
        "１１０１０５１９４９１２３１００２ｘ",  # full-width lowercase x
    ],
)
def test_what_keyboards_type_is_normalised_to_the_half_width_number(typed):
    assert normalize_id_number(typed) == PUBLISHED_SAMPLE
    assert parse_id_number(typed).number == PUBLISHED_SAMPLE


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("110105194912310021", "id_number_checksum"),  # last character should be X
        ("110105194912310020", "id_number_checksum"),
        ("11010519491231003X", "id_number_checksum"),  # one digit changed
        ("11010519491231002", "id_number_length"),  # 17
        ("11010519491231002X1", "id_number_length"),  # 19
        ("110105491231002", "id_number_length"),  # a 15-digit number of the 1980s
        ("", "id_number_length"),
        ("1101051949A231002X", "id_number_format"),  # a letter in the middle
        ("X10105194912310021", "id_number_format"),  # X anywhere but last
        ("11010519491231002Y", "id_number_format"),
        ("11010519491231002-", "id_number_format"),
    ],
)
def test_rejections_say_what_is_wrong(raw, code):
    assert rejection_code(raw) == code


def test_length_message_gives_the_length_typed():
    with pytest.raises(ValidationError) as caught:
        parse_id_number("110105491231002")
    assert caught.value.messages == ["公民身份号码应为 18 位，实际为 15 位"]


@pytest.mark.parametrize(
    "body",
    [
        "11010519491331002",  # month 13
        "11010519490230002",  # 30 February
        "11010519490001002",  # month 00
        "11010519491200002",  # day 00
        "11010519490229002",  # 29 February in a common year
    ],
)
def test_an_impossible_birth_date_is_rejected_even_with_a_right_check_digit(body):
    assert rejection_code(with_check_digit(body)) == "id_number_birth_date"


def test_a_birth_date_after_today_is_rejected():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)  # noqa: DTZ011 - a calendar date
    future = with_check_digit(f"650102{tomorrow:%Y%m%d}001")
    with pytest.raises(ValidationError) as caught:
        parse_id_number(future)
    assert caught.value.code == "id_number_birth_date"
    assert caught.value.messages == ["公民身份号码中的出生日期晚于今天"]
    assert parse_id_number(with_check_digit(f"650102{datetime.date.today():%Y%m%d}001"))  # noqa: DTZ011


@pytest.mark.parametrize(
    "body",
    [
        # 伊宁市 has had the code 654002 since 2001; people born there before that hold numbers issued
        # (or re-issued) under it. The region code is where the number was issued, not a birth place.
        "65400219750102007",
        # 银川市兴庆区, code 640104 since 2002.
        "64010419900101003",
        # 乌鲁木齐市天山区, 650102 since 1983: a 天山区 professional born in 1970.
        "65010219700101003",
    ],
)
def test_a_real_number_whose_region_code_is_newer_than_the_birth_year_is_accepted(body):
    number = with_check_digit(body)
    assert parse_id_number(number).number == number


@pytest.mark.parametrize("digits", ["١١٠١٠٥١٩٤٩١٢٣١٠٠٢", "११०१०५१९४९१२३१००२"])
def test_digits_of_other_scripts_are_a_format_error_not_a_birth_date_error(digits):
    """str.isdigit() is true for Arabic-Indic and Devanagari digits; they are not ID digits."""
    assert rejection_code(digits + "X") == "id_number_format"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (PUBLISHED_SAMPLE, "1101**********002X"),
        ("650102198805170019", "6501**********0019"),
        ("12345678", "12345678"),
        ("1234567", "*******"),
        ("", ""),
    ],
)
def test_mask_id_number_shows_only_the_first_and_last_four(number, masked):
    assert mask_id_number(number) == masked


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_either_a_valid_number_or_a_validation_error(raw):
    try:
        citizen = parse_id_number(raw)
    except ValidationError as error:
        assert error.code in {
            "id_number_length",
            "id_number_format",
            "id_number_checksum",
            "id_number_birth_date",
        }
        return
    assert ric.is_valid(citizen.number)
    assert citizen.number == ric.compact(citizen.number)
    assert citizen.number[-1] == ric.calc_check_digit(citizen.number)


@settings(max_examples=300, deadline=None)
@given(
    # Where the platform's professionals hold numbers from, born across working age.
    st.sampled_from(["650102", "650103", "650104", "654002", "652901", "110105", "510107"]),
    st.dates(min_value=datetime.date(1940, 1, 1), max_value=datetime.date(2006, 12, 31)),
    st.integers(min_value=0, max_value=999),
    st.sampled_from(["", " ", "x", "fullwidth"]),
)
def test_any_well_formed_number_is_accepted_and_read_back(region_code, birth_date, serial, typing):
    number = with_check_digit(f"{region_code}{birth_date:%Y%m%d}{serial:03d}")
    typed = number
    if typing == " ":
        typed = f" {number[:6]} {number[6:14]} {number[14:]} "
    elif typing == "x":
        typed = number.lower()
    elif typing == "fullwidth":
        typed = number.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    citizen = parse_id_number(typed)
    assert citizen.number == number
    assert citizen.birth_date == birth_date
    assert citizen.sex == (Sex.MALE if serial % 2 else Sex.FEMALE)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\A[0-9]{17}\Z"), st.sampled_from("0123456789X"))
def test_a_wrong_check_character_is_always_a_checksum_error(body, last):
    number = body + last
    if last == ric.calc_check_digit(number):
        return
    assert rejection_code(number) == "id_number_checksum"
