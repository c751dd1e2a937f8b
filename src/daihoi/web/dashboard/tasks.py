"""Background tasks of the dashboard (run by the task worker, ``daihoi web worker``).

The task queue has no clock of its own: ``daihoi web manage reminders`` queues
``send_reminders`` once, and cron (or a systemd timer) runs that command every morning, e.g.::

    30 6 * * *  cd /srv/daihoi && .venv/bin/daihoi web manage reminders --days 7

(``--mail`` to mail each office its summary through Django's EMAIL_* settings; ``--now`` to do
the work in the command itself, without the worker.) See docs/web.md, "Reminders".
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders(day: str, days_ahead: int = 7, mail: bool = False) -> int:
    from datetime import date

    from daihoi.web.dashboard.reminders import record_digests

    return record_digests(date.fromisoformat(day), days_ahead, mail)
