"""The audit log: who changed what, when (nhật ký thay đổi)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.web.orgs.models import Organisation


class Action(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xoá")
    IMPORT = "import", _("Nhập tệp")


# Verbs other apps record (``app-noun.verb``), with their labels for the audit page.
OTHER_ACTIONS: dict[str, str] = {
    "congress.update": _("Sửa thông tin đại hội"),
    "congress.lesson": _("Ghi rút kinh nghiệm"),
    "congress.import": _("Cập nhật đại hội từ tệp Excel"),
    "difficulty.report": _("Báo cáo vướng mắc"),
    "difficulty.answered": _("Trả lời vướng mắc"),
    "difficulty.commented": _("Trao đổi về vướng mắc"),
    "difficulty.closed": _("Đóng vướng mắc"),
    "difficulty.reopened": _("Mở lại vướng mắc"),
    "package.export": _("Xuất gói đại hội cho trạm kiểm phiếu"),
    "package.trust": _("Tin cậy khoá của văn phòng"),
    "package.import": _("Nhận gói đại hội"),
}


def action_choices() -> list[tuple[str, str]]:
    """Every known action with its label, for filters."""
    return [(a.value, str(a.label)) for a in Action] + [
        (k, str(v)) for k, v in OTHER_ACTIONS.items()
    ]


class AuditEntry(models.Model):
    """One change. ``organisation`` places it in the tree so office staff see their subtree's."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    # Kept as text so the log still says who it was after the account is deleted.
    username = models.CharField(_("tài khoản"), max_length=150, blank=True, default="")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tổ chức"),
    )
    action = models.CharField(_("thao tác"), max_length=30, choices=Action.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True, default="")
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True, default="")
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        if self.action in Action.values:
            return str(Action(self.action).label)
        return str(OTHER_ACTIONS.get(self.action, self.action))
