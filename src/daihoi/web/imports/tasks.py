"""Background tasks of the imports app (run by the task worker, ``daihoi web worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_bundle(import_id: int) -> str:
    """Check one received bundle and write its results on the congress (``services``)."""
    from .services import run_import

    return run_import(import_id)
