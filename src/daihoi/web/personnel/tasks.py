"""Background tasks of the personnel app (run by the task worker, ``daihoi web worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def check_people(job_id: int) -> str:
    from daihoi.web.personnel.jobs import run_check

    return run_check(job_id)


@task()
def apply_people(job_id: int) -> str:
    from daihoi.web.personnel.jobs import run_apply

    return run_apply(job_id)
