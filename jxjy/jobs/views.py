"""The list of a user's jobs, where a long import or export is found again after the tab was closed.
A job's page: the progress bar while it runs (the partial polls itself every second with htmx and
stops once the job has finished), then, for an import, the summary, the first errors and the report
download; for an export, the file. The page reads everything from the job row, so it survives a
reload."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.config.pages import paginate
from jxjy.exports.lists import BUILDERS, LIST_TITLES, list_described
from jxjy.exports.writers import XLSX_CONTENT_TYPE
from jxjy.imports.choices import ImportMode
from jxjy.jobs.choices import JobKind, JobStatus
from jxjy.jobs.forms import JobFilterForm
from jxjy.jobs.purge import files_kept_until
from jxjy.jobs.selectors import (
    job_visible_or_404,
    jobs_listed,
    progress_of,
    refused_rows_file,
    report_file,
)
from jxjy.jobs.services import job_stop

ERRORS_SHOWN = 50
JOBS_PER_PAGE = 20


@login_required
def job_list(request):
    form = JobFilterForm(request.GET or None)
    kind, q = (form.cleaned_data["kind"], form.cleaned_data["q"]) if form.is_valid() else ("", "")
    context = {"form": form, **paginate(request, jobs_listed(request.user, kind, q), per_page=JOBS_PER_PAGE)}
    jobs = context["page"].object_list
    # A running job: its live rows; an export: its list's title; an import: whether it kept refused rows.
    context["listed"] = [
        (
            job,
            progress_of(job),
            LIST_TITLES.get(job.params.get("list"), ""),
            refused_rows_file(job) is not None,
        )
        for job in jobs
    ]
    # The administrator sees everyone's jobs: then the list says whose each one is.
    context["show_creator"] = any(job.created_by_id != request.user.pk for job in jobs)
    return render(request, "jobs/list.html", context)


@login_required
def job_detail(request, job_id: int):
    job = job_visible_or_404(request.user, job_id)
    errors = job.result.get("errors", [])
    context = {
        "job": job,
        "progress": progress_of(job),
        "errors": errors[:ERRORS_SHOWN],
        "more_errors": job.result.get("error_count", len(errors)) - min(len(errors), ERRORS_SHOWN),
        "mode_label": ImportMode(job.mode).label if job.mode in ImportMode.values else job.mode,
        "is_export": job.kind == JobKind.EXPORT,
        "has_refused_rows": refused_rows_file(job) is not None,
        "files_kept_until": files_kept_until(job),
        "files_days": settings.JXJY_JOB_FILES_DAYS,
    }
    if job.kind == JobKind.EXPORT and not request.htmx:  # the polled part does not show it
        context["export_list"] = _export_list(job)
    template = "jobs/_status.html" if request.htmx else "jobs/detail.html"
    return render(request, template, context)


@require_POST
@login_required
def job_stop_view(request, job_id: int):
    """The page's 停止 button: a queued job stops at once, a running one before its next batch. From
    the page (htmx) the answer is the job's status part, which says it; without scripts, the page
    again with a message."""
    job = job_visible_or_404(request.user, job_id)
    try:
        job = job_stop(actor=request.user, job=job)
    except ValidationError as error:
        if not request.htmx:
            messages.error(request, error.messages[0])
    else:
        if not request.htmx:
            stopped = job.status == JobStatus.STOPPED
            messages.success(request, _("任务已停止") if stopped else _("已请求停止：当前这一批处理完后停止"))
    if request.htmx:
        return job_detail(request, job.pk)
    return redirect("jobs:detail", job_id=job.pk)


def _export_list(job):
    """The list and filters an export holds, as its creator's page showed them."""
    name = job.params.get("list")
    return list_described(name, job.created_by, job.params.get("query", "")) if name in BUILDERS else None


@login_required
def job_report(request, job_id: int):
    job = job_visible_or_404(request.user, job_id)
    path = report_file(job)
    if path is None or job.kind == JobKind.EXPORT:
        raise Http404(_("该任务没有结果报告"))
    stem = job.file_name.rsplit(".", 1)[0] or "import"
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"{stem}-导入结果.xlsx")  # noqa: SIM115


@login_required
def job_refused_rows(request, job_id: int):
    """The rows an import refused, alone: to fix and upload again."""
    job = job_visible_or_404(request.user, job_id)
    path = refused_rows_file(job)
    if path is None:
        raise Http404(_("该任务没有错误行文件"))
    stem = job.file_name.rsplit(".", 1)[0] or "import"
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"{stem}-错误行.xlsx")  # noqa: SIM115


@login_required
def job_export_file(request, job_id: int):
    """The file an export job wrote, once it is done."""
    job = job_visible_or_404(request.user, job_id)
    path = report_file(job)
    if path is None or job.kind != JobKind.EXPORT:
        raise Http404(_("导出文件尚未生成"))
    csv = job.file_name.endswith(".csv")
    content_type = "text/csv; charset=utf-8" if csv else XLSX_CONTENT_TYPE
    return FileResponse(  # noqa: SIM115 - FileResponse closes it
        open(path, "rb"), as_attachment=True, filename=job.file_name, content_type=content_type
    )
