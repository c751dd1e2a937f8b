"""Working groups and inspection teams (tổ công tác, đoàn kiểm tra) of an office, and the
difficulties (vướng mắc) units report to them, with each difficulty's history.

These models lived in the season app until the apps were layered; their tables keep the names
they had then (``season_*``), so existing databases keep their rows.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.web.season.models import Season

from .lifecycle import is_difficulty_overdue


class GroupKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Tổ công tác")
    INSPECTION = "inspection", _("Đoàn kiểm tra")


class WorkingGroup(models.Model):
    """A working group or inspection team of an office, assigned to some organisations below."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="working_groups")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.CASCADE,
        related_name="working_groups",
        verbose_name=_("thuộc đơn vị"),
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=GroupKind.choices, default=GroupKind.WORKING_GROUP
    )
    name = models.CharField(_("tên"), max_length=200)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_groups",
        verbose_name=_("trưởng đoàn/tổ trưởng"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="working_groups",
        verbose_name=_("thành viên"),
    )
    assigned = models.ManyToManyField(
        "orgs.Organisation",
        blank=True,
        related_name="assigned_groups",
        verbose_name=_("đơn vị phụ trách"),
    )

    class Meta:
        # The table was created when groups lived in the season app; it keeps its name and rows.
        db_table = "season_workinggroup"
        ordering = ["name", "id"]
        verbose_name = _("tổ công tác")
        verbose_name_plural = _("tổ công tác")

    def __str__(self) -> str:
        return self.name


class DifficultyStatus(models.TextChoices):
    OPEN = "open", _("Chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


class Difficulty(models.Model):
    """A difficulty (vướng mắc) a unit reports and the responsible group answers."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="difficulties")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.CASCADE,
        related_name="difficulties",
        verbose_name=_("đơn vị báo cáo"),
    )
    title = models.CharField(_("vướng mắc"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=10,
        choices=DifficultyStatus.choices,
        default=DifficultyStatus.OPEN,
    )
    due_date = models.DateField(_("hạn trả lời"), null=True, blank=True)
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="difficulties",
        verbose_name=_("tổ công tác phụ trách"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "season_difficulty"
        ordering = ["-reported_at", "-id"]
        verbose_name = _("vướng mắc")
        verbose_name_plural = _("vướng mắc")
        indexes = [models.Index(fields=["season", "status"], name="season_diff_season__265d59_idx")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return is_difficulty_overdue(self.status == DifficultyStatus.OPEN, self.due_date, today)


class DifficultyEventKind(models.TextChoices):
    REPORTED = "reported", _("Báo cáo")
    ANSWERED = "answered", _("Trả lời, hướng dẫn")
    COMMENTED = "commented", _("Trao đổi thêm")
    CLOSED = "closed", _("Đóng")
    REOPENED = "reopened", _("Mở lại")


class DifficultyEvent(models.Model):
    """One message or change of state in a difficulty's history."""

    difficulty = models.ForeignKey(Difficulty, on_delete=models.CASCADE, related_name="events")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=DifficultyEventKind.choices)
    text = models.TextField(blank=True)
    status_after = models.CharField(max_length=10, choices=DifficultyStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "season_difficultyevent"
        ordering = ["created_at", "id"]
