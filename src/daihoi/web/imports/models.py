"""The station keys an office registers for a congress, and every bundle it received.

A station makes its own Ed25519 key at setup and shows its fingerprint; the counting minutes
print it. The office of the level above registers that fingerprint for the congress
(``StationRegistration``); a results bundle is taken in only when signed by a registered key
(``BundleImport``: one row per bundle received, what was decided and why).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.web.season.models import Congress


class StationRegistration(models.Model):
    """A station's key registered for a congress (đăng ký khoá của trạm kiểm phiếu)."""

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="station_registrations"
    )
    # The printed form: four groups of four lower-case hex digits, xxxx-xxxx-xxxx-xxxx.
    fingerprint = models.CharField(_("dấu khoá"), max_length=19)
    public_key = models.CharField(_("khoá công khai"), max_length=64, blank=True)
    label = models.CharField(_("tên máy trạm"), max_length=120, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "fingerprint"],
                condition=models.Q(revoked_at__isnull=True),
                name="imports_one_live_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.fingerprint} {self.label}".strip()


class BundleImport(models.Model):
    """A results bundle received for a congress, and what was decided (``daihoi.record.intake``).

    ``state``: queued (waiting for the task worker), done, failed (the worker stopped on an
    error: nothing was written). ``outcome``/``code``/``message``: the decision. ``results``:
    the confirmed rounds the bundle gave (as ``Intake.to_dict``), kept only when imported.
    """

    class Source(models.TextChoices):
        UPLOAD = "upload", _("tải lên")
        FOLDER = "folder", _("thư mục theo dõi")
        CLI = "cli", _("dòng lệnh")

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ kiểm tra")
        DONE = "done", _("Đã kiểm tra")
        FAILED = "failed", _("Không xử lý được")

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("Đã nhận")
        UNCHANGED = "unchanged", _("Đã nhận rồi, không thay đổi")
        REFUSED = "refused", _("Không nhận")

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, null=True, blank=True, related_name="bundle_imports"
    )
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    file = models.FileField(upload_to="imports/bundles/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    code = models.CharField(max_length=20, blank=True)
    message = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=19, blank=True)
    entries = models.PositiveIntegerField(default=0)
    head = models.CharField(max_length=64, blank=True)
    results = models.JSONField(default=list, blank=True)
    figures = models.JSONField(default=dict, blank=True)  # what it wrote on the congress

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename or self.sha256[:12]} ({self.get_outcome_display() or self.state})"

    @property
    def finished(self) -> bool:
        return self.state != self.State.QUEUED
