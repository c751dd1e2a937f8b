"""The congress's agenda (sessions, items, who leads each) and the targets (chỉ tiêu).

The script is not stored: it is made from the agenda and the elections each time it is asked
for; the agenda keeps a fingerprint of the elections it was last made from, so the page can say
when they changed since.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    PREPARATORY = "preparatory", _("Phiên trù bị")
    OFFICIAL = "official", _("Phiên chính thức")


class Step(models.TextChoices):
    CEREMONY = "ceremony", _("Chào cờ, giới thiệu đại biểu")
    ELECT_PRESIDIUM = "elect_presidium", _("Bầu Đoàn Chủ tịch, Đoàn Thư ký")
    ADOPT_AGENDA = "adopt_agenda", _("Thông qua chương trình, quy chế")
    OPENING = "opening", _("Khai mạc")
    CREDENTIALS = "credentials", _("Thẩm tra tư cách đại biểu")
    POLITICAL_REPORT = "political_report", _("Báo cáo chính trị")
    REVIEW_REPORT = "review_report", _("Báo cáo kiểm điểm")
    DISCUSSION = "discussion", _("Thảo luận")
    GUEST_SPEECH = "guest_speech", _("Phát biểu chỉ đạo")
    ELECT_COUNTING = "elect_counting", _("Bầu Ban Kiểm phiếu")
    ELECTIONS = "elections", _("Bầu cử")
    RESOLUTION = "resolution", _("Thông qua Nghị quyết")
    CLOSING = "closing", _("Bế mạc")
    OTHER = "other", _("Mục khác")


class LeadKind(models.TextChoices):
    PRESIDIUM_MEMBER = "presidium_member", _("Thành viên Đoàn Chủ tịch")
    PRESIDIUM = "presidium", _("Đoàn Chủ tịch")
    SECRETARIAT = "secretariat", _("Đoàn Thư ký")
    COUNTING = "counting", _("Ban Kiểm phiếu")
    ORGANISERS = "organisers", _("Ban Tổ chức đại hội")
    GUEST = "guest", _("Đại biểu cấp trên")


class Agenda(models.Model):
    congress = models.OneToOneField(
        "season.Congress", on_delete=models.CASCADE, related_name="agenda"
    )
    generated_at = models.DateTimeField(null=True, blank=True)
    # The elections the script was last made from (services.elections_fingerprint).
    generated_from = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chương trình đại hội")
        verbose_name_plural = _("chương trình đại hội")


class AgendaSession(models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("loại phiên"), max_length=12, choices=SessionKind.choices)
    title = models.CharField(_("tên phiên"), max_length=200)
    date = models.CharField(_("ngày"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("phiên đại hội")
        verbose_name_plural = _("phiên đại hội")


class AgendaItem(models.Model):
    session = models.ForeignKey(AgendaSession, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    time = models.CharField(_("giờ"), max_length=5, blank=True)
    title = models.CharField(_("nội dung"), max_length=300)
    step = models.CharField(_("bước"), max_length=20, choices=Step.choices, default=Step.OTHER)
    lead_kind = models.CharField(
        _("người điều hành"), max_length=20, choices=LeadKind.choices, default=LeadKind.PRESIDIUM
    )
    lead_member = models.ForeignKey(
        "elections.PanelMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thành viên Đoàn Chủ tịch"),
    )
    words = models.TextField(_("lời dẫn"), blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("mục chương trình")
        verbose_name_plural = _("mục chương trình")

    @property
    def organisation(self):  # type: ignore[no-untyped-def]
        return self.session.agenda.congress.organisation


class Direction(models.TextChoices):
    HIGHER = "higher", _("Cao hơn là tốt hơn")
    LOWER = "lower", _("Thấp hơn là tốt hơn")


class Indicator(models.Model):
    """An indicator the level above publishes for its congress's draft (chỉ tiêu cấp trên)."""

    congress = models.ForeignKey(
        "season.Congress", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị tính"), max_length=60)
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=4)
    year = models.PositiveSmallIntegerField(_("năm"))
    direction = models.CharField(
        _("chiều tốt hơn"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("chỉ tiêu cấp trên")
        verbose_name_plural = _("chỉ tiêu cấp trên")
        constraints = [
            models.UniqueConstraint(fields=["congress", "code"], name="indicator_code_unique")
        ]

    @property
    def organisation(self):  # type: ignore[no-untyped-def]
        return self.congress.organisation


class UnitIndicator(models.Model):
    """An indicator of the unit's own draft, mapped to a code of the level above (or none)."""

    congress = models.ForeignKey(
        "season.Congress", on_delete=models.CASCADE, related_name="own_indicators"
    )
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị tính"), max_length=60)
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=4)
    code = models.CharField(_("mã chỉ tiêu cấp trên"), max_length=30, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("chỉ tiêu của đơn vị")
        verbose_name_plural = _("chỉ tiêu của đơn vị")

    @property
    def organisation(self):  # type: ignore[no-untyped-def]
        return self.congress.organisation
