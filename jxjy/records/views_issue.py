"""A CE base's registrar issues a certificate of its own class: the record arrives registered, with
the base as issuer (bulk issuing by file comes with the import pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jxjy.config.pages import form_status
from jxjy.records.forms import IssueForm
from jxjy.records.forms import service_errors_to_form as show_errors
from jxjy.records.selectors import attendee, issuing_base
from jxjy.records.services import record_issue


@login_required
def issue_view(request):
    base = issuing_base(request.user)
    if base is None:
        raise Http404(_("只有继续教育基地可以颁发学习记录"))
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = attendee(form.cleaned_data["person_id_number"], form.cleaned_data["person_name"])
            record = record_issue(actor=request.user, base=base, person=person, data=form.claim_data())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("已颁发并登记：%(name)s，%(title)s") % {"name": person.name, "title": record.title}
            )
            return redirect("records:detail", record_id=record.pk)
    context = {"form": form, "title": _("颁发学习记录（%(base)s）") % {"base": base.name}, "issuing": True}
    return render(request, "records/form.html", context, status=form_status(form))
