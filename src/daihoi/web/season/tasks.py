"""Background tasks of the season app (run by the task worker, ``daihoi web worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def check_congress_file(upload_id: int) -> str:
    from .upload_jobs import run_check

    return run_check(upload_id)


@task()
def apply_congress_file(upload_id: int) -> str:
    from .upload_jobs import run_apply

    return run_apply(upload_id)
