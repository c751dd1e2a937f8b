"""The organisation tree (central → province → upper-base → base → cell).

Stored as a django-treebeard materialised path: every node's ``path`` starts with its parent's,
so "everything under X" is one ``path__startswith`` query on an indexed column.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class Level(models.IntegerChoices):
    """Level of an organisation in the hierarchy (cấp)."""

    CENTRAL = 0, _("Trung ương")
    PROVINCE = 1, _("Tỉnh, thành")
    UPPER_BASE = 2, _("Cấp trên cơ sở")
    BASE = 3, _("Cơ sở")
    CELL = 4, _("Chi bộ trực thuộc")


class Organisation(MP_Node):
    """One party organisation (tổ chức đảng) somewhere in the tree."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("loại hình"), max_length=80, blank=True, default="")
    members = models.PositiveIntegerField(_("số đảng viên"), default=0)

    # Children keep insertion order (the order of the file they were imported from); views
    # sort by name or code themselves.
    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def level_enum(self) -> Level:
        return Level(self.level)

    def subtree(self) -> models.QuerySet[Organisation]:
        """This organisation and everything under it, in tree order (one query)."""
        return Organisation.objects.filter(path__startswith=self.path)

    def ancestors_and_self(self) -> list[Organisation]:
        """From the root down to this organisation (one query), for breadcrumbs."""
        steplen = self.steplen
        paths = [self.path[:i] for i in range(steplen, len(self.path) + 1, steplen)]
        return list(Organisation.objects.filter(path__in=paths).order_by("depth"))


class ImportJob(models.Model):
    """One organisation file sent for import, read and applied by the task worker.

    The request only stores the file and queues the work: a 20 MB workbook is never read inside
    a request. The job's page follows its state; the stored file is deleted once it is done.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Đã nhập")
        REJECTED = "rejected", _("Tệp có lỗi, chưa ghi gì")
        FAILED = "failed", _("Không xử lý được")

    class Stage(models.TextChoices):
        WAITING = "waiting", _("chờ tiến trình nền")
        READING = "reading", _("đọc tệp")
        CHECKING = "checking", _("kiểm tra từng dòng")
        APPLYING = "applying", _("ghi vào danh sách tổ chức")
        FINISHED = "finished", _("xong")

    FINISHED_STATES = (State.DONE, State.REJECTED, State.FAILED)

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="org_imports")
    filename = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(upload_to="imports/orgs/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.WAITING)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # At most PROBLEMS_KEPT problems, each {"row", "column", "message"}; the count is complete.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    PROBLEMS_KEPT = 500

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED_STATES
