"""Study records over the API: self-report or issue, evidence upload, register, return, correct."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from ninja import Field, File, FilterSchema, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.config.api_types import ObjectId, Text
from jxjy.organizations.models import Organization
from jxjy.people.selectors import shown_id_number
from jxjy.records.choices import RecordSource, RecordStatus
from jxjy.records.models import LearningRecord
from jxjy.records.selectors import attendee, issuing_base
from jxjy.records.services import (
    evidence_attach,
    record_amend,
    record_correct,
    record_issue,
    record_register,
    record_return,
    record_submit,
    records_register_bulk,
)
from jxjy.rules.choices import ItemLevel, StudyForm
from jxjy.rules.hours import format_hours, parse_hours

router = Router(tags=["学习记录 records"])

Year = Field(None, ge=2000, le=2100, description="计入年度；缺省为结束日期所在年度")


class RecordOut(Schema):
    id: int
    person_id: int
    person_name: str
    person_id_number: str = Field(..., description="打码")
    year: int
    form: StudyForm
    activity: str
    subject_kind: SubjectKind
    public_category: str
    title: str
    content: str
    organiser: str
    start_date: datetime.date
    end_date: datetime.date
    quantity: str = Field(..., description="数量（学时、半天、天、项或门），一位小数")
    item_level: str
    certificate_number: str
    status: RecordStatus
    source: RecordSource
    registrar_id: int
    issuer_id: int | None
    claimed_hours: str
    recognised_hours: str | None
    rule_version: str
    flags: list[str]
    return_reason: str
    corrects_id: int | None
    evidence_count: int

    @staticmethod
    def resolve_person_name(record) -> str:
        return record.person.name

    @staticmethod
    def resolve_person_id_number(record) -> str:
        return shown_id_number(record.person, full=False)

    @staticmethod
    def resolve_quantity(record) -> str:
        return format_hours(record.quantity_tenths)

    @staticmethod
    def resolve_claimed_hours(record) -> str:
        return format_hours(record.claimed_tenths)

    @staticmethod
    def resolve_recognised_hours(record) -> str | None:
        return format_hours(record.recognised_tenths)

    @staticmethod
    def resolve_evidence_count(record) -> int:
        return record.evidence_total


class RecordIn(Schema, extra="forbid"):
    year: int | None = Year
    form: StudyForm
    activity: Text = Field("", max_length=40, description="学时折算项目代码；缺省为该学习形式的第一项")
    subject_kind: SubjectKind
    public_category: PublicCategory | None = None
    title: Text = Field(..., min_length=1, max_length=200)
    content: Text = Field("", max_length=2000)
    organiser: Text = Field("", max_length=200)
    start_date: datetime.date
    end_date: datetime.date
    quantity: Text = Field(..., max_length=12, description='如 "8.0"')
    item_level: ItemLevel | None = None
    certificate_number: Text = Field("", max_length=64)
    via_agency: bool = Field(False, description="交由档案代理机构登记（个人申报）")
    # A CE base issuing for its class names the person by ID number and name.
    person_id_number: Text = Field("", max_length=40, description="基地颁发时填写：学员公民身份号码")
    person_name: Text = Field("", max_length=50, description="基地颁发时填写：学员姓名")


class RecordAmend(Schema, extra="forbid"):
    year: int | None = Year
    form: StudyForm = None
    activity: Text = Field(None, max_length=40)
    subject_kind: SubjectKind = None
    public_category: PublicCategory | None = None
    title: Text = Field(None, min_length=1, max_length=200)
    content: Text = Field(None, max_length=2000)
    organiser: Text = Field(None, max_length=200)
    start_date: datetime.date = None
    end_date: datetime.date = None
    quantity: Text = Field(None, max_length=12)
    item_level: ItemLevel | None = None
    certificate_number: Text = Field(None, max_length=64)


class RegisterIn(Schema, extra="forbid"):
    confirm_flags: bool = Field(False, description="已核实记录上的提示（日期重叠、单日学时过多、补登）")


class ReturnIn(Schema, extra="forbid"):
    reason: Text = Field(..., max_length=500)


class CorrectIn(Schema, extra="forbid"):
    reason: Text = Field(..., max_length=500)
    replacement: RecordAmend | None = Field(None, description="更正后的内容；缺省则只冲正")


class BulkRegisterIn(Schema, extra="forbid"):
    ids: list[ObjectId] = Field(..., max_length=500)


class BulkRegisterOut(Schema):
    registered: list[int]
    skipped: dict[int, str]


class CorrectOut(Schema):
    reversed: RecordOut
    replacement: RecordOut | None


class RecordQuery(FilterSchema):
    q: Text = Field("", max_length=50, description="姓名或学习项目名称（的一部分）")
    status: RecordStatus | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    person: ObjectId | None = None
    flagged: bool | None = None


def record_out(record: LearningRecord) -> LearningRecord:
    """A record just written, read back the way lists read it (with its evidence count)."""
    return (
        LearningRecord.objects.annotate(evidence_total=Count("evidence"))
        .select_related("person")
        .get(pk=record.pk)
    )


def _visible(request):
    return (
        LearningRecord.objects.visible_to(request.auth)
        .select_related("person")
        .annotate(evidence_total=Count("evidence"))
    )


@router.get("", response=list[RecordOut])
@paginate
def list_records(request, query: Query[RecordQuery]):
    records = _visible(request)
    if query.q.strip():
        records = records.filter(
            Q(person__name__contains=query.q.strip()) | Q(title__contains=query.q.strip())
        )
    if query.status:
        records = records.filter(status=query.status)
    if query.year:
        records = records.filter(year=query.year)
    if query.person:
        records = records.filter(person_id=query.person)
    if query.flagged is not None:
        records = records.exclude(flags=[]) if query.flagged else records.filter(flags=[])
    return records


@router.get("/{int:record_id}", response=RecordOut)
def get_record(request, record_id: ObjectId):
    return _visible(request).get(pk=record_id)


@router.post("", response={201: RecordOut})
def create_record(request, payload: RecordIn):
    data = _claim_data(payload.dict(exclude={"via_agency", "person_id_number", "person_name"}))
    base = _issuing_base(request.auth) if payload.person_id_number else None
    if base is not None:
        person = attendee(payload.person_id_number, payload.person_name)
        record = record_issue(actor=request.auth, base=base, person=person, data=data)
    elif request.auth.person_id is None:
        raise PermissionDenied(_("只有专业技术人员本人可以申报；继续教育基地颁发时须填写学员身份号码和姓名"))
    else:
        record = record_submit(
            actor=request.auth, person=request.auth.person, data=data, via_agency=payload.via_agency
        )
    return Status(201, record_out(record))


@router.patch("/{int:record_id}", response=RecordOut)
def amend_record(request, record_id: ObjectId, payload: RecordAmend):
    record = _visible(request).get(pk=record_id)
    data = _claim_data(payload.dict(exclude_unset=True))
    return record_out(record_amend(actor=request.auth, record=record, data=data))


@router.post("/{int:record_id}/evidence", response={201: RecordOut})
def upload_evidence(request, record_id: ObjectId, file: File[UploadedFile]):
    record = _visible(request).get(pk=record_id)
    evidence_attach(actor=request.auth, record=record, uploaded=file)
    return Status(201, record_out(record))


@router.post("/{int:record_id}/register", response=RecordOut)
def register_record(request, record_id: ObjectId, payload: RegisterIn):
    record = _visible(request).get(pk=record_id)
    return record_out(record_register(actor=request.auth, record=record, confirm_flags=payload.confirm_flags))


@router.post("/{int:record_id}/return", response=RecordOut)
def return_record(request, record_id: ObjectId, payload: ReturnIn):
    record = _visible(request).get(pk=record_id)
    return record_out(record_return(actor=request.auth, record=record, reason=payload.reason))


@router.post("/{int:record_id}/correct", response=CorrectOut)
def correct_record(request, record_id: ObjectId, payload: CorrectIn):
    record = _visible(request).get(pk=record_id)
    replacement = _claim_data(payload.replacement.dict(exclude_unset=True)) if payload.replacement else None
    original, new = record_correct(
        actor=request.auth, record=record, reason=payload.reason, replacement=replacement
    )
    return {"reversed": record_out(original), "replacement": record_out(new) if new else None}


@router.post("/register", response=BulkRegisterOut)
def register_many(request, payload: BulkRegisterIn):
    registered, skipped = records_register_bulk(actor=request.auth, record_ids=payload.ids)
    return {"registered": [record.pk for record in registered], "skipped": skipped}


def _claim_data(data: dict) -> dict:
    """API names to the service's: hours as decimal strings become tenths; absent choices blank."""
    if "quantity" in data:
        data["quantity_tenths"] = parse_hours(data.pop("quantity"), "quantity")
    for field in ("public_category", "item_level"):
        if field in data and data[field] is None:
            data[field] = ""
    return data


def _issuing_base(user) -> Organization:
    base = issuing_base(user)
    if base is None:
        raise PermissionDenied(_("只有继续教育基地可以为学员颁发学习记录"))
    return base
