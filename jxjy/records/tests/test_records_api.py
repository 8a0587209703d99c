"""The ledger's API contract: POST /records (self-report and issue), register, return, correct,
evidence upload, and GET /people/{id}/compliance as title-evaluation systems read it."""

import datetime

from django.utils import timezone

from jxjy.records.models import LearningRecord
from jxjy.testing.api import assert_field_error, call
from jxjy.testing.records import png_file

RECORDS = "/api/v1/records"


def body(**extra) -> dict:
    day = timezone.localdate() - datetime.timedelta(days=3)
    if day.year != timezone.localdate().year:
        day = timezone.localdate()
    data = {
        "form": "training_class",
        "activity": "training_hours",
        "subject_kind": "professional",
        "title": "水资源管理新技术培训",
        "organiser": "自治区水利厅",
        "start_date": day.isoformat(),
        "end_date": day.isoformat(),
        "quantity": "7.5",
    }
    data.update(extra)
    return data


def test_self_report_evidence_register_and_compliance(client, rules, wang_fang, li_qiang):
    created = call(client, wang_fang, "post", RECORDS, body())
    assert created.status_code == 201, created.content
    record = created.json()
    assert (record["status"], record["claimed_hours"], record["recognised_hours"]) == (
        "submitted",
        "7.5",
        None,
    )
    assert record["person_id_number"].count("*") == 10
    upload = client.post(f"{RECORDS}/{record['id']}/evidence", {"file": png_file()})
    assert upload.status_code == 201 and upload.json()["evidence_count"] == 1
    registered = call(client, li_qiang, "post", f"{RECORDS}/{record['id']}/register", {})
    assert registered.status_code == 200, registered.content
    assert registered.json()["recognised_hours"] == "7.5"
    year = registered.json()["year"]
    answer = client.get(f"/api/v1/people/{wang_fang.person_id}/compliance", {"year": year})
    assert answer.status_code == 200
    result = answer.json()
    assert {
        k: result[k] for k in ("year", "total_hours", "professional_hours", "public_hours", "credits")
    } == {
        "year": year,
        "total_hours": "7.5",
        "professional_hours": "7.5",
        "public_hours": "0.0",
        "credits": "7.5",
    }
    assert (result["required_total"], result["required_professional"], result["required_public"]) == (
        "90.0",
        "60.0",
        "30.0",
    )
    assert result["met"] is False and result["rule_version"] == f"{year}-v1"
    assert result["shortfalls"][0] == {"code": "professional_short", "message": "专业科目还差 52.5 学时"}
    assert result["counted_record_ids"] == [record["id"]]


def test_return_with_reason_then_amend(client, rules, wang_fang, li_qiang):
    record_id = call(client, wang_fang, "post", RECORDS, body()).json()["id"]
    refused = call(client, li_qiang, "post", f"{RECORDS}/{record_id}/return", {"reason": ""})
    assert_field_error(refused, 422, "reason", "required")
    returned = call(client, li_qiang, "post", f"{RECORDS}/{record_id}/return", {"reason": "缺少结业证书"})
    assert returned.json()["status"] == "returned" and returned.json()["return_reason"] == "缺少结业证书"
    amended = call(client, wang_fang, "patch", f"{RECORDS}/{record_id}", {"quantity": "6"})
    assert amended.json()["status"] == "submitted" and amended.json()["claimed_hours"] == "6.0"


def test_register_without_evidence_names_the_field(client, rules, wang_fang, li_qiang):
    record_id = call(client, wang_fang, "post", RECORDS, body()).json()["id"]
    refused = call(client, li_qiang, "post", f"{RECORDS}/{record_id}/register", {})
    assert_field_error(refused, 422, "evidence", "evidence_required")
    assert LearningRecord.objects.get(pk=record_id).status == "submitted"


