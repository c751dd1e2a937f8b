"""Person records of the personnel subcommittee (tiểu ban nhân sự), and who read them.

A ``Person`` is one cadre's record (the facts of the 2C form that the lists and the structural
targets need); ``Membership`` is a seat they held or hold on a committee, per term. Every read of
a full record and every export is an ``AccessLog`` row: personnel data is sensitive.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.season.models import Congress, Season


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
    PLAN = "plan", _("Xem đề án, danh sách bầu cử")


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


def _percent(label: str, default: str) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


class StructuralTargets(models.Model):
    """The directive's structural targets (chỉ tiêu cơ cấu) of one season for one level,
    edited by the season's office. A level without a row takes the defaults of ``services``."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="structural_targets")
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    min_surplus_percent = _percent(_("số dư tối thiểu (%)"), "10")
    max_surplus_percent = _percent(_("số dư tối đa (%)"), "30")
    small_from = models.PositiveSmallIntegerField(_("cơ quan nhỏ: từ (chỗ)"), default=3)
    small_to = models.PositiveSmallIntegerField(_("cơ quan nhỏ: đến (chỗ)"), default=5)
    small_max_extra = models.PositiveSmallIntegerField(
        _("cơ quan nhỏ: dư tối đa (người)"), default=1
    )
    renewal_percent = _percent(_("đổi mới tối thiểu (%)"), "33.33")
    women_percent = _percent(_("nữ tối thiểu (%)"), "15")
    young_percent = _percent(_("cán bộ trẻ tối thiểu (%)"), "10")
    young_age = models.PositiveSmallIntegerField(
        _("cán bộ trẻ: dưới (tuổi)"), default=40, validators=[MinValueValidator(18)]
    )
    reelect_months = models.PositiveSmallIntegerField(_("tái cử: còn ít nhất (tháng)"), default=48)
    first_time_months = models.PositiveSmallIntegerField(
        _("tham gia lần đầu: còn ít nhất (tháng)"), default=60
    )
    theory_level = models.CharField(
        _("lý luận chính trị tối thiểu"),
        max_length=10,
        choices=TheoryLevel.choices,
        default=TheoryLevel.INTERMEDIATE,
        blank=True,
    )
    theory_percent = _percent(_("đạt lý luận chính trị (%)"), "100")
    # The retirement age schedule (Nghị định 135/2020): age in months in the first year, the
    # months added each year, the last age.
    men_start_year = models.PositiveSmallIntegerField(_("nam: năm bắt đầu lộ trình"), default=2021)
    men_start_months = models.PositiveSmallIntegerField(
        _("nam: tuổi nghỉ hưu năm đầu (tháng)"), default=723
    )
    men_step_months = models.PositiveSmallIntegerField(_("nam: tăng mỗi năm (tháng)"), default=3)
    men_final_months = models.PositiveSmallIntegerField(
        _("nam: tuổi nghỉ hưu cuối lộ trình (tháng)"), default=744
    )
    women_start_year = models.PositiveSmallIntegerField(_("nữ: năm bắt đầu lộ trình"), default=2021)
    women_start_months = models.PositiveSmallIntegerField(
        _("nữ: tuổi nghỉ hưu năm đầu (tháng)"), default=664
    )
    women_step_months = models.PositiveSmallIntegerField(_("nữ: tăng mỗi năm (tháng)"), default=4)
    women_final_months = models.PositiveSmallIntegerField(
        _("nữ: tuổi nghỉ hưu cuối lộ trình (tháng)"), default=720
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["season", "level"]
        verbose_name = _("chỉ tiêu cơ cấu")
        verbose_name_plural = _("chỉ tiêu cơ cấu")
        constraints = [
            models.UniqueConstraint(fields=["season", "level"], name="targets_one_per_season_level")
        ]


class CommitteePlan(models.Model):
    """The committee plan of a congress (đề án nhân sự): the sizes of the bodies and who is
    proposed for the key posts. The outgoing committee is read from the records' memberships
    of ``outgoing_term``."""

    congress = models.OneToOneField(
        Congress, on_delete=models.CASCADE, related_name="personnel_plan"
    )
    outgoing_term = models.CharField(_("nhiệm kỳ trước"), max_length=20)
    committee_size = models.PositiveSmallIntegerField(
        _("số ủy viên Ban Chấp hành"), null=True, blank=True
    )
    standing_size = models.PositiveSmallIntegerField(
        _("số ủy viên Ban Thường vụ"), null=True, blank=True
    )
    deputy_count = models.PositiveSmallIntegerField(_("số Phó Bí thư"), default=0)
    inspection_size = models.PositiveSmallIntegerField(
        _("số ủy viên Ủy ban Kiểm tra"), null=True, blank=True
    )
    delegate_seats = models.PositiveSmallIntegerField(
        _("số đại biểu dự đại hội cấp trên"), null=True, blank=True
    )
    delegate_alternates = models.PositiveSmallIntegerField(_("số đại biểu dự khuyết"), default=0)
    secretary = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dự kiến Bí thư"),
    )
    deputies = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("dự kiến Phó Bí thư")
    )
    inspection_chair = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dự kiến Chủ nhiệm Ủy ban Kiểm tra"),
    )
    note = models.TextField(_("ghi chú"), blank=True, max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("đề án nhân sự")
        verbose_name_plural = _("đề án nhân sự")

    def __str__(self) -> str:
        return f"Đề án nhân sự — {self.congress}"


class CandidateList(models.Model):
    """The list of names for one body at one congress (danh sách bầu cử), prepared from the
    nominations; once the congress approves it, it becomes an election of the counting
    station (``elections.Election.candidate_list``) and is no longer changed here."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="candidate_lists")
    body = models.CharField(_("bầu"), max_length=24)  # an engine ``Body`` value
    title = models.CharField(_("tên danh sách"), max_length=300)
    seats = models.PositiveSmallIntegerField(
        _("số lượng cần bầu"), validators=[MinValueValidator(1)]
    )
    alternates = models.PositiveSmallIntegerField(_("số dự khuyết"), default=0)
    # The preliminary nomination vote (phiếu giới thiệu): how many voted; each name's votes
    # are on its nomination. With both, the list shows the chance of missing each target.
    preliminary_voters = models.PositiveIntegerField(
        _("số người bỏ phiếu giới thiệu"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["congress", "created_at", "id"]
        verbose_name = _("danh sách bầu cử")
        verbose_name_plural = _("danh sách bầu cử")
        constraints = [
            models.UniqueConstraint(fields=["congress", "body"], name="candidate_list_one_per_body")
        ]

    def __str__(self) -> str:
        return self.title


class NominationSource(models.TextChoices):
    OUTGOING = "outgoing", _("Cấp ủy khóa trước giới thiệu")
    FLOOR = "floor", _("Đại biểu đề cử tại đại hội")
    SELF = "self", _("Tự ứng cử")


class Withdrawal(models.TextChoices):
    NONE = "", _("Không")
    REQUESTED = "requested", _("Xin rút, chờ đại hội quyết định")
    ACCEPTED = "accepted", _("Đại hội đồng ý cho rút")
    REFUSED = "refused", _("Đại hội không đồng ý cho rút")


class Nomination(models.Model):
    """One name on a list and where it came from; a floor nomination keeps how many of the
    delegates present agreed; a withdrawal keeps the request and the congress's decision."""

    candidate_list = models.ForeignKey(
        CandidateList, on_delete=models.CASCADE, related_name="nominations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nominations")
    source = models.CharField(_("nguồn"), max_length=10, choices=NominationSource.choices)
    nominated_by = models.CharField(_("người đề cử"), max_length=200, blank=True)
    agreeing = models.PositiveIntegerField(_("số đại biểu tán thành"), null=True, blank=True)
    present = models.PositiveIntegerField(_("số đại biểu có mặt"), null=True, blank=True)
    withdrawal = models.CharField(
        _("xin rút"), max_length=10, choices=Withdrawal.choices, default=Withdrawal.NONE, blank=True
    )
    withdrawal_reason = models.CharField(_("lý do xin rút"), max_length=500, blank=True)
    withdrawal_for = models.PositiveIntegerField(_("số tán thành cho rút"), null=True, blank=True)
    withdrawal_present = models.PositiveIntegerField(
        _("số có mặt khi biểu quyết"), null=True, blank=True
    )
    preliminary_votes = models.PositiveIntegerField(_("số phiếu giới thiệu"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("người được giới thiệu")
        verbose_name_plural = _("người được giới thiệu")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate_list", "person"], name="nomination_once_per_list"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def on_list(self) -> bool:
        """Still on the list (a withdrawal the congress accepted takes the name off)."""
        return self.withdrawal != Withdrawal.ACCEPTED


class ElectedBody(models.Model):
    """The report of a body elected from a list (cơ cấu cấp ủy khóa mới): who was elected,
    matched to their records, and the figures computed from them when the count was confirmed
    (``source`` "counted"); recomputed on each confirmation."""

    candidate_list = models.OneToOneField(
        CandidateList, on_delete=models.CASCADE, related_name="elected_body"
    )
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="elected_bodies")
    body = models.CharField(_("bầu"), max_length=24)
    people = models.ManyToManyField(Person, related_name="+", blank=True)
    # Names elected that match no record on the list (a name added on the floor of the count).
    unmatched = models.JSONField(default=list, blank=True)
    figures = models.JSONField(default=dict)
    source = models.CharField(_("nguồn"), max_length=12, default="counted")
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["congress", "body"]
        verbose_name = _("cơ cấu cơ quan được bầu")
        verbose_name_plural = _("cơ cấu cơ quan được bầu")

    def __str__(self) -> str:
        return f"{self.congress} · {self.body}"
