"""Background tasks of the documents app (run by the task worker, ``daihoi web worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def make_report(job_id: int) -> str:
    from daihoi.web.documents.services import run_report_job

    return run_report_job(job_id)


@task()
def import_draft(job_id: int) -> str:
    from daihoi.web.documents.services import run_import_job

    return run_import_job(job_id)
