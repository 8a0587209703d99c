"""Uploading a file to import over the API: the answer is 202 with the job, polled at /jobs/{id}."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile

from jxjy.imports.choices import ImportKind, ImportMode
from jxjy.imports.selectors import import_organization, import_organizations
from jxjy.jobs.api import JobOut
from jxjy.jobs.services import import_job_start

router = Router(tags=["批量导入 imports"])


def _start(request, kind: str, file, mode: str, organization: str):
    if not import_organizations(request.auth, kind).exists():
        raise PermissionDenied(_("您无权导入此类数据"))
    chosen = import_organization(request.auth, kind, organization)
    if chosen is None:
        message = (
            _("您无权为该机构导入数据，或统一社会信用代码有误")
            if organization
            else _("请填写要导入的机构的统一社会信用代码")
        )
        raise ValidationError({"organization": message}, code="invalid")
    job = import_job_start(actor=request.auth, kind=kind, organization=chosen, uploaded_file=file, mode=mode)
    return Status(202, job)


@router.post("/records", response={202: JobOut})
def import_records(
    request,
    file: File[UploadedFile],
    mode: Form[ImportMode] = ImportMode.VALID,
    organization: Form[str] = "",
):
    """CE base registrar: the base's certificates (XLSX or CSV). `organization`: the base's credit
    code, needed only when the login registers for more than one base."""
    return _start(request, ImportKind.RECORDS, file, mode, organization)


@router.post("/people", response={202: JobOut})
def import_people(
    request,
    file: File[UploadedFile],
    mode: Form[ImportMode] = ImportMode.VALID,
    organization: Form[str] = "",
):
    """Unit officer: the unit's staff roster (XLSX or CSV). `organization`: the unit's credit code,
    needed only when the login acts for more than one unit."""
    return _start(request, ImportKind.PEOPLE, file, mode, organization)
