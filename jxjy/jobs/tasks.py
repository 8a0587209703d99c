"""The tasks the worker runs (`python manage.py db_worker`). They take ids and read the rest from
the job row, so a task queued again (jobs_recover) does exactly what the first one would have."""

from django_tasks import task

from jxjy.jobs.runner import run, run_import


@task()
def run_job(job_id: int) -> None:
    """Any job: an import or an export, by its kind."""
    run(job_id)


@task()
def run_import_job(job_id: int) -> None:
    """Tasks queued before exports became jobs name this one."""
    run_import(job_id)
