"""Draft documents of a congress and the comment rounds on them (tiểu ban văn kiện).

- ``Draft``: one document of a congress (political report, review report, action programme);
  ``DraftVersion``: its numbered versions, each the outline (sections, numbered paragraphs) as
  JSON, imported from DOCX or written in the app.
- ``Round``: a comment round (đợt lấy ý kiến) on one version, held by one unit: the draft's own
  unit, or a unit below collecting its input on the level above's draft (``parent`` is then the
  round it sends its consolidated comments up to: the roll-up).
- ``Comment``: one comment with its source and the people it speaks for; ``CommentGroup``: near
  duplicates grouped as they arrive (``Bucket`` holds a group's LSH keys) and answered once.
- ``PublicHit``: the public form's submissions per address, for the rate limit.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.web.orgs.models import Organisation
from daihoi.web.season.models import Congress


def new_token() -> str:
    return secrets.token_urlsafe(18)


class DraftKind(models.TextChoices):
    POLITICAL = "political", _("Báo cáo chính trị")
    REVIEW = "review", _("Báo cáo kiểm điểm của Ban Chấp hành")
    ACTION = "action", _("Chương trình hành động")
    OTHER = "other", _("Văn kiện khác")


class Draft(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="drafts")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại văn kiện"), max_length=10, choices=DraftKind.choices)
    title = models.CharField(_("tên văn kiện"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["congress_id", "kind", "id"]

    def __str__(self) -> str:
        return self.title

    def latest(self) -> DraftVersion | None:
        return self.versions.order_by("-number").first()


class DraftVersion(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    outline = models.JSONField(default=list)
    paragraphs = models.PositiveIntegerField(default=0)
    words = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.draft} — {self.number}"


class Invitee(models.TextChoices):
    UNITS = "units", _("Các đơn vị trực thuộc")
    MEMBERS = "members", _("Đảng viên")
    VETERANS = "veterans", _("Cán bộ lão thành")
    MASS = "mass", _("Mặt trận và các đoàn thể")
    DEPARTMENTS = "departments", _("Các ban, ngành cấp trên")
    PUBLIC = "public", _("Nhân dân (góp ý công khai)")


class Round(models.Model):
    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="rounds")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    title = models.CharField(_("tên đợt góp ý"), max_length=300)
    deadline = models.DateField(_("hạn góp ý"))
    invited = models.JSONField(_("mời góp ý"), default=list)
    public_token = models.CharField(max_length=40, unique=True, default=new_token)
    closed = models.BooleanField(default=False)
    sent_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def public(self) -> bool:
        return Invitee.PUBLIC in self.invited


class Source(models.TextChoices):
    MEMBER = "member", _("Đảng viên")
    VETERAN = "veteran", _("Cán bộ lão thành")
    MASS = "mass", _("Mặt trận, đoàn thể")
    DEPARTMENT = "department", _("Ban, ngành")
    PUBLIC = "public", _("Nhân dân")
    CONFERENCE = "conference", _("Hội nghị")
    UNIT = "unit", _("Đơn vị cấp dưới")


class AnswerKind(models.TextChoices):
    NONE = "", _("Chưa trả lời")
    TAKEN = "taken", _("Tiếp thu")
    EXPLAINED = "explained", _("Giải trình")
    REJECTED = "rejected", _("Không tiếp thu")


class CommentGroup(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    text = models.TextField()  # the first comment's text: the group's representative
    section = models.PositiveIntegerField(null=True, blank=True)
    comments = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    answer = models.CharField(max_length=10, choices=AnswerKind.choices, blank=True, default="")
    answer_text = models.TextField(blank=True)
    change = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-comments", "id"]
        indexes = [models.Index(fields=["round", "-comments", "id"], name="group_round_count")]


class Bucket(models.Model):
    """One LSH key of a group's representative (band, key): a new comment's candidates."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    band = models.PositiveSmallIntegerField()
    key = models.BigIntegerField()
    group = models.ForeignKey(CommentGroup, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "band", "key"], name="bucket_round_band_key")
        ]


class Comment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="comments")
    group = models.ForeignKey(
        CommentGroup, null=True, on_delete=models.SET_NULL, related_name="members"
    )
    source = models.CharField(_("nguồn ý kiến"), max_length=12, choices=Source.choices)
    text = models.TextField(_("nội dung góp ý"), max_length=4000)
    proposed = models.TextField(_("đề nghị sửa thành"), max_length=4000, blank=True)
    section = models.PositiveIntegerField(_("mục"), null=True, blank=True)
    paragraph = models.PositiveIntegerField(_("đoạn"), null=True, blank=True)
    people = models.PositiveIntegerField(_("số người"), default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("người góp ý"), max_length=100, blank=True)
    from_unit = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # the units a rolled-up comment came from, as names (the report tags them)
    units = models.CharField(max_length=1000, blank=True)
    normalised = models.TextField(blank=True)
    # sha-256 of ``normalised``: the same text sent twice (a long text cannot be a btree key)
    digest = models.CharField(max_length=64, blank=True)
    receipt = models.CharField(max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["round", "digest"], name="comment_round_digest")]


class PublicHit(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["round", "address", "at"], name="publichit_round_addr")]


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Đang lập")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không lập được")


class ReportJob(models.Model):
    """The report of a big round, made by the task worker (``tasks.make_report``)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=8, choices=ReportState.choices, default=ReportState.QUEUED)
    data = models.BinaryField(null=True, editable=False)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)


class DraftImport(models.Model):
    """A big Word file read by the task worker (``tasks.import_draft``): a new draft of
    ``congress`` or a new version of ``draft``."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="+")
    draft = models.ForeignKey(
        Draft, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=DraftKind.choices, blank=True)
    title = models.CharField(max_length=300, blank=True)
    note = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    data = models.BinaryField(editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=8, choices=ReportState.choices, default=ReportState.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    version = models.ForeignKey(
        DraftVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
