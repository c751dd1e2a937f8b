"""A congress's day (phiên làm việc của đại hội): its sittings, the attendance of those convened,
the presidium, secretariat and counting committee, and the elections with their candidates and
the show-of-hands approvals that come before any vote.

The counting of an election's ballots lives in the counting app, above this one.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.web.season.models import Congress


def new_card_code() -> str:
    """The code in the QR on a delegate's card: random, so a card cannot be made from a list."""
    return secrets.token_urlsafe(9)


class Sitting(models.Model):
    """One session of the congress (phiên trù bị, phiên chính thức …)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sittings")
    title = models.CharField(_("tên phiên"), max_length=200)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("phiên họp")
        verbose_name_plural = _("phiên họp")

    def __str__(self) -> str:
        return self.title


class Exclusion(models.TextChoices):
    """Why a convened person does not count in the electorate (the rule set's exclusions)."""

    NONE = "", _("Không")
    ABSENT_WITH_LEAVE = "absent_with_leave", _("Vắng mặt cả đại hội có lý do")
    SUSPENDED = "suspended", _("Đang bị đình chỉ sinh hoạt")
    DETAINED = "detained", _("Đang bị tạm giam, tạm giữ")
    ELSEWHERE = "elsewhere", _("Sinh hoạt tạm thời nơi khác")
    OTHER = "other", _("Lý do khác theo quy chế")


class DelegateKind(models.TextChoices):
    OFFICIAL = "official", _("Chính thức")
    ALTERNATE = "alternate", _("Dự khuyết")  # members' congress: a probationary member
    INVITED = "invited", _("Khách mời")


class Delegate(models.Model):
    """A person convened to the congress (đại biểu or đảng viên được triệu tập)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    number = models.PositiveIntegerField(_("số thẻ"))
    name = models.CharField(_("họ và tên"), max_length=100)
    born = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=200, blank=True)
    kind = models.CharField(
        _("loại"), max_length=10, choices=DelegateKind.choices, default=DelegateKind.OFFICIAL
    )
    exclusion = models.CharField(
        _("không tính vào số bầu cử"),
        max_length=20,
        choices=Exclusion.choices,
        default=Exclusion.NONE,
        blank=True,
    )
    exclusion_note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    card_code = models.CharField(max_length=20, default=new_card_code, unique=True, editable=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="delegate_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    ABSENT_WITH_LEAVE = "absent_leave", _("Vắng có lý do")
    ABSENT = "absent", _("Vắng không lý do")
    LEFT = "left", _("Về sớm")
    RETURNED = "returned", _("Trở lại")


# The states in which a delegate is in the hall (for the present electorate and the ballots).
IN_HALL = (Presence.PRESENT, Presence.RETURNED)


class AttendanceEvent(models.Model):
    """One change of a delegate's presence, with its time and who recorded it (never edited:
    the current state is the latest event)."""

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="attendance")
    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, null=True, blank=True, related_name="attendance"
    )
    state = models.CharField(_("tình trạng"), max_length=12, choices=Presence.choices)
    at = models.DateTimeField(_("lúc"))
    how = models.CharField(max_length=10, default="list")  # list | number | card
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["delegate", "at"])]


class Panel(models.TextChoices):
    PRESIDIUM = "presidium", _("Đoàn Chủ tịch")
    SECRETARIAT = "secretariat", _("Đoàn Thư ký")
    COUNTING = "counting", _("Ban Kiểm phiếu")
    TECHNICAL = "technical", _("Tổ kỹ thuật")


class PanelRole(models.TextChoices):
    HEAD = "head", _("Trưởng ban")
    MEMBER = "member", _("Thành viên")
    CHAIR = "chair", _("Chủ tịch đoàn")  # presidium: who chairs a sitting
    OPERATOR = "operator", _("Kỹ thuật viên")


class PanelMember(models.Model):
    """A member of the presidium, secretariat, counting committee or the technical staff."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="panel")
    panel = models.CharField(_("bộ phận"), max_length=12, choices=Panel.choices)
    name = models.CharField(_("họ và tên"), max_length=100)
    role = models.CharField(
        _("nhiệm vụ"), max_length=10, choices=PanelRole.choices, default=PanelRole.MEMBER
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_seats",
        verbose_name=_("tài khoản"),
    )

    class Meta:
        ordering = ["panel", "order", "id"]
        verbose_name = _("thành viên bộ phận giúp việc")
        verbose_name_plural = _("thành viên bộ phận giúp việc")

    def __str__(self) -> str:
        return f"{self.name} — {self.get_role_display()}"


