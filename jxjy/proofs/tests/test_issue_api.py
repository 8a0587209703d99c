"""POST/GET /api/v1/people/{id}/proofs and POST /api/v1/proofs/{code}/revoke: who may issue and
revoke, what an issued proof holds, superseding, and the audit trail."""

import hashlib

import pytest
from django.utils import timezone

from jxjy.audit.models import AuditEntry
from jxjy.proofs.codes import CODE_PATTERN, new_code
from jxjy.proofs.models import Proof
from jxjy.proofs.storage import pdf_path
from jxjy.proofs.tests.reading import pdf_text, qr_texts
from jxjy.testing.api import assert_field_error, call

BASE = "https://jxjy.example.gov.cn"


def proofs_url(person):
    return f"/api/v1/people/{person.pk}/proofs"


def listed(client, user, person):
    client.force_login(user)
    return client.get(proofs_url(person))


def issue(client, user, person, **body):
    return call(client, user, "post", proofs_url(person), body)


def test_the_unit_officer_issues_a_proof_of_the_year(client, world, li_qiang, studied):
    response = issue(client, li_qiang, world["wang"], year=studied)
    assert response.status_code == 201, response.content
    body = response.json()
    code = body["code"]
    assert CODE_PATTERN.match(code)
    assert body["url"] == f"{BASE}/verify/{code}"
    assert body["pdf_url"] == f"{BASE}/proofs/{code}.pdf"
    assert (body["from_year"], body["to_year"], body["met"]) == (studied, studied, True)
    proof = Proof.objects.get(code=code)
    assert (proof.issued_by, proof.issuer_label, proof.status) == (li_qiang, "天山区水务有限公司", "valid")
    assert proof.payload["name"] == "王*" and proof.payload["years"][0]["total"] == "92.5"


