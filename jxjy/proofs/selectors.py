"""Reads of proofs. A person's proofs go through the person's scope; a proof found by its code is
public (holding the code is the permission), and what it shows is the payload frozen at issue."""

from django.db.models import QuerySet
from django.utils import timezone

from jxjy.people.models import Person
from jxjy.proofs.choices import ProofStatus
from jxjy.proofs.codes import normalize_code, pdf_url, verify_url
from jxjy.proofs.models import Proof
from jxjy.proofs.pdf import met_label
from jxjy.proofs.services import issuing_grant, revoking_grant


def proofs_of(person: Person) -> QuerySet[Proof]:
    """The person's proofs, newest first. The caller has checked the person is in scope."""
    return Proof.objects.filter(person=person).select_related("superseded_by").order_by("-issued_at", "-id")


def proof_visible_to(user, code: str) -> Proof:
    """The proof, or Proof.DoesNotExist when the code is unknown or its person is outside scope."""
    people = Person.objects.visible_to(user).values("pk")
    return Proof.objects.select_related("person").get(code=normalize_code(code), person__in=people)


def proof_by_code(code: str) -> Proof | None:
    """Public: the proof a code names, or None."""
    code = normalize_code(code)
    if not code:
        return None
    return Proof.objects.select_related("superseded_by").filter(code=code).first()


def may_issue(user, person: Person) -> bool:
    return issuing_grant(user, person) is not None


def may_revoke(user, person: Person) -> bool:
    return revoking_grant(user, person) is not None


def status_notice(proof: Proof) -> str:
    """The sentence the verify page and JSON give for a proof that no longer stands."""
    if proof.status == ProofStatus.REVOKED:
        notice = f"该证明已于 {_local_date(proof.revoked_at)} 被撤销"
        return f"{notice}，原因：{proof.revoked_reason}" if proof.revoked_reason else notice
    if proof.status == ProofStatus.SUPERSEDED and proof.superseded_by is not None:
        return f"该证明已被 {_local_date(proof.superseded_by.issued_at)} 签发的新证明取代"
    return ""


def verification(proof: Proof) -> dict:
    """What the public verify page and its JSON show: the frozen payload, the status and the digest."""
    payload = proof.payload
    years = [{**row, "met_label": met_label(row)} for row in payload["years"]]
    return {
        "code": proof.code,
        "status": proof.status,
        "status_label": str(proof.get_status_display()),
        "notice": status_notice(proof),
        "name": payload["name"],
        "id_number": payload["id_number"],
        "from_year": payload["from_year"],
        "to_year": payload["to_year"],
        "years": years,
        "met": payload["met"],
        "issuer": payload["issuer"],
        "issued_on": payload["issued_on"],
        "issued_at": proof.issued_at,
        "revoked_at": proof.revoked_at,
        "pdf_sha256": proof.pdf_sha256,
        "url": verify_url(proof.code),
        "pdf_url": pdf_url(proof.code),
    }


def _local_date(moment) -> str:
    return timezone.localdate(moment).isoformat()
