"""Person records of the personnel subcommittee (tiểu ban nhân sự), and who read them.

A ``Person`` is one cadre's record (the facts of the 2C form that the lists and the structural
targets need); ``Membership`` is a seat they held or hold on a committee, per term. Every read of
a full record and every export is an ``AccessLog`` row: personnel data is sensitive.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from daihoi.web.orgs.models import Organisation


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class TheoryLevel(models.TextChoices):
    """Political theory level (trình độ lý luận chính trị)."""

    ELEMENTARY = "so_cap", _("Sơ cấp")
    INTERMEDIATE = "trung_cap", _("Trung cấp")
    ADVANCED = "cao_cap", _("Cao cấp")
    BACHELOR = "cu_nhan", _("Cử nhân")


class Person(models.Model):
    """One cadre's record; the CCCD (citizen id) is the key where it is known."""

    full_name = models.CharField(_("họ và tên"), max_length=100)
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True)
    hometown = models.CharField(_("quê quán"), max_length=200, blank=True)
    cccd = models.CharField(_("số CCCD"), max_length=12, blank=True)
    education = models.CharField(_("trình độ chuyên môn"), max_length=200, blank=True)
    theory = models.CharField(
        _("lý luận chính trị"), max_length=10, choices=TheoryLevel.choices, blank=True
    )
    profession = models.CharField(_("nghề nghiệp"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", verbose_name=_("đơn vị")
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    joined_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    # Planning (quy hoạch): for which posts the person is in the plan of the coming term.
    planned_committee = models.BooleanField(_("quy hoạch cấp ủy"), default=False)
    planned_standing = models.BooleanField(_("quy hoạch ban thường vụ"), default=False)
    planned_key_post = models.BooleanField(_("quy hoạch chức danh chủ chốt"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ nhân sự")
        verbose_name_plural = _("hồ sơ nhân sự")
        ordering = ["unit__path", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cccd"], condition=~Q(cccd=""), name="person_cccd_unique_when_given"
            ),
            models.CheckConstraint(
                condition=Q(cccd="") | Q(cccd__regex=r"^[0-9]{12}$"), name="person_cccd_12_digits"
            ),
        ]
        indexes = [models.Index(fields=["full_name", "birth_date"], name="person_name_born")]

    def __str__(self) -> str:
        return self.full_name


class Body(models.TextChoices):
    COMMITTEE = "committee", _("Ban Chấp hành")
    STANDING = "standing_committee", _("Ban Thường vụ")
    INSPECTION = "inspection_committee", _("Ủy ban Kiểm tra")


class SeatRole(models.TextChoices):
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    CHAIR = "chair", _("Chủ nhiệm")
    DEPUTY_CHAIR = "deputy_chair", _("Phó Chủ nhiệm")


class Membership(models.Model):
    """A seat on a committee in one term (nhiệm kỳ), current or past."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    body = models.CharField(_("cơ quan"), max_length=24, choices=Body.choices)
    term = models.CharField(_("nhiệm kỳ"), max_length=20)  # "2020–2025"
    role = models.CharField(_("vai trò"), max_length=20, choices=SeatRole.choices)

    class Meta:
        verbose_name = _("tham gia cấp ủy")
        verbose_name_plural = _("tham gia cấp ủy")
        ordering = ["-term", "body"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "body", "term"], name="membership_one_seat_per_body_and_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_body_display()} {self.term}"


class AccessKind(models.TextChoices):
    PROFILE = "profile", _("Xem hồ sơ")
    EXPORT = "export", _("Xuất danh sách")


class AccessLog(models.Model):
    """Who read which full record, or exported which unit's list, when, from which unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(max_length=150)
    reader_unit = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=AccessKind.choices)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    # The unit whose data was read: the person's unit, or the exported subtree's top.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="personnel_reads"
    )
    subject = models.CharField(max_length=300)  # the person's name or the export's unit, as then
    rows = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]


class PersonImport(models.Model):
    """One personnel list sent for import: checked by the task worker, shown as a preview,
    applied by the worker once the sender confirms. The file is deleted when it is finished."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ kiểm tra")
        CHECKING = "checking", _("Đang kiểm tra")
        CHECKED = "checked", _("Đã kiểm tra, chờ xác nhận")
        APPLYING = "applying", _("Đang ghi")
        DONE = "done", _("Đã nhập")
        REJECTED = "rejected", _("Tệp có lỗi, chưa ghi gì")
        FAILED = "failed", _("Không xử lý được")

    FINISHED_STATES = (State.DONE, State.REJECTED, State.FAILED)
    WORKING_STATES = (State.QUEUED, State.CHECKING, State.APPLYING)
    PROBLEMS_KEPT = 500
    MERGES_KEPT = 200

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="person_imports")
    filename = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(upload_to="imports/personnel/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # [{"row", "column", "message"}], at most PROBLEMS_KEPT; the count is complete.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    # What would merge: [{"row", "name", "by", "changes": {label: [old, new]}}], MERGES_KEPT.
    merges = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    @property
    def working(self) -> bool:
        return self.state in self.WORKING_STATES
