"""The proofs panel on a person's page: the list, the form "开具学时证明" for those who may issue,
revoking for the issuing side; and the page routes behind them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jxjy.audit.models import AuditEntry
from jxjy.proofs.models import Proof
from jxjy.proofs.services import proof_issue


def detail(client, user, person):
    client.force_login(user)
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_unit_officer_issues_from_the_persons_page(client, world, li_qiang, studied):
    wang = world["wang"]
    html = detail(client, li_qiang, wang)
    assert "开具学时证明" in html and "尚未开具学时证明" in html
    response = client.post(f"/people/{wang.pk}/proofs/new/", {"from_year": studied})
    assert response.status_code == 302 and response["Location"] == f"/people/{wang.pk}/"
    proof = Proof.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert f"已开具 {studied} 年度学时证明，验证码 {proof.code}" in html
    assert f"/verify/{proof.code}" in html and f"/proofs/{proof.code}.pdf" in html
    assert f"/proofs/{proof.code}/revoke/" in html


def test_a_span_is_issued_from_the_page(client, world, wang_fang, studied):
    client.force_login(wang_fang)
    wang = world["wang"]
    client.post(f"/people/{wang.pk}/proofs/new/", {"from_year": studied - 1, "to_year": studied})
    proof = Proof.objects.get()
    assert (proof.from_year, proof.to_year, proof.issuer_label) == (
        studied - 1,
        studied,
        "本人申请，平台签发",
    )


def test_bad_years_on_the_page_say_why_and_issue_nothing(client, world, li_qiang, studied):
    client.force_login(li_qiang)
    wang = world["wang"]
    response = client.post(
        f"/people/{wang.pk}/proofs/new/", {"from_year": studied, "to_year": studied - 1}, follow=True
    )
    assert "截止年度不能早于起始年度" in response.content.decode()
    response = client.post(f"/people/{wang.pk}/proofs/new/", {"from_year": "明年"}, follow=True)
    assert "alert error" in response.content.decode()
    assert not Proof.objects.exists()


def test_the_professional_may_issue_but_not_revoke(client, world, wang_fang, li_qiang, studied):
    wang = world["wang"]
    proof = proof_issue(actor=li_qiang, person=wang, from_year=studied, to_year=studied)
    html = detail(client, wang_fang, wang)
    assert "开具学时证明" in html and proof.code in html
    assert f"/proofs/{proof.code}/revoke/" not in html
    response = client.post(f"/proofs/{proof.code}/revoke/", {"reason": "我想撤销"})
    assert response.status_code == 403
    assert Proof.objects.get().status == "valid"


def test_a_viewer_who_may_not_issue_sees_the_list_without_the_form(
    client, world, industry_water, li_qiang, studied
):
    wang = world["wang"]
    proof = proof_issue(actor=li_qiang, person=wang, from_year=studied, to_year=studied)
    html = detail(client, industry_water, wang)
    assert proof.code in html and "开具学时证明" not in html and "/revoke/" not in html
    assert client.post(f"/people/{wang.pk}/proofs/new/", {"from_year": studied}).status_code == 403


def test_the_unit_revokes_from_the_page(client, world, li_qiang, studied):
    wang = world["wang"]
    proof = proof_issue(actor=li_qiang, person=wang, from_year=studied, to_year=studied)
    client.force_login(li_qiang)
    response = client.post(f"/proofs/{proof.code}/revoke/", {"reason": "重复开具"}, follow=True)
    assert f"已撤销学时证明 {proof.code}" in response.content.decode()
    proof.refresh_from_db()
    assert (proof.status, proof.revoked_reason, proof.revoked_by) == ("revoked", "重复开具", li_qiang)
    assert AuditEntry.objects.filter(action="proof.revoke", object_id=str(proof.pk)).count() == 1


def test_page_routes_outside_scope_are_not_found(client, world, other_officer, li_qiang, studied):
    wang = world["wang"]
    proof = proof_issue(actor=li_qiang, person=wang, from_year=studied, to_year=studied)
    client.force_login(other_officer)
    assert client.post(f"/people/{wang.pk}/proofs/new/", {"from_year": studied}).status_code == 404
    assert client.post(f"/proofs/{proof.code}/revoke/", {"reason": "越权"}).status_code == 404
    assert Proof.objects.get().status == "valid" and Proof.objects.count() == 1


def test_the_issue_route_takes_post_only(client, world, li_qiang):
    client.force_login(li_qiang)
    assert client.get(f"/people/{world['wang'].pk}/proofs/new/").status_code == 405


def test_the_panel_costs_a_fixed_number_of_queries(client, world, li_qiang, studied):
    wang = world["wang"]
    client.force_login(li_qiang)

    def queries_for_the_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/people/{wang.pk}/").status_code == 200
        return len(queries)

    proof_issue(actor=li_qiang, person=wang, from_year=studied, to_year=studied)
    queries_for_the_page()  # the session and grants are read once, not counted
    with_one = queries_for_the_page()
    for _ in range(5):
        proof_issue(actor=li_qiang, person=wang, from_year=studied, to_year=studied)
    assert queries_for_the_page() == with_one
