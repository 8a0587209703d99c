"""Hours typed by people and sent by systems: exact tenths, never a crash, never a negative."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jxjy.rules.hours import format_hours, parse_hours


@given(st.integers(min_value=0, max_value=9_999_999))
def test_format_then_parse_gives_the_same_tenths(tenths):
    assert parse_hours(format_hours(tenths)) == tenths


@given(st.text(max_size=20))
def test_any_text_is_either_hours_or_a_named_field_error(text):
    try:
        tenths = parse_hours(text, "quantity")
    except ValidationError as error:
        assert error.error_dict["quantity"][0].code == "invalid_hours"
    else:
        assert tenths >= 0
        assert parse_hours(format_hours(tenths)) == tenths


@pytest.mark.parametrize(
    "text,tenths",
    [
        ("8", 80),
        ("8.0", 80),
        ("12.5", 125),
        (" 3.50 ", 35),
        ("0", 0),
        (7, 70),
        ("007.5", 75),
        ("１２．５", 125),
    ],
)
def test_common_forms(text, tenths):
    assert parse_hours(text) == tenths


@pytest.mark.parametrize("text", ["-1", "1.25", "٣", "8小时", "", "1e3", "nan", "1,5"])
def test_refused_forms(text):
    with pytest.raises(ValidationError):
        parse_hours(text)
