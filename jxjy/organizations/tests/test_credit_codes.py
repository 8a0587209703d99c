"""Unified social credit codes (GB 32100-2015): what validate_credit_code accepts (after
normalize_credit_code), what it rejects and with which code."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc

from jxjy.organizations.codes import normalize_credit_code, validate_credit_code
from jxjy.testing.codes import make_credit_code

# Codes as published in the national enterprise credit information system.
PUBLISHED = ["91110000600037341L", "914403001922038216", "91110108551385082Q", "91350100M000100Y43"]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: the digits and 21 letters, no I O Z S V


def rejection_code(raw: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(raw)
    [error] = caught.value.error_list
    assert error.message
    return error.code


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_accepted_unchanged(code):
    assert validate_credit_code(code) == code


@pytest.mark.parametrize(
    ("region_code", "serial", "authority"),
    [("650102", 1, "91"), ("654002", 123456789, "12"), ("650100", 42, "51"), ("650000", 7, "11")],
)
def test_codes_made_by_make_credit_code_are_valid(region_code, serial, authority):
    code = make_credit_code(region_code, serial, authority)
    assert len(code) == 18
    assert code.startswith(authority + region_code)
    assert uscc.is_valid(code)
    assert validate_credit_code(code) == code


@pytest.mark.parametrize(
    "typed",
    [
        "91110000600037341l",  # lowercase check character
        " 91110000600037341L ",
        "9111 0000 6000 3734 1L",
        "91110000-600037341-L",
        "９１１１００００６０００３７３４１Ｌ",  # full-width
        "９１１１００００６０００３７３４１ｌ",  # full-width lowercase
        "\t91110000600037341L\u3000",
    ],
)
def test_what_people_type_or_paste_is_normalised(typed):
    assert normalize_credit_code(typed) == "91110000600037341L"
    assert validate_credit_code(typed) == "91110000600037341L"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("91110000600037341M", "credit_code_checksum"),
        ("91110000600037341A", "credit_code_checksum"),
        ("91110000600037342L", "credit_code_checksum"),  # one character changed
        ("9111000060003734", "credit_code_length"),  # 16
        ("91110000600037341", "credit_code_length"),  # 17: check character left off
        ("911100006000373411L", "credit_code_length"),  # 19
        ("", "credit_code_length"),
        ("9111000060003734IL", "credit_code_format"),
        ("9111000060003734OL", "credit_code_format"),
        ("9111000060003734ZL", "credit_code_format"),
        ("9111000060003734SL", "credit_code_format"),
        ("9111000060003734VL", "credit_code_format"),
        ("91110000600037341I", "credit_code_format"),  # forbidden letter as the check character
        ("9111000060003734il", "credit_code_format"),  # lowercase forbidden letter
        ("9A110000600037341L", "credit_code_format"),  # the registration authority/region part is digits
        ("9111000060003734!L", "credit_code_format"),
    ],
)
def test_rejections_say_what_is_wrong(raw, code):
    assert rejection_code(raw) == code


def test_messages_are_chinese_and_specific():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("9111000060003734")
    assert caught.value.messages == ["统一社会信用代码应为 18 位，实际为 16 位"]
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("9111000060003734OL")
    assert "I、O、Z、S、V" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("91110000600037341M")
    assert caught.value.messages == ["统一社会信用代码校验位错误"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_either_a_valid_code_or_a_validation_error(raw):
    try:
        code = validate_credit_code(raw)
    except ValidationError as error:
        assert error.code in {"credit_code_length", "credit_code_format", "credit_code_checksum"}
        return
    assert uscc.is_valid(code)
    assert code == normalize_credit_code(raw)
    assert len(code) == 18


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[0-9]{8}\Z"), st.text(alphabet=ALPHABET, min_size=9, max_size=9))
def test_any_well_formed_body_with_its_check_character_is_accepted(head, body):
    code = head + body + uscc.calc_check_digit(head + body)
    assert validate_credit_code(code.lower()) == code
    wrong = next(c for c in ALPHABET if c != code[-1])
    assert rejection_code(code[:-1] + wrong) == "credit_code_checksum"
