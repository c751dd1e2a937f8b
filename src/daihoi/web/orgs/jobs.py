"""Organisation imports as background work: the request stores the file, the worker imports it.

``submit_import`` (in the request) saves the upload as an ``ImportJob`` and queues
``import_organisations``; the task worker runs ``run_import_job``, which reads and checks the
whole file (``plan_import``) and applies it in one transaction (``apply_import``) or records
every problem. A job killed half way has changed nothing (the apply is one transaction) and is
shown as stopped, so the file can be sent again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from daihoi.web.orgs.importer import apply_import, plan_import
from daihoi.web.orgs.models import ImportJob

# A job still "running" this long after it started has lost its worker (killed, machine off).
STALLED_AFTER = timedelta(minutes=30)


def submit_import(user: Any, upload: UploadedFile) -> ImportJob:
    """Store the file and queue its import (call it inside a transaction)."""
    from daihoi.web.orgs.tasks import import_organisations

    job = ImportJob(user=user, filename=upload.name or "tệp", size=upload.size or 0)
    job.file.save(upload.name or "import", upload, save=False)
    job.save()
    # The database backend stores the task in this same transaction: both or neither.
    import_organisations.enqueue(job.pk)
    return job


def _save(job: ImportJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def run_import_job(job_id: int) -> str:
    """Import one queued job (in the task worker); returns its final state."""
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.finished:
        return "missing" if job is None else job.state
    _save(
        job, state=ImportJob.State.RUNNING, stage=ImportJob.Stage.READING, started_at=timezone.now()
    )
    try:
        with job.file.open("rb") as stored:
            data = stored.read()
        _save(job, stage=ImportJob.Stage.CHECKING)
        plan = plan_import(job.user, job.filename, data)
        if not plan.ok:
            kept = [
                {"row": p.row, "column": p.column, "message": p.message}
                for p in plan.problems[: ImportJob.PROBLEMS_KEPT]
            ]
            _finish(
                job,
                ImportJob.State.REJECTED,
                rows=plan.rows,
                problems=kept,
                problem_count=len(plan.problems),
            )
            return job.state
        _save(job, stage=ImportJob.Stage.APPLYING, rows=plan.rows)
        result = apply_import(job.user, plan)
        _finish(
            job,
            ImportJob.State.DONE,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    except Exception:
        _finish(job, ImportJob.State.FAILED)
        raise
    return job.state


def _finish(job: ImportJob, state: str, **fields: Any) -> None:
    _save(job, state=state, stage=ImportJob.Stage.FINISHED, finished_at=timezone.now(), **fields)
    if job.file:
        # The organisations are now in the database (or nothing was); the upload is not kept.
        job.file.delete(save=False)
        _save(job, file="")


def stalled(job: ImportJob, now: Any = None) -> bool:
    """True when the job's worker seems gone: still running long after it started."""
    now = now or timezone.now()
    return (
        job.state == ImportJob.State.RUNNING
        and job.started_at is not None
        and now - job.started_at > STALLED_AFTER
    )
