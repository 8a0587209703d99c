"""Writes of hours proofs: issue (superseding older proofs of the same years) and revoke. Each
checks the actor, writes the audit entry and commits in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.access.choices import Role
from jxjy.access.scope import Grant, grants_of
from jxjy.audit.services import audit_write
from jxjy.compliance.selectors import compliance_for
from jxjy.organizations.models import Organization
from jxjy.people.models import Person
from jxjy.proofs.choices import ProofStatus
from jxjy.proofs.codes import new_code, verify_url
from jxjy.proofs.content import proof_payload
from jxjy.proofs.models import Proof
from jxjy.proofs.pdf import ProofDocument, render_proof_pdf
from jxjy.proofs.storage import discard_pdf, store_pdf

FIRST_YEAR = 2000
MAX_YEARS = 10
SELF_ISSUED = "本人申请，平台签发"
PLATFORM = "继续教育公共信息综合服务平台"


def issuing_grant(actor, person: Person) -> Grant | None:
    """Who may issue: the person themself, and whoever may change the person's data (their unit,
    their file agency, HR departments over them, the platform). Self first: a proof an officer
    issues for themself says so."""
    for grant in grants_of(actor):
        if grant.role == Role.PROFESSIONAL and grant.person_id == person.pk:
            return grant
    return Person.objects.authorizing_grant(actor, person.pk)


def revoking_grant(actor, person: Person) -> Grant | None:
    """Who may revoke: the issuing side only (never the professional)."""
    return Person.objects.authorizing_grant(actor, person.pk)


def proof_issue(*, actor, person: Person, from_year: int | None, to_year: int | None) -> Proof:
    from_year, to_year = _checked_years(from_year, to_year)
    grant = issuing_grant(actor, person)
    if grant is None:
        raise PermissionDenied(_("您无权为该人员开具学时证明"))
    with transaction.atomic():
        # One issue at a time per person, so "the newest proof of these years" is well defined.
        person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=person.pk)
        issued_at = timezone.now()
        label = issuer_label(actor, grant)
        results = [compliance_for(person, year) for year in range(from_year, to_year + 1)]
        payload = proof_payload(
            person=person, results=results, issuer=label, issued_on=timezone.localdate(issued_at)
        )
        code = new_code()
        document = ProofDocument(
            name=person.name,
            id_number=payload["id_number"],
            unit=person.unit.name if person.unit else "",
            payload=payload,
            code=code,
            verify_url=verify_url(code),
        )
        stored = store_pdf(render_proof_pdf(document))
        try:
            proof = _save_issued(actor, grant, person, payload, code, stored, issued_at, label)
        except BaseException:
            discard_pdf(stored.name)
            raise
    return proof


def _save_issued(actor, grant, person, payload, code, stored, issued_at, label) -> Proof:
    proof = Proof(
        code=code,
        person=person,
        from_year=payload["from_year"],
        to_year=payload["to_year"],
        issued_by=actor,
        issuer_role=grant.role,
        issuer_label=label,
        issued_at=issued_at,
        payload=payload,
        pdf_name=stored.name,
        pdf_sha256=stored.sha256,
        pdf_size=stored.size,
    )
    proof.full_clean()
    proof.save()
    audit_write(
        actor=actor,
        role=grant.role,
        action="proof.issue",
        obj=proof,
        after={
            "person": person.pk,
            "from_year": proof.from_year,
            "to_year": proof.to_year,
            "issuer": label,
            "met": payload["met"],
            "pdf_sha256": stored.sha256,
        },
    )
    _supersede_older(actor, grant, proof)
    return proof


def _supersede_older(actor, grant: Grant, newer: Proof) -> None:
    older = Proof.objects.select_for_update().filter(
        person_id=newer.person_id,
        from_year=newer.from_year,
        to_year=newer.to_year,
        status=ProofStatus.VALID,
    )
    for proof in older.exclude(pk=newer.pk).order_by("id"):
        proof.status = ProofStatus.SUPERSEDED
        proof.superseded_by = newer
        proof.save(update_fields=["status", "superseded_by"])
        audit_write(
            actor=actor,
            role=grant.role,
            action="proof.supersede",
            obj=proof,
            before={"status": ProofStatus.VALID},
            after={"status": ProofStatus.SUPERSEDED, "superseded_by": newer.pk},
        )


def proof_revoke(*, actor, proof: Proof, reason: str) -> Proof:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("请填写撤销原因"), code="required")})
    if len(reason) > 200:
        raise ValidationError({"reason": ValidationError(_("撤销原因不超过 200 字"), code="max_length")})
    grant = revoking_grant(actor, proof.person)
    if grant is None:
        raise PermissionDenied(_("您无权撤销该证明"))
    with transaction.atomic():
        proof = Proof.objects.select_for_update().get(pk=proof.pk)
        if proof.status != ProofStatus.VALID:
            raise ValidationError(
                _("该证明当前状态为“%(status)s”，不能撤销") % {"status": proof.get_status_display()},
                code="proof_not_valid",
            )
        proof.status = ProofStatus.REVOKED
        proof.revoked_at = timezone.now()
        proof.revoked_by = actor
        proof.revoked_reason = reason
        proof.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
        audit_write(
            actor=actor,
            role=grant.role,
            action="proof.revoke",
            obj=proof,
            before={"status": ProofStatus.VALID},
            after={"status": ProofStatus.REVOKED, "reason": reason},
        )
    return proof


def issuer_label(actor, grant: Grant) -> str:
    """The issuer printed on the proof: the organisation the actor acts for."""
    if grant.role == Role.PROFESSIONAL:
        return SELF_ISSUED
    if grant.organization_id:
        return Organization.objects.get(pk=grant.organization_id).name
    if grant.role == Role.HR_OFFICER:
        for assignment in actor.roles.filter(role=Role.HR_OFFICER).select_related("region"):
            if assignment.region and assignment.region.subtree_prefix == grant.region_prefix:
                return f"{assignment.region.name}人力资源和社会保障部门"
    return PLATFORM


def _checked_years(from_year: int | None, to_year: int | None) -> tuple[int, int]:
    if from_year is None and to_year is None:
        raise ValidationError({"year": ValidationError(_("请填写年度"), code="required")})
    from_year = from_year if from_year is not None else to_year
    to_year = to_year if to_year is not None else from_year
    this_year = timezone.localdate().year
    errors = {}
    for field, year in (("from_year", from_year), ("to_year", to_year)):
        if not FIRST_YEAR <= year <= this_year:
            errors[field] = ValidationError(
                _("年度应在 %(first)s 至 %(last)s 之间") % {"first": FIRST_YEAR, "last": this_year},
                code="year_out_of_range",
            )
    if not errors and from_year > to_year:
        errors["to_year"] = ValidationError(_("截止年度不能早于起始年度"), code="year_order")
    if not errors and to_year - from_year + 1 > MAX_YEARS:
        errors["to_year"] = ValidationError(
            _("一份证明最多涵盖 %(n)s 个年度") % {"n": MAX_YEARS}, code="too_many_years"
        )
    if errors:
        raise ValidationError(errors)
    return from_year, to_year
