"""Reads of study records for the pages, always through the user's scope (LearningRecord.objects
.visible_to), plus what a person's year looks like on their home page."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.access.choices import Role
from jxjy.access.scope import grants_of
from jxjy.audit.models import AuditEntry
from jxjy.organizations.models import Organization
from jxjy.people.id_numbers import normalize_id_number
from jxjy.people.models import Person
from jxjy.records.choices import RecordStatus
from jxjy.records.models import LearningRecord
from jxjy.rules.hours import format_hours

REGISTRAR_ROLES = (Role.UNIT_OFFICER, Role.AGENCY_CLERK)
OBJECT_TYPE = "records.learningrecord"
ACTIONS = {
    "record.submit": gettext_lazy("提交申报"),
    "record.resubmit": gettext_lazy("修改并重新提交"),
    "record.evidence": gettext_lazy("添加证明材料"),
    "record.register": gettext_lazy("登记"),
    "record.return": gettext_lazy("退回"),
    "record.issue": gettext_lazy("基地颁发"),
    "record.reverse": gettext_lazy("冲正"),
    "record.correct": gettext_lazy("更正登记"),
}


@dataclass(frozen=True)
class RecordFilters:
    status: str = ""
    year: int | None = None
    q: str = ""  # the person's name, or part of it
    flagged: bool = False
    registrar_only: bool = False  # only records the user's unit or agency registers (the queue)


def records_visible_to(user, filters: RecordFilters = RecordFilters()) -> QuerySet[LearningRecord]:
    records = LearningRecord.objects.visible_to(user).select_related("person", "person__unit", "registrar")
    if filters.registrar_only:
        records = records.filter(registrar_id__in=registrar_org_ids(user))
    if filters.status:
        records = records.filter(status=filters.status)
    if filters.year:
        records = records.filter(year=filters.year)
    if filters.q.strip():
        records = records.filter(person__name__contains=filters.q.strip())
    if filters.flagged:
        records = records.exclude(flags=[])
    return records


def record_visible_to(user, record_id: int) -> LearningRecord:
    """The record, or LearningRecord.DoesNotExist when missing or outside the user's scope."""
    return records_visible_to(user).select_related("corrects", "issuer").get(pk=record_id)


def registrar_org_ids(user) -> list[int]:
    return [g.organization_id for g in grants_of(user) if g.role in REGISTRAR_ROLES and g.organization_id]


def waiting_count(user) -> int:
    """Records waiting for the user's unit or agency to register them."""
    return records_visible_to(user, RecordFilters(status=RecordStatus.SUBMITTED, registrar_only=True)).count()


def may_register(user, record: LearningRecord) -> bool:
    return record.status == RecordStatus.SUBMITTED and record.registrar_id in registrar_org_ids(user)


def may_correct(user, record: LearningRecord) -> bool:
    return (
        record.status == RecordStatus.REGISTERED
        and LearningRecord.objects.editable_by(user).filter(pk=record.pk).exists()
    )


def is_own(user, record: LearningRecord) -> bool:
    return (
        bool(user.person_id)
        and record.person_id == user.person_id
        and any(g.role == Role.PROFESSIONAL for g in grants_of(user))
    )


def may_amend(user, record: LearningRecord) -> bool:
    return is_own(user, record) and record.status in (RecordStatus.SUBMITTED, RecordStatus.RETURNED)


@dataclass(frozen=True)
class HistoryRow:
    at: object
    who: str
    role: str
    action: str
    note: str


