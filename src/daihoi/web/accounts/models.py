"""Who a user is in the hierarchy: their unit and role (one ``Profile`` per user)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.web.orgs.models import Organisation


class Role(models.TextChoices):
    """What a user may do inside their unit's subtree."""

    OFFICE = "office", _("Cán bộ văn phòng")  # văn phòng / ban tổ chức: manages everything below
    WORKING_GROUP = "working_group", _("Thành viên tổ công tác")
    SECRETARY = "secretary", _("Bí thư đơn vị")
    PERSONNEL = "personnel", _("Tiểu ban nhân sự")
    VIEWER = "viewer", _("Người xem")


class Profile(models.Model):
    """The unit a user belongs to and their role; everything they see is under ``unit``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    unit = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="profiles", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class LoginFailure(models.Model):
    """Recent failed logins for one username from one address (throttling, see ``throttle``)."""

    username = models.CharField(max_length=150)
    ip = models.CharField(max_length=45)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username", "ip"], name="login_failure_username_ip")
        ]
