"""The public verification: GET /verify/{code} (page) and GET /api/v1/verify/{code} (JSON), and the
PDF download. No login: the code printed on the proof is the permission."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from jxjy.proofs.codes import new_code
from jxjy.proofs.services import proof_issue, proof_revoke
from jxjy.testing.records import registered


@pytest.fixture
def proof(world, li_qiang, studied):
    return proof_issue(actor=li_qiang, person=world["wang"], from_year=studied, to_year=studied)


def page(client, code):
    response = client.get(f"/verify/{code}")
    return response, response.content.decode()


def test_a_valid_proof_shows_what_was_certified_with_name_and_id_masked(client, world, proof, studied):
    response, html = page(client, proof.code)
    assert response.status_code == 200
    wang = world["wang"]
    assert "该证明有效" in html
    assert "王*" in html and wang.id_number[:4] + "*" * 10 + wang.id_number[-4:] in html
    assert "王芳" not in html and wang.id_number not in html
    for expected in (str(studied), "62.5", "30.0", "92.5", "达标", f"{studied}-v1", "天山区水务有限公司"):
        assert expected in html, expected
    assert proof.pdf_sha256 in html
    assert client.get(f"/verify/{proof.code}/").status_code == 200
    assert client.get(f"/verify/{proof.code.lower()}").status_code == 200  # as typed from paper


def test_the_json_says_the_same(client, proof, studied):
    body = client.get(f"/api/v1/verify/{proof.code}").json()
    assert (body["status"], body["name"], body["met"], body["issuer"]) == (
        "valid",
        "王*",
        True,
        "天山区水务有限公司",
    )
    assert body["years"][0] | {"met_label": "达标"} == body["years"][0]
    assert (body["years"][0]["total"], body["years"][0]["rule_version"]) == ("92.5", f"{studied}-v1")
    assert body["issued_on"] == timezone.localdate(proof.issued_at).isoformat()
    assert body["pdf_sha256"] == proof.pdf_sha256 and body["notice"] == ""
    assert "王芳" not in str(body)


def test_a_revoked_proof_verifies_as_revoked(client, li_qiang, proof):
    proof_revoke(actor=li_qiang, proof=proof, reason="单位信息填写错误")
    response, html = page(client, proof.code)
    assert response.status_code == 200
    assert "该证明已撤销，不再有效" in html and "alert error" in html
    assert f"该证明已于 {timezone.localdate().isoformat()} 被撤销，原因：单位信息填写错误" in html
    assert "该证明有效" not in html
    body = client.get(f"/api/v1/verify/{proof.code}").json()
    assert (body["status"], body["status_label"]) == ("revoked", "已撤销")
    assert "被撤销" in body["notice"] and body["revoked_at"]


def test_a_superseded_proof_says_so_without_pointing_at_the_new_one(client, world, wang_fang, proof, studied):
    newer = proof_issue(actor=wang_fang, person=world["wang"], from_year=studied, to_year=studied)
    response, html = page(client, proof.code)
    issued_on = timezone.localdate(newer.issued_at).isoformat()
    assert "该证明已被取代，不再有效" in html and f"已被 {issued_on} 签发的新证明取代" in html
    assert newer.code not in html
    body = client.get(f"/api/v1/verify/{proof.code}").json()
    assert body["status"] == "superseded" and newer.code not in str(body)
    assert "该证明有效" in page(client, newer.code)[1]


@pytest.mark.parametrize("guess", ["random", "AAAAAAAAAAAAAAAAAAAA", "1", "x" * 300, "%E7%8E%8B"])
def test_a_guessed_code_finds_nothing(client, proof, guess):
    code = new_code() if guess == "random" else guess
    response, html = page(client, code)
    assert response.status_code == 404 and "未找到该证明，请核对验证码" in html
    body = client.get(f"/api/v1/verify/{code}")
    assert body.status_code == 404
    assert body.json() == {"code": "not_found", "message": "未找到该证明，请核对验证码", "errors": []}
    assert client.get(f"/proofs/{code}.pdf").status_code == 404


def test_what_is_shown_stays_as_issued_when_records_change_later(
    client, world, wang_fang, li_qiang, proof, studied
):
    before_page = page(client, proof.code)[1]
    before_pdf = client.get(f"/proofs/{proof.code}.pdf").content
    day = datetime.date(studied, 9, 1)
    registered(wang_fang, li_qiang, start_date=day, end_date=day, quantity_tenths=80, title="又一期培训")
    after_page = page(client, proof.code)[1]
    assert "92.5" in after_page and "100.5" not in after_page
    assert after_page.split("<main>")[1] == before_page.split("<main>")[1]
    assert client.get(f"/proofs/{proof.code}.pdf").content == before_pdf
    assert hashlib.sha256(before_pdf).hexdigest() == proof.pdf_sha256
    newer = proof_issue(actor=li_qiang, person=world["wang"], from_year=studied, to_year=studied)
    assert newer.payload["years"][0]["total"] == "100.5"


def test_the_pdf_is_served_from_the_stored_bytes_and_refused_if_they_changed(client, proof, settings):
    from jxjy.proofs.storage import pdf_path

    path = pdf_path(proof.pdf_name)
    response = client.get(f"/proofs/{proof.code}.pdf")
    assert response.content == path.read_bytes()
    assert response["Cache-Control"] == "private, no-store"
    path.write_bytes(path.read_bytes() + b"%tampered")
    client.raise_request_exception = False
    assert client.get(f"/proofs/{proof.code}.pdf").status_code == 500


def test_the_verify_form_takes_a_typed_code(client, proof):
    spaced = " ".join(proof.code[i : i + 4] for i in range(0, 20, 4)).lower()
    response = client.get("/verify/", {"code": spaced})
    assert response.status_code == 302 and response["Location"] == f"/verify/{proof.code}"
    response = client.get("/verify/", {"code": "不是验证码"})
    assert response.status_code == 200 and "未找到该证明，请核对验证码" in response.content.decode()
    assert client.get("/verify/").status_code == 200