def record_history(record: LearningRecord) -> list[HistoryRow]:
    """Who did what to the record, from the audit log, oldest first. People are shown by their
    display name, never by login name (a professional's login is their ID number)."""
    from django.contrib.auth import get_user_model

    entries = list(
        AuditEntry.objects.filter(object_type=OBJECT_TYPE, object_id=str(record.pk)).order_by("seq")
    )
    ids = {entry.actor_id for entry in entries if entry.actor_id}
    names = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=ids)}
    roles = dict(Role.choices)
    return [
        HistoryRow(
            at=entry.at,
            who=names.get(entry.actor_id, _("（已删除的账号）")),
            role=str(roles.get(entry.role, entry.role)),
            action=str(ACTIONS.get(entry.action, entry.action)),
            note=(entry.after or {}).get("reason", "") if isinstance(entry.after, dict) else "",
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class ProgressBar:
    label: str
    have_tenths: int
    need_tenths: int

    @property
    def percent(self) -> int:
        if not self.need_tenths:
            return 100
        return min(100, self.have_tenths * 100 // self.need_tenths)

    @property
    def have(self) -> str:
        return format_hours(self.have_tenths)

    @property
    def need(self) -> str:
        text = format_hours(self.need_tenths)
        return text[:-2] if text.endswith(".0") else text


def progress_bars(result) -> list[ProgressBar]:
    """The three bars of a year (total, professional, public) toward the person's requirement."""
    requirement = result.requirement
    if requirement is None:
        return []
    return [
        ProgressBar(_("总学时"), result.total_tenths, requirement.total_tenths),
        ProgressBar(_("专业科目"), result.professional_tenths, requirement.professional_min_tenths),
        ProgressBar(_("公需科目"), result.public_tenths, requirement.public_min_tenths),
    ]


@dataclass
class ProfessionalYear:
    year: int
    bars: list[ProgressBar] = field(default_factory=list)
    met: bool = False
    latest: list[LearningRecord] = field(default_factory=list)
    next_steps: list[tuple[str, str]] = field(default_factory=list)  # (what to do, url)


def professional_year(person, year: int) -> ProfessionalYear:
    """A professional's home page: this year's bars, the latest records, and what to do next."""
    from jxjy.compliance.selectors import compliance_for

    result = compliance_for(person, year)
    mine = LearningRecord.objects.filter(person=person)
    summary = ProfessionalYear(year=year, bars=progress_bars(result)[:2], met=result.met)
    summary.latest = list(mine.order_by("-submitted_at", "-id")[:5])
    returned = mine.filter(status=RecordStatus.RETURNED).count()
    new_url, list_url = reverse("records:create"), reverse("records:list")
    if returned:
        summary.next_steps.append(
            (_("已退回 %(n)s 条记录，请修改后重新提交") % {"n": returned}, f"{list_url}?status=returned")
        )
    if not result.met:
        for shortfall in result.shortfalls:
            if shortfall.code == "total_short":
                summary.next_steps.append(
                    (
                        _("还差 %(hours)s 学时，请继续学习并申报") % {"hours": _plain(shortfall.tenths)},
                        new_url,
                    )
                )
        if not any(url == new_url for _text, url in summary.next_steps):
            summary.next_steps += [(s.message, new_url) for s in result.shortfalls]
    waiting = mine.filter(status=RecordStatus.SUBMITTED, year=year).count()
    if waiting:
        summary.next_steps.append(
            (_("%(n)s 条记录待单位登记，登记后计入学时") % {"n": waiting}, f"{list_url}?status=submitted")
        )
    return summary


def _plain(tenths: int) -> str:
    text = format_hours(tenths)
    return text[:-2] if text.endswith(".0") else text


def attendee(id_number: str, name: str):
    """The person a CE base names by ID number and name; both must match someone on the platform
    (the base has no other view of people, and the pair is what its class register holds)."""
    person = Person.objects.filter(id_number=normalize_id_number(id_number), name=name.strip()).first()
    if person is None:
        raise ValidationError(
            {
                "person_id_number": ValidationError(
                    _("平台上没有此身份号码和姓名的专业技术人员"), code="person_not_found"
                )
            }
        )
    return person


def issuing_base(user):
    """The CE base the user registers for, or None."""
    base_ids = [g.organization_id for g in grants_of(user) if g.role == Role.BASE_REGISTRAR]
    return Organization.objects.filter(pk__in=base_ids).order_by("id").first()
