"""The registrar's and the HR department's actions on records: register one or many, return with a
reason, correct a registered record (reverse it, optionally with a replacement)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.config.pages import form_status
from jxjy.records import selectors
from jxjy.records.forms import CorrectForm, RegisterForm, ReturnForm
from jxjy.records.forms import service_errors_to_form as show_errors
from jxjy.records.models import LearningRecord
from jxjy.records.services import record_correct, record_register, record_return, records_register_bulk
from jxjy.records.views import record_or_404, render_detail
from jxjy.rules.hours import format_hours


@require_POST
@login_required
def register_view(request, record_id: int):
    record = record_or_404(request.user, record_id)
    form = RegisterForm(request.POST)
    form.is_valid()
    try:
        record = record_register(
            actor=request.user, record=record, confirm_flags=form.cleaned_data.get("confirm_flags", False)
        )
    except LearningRecord.DoesNotExist:
        raise Http404(_("学习记录不存在")) from None
    except (ValidationError, PermissionDenied) as error:
        _show(form, error)
        return render_detail(request, record, status=422, register_form=form)
    messages.success(
        request,
        _("已登记《%(title)s》，认定 %(hours)s 学时")
        % {"title": record.title, "hours": format_hours(record.recognised_tenths)},
    )
    return redirect("records:detail", record_id=record.pk)


@require_POST
@login_required
def return_view(request, record_id: int):
    record = record_or_404(request.user, record_id)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            record = record_return(actor=request.user, record=record, reason=form.cleaned_data["reason"])
        except LearningRecord.DoesNotExist:
            raise Http404(_("学习记录不存在")) from None
        except (ValidationError, PermissionDenied) as error:
            _show(form, error)
        else:
            messages.success(request, _("已退回《%(title)s》") % {"title": record.title})
            return redirect("records:detail", record_id=record.pk)
    return render_detail(request, record, status=422, return_form=form)


@require_POST
@login_required
def register_bulk_view(request):
    ids = [int(value) for value in request.POST.getlist("record_ids") if value.isdigit()]
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith(
        "/"
    ):
        back = "records:list"
    if not ids:
        messages.error(request, _("请先勾选要登记的记录"))
        return redirect(back)
    registered, skipped = records_register_bulk(actor=request.user, record_ids=ids)
    if registered:
        titles = "、".join(f"《{record.title}》（{record.person.name}）" for record in registered)
        messages.success(request, _("已登记 %(n)s 条：%(titles)s") % {"n": len(registered), "titles": titles})
    if skipped:
        shown = selectors.records_visible_to(request.user).filter(pk__in=skipped).in_bulk()
        reasons = "；".join(
            f"《{shown[pk].title}》（{shown[pk].person.name}）：{reason}"
            for pk, reason in skipped.items()
            if pk in shown
        )
        messages.warning(
            request, _("未登记 %(n)s 条，请逐条处理：%(reasons)s") % {"n": len(skipped), "reasons": reasons}
        )
    return redirect(back)


@login_required
def correct_view(request, record_id: int):
    record = record_or_404(request.user, record_id)
    if not selectors.may_correct(request.user, record):
        raise Http404(_("该记录不能更正"))
    form = CorrectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            original, new = record_correct(
                actor=request.user,
                record=record,
                reason=form.cleaned_data["reason"],
                replacement=form.replacement(),
            )
        except LearningRecord.DoesNotExist:
            raise Http404(_("学习记录不存在")) from None
        except (ValidationError, PermissionDenied) as error:
            _show(form, error)
        else:
            if new is None:
                messages.success(request, _("已冲正，该记录不再计入学时"))
                return redirect("records:detail", record_id=original.pk)
            messages.success(request, _("已冲正原记录并登记更正后的记录"))
            return redirect("records:detail", record_id=new.pk)
    context = {"form": form, "record": record, "title": _("更正：%(title)s") % {"title": record.title}}
    return render(request, "records/correct.html", context, status=form_status(form))


def _show(form, error) -> None:
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("您无权执行此操作"))
    else:
        show_errors(form, error)
