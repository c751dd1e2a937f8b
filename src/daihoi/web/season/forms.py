"""Forms of the season: a new season, a congress's plan and results, lessons learned."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from daihoi.web.core.vn_numbers import VnIntegerField, vn_formfield

from .lifecycle import REOPEN_TARGETS, CongressState, can_move, is_held_date_allowed
from .models import CONGRESS_FIELDS, Congress, CongressStatus
from .sources import locked_fields

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


def vn_date_field(label: Any, required: bool = False) -> forms.DateField:
    """A date typed as dd/mm/yyyy (ISO also accepted)."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày phải viết theo dạng dd/mm/yyyy, ví dụ 30/06/2025.")},
    )


class CongressForm(forms.ModelForm):
    """The plan, state and results of one congress; the model's ``clean`` checks the figures."""

    planned_date = vn_date_field(_("Ngày dự kiến"))
    held_date = vn_date_field(_("Ngày tổ chức"))

    class Meta:
        model = Congress
        fields = CONGRESS_FIELDS
        widgets = {"postponed_reason": forms.TextInput(attrs={"size": 60})}
        formfield_callback = vn_formfield

    #: The page's sections: the plan, the day it was held, what it elected, the delegates.
    GROUPS = (
        (
            pgettext_lazy("form section", "Kế hoạch"),
            ["kind", "status", "planned_date", "postponed_reason", "is_pilot", "direct_secretary"],
        ),
        (pgettext_lazy("form section", "Ngày đại hội"), ["held_date", "convened", "present"]),
        (
            pgettext_lazy("form section", "Kết quả bầu cử"),
            [
                "committee_size",
                "women",
                "under_40",
                "new_members",
                "secretary_elected_directly",
                "secretary_vote_percent",
            ],
        ),
        (
            pgettext_lazy("form section", "Đại biểu dự đại hội cấp trên"),
            ["delegates_official", "delegates_alternate"],
        ),
    )
    HELP = {
        "status": _("“Đã tổ chức” là tình trạng cuối: đơn vị không tự sửa lại được."),
        "planned_date": _("Theo dạng dd/mm/yyyy, ví dụ 30/06/2025."),
        "postponed_reason": _("Chỉ ghi khi đại hội hoãn."),
        "is_pilot": _("Đại hội tổ chức trước để các đơn vị khác rút kinh nghiệm."),
        "direct_secretary": _("Theo kế hoạch, đại hội bầu bí thư trực tiếp."),
        "held_date": _("Chỉ ghi khi đại hội đã tổ chức; không thể sau hôm nay."),
        "convened": _(
            "Đại biểu chính thức (đại hội đại biểu) hoặc đảng viên chính thức (đại hội đảng "
            "viên) được triệu tập."
        ),
        "committee_size": _("Số ủy viên ban chấp hành khóa mới được bầu."),
        "women": _("Trong số ủy viên ban chấp hành."),
        "under_40": _("Trong số ủy viên ban chấp hành."),
        "new_members": _("Ủy viên lần đầu tham gia ban chấp hành."),
        "secretary_vote_percent": _("Ví dụ 85,5: dấu phẩy trước phần thập phân."),
        "delegates_official": _("Được bầu đi dự đại hội cấp trên."),
    }

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        for name, text in self.HELP.items():
            self.fields[name].help_text = text
        self.previous_status = self.instance.status if self.instance.pk else None
        if self.previous_status is not None:
            # Offer only the statuses this congress may move to (the check below still runs).
            current = CongressState(self.previous_status)
            field = self.fields["status"]
            field.choices = [
                (value, label)
                for value, label in CongressStatus.choices
                if can_move(current, CongressState(value))
            ]
            # Figures counted at the congress's station are shown, never typed over.
            for name in locked_fields(self.instance):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Lấy từ kết quả kiểm phiếu của đại hội.")

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The sections of the page, each with its fields (every field is in one)."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_status(self) -> str:
        status: str = self.cleaned_data["status"]
        if self.previous_status is not None:
            probe = Congress(status=status)
            try:
                probe.check_transition(self.previous_status)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["status"]) from exc
        return status

    def clean_held_date(self) -> date | None:
        held: date | None = self.cleaned_data["held_date"]
        if held is not None and not is_held_date_allowed(held, self.today):
            # "Held" is final for the unit: a future date typed by mistake could not be undone.
            raise ValidationError(
                _("Ngày tổ chức không thể sau hôm nay (%(today)s).")
                % {"today": self.today.strftime("%d/%m/%Y")}
            )
        return held

    def _post_clean(self) -> None:
        # A field refused by its own check (a held date in the future) keeps that one message:
        # the congress's cross-field checks would otherwise add "a held congress needs a held
        # date", since the refused date never reached the instance.
        refused = {name: list(errors) for name, errors in self.errors.items()}
        super()._post_clean()
        for name, errors in refused.items():
            self.errors[name] = self.error_class(errors)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") != CongressStatus.POSTPONED:
            # A reason only makes sense while postponed; the old one stays in the audit log.
            data["postponed_reason"] = ""
        return data


