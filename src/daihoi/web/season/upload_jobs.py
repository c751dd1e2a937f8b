"""Congress lists sent back as background work: the request stores the file, the worker checks
and applies it (as the organisation import, ``orgs.jobs``).

``submit_upload`` (in the request) saves the file as a ``CongressUpload`` and queues
``check_congress_file``; the worker runs ``run_check``, which plans the whole file
(``plan_update``: nothing saved) and records every change and problem for the job's page.
``queue_apply`` (the "Ghi các thay đổi" request) moves a checked job to "waiting to apply" once,
however many times it is clicked, and queues ``apply_congress_file``; ``run_apply`` plans again
with the rows locked and saves all or nothing (``apply_update``), in the same transaction as the
job's new state. A job whose worker was killed has changed nothing and is shown as stopped
(``stalled``), so the file can be sent again.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation

from .congress_update import UpdatePlan, apply_update, plan_update
from .models import CongressUpload

# A job still checking or applying this long after it started has lost its worker.
STALLED_AFTER = timedelta(minutes=30)

State = CongressUpload.State


def submit_upload(user: Any, upload: Any) -> CongressUpload:
    """Store the file and queue its check (call it inside a transaction: both or neither)."""
    from .tasks import check_congress_file

    kept = CongressUpload(
        user=user,
        filename=(upload.name or "tệp")[:255],
        size=upload.size or 0,
        language=translation.get_language() or "vi",
    )
    kept.file.save(upload.name or "dai-hoi.xlsx", upload, save=False)
    kept.save()
    check_congress_file.enqueue(kept.pk)
    return kept


def queue_apply(kept: CongressUpload) -> bool:
    """Queue the apply of a checked job; False when it is not waiting for it (already queued,
    applied, or refused): a second click applies nothing twice."""
    from .tasks import apply_congress_file

    with transaction.atomic():
        moved = CongressUpload.objects.filter(pk=kept.pk, state=State.READY).update(
            state=State.APPLY_QUEUED
        )
        if moved:
            apply_congress_file.enqueue(kept.pk)
    kept.refresh_from_db()
    return bool(moved)


def _take(job_id: int, waiting: str, running: str) -> CongressUpload | None:
    """The job, moved from ``waiting`` to ``running``, or None if another run has it."""
    now = timezone.now()
    if not CongressUpload.objects.filter(pk=job_id, state=waiting).update(
        state=running, started_at=now
    ):
        return None
    return CongressUpload.objects.select_related("user").get(pk=job_id)


def _read(kept: CongressUpload) -> bytes:
    with kept.file.open("rb") as stored:
        return stored.read()


def _plain(value: Any) -> Any:
    """A value as the audit log keeps it (dates ISO, decimals as text)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _record(kept: CongressUpload, plan: UpdatePlan, state: str) -> None:
    kept.state = state
    kept.rows = plan.rows
    kept.unchanged = plan.unchanged
    kept.changes = [
        {
            "row": c.row,
            "congress": c.congress_id,
            "unit": c.unit,
            "field": c.field,
            "old": _plain(c.old),
            "new": _plain(c.new),
        }
        for c in plan.changes
    ]
    kept.problems = [str(p) for p in plan.problems[: CongressUpload.PROBLEMS_KEPT]]
    kept.problem_count = len(plan.problems)
    kept.finished_at = timezone.now()
    kept.save()


def _fail(job_id: int) -> None:
    CongressUpload.objects.filter(pk=job_id).update(state=State.FAILED, finished_at=timezone.now())


def run_check(job_id: int) -> str:
    """Check one queued file (in the task worker): what it would change, every problem."""
    kept = _take(job_id, State.QUEUED, State.CHECKING)
    if kept is None:
        return "skipped"
    try:
        with translation.override(kept.language):
            plan = plan_update(kept.user, kept.filename, _read(kept), timezone.localdate())
            _record(kept, plan, State.READY if plan.ok else State.REJECTED)
    except Exception:
        _fail(job_id)
        raise
    return kept.state


def run_apply(job_id: int) -> str:
    """Apply one checked file (in the task worker): every row in one transaction, or none."""
    kept = _take(job_id, State.APPLY_QUEUED, State.APPLYING)
    if kept is None:
        return "skipped"
    try:
        with translation.override(kept.language), transaction.atomic():
            plan = apply_update(kept.user, kept.filename, _read(kept), timezone.localdate())
            if not plan.ok:
                # A row changed since the check (or a rule now refuses it): nothing was saved.
                _record(kept, plan, State.REFUSED)
                return kept.state
            _record(kept, plan, State.APPLIED)
            kept.applied_at = kept.finished_at
            kept.changed = len(plan.updates)
            kept.save(update_fields=["applied_at", "changed"])
        # The congresses hold the values now; the upload is not kept.
        kept.file.delete(save=False)
        CongressUpload.objects.filter(pk=job_id).update(file="")
    except Exception:
        _fail(job_id)
        raise
    return State.APPLIED


def stalled(kept: CongressUpload, now: Any = None) -> bool:
    """True when the job's worker seems gone: still checking or applying long after it started."""
    now = now or timezone.now()
    return (
        kept.state in CongressUpload.RUNNING_STATES
        and kept.started_at is not None
        and now - kept.started_at > STALLED_AFTER
    )