def test_correct_by_reversal_with_replacement(client, rules, wang_fang, li_qiang):
    record_id = call(client, wang_fang, "post", RECORDS, body(certificate_number="A-1")).json()["id"]
    client.post(f"{RECORDS}/{record_id}/evidence", {"file": png_file()})
    call(client, li_qiang, "post", f"{RECORDS}/{record_id}/register", {})
    answer = call(
        client,
        li_qiang,
        "post",
        f"{RECORDS}/{record_id}/correct",
        {"reason": "学时有误", "replacement": {"quantity": "4"}},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["reversed"]["status"] == "reversed"
    assert answer.json()["replacement"]["recognised_hours"] == "4.0"
    assert answer.json()["replacement"]["corrects_id"] == record_id


def test_base_issues_for_an_attendee_named_by_id_and_name(client, rules, world, base_registrar):
    doctor = world["doctor"]
    issued = call(
        client,
        base_registrar,
        "post",
        RECORDS,
        body(
            certificate_number="JD-001",
            person_id_number=doctor.id_number,
            person_name=doctor.name,
            organiser="",
        ),
    )
    assert issued.status_code == 201, issued.content
    assert (issued.json()["status"], issued.json()["source"]) == ("registered", "issued")
    wrong = call(
        client,
        base_registrar,
        "post",
        RECORDS,
        body(certificate_number="JD-002", person_id_number=doctor.id_number, person_name="别人"),
    )
    assert_field_error(wrong, 422, "person_id_number", "person_not_found")
    again = call(
        client,
        base_registrar,
        "post",
        RECORDS,
        body(certificate_number="JD-001", person_id_number=doctor.id_number, person_name=doctor.name),
    )
    assert_field_error(again, 422, "certificate_number", "duplicate_certificate")


def test_bad_input_is_named_and_stores_nothing(client, rules, wang_fang):
    cases = [
        (body(quantity="-1"), "quantity", "invalid_hours"),
        (body(quantity="1.25"), "quantity", "invalid_hours"),
        (body(activity="conference", form="conference", quantity="1"), "item_level", "item_level_required"),
        (body(activity="conference_paper", form="training_class"), "activity", "activity_form_mismatch"),
        (body(activity="no_such"), "activity", "unknown_activity"),
        (body(start_date="2026-05-02", end_date="2026-05-01"), "end_date", "dates_reversed"),
        (body(year=2020), "year", "no_rules"),
        (body(form="tea_party"), "form", "enum"),
    ]
    for payload, field, code in cases:
        assert_field_error(call(client, wang_fang, "post", RECORDS, payload), 422, field, code)
    assert LearningRecord.objects.count() == 0


def test_evidence_of_the_wrong_kind_is_refused(client, rules, wang_fang):
    from django.core.files.uploadedfile import SimpleUploadedFile

    record_id = call(client, wang_fang, "post", RECORDS, body()).json()["id"]
    fake = SimpleUploadedFile("证书.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    assert_field_error(
        client.post(f"{RECORDS}/{record_id}/evidence", {"file": fake}),
        422,
        "evidence",
        "file_type_not_allowed",
    )
    broken = SimpleUploadedFile("证书.pdf", b"%PDF-1.7\n garbage", content_type="application/pdf")
    assert_field_error(
        client.post(f"{RECORDS}/{record_id}/evidence", {"file": broken}), 422, "evidence", "file_damaged"
    )
    assert LearningRecord.objects.get(pk=record_id).evidence.count() == 0


def test_bulk_register(client, rules, wang_fang, li_qiang):
    ids = []
    for n in range(3):
        rid = call(client, wang_fang, "post", RECORDS, body(title=f"培训{n}", quantity="2")).json()["id"]
        if n < 2:
            client.post(f"{RECORDS}/{rid}/evidence", {"file": png_file()})
        ids.append(rid)
    answer = call(client, li_qiang, "post", f"{RECORDS}/register", {"ids": ids})
    assert answer.json()["registered"] == ids[:2]
    assert list(answer.json()["skipped"]) == [str(ids[2])]


def test_rules_are_read_by_anyone_and_written_by_region_hr_only(client, rules, chen_region, zhao_county):
    year = max(rules)
    read = client.get(f"/api/v1/rules/{year}")
    assert read.status_code == 200 and read.json()["rule_version"] == f"{year}-v1"
    document = read.json()
    document = {k: document[k] for k in ("forms", "activities", "requirements")}
    document["requirements"][0]["total"] = "96.0"
    refused = call(client, zhao_county, "put", f"/api/v1/rules/{year}", document)
    assert refused.status_code == 403
    written = call(client, chen_region, "put", f"/api/v1/rules/{year}", {**document, "reason": "提高总学时"})
    assert written.status_code == 200, written.content
    assert (
        written.json()["rule_version"] == f"{year}-v2"
        and written.json()["requirements"][0]["total"] == "96.0"
    )
    bad = dict(document, requirements=[dict(document["requirements"][0], public_min="50.0")])
    assert_field_error(
        call(client, chen_region, "put", f"/api/v1/rules/{year}", bad), 422, "requirements.0.total"
    )
    assert client.get("/api/v1/rules/1990").status_code == 404
