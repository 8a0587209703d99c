"""Issuing the same years for the same person at the same moment leaves exactly one valid proof:
issues for one person take turns (the person's row is locked while a proof is issued), so each one
sees, and supersedes, the one before it."""

import time

import pytest

from jxjy.proofs.models import Proof
from jxjy.proofs.pdf import render_proof_pdf
from jxjy.testing.threads import run_at_once, skip_on_memory_sqlite

ISSUERS = 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_leave_one_valid_proof(world, li_qiang, monkeypatch):
    skip_on_memory_sqlite()
    from jxjy.proofs import services

    def slow_render(document):
        time.sleep(0.3)  # every issuer is inside its transaction at once, unless they take turns
        return render_proof_pdf(document)

    monkeypatch.setattr(services, "render_proof_pdf", slow_render)

    def issue():
        return services.proof_issue(actor=li_qiang, person=world["wang"], from_year=2024, to_year=2024)

    _issued, errors = run_at_once(issue, times=ISSUERS)
    assert errors == []
    proofs = list(Proof.objects.order_by("id"))
    assert len(proofs) == ISSUERS
    assert [proof.status for proof in proofs].count("valid") == 1
    valid = next(proof for proof in proofs if proof.status == "valid")
    for proof in proofs:
        if proof != valid:
            assert proof.status == "superseded" and proof.superseded_by_id is not None
