"""Personnel imports as background work, in two steps the sender sees on the job's page.

``submit_import`` (the request) stores the file and queues ``check_people``: the worker reads and
checks it and keeps the preview (what is new, what would merge) or every problem. The sender
confirms (``confirm_import``); ``apply_people`` then checks the file again against the records
as they are by then and writes it in one transaction, or records the problems and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from daihoi.web.personnel.importer import ImportPlan, apply_import, plan_import
from daihoi.web.personnel.models import PersonImport


def submit_import(user: Any, upload: Any) -> PersonImport:
    from daihoi.web.personnel.tasks import check_people

    job = PersonImport(user=user, filename=upload.name or "tệp", size=upload.size or 0)
    job.file.save(upload.name or "import.xlsx", upload, save=False)
    job.save()
    check_people.enqueue(job.pk)
    return job


def confirm_import(user: Any, job: PersonImport) -> bool:
    """Queue the writing of a checked job; False when it is not waiting for confirmation."""
    from daihoi.web.personnel.tasks import apply_people

    with transaction.atomic():
        updated = PersonImport.objects.filter(
            pk=job.pk, user=user, state=PersonImport.State.CHECKED
        ).update(state=PersonImport.State.APPLYING)
        if updated:
            apply_people.enqueue(job.pk)
    return bool(updated)


def _plan(job: PersonImport) -> ImportPlan:
    with job.file.open("rb") as stored:
        data = stored.read()
    return plan_import(job.user, job.filename, data, timezone.localdate())


def _reject(job: PersonImport, plan: ImportPlan) -> None:
    job.problems = [
        {"row": p.row, "column": p.column, "message": p.message}
        for p in plan.problems[: PersonImport.PROBLEMS_KEPT]
    ]
    job.problem_count = len(plan.problems)
    _finish(job, PersonImport.State.REJECTED)


def _finish(job: PersonImport, state: str) -> None:
    job.state = state
    job.finished_at = timezone.now()
    if job.file:
        job.file.delete(save=False)
        job.file = ""
    job.save()


def run_check(job_id: int) -> str:
    job = PersonImport.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.state != PersonImport.State.QUEUED:
        return "missing" if job is None else job.state
    job.state = PersonImport.State.CHECKING
    job.save(update_fields=["state"])
    try:
        plan = _plan(job)
        job.rows = plan.rows
        if not plan.ok:
            _reject(job, plan)
            return job.state
        job.created, job.merged, job.unchanged = len(plan.creates), len(plan.merges), plan.unchanged
        job.merges = [
            {
                "row": m.row,
                "name": m.person.full_name,
                "by": m.by,
                "changes": {k: [_shown(v) for v in pair] for k, pair in m.changes.items()},
            }
            for m in plan.merges[: PersonImport.MERGES_KEPT]
        ]
        job.state = PersonImport.State.CHECKED
        job.save()
    except Exception:
        _finish(job, PersonImport.State.FAILED)
        raise
    return job.state


def _shown(value: Any) -> Any:
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "code") and hasattr(value, "name"):
        return value.name
    return value


def run_apply(job_id: int) -> str:
    job = PersonImport.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.state != PersonImport.State.APPLYING:
        return "missing" if job is None else job.state
    try:
        plan = _plan(job)
        if not plan.ok:
            _reject(job, plan)
            return job.state
        job.created, job.merged, job.unchanged = apply_import(job.user, plan)
        job.rows = plan.rows
        _finish(job, PersonImport.State.DONE)
    except Exception:
        _finish(job, PersonImport.State.FAILED)
        raise
    return job.state
