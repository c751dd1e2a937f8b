"""The congress season (đợt đại hội): seasons, their deadlines, congresses and lessons learned."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.web.orgs.models import Level

from .lifecycle import CongressState, can_move, is_congress_overdue


class Season(models.Model):
    """A congress season for a term, run by one office and followed by every unit below it."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="seasons",
        verbose_name=_("đơn vị chỉ đạo"),
    )
    name = models.CharField(_("tên đợt"), max_length=200)
    term_start = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_end = models.PositiveSmallIntegerField(_("nhiệm kỳ đến năm"))
    directive = models.CharField(_("chỉ thị"), max_length=300, blank=True)
    starts_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped on every change to the season's congresses, difficulties, groups and deadlines,
    # so that cached dashboard figures are keyed on it and never served stale.
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-term_start", "-id"]
        verbose_name = _("đợt đại hội")
        verbose_name_plural = _("đợt đại hội")

    def __str__(self) -> str:
        return f"{self.name} ({self.term_label})"

    @property
    def term_label(self) -> str:
        return f"{self.term_start}–{self.term_end}"

    def clean(self) -> None:
        if self.term_end and self.term_start and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("Năm kết thúc nhiệm kỳ phải sau năm bắt đầu.")})


class SeasonDeadline(models.Model):
    """The date by which every congress of one level must be held (hạn hoàn thành)."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="deadlines")
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    due_on = models.DateField(_("hạn hoàn thành"))

    class Meta:
        ordering = ["level", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "level"], name="season_deadline_one_per_level"
            )
        ]


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("Đại hội đảng viên")
    DELEGATES = "delegates", _("Đại hội đại biểu")


class CongressStatus(models.TextChoices):
    NOT_PLANNED = CongressState.NOT_PLANNED.value, _("Chưa có kế hoạch")
    PLANNED = CongressState.PLANNED.value, _("Đã có kế hoạch")
    PREPARING = CongressState.PREPARING.value, _("Đang chuẩn bị")
    HELD = CongressState.HELD.value, _("Đã tổ chức")
    POSTPONED = CongressState.POSTPONED.value, _("Hoãn")


PENDING = (CongressStatus.PLANNED, CongressStatus.PREPARING)


class Congress(models.Model):
    """One organisation's congress in a season, its plan, its state and its results."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="congresses")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.CASCADE,
        related_name="congresses",
        verbose_name=_("tổ chức đảng"),
    )
    kind = models.CharField(
        _("hình thức"), max_length=10, choices=CongressKind.choices, default=CongressKind.MEMBERS
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=CongressStatus.choices,
        default=CongressStatus.NOT_PLANNED,
    )
    planned_date = models.DateField(_("ngày dự kiến"), null=True, blank=True)
    held_date = models.DateField(_("ngày tổ chức"), null=True, blank=True)
    postponed_reason = models.CharField(_("lý do hoãn"), max_length=500, blank=True)
    is_pilot = models.BooleanField(_("đại hội điểm"), default=False)
    direct_secretary = models.BooleanField(_("bầu trực tiếp bí thư"), default=False)
    convened = models.PositiveIntegerField(_("số được triệu tập"), null=True, blank=True)
    present = models.PositiveIntegerField(_("số có mặt"), null=True, blank=True)
    committee_size = models.PositiveIntegerField(_("số ủy viên BCH"), null=True, blank=True)
    women = models.PositiveIntegerField(_("nữ"), null=True, blank=True)
    under_40 = models.PositiveIntegerField(_("dưới 40 tuổi"), null=True, blank=True)
    new_members = models.PositiveIntegerField(_("tham gia lần đầu"), null=True, blank=True)
    secretary_elected_directly = models.BooleanField(
        _("bí thư được bầu trực tiếp tại đại hội"), default=False
    )
    secretary_vote_percent = models.DecimalField(
        _("tỷ lệ phiếu bầu bí thư (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    delegates_official = models.PositiveIntegerField(
        _("đại biểu chính thức dự đại hội cấp trên"), null=True, blank=True
    )
    delegates_alternate = models.PositiveIntegerField(
        _("đại biểu dự khuyết"), null=True, blank=True
    )
    # Where each figure came from ({field: source}, see ``sources.FigureSource``).
    figure_sources = models.JSONField(default=dict, blank=True, editable=False)
    # On a hall station, the congress's identity at the central server (its record id there),
    # set when the office's congress package is imported (``daihoi.web.packages``): the
    # station's results bundle then names the congress as the central server knows it.
    central_id = models.CharField(max_length=120, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["planned_date", "id"]
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        constraints = [
            models.UniqueConstraint(
                fields=["season", "organisation"], name="congress_one_per_org_and_season"
            )
        ]
        indexes = [models.Index(fields=["season", "status"])]

    def __str__(self) -> str:
        return f"Đại hội {self.organisation}"

    @property
    def state(self) -> CongressState:
        return CongressState(self.status)

    def is_overdue(self, today: date) -> bool:
        return is_congress_overdue(self.state, self.planned_date, today)

    def clean(self) -> None:
        """Checks the figures against each other; errors name the field they concern."""
        errors: dict[str, str] = {}
        if self.present is not None and self.convened is not None and self.present > self.convened:
            errors["present"] = _("Số có mặt không được lớn hơn số được triệu tập.")
        size = self.committee_size
        for field, label in (
            ("women", _("nữ")),
            ("under_40", _("dưới 40 tuổi")),
            ("new_members", _("tham gia lần đầu")),
        ):
            value = getattr(self, field)
            if value is not None and size is not None and value > size:
                errors[field] = _("Số %(label)s không được lớn hơn số ủy viên BCH.") % {
                    "label": label
                }
            elif value is not None and size is None:
                errors["committee_size"] = _("Hãy nhập số ủy viên BCH trước.")
        if self.status == CongressStatus.HELD and self.held_date is None:
            errors["held_date"] = _("Đại hội đã tổ chức phải có ngày tổ chức.")
        if self.status != CongressStatus.HELD and self.held_date is not None:
            errors["held_date"] = _("Chỉ ghi ngày tổ chức khi đại hội đã tổ chức.")
        if self.status in PENDING and self.planned_date is None:
            errors["planned_date"] = _("Hãy nhập ngày dự kiến tổ chức.")
        if self.status == CongressStatus.POSTPONED and not self.postponed_reason.strip():
            errors["postponed_reason"] = _("Hãy ghi lý do hoãn đại hội.")
        if self.secretary_vote_percent is not None and not self.secretary_elected_directly:
            errors["secretary_vote_percent"] = _(
                "Chỉ ghi tỷ lệ phiếu khi bí thư được bầu trực tiếp tại đại hội."
            )
        if self.secretary_elected_directly and self.status != CongressStatus.HELD:
            errors["secretary_elected_directly"] = _("Chỉ ghi kết quả khi đại hội đã tổ chức.")
        if (
            self.season_id
            and self.planned_date
            and self.season.starts_on
            and (self.planned_date < self.season.starts_on)
        ):
            errors["planned_date"] = _("Ngày dự kiến trước ngày bắt đầu đợt đại hội.")
        if errors:
            raise ValidationError(errors)

    def check_transition(self, previous: str) -> None:
        """Raises ValidationError if the status may not follow ``previous``."""
        if not can_move(CongressState(previous), self.state):
            raise ValidationError(
                {
                    "status": _("Không thể chuyển từ “%(old)s” sang “%(new)s”.")
                    % {
                        "old": CongressStatus(previous).label,
                        "new": self.get_status_display(),
                    }
                }
            )


# The fields of a congress that people fill in, in the order the edit form groups them: the form,
# the audit log, the congress list export and its bulk update all use this one list.
CONGRESS_FIELDS = [
    "kind",
    "status",
    "planned_date",
    "held_date",
    "postponed_reason",
    "is_pilot",
    "direct_secretary",
    "convened",
    "present",
    "committee_size",
    "women",
    "under_40",
    "new_members",
    "secretary_elected_directly",
    "secretary_vote_percent",
    "delegates_official",
    "delegates_alternate",
]


class CongressNote(models.Model):
    """A lesson learned (rút kinh nghiệm) written on a congress."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class CongressUpload(models.Model):
    """A congress list sent back filled in (``congress_update``), checked and applied by the task
    worker (``upload_jobs``).

    The request stores the file and queues its check; the worker records what the file would
    change and every problem (nothing is saved). "Ghi các thay đổi" queues the apply, which
    reads the file again inside one transaction and saves every row or none. The stored file is
    deleted once it has been applied.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ kiểm tra")
        CHECKING = "checking", _("Đang kiểm tra")
        READY = "ready", _("Đã kiểm tra, chờ ghi")
        REJECTED = "rejected", _("Tệp có lỗi, chưa ghi gì")
        APPLY_QUEUED = "apply_q", _("Đang chờ ghi")
        APPLYING = "applying", _("Đang ghi")
        APPLIED = "applied", _("Đã ghi")
        REFUSED = "refused", _("Không ghi được, chưa ghi gì")
        FAILED = "failed", _("Không xử lý được")

    #: The states in which the worker holds the job (a job left in one has lost its worker).
    RUNNING_STATES = (State.CHECKING, State.APPLYING)
    FINISHED_STATES = (State.READY, State.REJECTED, State.APPLIED, State.REFUSED, State.FAILED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="congress_uploads"
    )
    filename = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(upload_to="imports/congresses/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    changed = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # The sender's language: the worker writes the problems in it.
    language = models.CharField(max_length=10, default="vi")
    rows = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # Each {"row", "congress", "unit", "field", "old", "new"}, values as the audit log keeps them.
    changes = models.JSONField(default=list, blank=True)
    # At most PROBLEMS_KEPT problems, each as its sentence; the count is complete.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    PROBLEMS_KEPT = 500

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED_STATES
