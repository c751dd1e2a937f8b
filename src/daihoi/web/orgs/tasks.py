"""Background tasks of the organisations app (run by the task worker, ``daihoi web worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_organisations(job_id: int) -> str:
    from daihoi.web.orgs.jobs import run_import_job

    return run_import_job(job_id)
