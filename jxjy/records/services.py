"""Writes of study records: submit, amend and resubmit, register, return, issue (CE bases), correct.
Every one checks the actor, validates through `claims`, keeps the yearly totals current and writes
the audit entry, in one transaction."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.access.choices import Role
from jxjy.access.scope import grants_of
from jxjy.audit.services import audit_write
from jxjy.audit.snapshot import changed_fields, snapshot
from jxjy.compliance.services import totals_add_record
from jxjy.people.models import Person
from jxjy.records.choices import RecordSource, RecordStatus
from jxjy.records.claims import check_claim
from jxjy.records.evidence import discard, store_evidence
from jxjy.records.flags import flags_for
from jxjy.records.models import Correction, Evidence, LearningRecord
from jxjy.rules.selectors import form_rule

# What the person (or the issuing base) states; everything else the platform works out.
CLAIM_FIELDS = (
    "year",
    "form",
    "activity",
    "subject_kind",
    "public_category",
    "title",
    "content",
    "organiser",
    "start_date",
    "end_date",
    "quantity_tenths",
    "item_level",
    "certificate_number",
)
DERIVED = [
    "year",
    "registrar",
    "issuer_key",
    "claimed_tenths",
    "counting_unit",
    "status",
    "source",
    "submitted_at",
]


def record_submit(*, actor, person: Person, data: dict[str, Any], files=(), via_agency: bool = False):
    """A professional reports their own study (art. 14). It goes to their unit, or to the file
    agency holding their file when they have no unit or name the agency (`via_agency`)."""
    role = _own_role(actor, person)
    record = LearningRecord(person=person, source=RecordSource.SELF_REPORTED, submitted_by=actor)
    record.registrar = _registrar_of(person, via_agency)
    with transaction.atomic():
        _fill(record, data)
        record.status = RecordStatus.SUBMITTED
        _save_unique(record)
        _attach(actor, record, files)
        audit_write(actor=actor, role=role, action="record.submit", obj=record, after=snapshot(record))
    return record


def record_amend(*, actor, record: LearningRecord, data: dict[str, Any], files=()) -> LearningRecord:
    """The professional amends a returned (or still waiting) record; amending resubmits it."""
    with transaction.atomic():
        record = LearningRecord.objects.select_for_update().get(pk=record.pk)
        role = _own_role(actor, record.person)
        if record.status not in (RecordStatus.SUBMITTED, RecordStatus.RETURNED):
            raise PermissionDenied(_("已登记的记录不能修改，如有错误请联系登记机构更正"))
        before = snapshot(record)
        _fill(record, data)
        record.status, record.return_reason = RecordStatus.SUBMITTED, ""
        _save_unique(record)
        _attach(actor, record, files)
        before, after = changed_fields(before, snapshot(record))
        audit_write(actor=actor, role=role, action="record.resubmit", obj=record, before=before, after=after)
    return record


def evidence_attach(*, actor, record: LearningRecord, uploaded) -> Evidence:
    with transaction.atomic():
        record = LearningRecord.objects.select_for_update().get(pk=record.pk)
        role = _own_role(actor, record.person)
        if record.status not in (RecordStatus.SUBMITTED, RecordStatus.RETURNED):
            raise PermissionDenied(_("已登记的记录不能再添加证明材料"))
        (evidence,) = _attach(actor, record, [uploaded])
        audit_write(actor=actor, role=role, action="record.evidence", obj=record, after=snapshot(evidence))
    return evidence


def record_register(*, actor, record: LearningRecord, confirm_flags: bool = False) -> LearningRecord:
    """The registrar registers (登记) a submitted record: its hours are counted under the rules in
    force and fixed on the record. Flagged records need the registrar's explicit confirmation."""
    with transaction.atomic():
        record = _locked_for_registrar(actor, record, RecordStatus.SUBMITTED, registering=True)
        claim = check_claim(record, today=timezone.localdate())
        rule = form_rule(claim.ruleset, record.form)
        if rule is not None and rule.evidence_required and not record.evidence.exists():
            raise ValidationError(
                {"evidence": ValidationError(_("该学习形式须上传证明材料"), code="evidence_required")}
            )
        if record.flags and not confirm_flags:
            raise ValidationError(
                {
                    "flags": ValidationError(
                        _("该记录有需要核实的提示，请核实后确认登记"), code="flags_unconfirmed"
                    )
                }
            )
        _mark_registered(actor, record, claim)
        record.save()
        totals_add_record(record=record, sign=1)
        audit_write(
            actor=actor,
            role=_grant_role(actor, record),
            action="record.register",
            obj=record,
            after={"recognised_tenths": record.recognised_tenths, "rule_version": record.rule_version},
        )
    return record


