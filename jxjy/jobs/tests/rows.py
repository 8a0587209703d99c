"""A job row written straight to the table (no file, no worker): for scope tests elsewhere."""

from jxjy.jobs.choices import JobKind, JobStatus
from jxjy.jobs.models import Job


def job_row(user, organization, **fields) -> Job:
    values = {
        "kind": JobKind.IMPORT_RECORDS,
        "status": JobStatus.DONE,
        "created_by": user,
        "organization": organization,
        "role": "base_registrar",
        "mode": "valid",
        "file_name": "结业名单.csv",
        "upload_path": "missing/结业名单.csv",
        "sha256": "0" * 64,
        "result": {"rows": 0},
    }
    return Job.objects.create(**(values | fields))
