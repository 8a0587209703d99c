"""The rule cases of the ledger, as a table: hours by form and subject kind in, met or not out."""

import pytest

from jxjy.compliance.evaluation import evaluate_year
from jxjy.rules.defaults import default_document
from jxjy.rules.hours import parse_hours
from jxjy.rules.services import ruleset_publish

YEAR = 2026
P, Q = "professional", "public"


def h(hours) -> int:
    return parse_hours(str(hours))


@pytest.fixture
def ruleset(platform_base):
    return ruleset_publish(actor=None, year=YEAR, document=default_document(YEAR))


CASES = [
    # (name, {(form, kind): hours}, degree, met, shortfall codes, professional, public)
    (
        "60 professional + 30 public meets",
        {("training_class", P): 60, ("conference", Q): 30},
        False,
        True,
        [],
        60,
        30,
    ),
    (
        "50 professional + 40 public: professional short",
        {("training_class", P): 50, ("training_class", Q): 40},
        False,
        False,
        ["professional_short"],
        50,
        40,
    ),
    ("nothing at all", {}, False, False, ["professional_short", "public_short", "total_short"], 0, 0),
    (
        "70 + 20: public short although the total is 90",
        {("training_class", P): 70, ("training_class", Q): 20},
        False,
        False,
        ["public_short"],
        70,
        20,
    ),
    (
        "distance education capped at 60: 80 online counts as 60, public cut first",
        {("distance", P): 50, ("distance", Q): 30, ("training_class", P): 10},
        False,
        False,
        ["public_short", "total_short"],
        60,
        10,
    ),
    (
        "unit training capped at 40",
        {("unit_training", P): 55, ("training_class", P): 10, ("conference", Q): 30},
        False,
        False,
        ["professional_short", "total_short"],
        50,
        30,
    ),
    ("degree study: the year counts as met", {("degree", P): 0}, True, True, [], 0, 0),
    (
        "fractional hours add exactly",
        {("training_class", P): "59.9", ("conference", Q): 30},
        False,
        False,
        ["professional_short", "total_short"],
        "59.9",
        30,
    ),
]


@pytest.mark.parametrize("name,hours,degree,met,codes,professional,public", CASES, ids=[c[0] for c in CASES])
def test_rule_cases(ruleset, name, hours, degree, met, codes, professional, public):
    sums = {key: h(value) for key, value in hours.items()}
    result = evaluate_year(
        year=YEAR, sums=sums, degree=degree, ruleset=ruleset, series="engineering", level="junior"
    )
    assert result.met is met
    assert [s.code for s in result.shortfalls] == codes
    assert (result.professional_tenths, result.public_tenths) == (h(professional), h(public))
    assert result.rule_version == f"{YEAR}-v1"


def test_shortfall_says_in_words_what_is_missing(ruleset):
    result = evaluate_year(
        year=YEAR,
        sums={("training_class", P): 480, ("conference", Q): 300},
        degree=False,
        ruleset=ruleset,
        series="engineering",
        level="junior",
    )
    assert [s.message for s in result.shortfalls] == ["专业科目还差 12 学时", "总学时还差 12 学时"]


def test_degree_year_not_met_when_the_rules_say_degree_does_not_count(platform_base):
    document = default_document(YEAR)
    document["requirements"][0]["degree_counts_as_met"] = False
    ruleset = ruleset_publish(actor=None, year=YEAR, document=document)
    result = evaluate_year(
        year=YEAR, sums={("degree", P): 0}, degree=True, ruleset=ruleset, series="", level=""
    )
    assert not result.met


def test_series_override_applies_to_that_series_only(platform_base):
    document = default_document(YEAR)
    document["requirements"].append(
        dict(document["requirements"][0], series="health", total="120.0", professional_min="80.0")
    )
    ruleset = ruleset_publish(actor=None, year=YEAR, document=document)
    sums = {("training_class", P): 600, ("conference", Q): 300}
    doctor = evaluate_year(
        year=YEAR, sums=sums, degree=False, ruleset=ruleset, series="health", level="senior"
    )
    engineer = evaluate_year(
        year=YEAR, sums=sums, degree=False, ruleset=ruleset, series="engineering", level=""
    )
    assert not doctor.met and [s.code for s in doctor.shortfalls] == ["professional_short", "total_short"]
    assert engineer.met


def test_no_rules_for_the_year_is_said(platform_base):
    result = evaluate_year(year=1999, sums={}, degree=False, ruleset=None, series="", level="")
    assert not result.met and result.shortfalls[0].code == "no_rules"
