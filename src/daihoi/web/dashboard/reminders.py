"""Daily reminders (nhắc việc): per office, the congresses overdue or due within N days and the
difficulties still unanswered past their due date.

``summary_for`` reads one unit's subtree on a given day (nothing is written); the daily task
(``tasks.send_reminders``, queued by ``daihoi web manage reminders`` from cron or a timer) calls
``record_digests``, which stores one ``ReminderDigest`` per office (a unit with office staff)
and, when mail is on, sends it to that office's staff through Django's mail settings. Mail is
off unless asked for (``--mail``, or ``REMINDER_MAIL = True`` in the settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from daihoi.web.accounts.models import Profile, Role
from daihoi.web.groups.models import Difficulty, DifficultyStatus
from daihoi.web.orgs.models import Organisation
from daihoi.web.season.models import PENDING, Congress

from .models import ReminderDigest

DEFAULT_DAYS = 7
MAX_DAYS = 60


@dataclass(frozen=True)
class Summary:
    """What one unit's subtree needs reminding of on ``day``."""

    organisation: Organisation
    day: date
    days_ahead: int
    overdue: list[Congress]
    due: list[Congress]
    difficulties: list[Difficulty]

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.due) + len(self.difficulties)


def summary_for(org: Organisation, day: date, days_ahead: int = DEFAULT_DAYS) -> Summary:
    """The congresses under ``org`` (itself included) still waiting past their planned day or
    planned within ``days_ahead`` days, and its difficulties open past their due date."""
    pending: QuerySet[Congress] = (
        Congress.objects.filter(organisation__path__startswith=org.path, status__in=PENDING)
        .exclude(planned_date=None)
        .select_related("organisation")
        .order_by("planned_date", "organisation__path")
    )
    overdue = list(pending.filter(planned_date__lt=day))
    due = list(pending.filter(planned_date__range=(day, day + timedelta(days=days_ahead))))
    difficulties = list(
        Difficulty.objects.filter(
            organisation__path__startswith=org.path,
            status=DifficultyStatus.OPEN,
            due_date__lt=day,
        )
        .select_related("organisation")
        .order_by("due_date", "id")
    )
    return Summary(org, day, days_ahead, overdue, due, difficulties)


def offices() -> QuerySet[Organisation]:
    """The units that have office staff: each gets its own daily summary."""
    units = Profile.objects.filter(role=Role.OFFICE).values("unit_id")
    return Organisation.objects.filter(pk__in=units).order_by("path")


def _items(summary: Summary) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for kind, congresses in (("overdue", summary.overdue), ("due", summary.due)):
        items += [
            {
                "kind": kind,
                "id": c.pk,
                "name": c.organisation.name,
                "date": c.planned_date.isoformat() if c.planned_date else "",
            }
            for c in congresses
        ]
    items += [
        {
            "kind": "difficulty",
            "id": d.pk,
            "name": f"{d.organisation.name}: {d.title}",
            "date": d.due_date.isoformat() if d.due_date else "",
        }
        for d in summary.difficulties
    ]
    return items[: ReminderDigest.ITEMS_KEPT]


def default_days() -> int:
    """How many days ahead a reminder looks by default: ``REMINDER_DAYS``
    (``DAIHOI_REMINDER_DAYS``, 7), kept within what the page accepts (1 to 60)."""
    return max(1, min(int(getattr(settings, "REMINDER_DAYS", DEFAULT_DAYS)), MAX_DAYS))


def record_digests(day: date, days_ahead: int | None = None, mail: bool | None = None) -> int:
    """Store (or replace) today's summary of every office; mail those with something to say
    when ``mail`` (default: the ``REMINDER_MAIL`` setting, ``DAIHOI_REMINDER_MAIL``, off).
    ``days_ahead`` defaults to ``default_days()``. Returns the summaries stored."""
    if mail is None:
        mail = bool(getattr(settings, "REMINDER_MAIL", False))
    if days_ahead is None:
        days_ahead = default_days()
    stored = 0
    for office in offices():
        summary = summary_for(office, day, days_ahead)
        digest, _created = ReminderDigest.objects.update_or_create(
            organisation=office,
            day=day,
            defaults={
                "days_ahead": days_ahead,
                "overdue_congresses": len(summary.overdue),
                "due_congresses": len(summary.due),
                "overdue_difficulties": len(summary.difficulties),
                "items": _items(summary),
            },
        )
        stored += 1
        if mail and summary.total:
            digest.mailed_to = mail_digest(summary)
            digest.save(update_fields=["mailed_to"])
    return stored


def mail_digest(summary: Summary) -> int:
    """Send the summary to the office's staff who have an address (in Vietnamese, the office's
    language); returns how many it was sent to."""
    to = sorted(
        {
            p.user.email
            for p in Profile.objects.filter(unit=summary.organisation, role=Role.OFFICE)
            .select_related("user")
            .filter(user__is_active=True)
            if p.user.email
        }
    )
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Nhắc việc đại hội %(day)s — %(unit)s") % {
            "day": date_format(summary.day, "SHORT_DATE_FORMAT"),
            "unit": summary.organisation.name,
        }
        send_mail(subject, mail_text(summary), None, to)
    return len(to)


def mail_text(summary: Summary) -> str:
    """The mail's body: one line per congress or difficulty, grouped, dates dd/mm/yyyy."""

    def day(value: date | None) -> str:
        return date_format(value, "SHORT_DATE_FORMAT") if value else ""

    lines = [
        _("Đại hội quá ngày dự kiến mà chưa tổ chức: %(n)d") % {"n": len(summary.overdue)},
        *(f"- {c.organisation.name} ({day(c.planned_date)})" for c in summary.overdue),
        "",
        _("Đại hội dự kiến trong %(days)d ngày tới: %(n)d")
        % {"days": summary.days_ahead, "n": len(summary.due)},
        *(f"- {c.organisation.name} ({day(c.planned_date)})" for c in summary.due),
        "",
        _("Vướng mắc quá hạn trả lời: %(n)d") % {"n": len(summary.difficulties)},
        *(f"- {d.organisation.name}: {d.title} ({day(d.due_date)})" for d in summary.difficulties),
    ]
    return "\n".join(lines) + "\n"
