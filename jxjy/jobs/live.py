"""A running job's live progress: rows done and the step it is on, in a small file beside its upload,
rewritten at most every half second. Its age is the job's heartbeat too.

Why a file and not the job's row: in modes check and all an import runs in one transaction, and
what the worker wrote to the row inside it would stay invisible to the page (a bar stuck at 0) and to
`jobs_recover` (which would take a long job for a stopped one and run it a second time) until the
transaction ends, and would hold the row's lock until then; on SQLite no second connection may write
while it is open. So in those modes the worker leaves the row alone until the end. A file is seen at
once."""

import json
import os

from jxjy.jobs.choices import JobStage
from jxjy.jobs.files import folder_of
from jxjy.jobs.models import Job

LIVE = "progress.json"


def live_write(job: Job, rows_done: int, stage: str = JobStage.ROWS) -> None:
    """Replace the file whole (written aside, then renamed): a reader never sees half of it."""
    path = folder_of(job.upload_path) / LIVE
    partial = path.with_name(f".{LIVE}.{os.getpid()}")
    partial.write_text(json.dumps({"rows_done": rows_done, "stage": str(stage)}), encoding="utf-8")
    os.replace(partial, path)


def live_read(job: Job) -> dict | None:
    """{"rows_done", "stage", "written_at" (seconds since the epoch)}, or None when there is none."""
    path = folder_of(job.upload_path) / LIVE
    try:
        written_at = path.stat().st_mtime
        live = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not written yet, or gone with a finished job
        return None
    return {"rows_done": int(live["rows_done"]), "stage": live["stage"], "written_at": written_at}


def live_clear(job: Job) -> None:
    (folder_of(job.upload_path) / LIVE).unlink(missing_ok=True)
