"""Rules over time: a rule change names its version and leaves other years alone; make-up inside and
outside the window; exact hours on every database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jxjy.compliance.models import YearTotal
from jxjy.compliance.selectors import compliance_for
from jxjy.compliance.services import totals_add_sums, totals_evaluate_pending, totals_refresh
from jxjy.records.choices import RecordFlag
from jxjy.records.models import LearningRecord
from jxjy.records.services import record_submit
from jxjy.rules.defaults import default_document
from jxjy.rules.services import ruleset_publish
from jxjy.testing.records import claim, png_file, registered


def test_rule_change_for_next_year_leaves_this_year_as_it_was(rules, wang_fang, li_qiang):
    this_year = max(rules)
    registered(wang_fang, li_qiang, quantity_tenths=80)
    before = compliance_for(wang_fang.person, this_year)
    document = default_document(this_year + 1)
    document["requirements"][0].update(total="120.0", professional_min="90.0")
    ruleset_publish(actor=None, year=this_year + 1, document=document, reason="下一年度提高要求")
    after = compliance_for(wang_fang.person, this_year)
    assert (after.rule_version, after.shortfalls) == (before.rule_version, before.shortfalls)
    assert YearTotal.objects.get(person=wang_fang.person, year=this_year).rule_version == f"{this_year}-v1"


def test_rule_change_for_this_year_recounts_and_names_the_new_version(
    rules, wang_fang, li_qiang, chen_region
):
    this_year = max(rules)
    for n in range(6):
        day = datetime.date(this_year, 1, 5 + n)
        registered(wang_fang, li_qiang, start_date=day, end_date=day, quantity_tenths=80, title=f"第{n}期")
    for n in range(3):
        day = datetime.date(this_year, 2, 5 + n)
        registered(
            wang_fang,
            li_qiang,
            start_date=day,
            end_date=day,
            quantity_tenths=80,
            title=f"公需{n}",
            subject_kind="public",
        )
    assert YearTotal.objects.get(person=wang_fang.person, year=this_year).met is False  # 48 + 24
    document = default_document(this_year)
    document["requirements"][0].update(total="72.0", professional_min="48.0", public_min="24.0")
    ruleset_publish(actor=chen_region, year=this_year, document=document, reason="试行降低要求")
    total = YearTotal.objects.get(person=wang_fang.person, year=this_year)
    assert (total.met, total.rule_version) == (True, f"{this_year}-v2")
    # The records keep the version they were registered under.
    assert set(LearningRecord.objects.values_list("rule_version", flat=True)) == {f"{this_year}-v1"}


def _rules_with_window(year, deadline, makeup_until):
    document = default_document(year)
    document["requirements"][0].update(
        registration_deadline=deadline.isoformat(),
        makeup_until=makeup_until.isoformat() if makeup_until else None,
    )
    return ruleset_publish(actor=None, year=year, document=document)


def test_makeup_inside_the_window_is_accepted_and_flagged(platform_base, wang_fang):
    today = timezone.localdate()
    last_year = today.year - 1
    _rules_with_window(last_year, today - datetime.timedelta(days=30), today + datetime.timedelta(days=30))
    day = datetime.date(last_year, 11, 2)
    record = record_submit(
        actor=wang_fang, person=wang_fang.person, data=claim(start_date=day, end_date=day), files=[png_file()]
    )
    assert record.year == last_year and record.flags == [RecordFlag.MAKEUP]


def test_makeup_outside_the_window_is_refused(platform_base, wang_fang):
    today = timezone.localdate()
    last_year = today.year - 1
    _rules_with_window(last_year, today - datetime.timedelta(days=60), today - datetime.timedelta(days=1))
    day = datetime.date(last_year, 11, 2)
    with pytest.raises(ValidationError) as caught:
        record_submit(actor=wang_fang, person=wang_fang.person, data=claim(start_date=day, end_date=day))
    assert caught.value.error_dict["year"][0].code == "registration_closed"


def test_study_this_year_made_up_for_last_year_only_inside_the_window(platform_base, wang_fang):
    today = timezone.localdate()
    _rules_with_window(today.year, datetime.date(today.year + 1, 3, 31), None)
    _rules_with_window(today.year - 1, today - datetime.timedelta(days=60), None)
    with pytest.raises(ValidationError) as caught:
        record_submit(actor=wang_fang, person=wang_fang.person, data=claim(year=today.year - 1))
    assert caught.value.error_dict["year"][0].code == "registration_closed"


def test_fractional_hours_sum_exactly(rules, wang_fang, li_qiang):
    """0.1 + 0.2 + ... in floating point drifts; tenths in integers do not, on either database."""
    this_year = max(rules)
    expected = 0
    for n in range(1, 41):
        day = datetime.date(this_year, 1, 1) + datetime.timedelta(days=n)
        tenths = (n % 9) + 1  # 0.1 .. 0.9 hours
        registered(
            wang_fang,
            li_qiang,
            start_date=day,
            end_date=day,
            quantity_tenths=tenths,
            title=f"微课{n}",
            activity="distance_hours",
            form="distance",
        )
        expected += tenths
    total = YearTotal.objects.get(person=wang_fang.person, year=this_year)
    assert total.professional_tenths == expected == 194
    assert totals_refresh(person=wang_fang.person, year=this_year).professional_tenths == expected
    assert compliance_for(wang_fang.person, this_year).professional_tenths == expected


def test_bulk_sums_wait_for_one_evaluation_then_agree_with_the_single_record_path(rules, wang_fang):
    this_year = max(rules)
    person = wang_fang.person
    totals_add_sums(sums={(person.pk, this_year, "training_class", "professional"): [700, 10]})
    totals_add_sums(sums={(person.pk, this_year, "training_class", "public"): [240, 3]})
    assert not YearTotal.objects.filter(person=person, year=this_year).exists()  # not yet evaluated
    assert totals_evaluate_pending() == 1  # one person-year, however many batches touched it
    kept = YearTotal.objects.get(person=person, year=this_year)
    fresh = compliance_for(person, this_year)
    assert (kept.professional_tenths, kept.public_tenths) == (700, 240)
    assert (kept.total_tenths, kept.met) == (fresh.total_tenths, fresh.met)
    assert kept.rule_version == fresh.rule_version
    assert totals_evaluate_pending() == 0
