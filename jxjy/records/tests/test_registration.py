"""The registration flow (art. 14): submit, register or return, resubmit, correct by reversal; the
totals move with it and every step is in the audit log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jxjy.audit.models import AuditEntry
from jxjy.compliance.models import YearTotal
from jxjy.compliance.selectors import compliance_for
from jxjy.records.choices import RecordFlag, RecordStatus
from jxjy.records.models import LearningRecord
from jxjy.records.services import (
    record_amend,
    record_correct,
    record_issue,
    record_register,
    record_return,
    record_submit,
    records_register_bulk,
)
from jxjy.testing.factories import UserFactory, grant
from jxjy.testing.records import claim, png_file, registered


def _error_codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_unit_registers_a_self_reported_record_and_the_total_moves(rules, wang_fang, li_qiang):
    record = record_submit(actor=wang_fang, person=wang_fang.person, data=claim(), files=[png_file()])
    assert record.status == RecordStatus.SUBMITTED and record.registrar.name == "天山区水务有限公司"
    assert record.claimed_tenths == 80 and record.recognised_tenths is None
    record = record_register(actor=li_qiang, record=record)
    assert record.status == RecordStatus.REGISTERED and record.recognised_tenths == 80
    assert record.rule_version == f"{record.year}-v1"
    total = YearTotal.objects.get(person=wang_fang.person, year=record.year)
    assert (total.professional_tenths, total.met) == (80, False)
    actions = list(
        AuditEntry.objects.filter(object_type="records.learningrecord", object_id=str(record.pk)).values_list(
            "action", "role"
        )
    )
    assert actions == [("record.submit", "professional"), ("record.register", "unit_officer")]


def test_file_agency_registers_for_a_person_without_unit(rules, world, agency_clerk, li_qiang):
    holder = world["file_holder"]
    user = UserFactory(username=holder.id_number, person=holder)
    grant(user, "professional")
    record = record_submit(actor=user, person=holder, data=claim(), files=[png_file()])
    assert record.registrar == world["agency"]
    with pytest.raises(LearningRecord.DoesNotExist):
        record_register(actor=li_qiang, record=record)  # not li_qiang's to register: as if missing
    assert record_register(actor=agency_clerk, record=record).status == RecordStatus.REGISTERED


def test_person_may_send_to_the_agency_holding_their_file(rules, world, wang_fang, agency_clerk):
    person = wang_fang.person
    person.file_agency = world["agency"]
    person.save()
    record = record_submit(actor=wang_fang, person=person, data=claim(), files=[png_file()], via_agency=True)
    assert record.registrar == world["agency"]


def test_returned_record_is_amended_and_resubmitted(rules, wang_fang, li_qiang):
    record = record_submit(actor=wang_fang, person=wang_fang.person, data=claim(), files=[png_file()])
    with pytest.raises(ValidationError) as caught:
        record_return(actor=li_qiang, record=record, reason="  ")
    assert _error_codes(caught.value) == {"reason": ["required"]}
    record = record_return(actor=li_qiang, record=record, reason="证书照片不清晰")
    assert (record.status, record.return_reason) == (RecordStatus.RETURNED, "证书照片不清晰")
    record = record_amend(
        actor=wang_fang, record=record, data={"quantity_tenths": 60}, files=[png_file("新.png")]
    )
    assert (record.status, record.return_reason, record.claimed_tenths) == (RecordStatus.SUBMITTED, "", 60)
    assert record.evidence.count() == 2
    assert record_register(actor=li_qiang, record=record).recognised_tenths == 60


def test_registered_record_cannot_be_amended(rules, wang_fang, li_qiang):
    record = registered(wang_fang, li_qiang)
    with pytest.raises(PermissionDenied):
        record_amend(actor=wang_fang, record=record, data={"quantity_tenths": 900})
    record.refresh_from_db()
    assert record.recognised_tenths == 80


def test_correction_reverses_and_registers_a_replacement(rules, wang_fang, li_qiang, zhao_county):
    record = registered(wang_fang, li_qiang, certificate_number="SL-2026-001")
    original, new = record_correct(
        actor=zhao_county,
        record=record,
        reason="学时录入错误，应为 6 学时",
        replacement={"quantity_tenths": 60},
    )
    assert original.status == RecordStatus.REVERSED and original.correction.reason.startswith("学时录入错误")
    assert (new.status, new.recognised_tenths, new.corrects_id) == (RecordStatus.REGISTERED, 60, original.pk)
    assert new.certificate_number == "SL-2026-001"  # the reversal freed the number for its replacement
    assert YearTotal.objects.get(person=wang_fang.person, year=record.year).professional_tenths == 60
    actions = AuditEntry.objects.filter(action__in=["record.reverse", "record.correct"]).values_list(
        "role", flat=True
    )
    assert list(actions) == ["hr_officer", "hr_officer"]


def test_correction_needs_a_reason_and_a_registered_record(rules, wang_fang, li_qiang):
    record = record_submit(actor=wang_fang, person=wang_fang.person, data=claim(), files=[png_file()])
    with pytest.raises(ValidationError) as caught:
        record_correct(actor=li_qiang, record=record, reason="错了")
    assert _error_codes(caught.value) == {"status": ["wrong_status"]}
    with pytest.raises(ValidationError):
        record_correct(actor=li_qiang, record=record, reason="")


def test_professional_cannot_register_or_correct_their_own(rules, wang_fang, li_qiang):
    record = record_submit(actor=wang_fang, person=wang_fang.person, data=claim(), files=[png_file()])
    with pytest.raises(LearningRecord.DoesNotExist):
        record_register(actor=wang_fang, record=record)


def test_same_certificate_from_same_issuer_is_refused(rules, wang_fang, world):
    first = claim(certificate_number="XJ-2026-0007", organiser="自治区水利学会")
    record_submit(actor=wang_fang, person=wang_fang.person, data=first, files=[png_file()])
    again = claim(certificate_number="XJ-2026-0007", organiser=" 自治区 水利学会 ", title="另一个名字")
    with pytest.raises(ValidationError) as caught:
        record_submit(actor=wang_fang, person=wang_fang.person, data=again, files=[png_file()])
    assert _error_codes(caught.value) == {"certificate_number": ["duplicate_certificate"]}
    assert LearningRecord.objects.count() == 1


def test_overlapping_full_days_are_flagged_and_need_confirmation(rules, wang_fang, li_qiang):
    day = datetime.date(rules[max(rules)].year, 1, 5)
    week = claim(
        activity="further_study_days",
        form="further_study",
        start_date=day,
        end_date=day + datetime.timedelta(days=4),
        quantity_tenths=50,
    )
    first = record_submit(actor=wang_fang, person=wang_fang.person, data=week, files=[png_file()])
    overlap = dict(
        week,
        start_date=day + datetime.timedelta(days=2),
        end_date=day + datetime.timedelta(days=3),
        quantity_tenths=20,
        title="同期另一进修",
    )
    second = record_submit(actor=wang_fang, person=wang_fang.person, data=overlap, files=[png_file()])
    assert first.flags == [] and second.flags == [RecordFlag.OVERLAPPING_DAYS]
    with pytest.raises(ValidationError) as caught:
        record_register(actor=li_qiang, record=second)
    assert _error_codes(caught.value) == {"flags": ["flags_unconfirmed"]}
    assert (
        record_register(actor=li_qiang, record=second, confirm_flags=True).status == RecordStatus.REGISTERED
    )


def test_more_hours_than_a_day_holds_are_flagged(rules, wang_fang):
    day = datetime.date(max(rules), 2, 3)
    one = record_submit(
        actor=wang_fang,
        person=wang_fang.person,
        data=claim(start_date=day, end_date=day, quantity_tenths=60),
        files=[png_file()],
    )
    two = record_submit(
        actor=wang_fang,
        person=wang_fang.person,
        data=claim(start_date=day, end_date=day, quantity_tenths=50, title="晚间讲座"),
        files=[png_file()],
    )
    long_day = record_submit(
        actor=wang_fang,
        person=wang_fang.person,
        data=claim(
            start_date=day + datetime.timedelta(days=1),
            end_date=day + datetime.timedelta(days=1),
            quantity_tenths=120,
            title="一天十二学时",
        ),
        files=[png_file()],
    )
    assert one.flags == [] and two.flags == [RecordFlag.DAY_OVERLOADED]
    assert long_day.flags == [RecordFlag.DAY_OVERLOADED]


def test_bulk_registration_leaves_flagged_records_for_review(rules, wang_fang, li_qiang):
    day = datetime.date(max(rules), 3, 3)
    plain = record_submit(actor=wang_fang, person=wang_fang.person, data=claim(), files=[png_file()])
    flagged = record_submit(
        actor=wang_fang,
        person=wang_fang.person,
        data=claim(start_date=day, end_date=day, quantity_tenths=130),
        files=[png_file()],
    )
    done, skipped = records_register_bulk(actor=li_qiang, record_ids=[plain.pk, flagged.pk])
    assert [r.pk for r in done] == [plain.pk]
    assert list(skipped) == [flagged.pk] and "核实" in skipped[flagged.pk]


def test_evidence_required_before_registration(rules, wang_fang, li_qiang):
    record = record_submit(actor=wang_fang, person=wang_fang.person, data=claim())
    with pytest.raises(ValidationError) as caught:
        record_register(actor=li_qiang, record=record)
    assert _error_codes(caught.value) == {"evidence": ["evidence_required"]}
    unit_training = claim(
        form="unit_training", activity="unit_training_hours", title="单位内部培训", end_date=record.end_date
    )
    record_return(actor=li_qiang, record=record, reason="请补充证书")  # frees the day for the next claim
    record = record_submit(actor=wang_fang, person=wang_fang.person, data=unit_training)
    assert record_register(actor=li_qiang, record=record).status == RecordStatus.REGISTERED


def test_base_issues_registered_records_for_its_class(rules, world, base_registrar):
    data = claim(
        certificate_number="JD-2026-0001",
        title="数字经济专题研修班",
        subject_kind="public",
        public_category="tech_info",
        organiser="",
    )
    record = record_issue(actor=base_registrar, base=world["base"], person=world["doctor"], data=data)
    assert (record.status, record.issuer, record.registrar) == (
        RecordStatus.REGISTERED,
        world["base"],
        world["base"],
    )
    assert record.issuer_key == world["base"].credit_code and record.organiser == world["base"].name
    with pytest.raises(ValidationError) as caught:
        record_issue(actor=base_registrar, base=world["base"], person=world["wang"], data=data)
    assert _error_codes(caught.value) == {"certificate_number": ["duplicate_certificate"]}
    assert compliance_for(world["doctor"], record.year).public_tenths == 80


def test_another_base_cannot_issue_in_this_bases_name(rules, world, li_qiang):
    with pytest.raises(PermissionDenied):
        record_issue(
            actor=li_qiang, base=world["base"], person=world["wang"], data=claim(certificate_number="X1")
        )


def test_invalid_claims_name_every_field(rules, wang_fang):
    data = claim(
        form="conference",
        activity="conference",
        quantity_tenths=15,
        item_level="",
        subject_kind="public",
        public_category="law",
    )
    with pytest.raises(ValidationError) as caught:
        record_submit(actor=wang_fang, person=wang_fang.person, data=data)
    assert _error_codes(caught.value) == {
        "item_level": ["item_level_required"],
        "quantity": ["quantity_not_whole"],
    }
    future = claim(end_date=datetime.date(2999, 1, 1), start_date=datetime.date(2999, 1, 1))
    with pytest.raises(ValidationError) as caught:
        record_submit(actor=wang_fang, person=wang_fang.person, data=future)
    assert "end_date" in caught.value.error_dict
    assert LearningRecord.objects.count() == 0


def test_hr_department_corrects_but_does_not_register(rules, wang_fang, zhao_county):
    """art. 14: registration is the unit's or the file agency's; the HR department supervises."""
    record = record_submit(actor=wang_fang, person=wang_fang.person, data=claim(), files=[png_file()])
    with pytest.raises(LearningRecord.DoesNotExist):
        record_register(actor=zhao_county, record=record)
    with pytest.raises(LearningRecord.DoesNotExist):
        record_return(actor=zhao_county, record=record, reason="不行")
