"""``daihoi web manage reminders``: today's reminder summary of every office (run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from daihoi.web.dashboard.reminders import DEFAULT_DAYS, record_digests
from daihoi.web.dashboard.tasks import send_reminders


class Command(BaseCommand):
    help = "Queue (or with --now, make) today's reminder summary of every office."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="days ahead (7)")
        parser.add_argument("--mail", action="store_true", help="mail each office its summary")
        parser.add_argument("--now", action="store_true", help="do it here, not in the worker")

    def handle(self, *args: Any, days: int, mail: bool, now: bool, **options: Any) -> None:
        today = timezone.localdate()
        if now:
            stored = record_digests(today, days, mail)
            self.stdout.write(f"{stored} office summaries for {today.isoformat()}")
            return
        result = send_reminders.enqueue(today.isoformat(), days, mail)
        self.stdout.write(f"queued {result.id} for {today.isoformat()}")