class ReopenForm(forms.Form):
    """The office above takes a held congress back to planned or preparing, saying why."""

    status = forms.ChoiceField(label=_("Chuyển về tình trạng"))
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        max_length=500,
        widget=forms.TextInput(attrs={"size": 60}),
        error_messages={"required": _("Hãy ghi lý do mở lại.")},
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = REOPEN_TARGETS.get(CongressState(current), frozenset())
        self.fields["status"].choices = [
            (value, label)
            for value, label in CongressStatus.choices
            if CongressState(value) in targets
        ]

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Hãy ghi lý do mở lại."))
        return reason


class LessonForm(forms.Form):
    text = forms.CharField(
        label=_("Rút kinh nghiệm"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class SeasonForm(forms.Form):
    """A new season run by an office, with the deadline of each level below it."""

    name = forms.CharField(label=_("Tên đợt"), max_length=200, initial=_("Đại hội đảng bộ các cấp"))
    term_start = VnIntegerField(label=_("Nhiệm kỳ từ năm"), min_value=1930, max_value=2200)
    term_end = VnIntegerField(label=_("Nhiệm kỳ đến năm"), min_value=1930, max_value=2200)
    directive = forms.CharField(label=_("Thực hiện chỉ thị"), max_length=300, required=False)
    starts_on = vn_date_field(_("Bắt đầu từ ngày"), required=True)

    def __init__(self, *args: Any, levels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level, label in levels:
            self.fields[f"deadline_{level}"] = vn_date_field(
                _("Hạn hoàn thành — %(level)s") % {"level": label}
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("Năm kết thúc nhiệm kỳ phải sau năm bắt đầu."))
        starts_on = data.get("starts_on")
        for level, _label in self.levels:
            due = data.get(f"deadline_{level}")
            if due is not None and starts_on is not None and due < starts_on:
                self.add_error(f"deadline_{level}", _("Hạn hoàn thành trước ngày bắt đầu đợt."))
        return data

    def deadlines(self) -> dict[int, Any]:
        return {
            level: self.cleaned_data[f"deadline_{level}"]
            for level, _label in self.levels
            if self.cleaned_data.get(f"deadline_{level}")
        }


class CongressFileForm(forms.Form):
    """The congress list exported from the congress page, filled in and sent back."""

    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) đã xuất từ trang Đại hội"),
        error_messages={
            "empty": _("Tệp gửi lên trống (0 byte): hãy chọn đúng tệp danh sách đại hội."),
            "required": _("Hãy chọn tệp Excel (.xlsx) danh sách đại hội."),
        },
    )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not (f.name or "").lower().endswith(".xlsx"):
            raise ValidationError(
                _(
                    "Tệp «%(name)s» không phải Excel (.xlsx): hãy gửi lại tệp đã xuất từ trang Đại hội."
                )
                % {"name": f.name}
            )
        if f.size > settings.ORG_IMPORT_MAX_BYTES:
            raise ValidationError(
                _("Tệp quá lớn (tối đa %(mb)d MB).")
                % {"mb": settings.ORG_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return f