def record_return(*, actor, record: LearningRecord, reason: str) -> LearningRecord:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("请填写退回原因"), code="required")})
    with transaction.atomic():
        record = _locked_for_registrar(actor, record, RecordStatus.SUBMITTED, registering=True)
        record.status, record.return_reason = RecordStatus.RETURNED, reason[:500]
        record.save(update_fields=["status", "return_reason"])
        audit_write(
            actor=actor,
            role=_grant_role(actor, record),
            action="record.return",
            obj=record,
            after={"reason": record.return_reason},
        )
    return record


def records_register_bulk(*, actor, record_ids: list[int]) -> tuple[list[LearningRecord], dict[int, str]]:
    """Register many at once (the registrar's queue). Flagged or incomplete records are left for one
    by one review and reported with the reason; the others are registered."""
    registered, skipped = [], {}
    for record in LearningRecord.objects.registrable_by(actor).filter(pk__in=record_ids).order_by("id"):
        try:
            with transaction.atomic():
                registered.append(record_register(actor=actor, record=record))
        except (ValidationError, PermissionDenied) as error:
            skipped[record.pk] = "；".join(_messages(error))
    return registered, skipped


def record_issue(*, actor, base, person: Person, data: dict[str, Any]) -> LearningRecord:
    """A CE base issues a certificate for its own class: it arrives registered, the base as issuer."""
    if not any(g.role == Role.BASE_REGISTRAR and g.organization_id == base.pk for g in grants_of(actor)):
        raise PermissionDenied(_("只有本基地的管理员可以颁发本基地的学习记录"))
    record = LearningRecord(person=person, source=RecordSource.ISSUED, submitted_by=actor, issuer=base)
    record.registrar = base
    with transaction.atomic():
        _fill(record, {**data, "organiser": data.get("organiser") or base.name})
        if not record.certificate_number:
            raise ValidationError(
                {"certificate_number": ValidationError(_("请填写证书编号"), code="required")}
            )
        claim = check_claim(record)
        _mark_registered(actor, record, claim)
        _save_unique(record)
        totals_add_record(record=record, sign=1)
        audit_write(
            actor=actor, role=Role.BASE_REGISTRAR, action="record.issue", obj=record, after=snapshot(record)
        )
    return record


