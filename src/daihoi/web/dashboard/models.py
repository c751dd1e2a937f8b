"""What the dashboard keeps: the daily reminder summary of each office (nhắc việc hằng ngày)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderDigest(models.Model):
    """One office's summary of one day: congresses overdue or due soon, difficulties overdue.

    Written by the daily task (``reminders.record_digests``); the reminders page shows it, and
    it is mailed to the office's staff when mail is on. Running the task twice in a day
    replaces that day's summary.
    """

    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.CASCADE,
        related_name="reminder_digests",
        verbose_name=_("đơn vị"),
    )
    day = models.DateField(_("ngày"))
    days_ahead = models.PositiveSmallIntegerField(default=7)
    overdue_congresses = models.PositiveIntegerField(default=0)
    due_congresses = models.PositiveIntegerField(default=0)
    overdue_difficulties = models.PositiveIntegerField(default=0)
    # [{"kind": "overdue"|"due"|"difficulty", "id", "name", "date"}], at most ITEMS_KEPT.
    items = models.JSONField(default=list, blank=True)
    mailed_to = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now=True)

    ITEMS_KEPT = 200

    class Meta:
        ordering = ["-day", "organisation_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day"], name="reminder_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.day}"

    @property
    def total(self) -> int:
        return self.overdue_congresses + self.due_congresses + self.overdue_difficulties
