"""``daihoi web manage reminders``: today's reminder summary of every office (run it daily)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from daihoi.web.dashboard.reminders import default_days, record_digests
from daihoi.web.dashboard.tasks import send_reminders


class Command(BaseCommand):
    help = "Queue (or with --now, make) today's reminder summary of every office."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="days ahead (default: DAIHOI_REMINDER_DAYS, 7)"
        )
        parser.add_argument(
            "--mail",
            action="store_true",
            default=None,
            help="mail each office its summary (default: DAIHOI_REMINDER_MAIL, off)",
        )
        parser.add_argument("--now", action="store_true", help="do it here, not in the worker")

    def handle(
        self, *args: Any, days: int | None, mail: bool | None, now: bool, **options: Any
    ) -> None:
        today = timezone.localdate()
        # Left out, the settings decide (read here, so the queued task says what it will do).
        days = default_days() if days is None else days
        mail = bool(settings.REMINDER_MAIL) if mail is None else mail
        if now:
            stored = record_digests(today, days, mail)
            self.stdout.write(f"{stored} office summaries for {today.isoformat()}")
            return
        result = send_reminders.enqueue(today.isoformat(), days, mail)
        self.stdout.write(f"queued {result.id} for {today.isoformat()}")
