"""Study record pages: the list (a professional's own records, a registrar's queue, an officer's view),
the self-report form, the detail with its history, and evidence files. Registration, return and
correction are in views_registrar."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jxjy.access.choices import Role
from jxjy.access.scope import roles_of
from jxjy.config.pages import form_status, paginate
from jxjy.exports.columns import records_export
from jxjy.exports.http import export_response, requested_format
from jxjy.exports.lists import ListRequest
from jxjy.records import selectors
from jxjy.records.choices import RecordFlag, RecordStatus
from jxjy.records.evidence import evidence_path
from jxjy.records.forms import EvidenceForm, RecordFilterForm, RecordForm, RegisterForm, ReturnForm
from jxjy.records.forms import service_errors_to_form as show_errors
from jxjy.records.models import LearningRecord
from jxjy.records.services import evidence_attach, record_amend, record_submit
from jxjy.rules.selectors import ruleset_in_force

OFFICER_ROLES = {Role.HR_OFFICER, Role.INDUSTRY_OFFICER, Role.PLATFORM_ADMIN, Role.BASE_REGISTRAR}
AMENDABLE = (
    "form",
    "activity",
    "subject_kind",
    "public_category",
    "title",
    "content",
    "organiser",
    "start_date",
    "end_date",
    "item_level",
    "certificate_number",
    "year",
)
TITLES = {
    "queue": gettext_lazy("待登记记录"),
    "own": gettext_lazy("我的学习记录"),
    "scope": gettext_lazy("学习记录"),
}


def list_mode(user) -> str:
    """'queue' for a unit's or agency's registrar, 'scope' for other officers, 'own' for a professional."""
    roles = roles_of(user)
    if roles & set(selectors.REGISTRAR_ROLES):
        return "queue"
    if roles & OFFICER_ROLES:
        return "scope"
    return "own"


def _records_listed(user, query):
    """(list mode, the filter form, the filters, the records in their order) for the page's query."""
    mode = list_mode(user)
    data = query.copy()
    if mode == "queue" and "status" not in data:
        data["status"] = RecordStatus.SUBMITTED  # the queue opens on what waits for registration
    form = RecordFilterForm(data, show_person=mode != "own")
    filters = selectors.RecordFilters(registrar_only=mode == "queue")
    if form.is_valid():
        cleaned = form.cleaned_data
        filters = selectors.RecordFilters(
            status=cleaned["status"],
            year=cleaned["year"],
            q=cleaned.get("q", ""),
            flagged=cleaned.get("flagged", False),
            registrar_only=mode == "queue",
        )
    records = selectors.records_visible_to(user, filters)
    # The queue: oldest first, as it is worked through; everyone else: newest first.
    records = (
        records.order_by("submitted_at", "id")
        if mode == "queue"
        else records.order_by("-submitted_at", "-id")
    )
    return mode, form, filters, records


def records_list_request(user, query) -> ListRequest:
    mode, form, filters, records = _records_listed(user, query)
    return ListRequest(
        name="records",
        export=records_export(),
        rows=records,
        filters={"mode": mode, **asdict(filters)},
        filename=f"records-{timezone.localdate():%Y%m%d}",
        form=form,
    )


@login_required
def record_list(request):
    if requested_format(request):
        return export_response(request, records_list_request(request.user, request.GET))
    mode, form, _filters, records = _records_listed(request.user, request.GET)
    context = {
        "form": form,
        "mode": mode,
        "title": TITLES[mode],
        "may_report": Role.PROFESSIONAL in roles_of(request.user) and request.user.person_id,
        "may_issue": selectors.issuing_base(request.user) is not None,
        **paginate(request, records),
    }
    template = "records/_results.html" if request.htmx else "records/list.html"
    return render(request, template, context)


def _own_person_or_404(user):
    if Role.PROFESSIONAL not in roles_of(user) or not user.person_id:
        raise Http404(_("只有专业技术人员本人可以申报学习记录"))
    return user.person


@login_required
def record_create_view(request):
    person = _own_person_or_404(request.user)
    form = RecordForm(request.POST or None, request.FILES or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            record = record_submit(
                actor=request.user,
                person=person,
                data=form.claim_data(),
                files=form.cleaned_data["evidence"],
                via_agency=form.cleaned_data.get("via_agency", False),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("已提交，等待%(registrar)s登记") % {"registrar": record.registrar.name}
            )
            _flag_message(request, record)
            return redirect("records:detail", record_id=record.pk)
    context = {"form": form, "title": _("申报学习记录")}
    return render(request, "records/form.html", context, status=form_status(form))


@login_required
def record_edit_view(request, record_id: int):
    record = record_or_404(request.user, record_id)
    if not selectors.may_amend(request.user, record):
        raise Http404(_("该记录不能修改"))
    initial = {name: getattr(record, name) for name in AMENDABLE}
    initial["quantity"] = f"{record.quantity_tenths / 10:g}"
    form = RecordForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        ruleset=ruleset_in_force(record.year),
        person=None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = record_amend(
                actor=request.user, record=record, data=form.claim_data(), files=form.cleaned_data["evidence"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("已修改并重新提交"))
            _flag_message(request, record)
            return redirect("records:detail", record_id=record.pk)
    context = {
        "form": form,
        "title": _("修改并重新提交：%(title)s") % {"title": record.title},
        "record": record,
    }
    return render(request, "records/form.html", context, status=form_status(form))


@login_required
def record_detail(request, record_id: int):
    record = record_or_404(request.user, record_id)
    return render_detail(request, record)


def render_detail(request, record: LearningRecord, status: int = 200, **forms):
    user = request.user
    context = {
        "record": record,
        "evidence": list(record.evidence.all()),
        "history": selectors.record_history(record),
        "correction": getattr(record, "correction", None) if record.status == RecordStatus.REVERSED else None,
        "replacements": list(selectors.records_visible_to(user).filter(corrects=record)),
        "may_register": selectors.may_register(user, record),
        "may_amend": selectors.may_amend(user, record),
        "may_correct": selectors.may_correct(user, record),
        "register_form": forms.get("register_form") or RegisterForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
    }
    return render(request, "records/detail.html", context, status=status)


@require_POST
@login_required
def evidence_add_view(request, record_id: int):
    record = record_or_404(request.user, record_id)
    if not selectors.may_amend(request.user, record):
        raise Http404(_("该记录不能再添加证明材料"))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            for uploaded in form.cleaned_data["evidence"]:
                evidence_attach(actor=request.user, record=record, uploaded=uploaded)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("已添加证明材料"))
            return redirect("records:detail", record_id=record.pk)
    return render_detail(request, record, status=422, evidence_form=form)


@login_required
def evidence_download(request, record_id: int, evidence_id: int):
    record = record_or_404(request.user, record_id)
    evidence = record.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404(_("文件不存在"))
    path = evidence_path(evidence.stored_name)
    if not path.is_file():
        raise Http404(_("文件不存在"))
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


def record_or_404(user, record_id: int) -> LearningRecord:
    try:
        return selectors.record_visible_to(user, record_id)
    except LearningRecord.DoesNotExist:
        raise Http404(_("学习记录不存在")) from None


def _flag_message(request, record: LearningRecord) -> None:
    if record.flags:
        names = dict(RecordFlag.choices)
        text = "；".join(str(names.get(flag, flag)) for flag in record.flags)
        messages.info(request, _("系统提示：%(flags)s。登记机构将核实后登记。") % {"flags": text})