class ElectionState(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    APPROVED = "approved", _("Đã thông qua danh sách")
    COUNTING = "counting", _("Đang kiểm phiếu")
    CONFIRMED = "confirmed", _("Đã xác nhận kết quả")


class Election(models.Model):
    """One election in one round: what is elected, by which rules, from which list."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="elections")
    slug = models.SlugField(_("mã"), max_length=60)
    title = models.CharField(_("tên cuộc bầu cử"), max_length=300)
    body = models.CharField(_("bầu"), max_length=24)  # an engine ``Body`` value
    seats = models.PositiveSmallIntegerField(_("số lượng cần bầu"))
    alternates = models.PositiveSmallIntegerField(_("số dự khuyết"), default=0)
    rules = models.CharField(_("bộ quy tắc"), max_length=20, default="party")
    overrides = models.JSONField(_("điều chỉnh quy tắc"), default=dict, blank=True)
    round = models.PositiveSmallIntegerField(_("lần bầu"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_round"
    )
    # Elected in earlier rounds: [{"name": …, "round": n, "status": "elected"|"alternate"}]
    elected_before = models.JSONField(default=list, blank=True)
    state = models.CharField(
        _("tình trạng"), max_length=10, choices=ElectionState.choices, default=ElectionState.DRAFT
    )
    # The electorate fixed when the list was approved (the base of "more than half").
    electorate = models.PositiveIntegerField(_("số đại biểu được triệu tập"), null=True, blank=True)
    electorate_formula = models.CharField(max_length=300, blank=True)
    spares = models.PositiveSmallIntegerField(_("số phiếu dự phòng"), default=5)
    # The personnel subcommittee's list this election was made from (one election per list).
    candidate_list = models.OneToOneField(
        "personnel.CandidateList",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="election",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["congress", "created_at", "id"]
        verbose_name = _("cuộc bầu cử")
        verbose_name_plural = _("cuộc bầu cử")
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "slug", "round"], name="election_slug_round_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (lần {self.round})"


class CandidateSource(models.TextChoices):
    TYPED = "typed", _("Nhập tay")
    PASTED = "pasted", _("Dán danh sách")
    EXCEL = "excel", _("Nhập từ Excel")
    PERSONNEL = "personnel", _("Từ danh sách nhân sự")
    ROUND = "round", _("Từ lần bầu trước")


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("họ và tên"), max_length=100)
    born = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    source = models.CharField(
        max_length=10, choices=CandidateSource.choices, default=CandidateSource.TYPED
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("ứng cử viên")
        verbose_name_plural = _("ứng cử viên")

    def __str__(self) -> str:
        return self.name


class ApprovalSubject(models.TextChoices):
    NUMBER = "number", _("Số lượng bầu")
    LIST = "list", _("Danh sách bầu cử")


class Approval(models.Model):
    """A show of hands before the vote (biểu quyết): on the number to elect or on the list."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="approvals")
    subject = models.CharField(_("nội dung"), max_length=8, choices=ApprovalSubject.choices)
    votes_for = models.PositiveIntegerField(_("tán thành"))
    votes_against = models.PositiveIntegerField(_("không tán thành"))
    abstain = models.PositiveIntegerField(_("không biểu quyết"), default=0)
    # Those present in the hall when the hands were counted: the base of "more than half".
    present = models.PositiveIntegerField(_("có mặt khi biểu quyết"), null=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "subject"], name="approval_one_per_subject")
        ]

    @property
    def passed(self) -> bool:
        """More than half of those present voted for it."""
        return self.present is not None and 2 * self.votes_for > self.present
