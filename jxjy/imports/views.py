"""The upload pages: a CE base's registrar uploads its certificates, a unit officer the unit's roster.
The file is kept and imported by a background job; the page goes straight to the job's progress."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jxjy.imports.choices import ImportKind
from jxjy.imports.forms import UploadForm
from jxjy.imports.selectors import import_organizations
from jxjy.jobs.selectors import recent_jobs
from jxjy.jobs.services import JOB_KINDS, import_job_start

TITLES = {
    ImportKind.RECORDS: gettext_lazy("批量导入学习记录"),
    ImportKind.PEOPLE: gettext_lazy("批量导入人员名册"),
}
HINTS = {
    ImportKind.RECORDS: gettext_lazy(
        "每行一份本基地颁发的结业证书；导入后直接登记，学时计入学员的年度学时。同一证书编号重复导入不会重复登记。"
    ),
    ImportKind.PEOPLE: gettext_lazy(
        "每行一名本单位的专业技术人员，以公民身份号码识别；已有人员的信息有变化时按文件更新。"
    ),
}


def _upload(request, kind: str):
    organizations = import_organizations(request.user, kind)
    if not organizations.exists():
        raise Http404(_("您无权导入此类数据"))
    form = UploadForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(
                actor=request.user,
                kind=kind,
                organization=form.chosen_organization(),
                uploaded_file=form.cleaned_data["file"],
                mode=form.cleaned_data["mode"],
            )
        except ValidationError as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
        else:
            return redirect("jobs:detail", job_id=job.pk)
    context = {
        "form": form,
        "kind": kind,
        "title": TITLES[kind],
        "hint": HINTS[kind],
        "jobs": recent_jobs(request.user, [JOB_KINDS[kind]]),
    }
    return render(request, "imports/upload.html", context, status=400 if form.errors else 200)


@login_required
def upload_records(request):
    return _upload(request, ImportKind.RECORDS)


@login_required
def upload_people(request):
    return _upload(request, ImportKind.PEOPLE)


def template_download(request, kind: str):
    """The blank template (public: it holds no data)."""
    from jxjy.imports.templates_xlsx import template_response

    if kind not in ImportKind.values:
        raise Http404
    return template_response(kind)
