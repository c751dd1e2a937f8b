"""Background tasks of the counting station (run by the task worker, ``daihoi web worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def read_count(count_id: int) -> str:
    """Read every file queued for one count (one reader per count: see ``services``)."""
    from daihoi.web.counting.services import read_pending

    return read_pending(count_id)
