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