def test_the_stored_pdf_is_the_one_issued_and_its_digest_is_published(client, world, li_qiang, studied):
    code = issue(client, li_qiang, world["wang"], year=studied).json()["code"]
    proof = Proof.objects.get(code=code)
    data = pdf_path(proof.pdf_name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == proof.pdf_sha256
    assert proof.pdf_name.count(code) == 0  # the file name is random too, not the code
    text = pdf_text(data)
    assert "王芳" in text and "62.5" in text and "30.0" in text and "92.5" in text and "达标" in text
    assert qr_texts(data) == [f"{BASE}/verify/{code}"]
    downloaded = client.get(f"/proofs/{code}.pdf")
    assert downloaded.status_code == 200 and downloaded["Content-Type"] == "application/pdf"
    assert downloaded.content == data
    assert client.get(f"/api/v1/verify/{code}").json()["pdf_sha256"] == proof.pdf_sha256


def test_the_professional_issues_their_own_proof(client, world, wang_fang, studied):
    response = issue(client, wang_fang, world["wang"], from_year=studied - 1, to_year=studied)
    assert response.status_code == 201, response.content
    proof = Proof.objects.get(code=response.json()["code"])
    assert proof.issuer_label == "本人申请，平台签发"
    assert [row["year"] for row in proof.payload["years"]] == [studied - 1, studied]
    assert "本人申请，平台签发" in pdf_text(pdf_path(proof.pdf_name).read_bytes())


@pytest.mark.parametrize(
    "persona_name,label",
    [("zhao_county", "天山区人力资源和社会保障部门"), ("admin", "继续教育公共信息综合服务平台")],
)
def test_the_issuer_is_named_by_the_role_it_acted_in(client, world, request, studied, persona_name, label):
    user = request.getfixturevalue(persona_name)
    response = issue(client, user, world["wang"], year=studied)
    assert response.status_code == 201
    assert Proof.objects.get(code=response.json()["code"]).issuer_label == label


def test_a_file_agency_clerk_issues_for_a_file_holder(client, world, agency_clerk, rules):
    response = issue(client, agency_clerk, world["file_holder"], year=max(rules))
    assert response.status_code == 201
    assert Proof.objects.get(code=response.json()["code"]).issuer_label == "天山区人才服务中心"


@pytest.mark.parametrize(
    "persona_name,person_key", [("other_officer", "wang"), ("li_qiang", "doctor"), ("wang_fang", "colleague")]
)
def test_outside_scope_is_not_found_and_nothing_is_issued(
    client, world, request, rules, persona_name, person_key
):
    user = request.getfixturevalue(persona_name)
    response = issue(client, user, world[person_key], year=max(rules))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert listed(client, user, world[person_key]).status_code == 404
    assert not Proof.objects.exists()


def test_a_viewer_who_may_not_change_the_person_may_not_issue(client, world, industry_water, rules):
    response = issue(client, industry_water, world["wang"], year=max(rules))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not Proof.objects.exists()


@pytest.mark.parametrize(
    "body,field,code",
    [
        ({}, "year", "required"),
        ({"year": 1999}, "year", None),
        ({"from_year": 2024, "to_year": 2023}, "to_year", "year_order"),
        ({"from_year": 2010, "to_year": 2025}, "to_year", "too_many_years"),
        ({"year": 2025, "from_year": 2024}, "year", "ambiguous"),
    ],
)
def test_bad_years_are_refused_with_the_field_named(client, world, li_qiang, body, field, code):
    assert_field_error(issue(client, li_qiang, world["wang"], **body), 422, field, code)
    assert not Proof.objects.exists()


def test_a_year_still_to_come_is_refused(client, world, li_qiang):
    next_year = timezone.localdate().year + 1
    assert_field_error(
        issue(client, li_qiang, world["wang"], year=next_year), 422, "from_year", "year_out_of_range"
    )


def test_reissuing_the_same_years_supersedes_the_older_proof(client, world, li_qiang, wang_fang, studied):
    first = issue(client, li_qiang, world["wang"], year=studied).json()["code"]
    span = issue(client, li_qiang, world["wang"], from_year=studied - 1, to_year=studied).json()["code"]
    second = issue(client, wang_fang, world["wang"], year=studied).json()["code"]
    old, other, new = (Proof.objects.get(code=code) for code in (first, span, second))
    assert (old.status, old.superseded_by) == ("superseded", new)
    assert other.status == "valid"  # another span of years is another proof
    entry = AuditEntry.objects.get(action="proof.supersede")
    assert (entry.object_id, entry.actor_id, entry.after["status"]) == (
        str(old.pk),
        wang_fang.pk,
        "superseded",
    )
    items = listed(client, li_qiang, world["wang"]).json()
    assert [item["code"] for item in items] == [second, span, first]
    assert items[2]["superseded_by"] == second and "新证明取代" in items[2]["notice"]


def test_every_issue_is_audited(client, world, li_qiang, studied):
    code = issue(client, li_qiang, world["wang"], year=studied).json()["code"]
    entry = AuditEntry.objects.get(action="proof.issue")
    proof = Proof.objects.get(code=code)
    assert (entry.object_id, entry.role, entry.actor_id) == (str(proof.pk), "unit_officer", li_qiang.pk)
    assert entry.after["pdf_sha256"] == proof.pdf_sha256
    assert code not in str(entry.after)  # the code is a key to the PDF: not copied into the log


def revoke(client, user, code, reason="录入有误，已重新开具"):
    return call(client, user, "post", f"/api/v1/proofs/{code}/revoke", {"reason": reason})


def test_the_unit_revokes_and_the_proof_verifies_as_revoked(client, world, li_qiang, studied):
    code = issue(client, li_qiang, world["wang"], year=studied).json()["code"]
    response = revoke(client, li_qiang, code)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "revoked"
    entry = AuditEntry.objects.get(action="proof.revoke")
    assert entry.after == {"status": "revoked", "reason": "录入有误，已重新开具"}
    again = revoke(client, li_qiang, code)
    assert again.status_code == 422 and again.json()["errors"][0]["code"] == "proof_not_valid"


def test_the_professional_may_not_revoke(client, world, wang_fang, studied):
    code = issue(client, wang_fang, world["wang"], year=studied).json()["code"]
    assert revoke(client, wang_fang, code).status_code == 403
    assert Proof.objects.get(code=code).status == "valid"


def test_revoking_needs_a_reason(client, world, li_qiang, studied):
    code = issue(client, li_qiang, world["wang"], year=studied).json()["code"]
    assert_field_error(revoke(client, li_qiang, code, reason="  "), 422, "reason", "required")


def test_revoking_outside_scope_or_an_unknown_code_is_not_found(
    client, world, li_qiang, other_officer, studied
):
    code = issue(client, li_qiang, world["wang"], year=studied).json()["code"]
    assert revoke(client, other_officer, code).status_code == 404
    assert revoke(client, li_qiang, new_code()).status_code == 404
    assert Proof.objects.get(code=code).status == "valid"


def test_codes_are_random_96_bit_strings():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE_PATTERN.match(code) for code in codes)
