"""Running the task queue inside a test, as ``daihoi web worker --once`` would."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command


def run_worker() -> None:
    """What the task worker does: every queued task, in order, then stop.

    The real worker closes stale database connections between tasks; here it shares the test's
    connection (and its transaction), which must stay open.
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