def record_correct(*, actor, record: LearningRecord, reason: str, replacement: dict | None = None):
    """Correct a registered record: reverse it (it stays, no longer counted) and, when given, register
    a replacement that points at it. By the registrar or the HR department, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("请填写更正原因"), code="required")})
    with transaction.atomic():
        original = _locked_for_registrar(actor, record, RecordStatus.REGISTERED)
        role = _grant_role(actor, original)
        original.status = RecordStatus.REVERSED
        original.save(update_fields=["status"])
        Correction.objects.create(original=original, reason=reason[:500], corrected_by=actor)
        totals_add_record(record=original, sign=-1)
        audit_write(actor=actor, role=role, action="record.reverse", obj=original, after={"reason": reason})
        new = _replacement(actor, original, replacement) if replacement is not None else None
        if new is not None:
            audit_write(
                actor=actor,
                role=role,
                action="record.correct",
                obj=new,
                after={**snapshot(new), "reason": reason},
            )
    return original, new


def _replacement(actor, original: LearningRecord, data: dict) -> LearningRecord:
    fields = {field: getattr(original, field) for field in CLAIM_FIELDS} | data
    new = LearningRecord(
        person=original.person,
        source=RecordSource.CORRECTION,
        corrects=original,
        registrar=original.registrar,
        issuer=original.issuer,
        submitted_by=actor,
    )
    _fill(new, fields)
    claim = check_claim(new)
    _mark_registered(actor, new, claim)
    _save_unique(new)
    totals_add_record(record=new, sign=1)
    return new


def _fill(record: LearningRecord, data: dict[str, Any]) -> None:
    unknown = set(data) - set(CLAIM_FIELDS)
    if unknown:
        raise TypeError(f"not claim fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(record, field, value.strip() if isinstance(value, str) else value)
    record.public_category = record.public_category or ""
    record.item_level = record.item_level or ""
    record.issuer_key = record.issuer.credit_code if record.issuer else _issuer_key(record.organiser)
    record.submitted_at = record.submitted_at or timezone.now()
    record.claimed_tenths = record.claimed_tenths or 0
    record.counting_unit = record.counting_unit or "hour"
    record.status = record.status or RecordStatus.SUBMITTED
    try:
        record.full_clean(exclude=DERIVED + ["person", "activity"], validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.error_dict) from None
    claim = check_claim(record)
    record.claimed_tenths = claim.claimed_tenths
    record.flags = flags_for(record, claim.rule, makeup=claim.makeup)


def _issuer_key(organiser: str) -> str:
    """Organiser names as typed differ by spaces and brackets: keep one form for the duplicate check."""
    return "".join((organiser or "").split()).replace("（", "(").replace("）", ")")[:200]


def _mark_registered(actor, record: LearningRecord, claim) -> None:
    record.status = RecordStatus.REGISTERED
    record.recognised_tenths = claim.claimed_tenths
    record.rule_version = claim.ruleset.label
    record.registered_by = actor
    record.registered_at = timezone.now()


def _save_unique(record: LearningRecord) -> None:
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        if _certificate_taken(record):
            raise ValidationError(
                {
                    "certificate_number": ValidationError(
                        _("该发证机构的此证书编号已登记过，不能重复申报"), code="duplicate_certificate"
                    )
                }
            ) from None
        raise


def _certificate_taken(record: LearningRecord) -> bool:
    return (
        LearningRecord.objects.filter(
            issuer_key=record.issuer_key, certificate_number=record.certificate_number
        )
        # The unique index's own condition, so that it serves the lookup.
        .exclude(certificate_number="")
        .exclude(status=RecordStatus.REVERSED)
        .exclude(pk=record.pk)
        .exists()
    )


def _attach(actor, record: LearningRecord, files) -> list[Evidence]:
    attached = []
    for uploaded in files:
        stored = store_evidence(uploaded)
        try:
            attached.append(Evidence.objects.create(record=record, uploaded_by=actor, **stored.__dict__))
        except Exception:
            discard(stored)
            raise
    return attached


def _own_role(actor, person: Person) -> str:
    if actor.person_id == person.pk and any(g.role == Role.PROFESSIONAL for g in grants_of(actor)):
        return Role.PROFESSIONAL
    raise PermissionDenied(_("只能为本人申报学习记录"))


def _registrar_of(person: Person, via_agency: bool):
    if person.file_agency_id and (via_agency or person.unit_id is None):
        return person.file_agency
    if person.unit_id is None:
        raise ValidationError(
            {"registrar": ValidationError(_("没有可登记的单位或档案代理机构"), code="no_registrar")}
        )
    return person.unit


def _locked_for_registrar(actor, record: LearningRecord, status: str, registering=False) -> LearningRecord:
    """The record, locked, if the actor may act on it; 404 (DoesNotExist) outside scope."""
    records = (
        LearningRecord.objects.registrable_by(actor)
        if registering
        else LearningRecord.objects.editable_by(actor)
    )
    record = records.select_for_update().get(pk=record.pk)
    if record.status != status:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("记录当前状态为“%(status)s”，不能执行此操作") % {"status": record.get_status_display()},
                    code="wrong_status",
                )
            }
        )
    return record


def _grant_role(actor, record: LearningRecord) -> str:
    grant = LearningRecord.objects.authorizing_grant(actor, record.pk)
    return grant.role if grant else Role.PLATFORM_ADMIN


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(m) for m in error.messages]
    return [str(error)]
