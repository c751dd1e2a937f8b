"""The congress package (gói đại hội, ``docs/package.md``) on both sides.

On the central server: how many packages of a congress the office has exported (the sequence a
station compares). On a hall station: the office keys the operator trusted (trust on first use,
checked against the office's letter), each package imported, and an upload waiting for the
operator's confirmation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.web.season.models import Congress


class PackageCounter(models.Model):
    """Central: the last sequence number given to a package of ``congress``."""

    congress = models.OneToOneField(
        Congress, on_delete=models.CASCADE, related_name="package_counter"
    )
    sequence = models.PositiveIntegerField(default=0)
    exported_at = models.DateTimeField(null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )


class TrustedOfficeKey(models.Model):
    """Station: an office key the operator compared with the office's letter and trusted."""

    fingerprint = models.CharField(_("dấu vân tay"), max_length=19, unique=True)
    public_key = models.CharField(max_length=64)
    trusted_at = models.DateTimeField()
    trusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("khoá văn phòng đã tin cậy")
        verbose_name_plural = _("khoá văn phòng đã tin cậy")

    def __str__(self) -> str:
        return self.fingerprint


class PackageImport(models.Model):
    """Station: one package imported (the same package twice is one row)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="packages")
    record_id = models.CharField(max_length=120, db_index=True)
    sequence = models.PositiveIntegerField()
    issued_at = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=19)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What the import did: {"created": […], "updated": […], "kept": […]} in Vietnamese.
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_id", "sequence"], name="package_import_one_per_sequence"
            )
        ]


class PackageUpload(models.Model):
    """Station: a package uploaded and checked, waiting for the operator to confirm it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="package_uploads"
    )
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
