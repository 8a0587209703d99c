"""Starting a background job. The job row is written with its audit entry in one transaction, and
the task is queued only when that transaction commits, so a worker never looks for a job that is not
there yet."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.access.choices import Role
from jxjy.access.scope import grants_of
from jxjy.audit.services import audit_write
from jxjy.exports.lists import ListRequest
from jxjy.exports.services import FORMATS, acting_role
from jxjy.imports.choices import ImportKind, ImportMode
from jxjy.imports.errors import render
from jxjy.jobs.choices import FINISHED, JobKind, JobStage, JobStatus
from jxjy.jobs.files import new_output, stop_mark, store_upload
from jxjy.jobs.live import live_read
from jxjy.jobs.models import Job
from jxjy.organizations.choices import OrgKind

# Who may import what for which organisation (besides the platform administrator).
IMPORT_ROLES = {ImportKind.RECORDS: Role.BASE_REGISTRAR, ImportKind.PEOPLE: Role.UNIT_OFFICER}
IMPORT_ORG_KINDS = {ImportKind.RECORDS: OrgKind.BASE, ImportKind.PEOPLE: OrgKind.UNIT}
JOB_KINDS = {ImportKind.RECORDS: JobKind.IMPORT_RECORDS, ImportKind.PEOPLE: JobKind.IMPORT_PEOPLE}


def import_role(actor, kind: str, organization) -> str | None:
    """The role in which `actor` may import `kind` for `organization`, or None."""
    if organization is None or organization.kind != IMPORT_ORG_KINDS[kind]:
        return None
    roles = {grant.role: grant for grant in grants_of(actor) if grant.organization_id == organization.pk}
    if IMPORT_ROLES[kind] in roles:
        return IMPORT_ROLES[kind]
    if any(grant.role == Role.PLATFORM_ADMIN for grant in grants_of(actor)):
        return Role.PLATFORM_ADMIN
    return None


def import_job_start(*, actor, kind: str, organization, uploaded_file, mode: str = ImportMode.VALID) -> Job:
    """Keep the upload and queue its import; the job row is what the page and the API poll."""
    kind = ImportKind(kind)
    role = import_role(actor, kind, organization)
    if role is None:
        raise PermissionDenied(_("您无权为该机构导入数据"))
    if mode not in ImportMode.values:
        raise ValidationError({"mode": _("导入方式无效")}, code="invalid")
    if uploaded_file is None or not uploaded_file.size:
        raise ValidationError({"file": render("empty_file", {})}, code="empty_file")
    limit = settings.JXJY_IMPORT_MAX_BYTES
    if uploaded_file.size > limit:
        params = {"size_mb": f"{uploaded_file.size / 2**20:.1f}", "limit_mb": f"{limit / 2**20:.1f}"}
        raise ValidationError({"file": render("file_too_large", params)}, code="file_too_large")
    upload_path, digest = store_upload(uploaded_file)
    with transaction.atomic():
        job = Job.objects.create(
            kind=JOB_KINDS[kind],
            created_by=actor,
            organization=organization,
            role=role,
            mode=mode,
            file_name=(uploaded_file.name or "")[:255],
            upload_path=upload_path,
            sha256=digest,
        )
        audit_write(
            actor=actor,
            role=role,
            action="job.start",
            obj=job,
            after={
                "kind": job.kind,
                "organization": organization.pk,
                "mode": mode,
                "file": job.file_name,
                "sha256": digest,
            },
        )
        transaction.on_commit(lambda: enqueue(job.pk))
    return job


def export_job_start(*, actor, listed: ListRequest, query: str, file_format: str) -> Job:
    """Queue the export of a list too long to build while the browser waits. The worker rebuilds the
    rows from `query` (the list page's query string) for `actor`, so the file holds what the page
    showed, scoped as the page was; the export's own audit entry is written when the file is."""
    if file_format not in FORMATS:
        raise ValidationError({"format": _("导出格式无效")}, code="invalid")
    file_name = f"{listed.filename}.{file_format}"
    params = {"list": listed.name, "query": query, "format": file_format}
    role = acting_role(actor, full_id_numbers=False)
    with transaction.atomic():
        job = Job.objects.create(
            kind=JobKind.EXPORT,
            created_by=actor,
            role=role,
            mode=file_format,
            file_name=file_name,
            upload_path=new_output(file_name),
            sha256="",
            params=params,
        )
        audit_write(actor=actor, role=role, action="job.start", obj=job, after={"kind": job.kind, **params})
        transaction.on_commit(lambda: enqueue(job.pk))
    return job


def job_stop(*, actor, job: Job) -> Job:
    """Stop a job its creator (or the administrator) no longer wants: the wrong file uploaded, say.
    A queued job stops at once and never runs. A running one stops before its next batch (the worker
    asks between batches): an import in mode valid keeps the batches it has written and reports the
    rows it reached; modes check and all, and an export, keep nothing. Asking again changes nothing;
    a job that has ended refuses (code job_finished), and so does one past its last row, summing up or
    writing its report or file (code job_finishing: nothing is left to stop). The caller has checked
    the actor sees the job."""
    now = timezone.now()
    jobs = Job.objects.filter(pk=job.pk)
    running = jobs.filter(status=JobStatus.RUNNING)
    marked = None
    if jobs.exclude(status__in=FINISHED).exists():
        live = live_read(job)
        past_its_rows = live is not None and live["stage"] != JobStage.ROWS
        if past_its_rows and running.filter(stop_requested_at__isnull=True).exists():
            raise ValidationError(_("全部行已处理完毕，任务正在收尾，已无法停止"), code="job_finishing")
        # The worker looks for this mark, not for the row below: on SQLite, an import in mode check or
        # all holds the write lock until its file ends, and the row can be written only once it stops.
        mark = stop_mark(job.upload_path)
        if not mark.exists():  # a mark already there is an earlier request's, recorded
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
            marked = mark
    try:
        return _stop_row(actor, job, jobs, running, now)
    except Exception:
        if marked is not None:  # not recorded (the job had ended, or the database failed): not asked
            marked.unlink(missing_ok=True)
        raise


def _stop_row(actor, job: Job, jobs, running, now) -> Job:
    with transaction.atomic():  # each step conditional: the worker may claim or finish the job meanwhile
        if jobs.filter(status=JobStatus.QUEUED).update(
            status=JobStatus.STOPPED, stop_requested_at=now, finished_at=now
        ):
            stopped = JobStatus.STOPPED
        elif running.filter(stop_requested_at__isnull=True).update(stop_requested_at=now):
            stopped = "stopping"
        elif running.exists():
            return jobs.get()  # already asked
        else:
            raise ValidationError(_("任务已经结束，无法停止"), code="job_finished")
        role = job.role if actor.pk == job.created_by_id else Role.PLATFORM_ADMIN
        audit_write(actor=actor, role=role, action="job.stop", obj=job, after={"status": stopped})
    return jobs.get()


def enqueue(job_id: int) -> None:
    from jxjy.jobs.tasks import run_job

    run_job.enqueue(job_id)
