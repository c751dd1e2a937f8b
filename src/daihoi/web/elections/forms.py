"""The forms of a congress's day. Names go through ``lists.clean_text`` (no markup, no formula)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.web.season.numbers import VnIntegerField

from . import lists
from .models import (
    Delegate,
    DelegateKind,
    Election,
    Exclusion,
    Panel,
    PanelMember,
    PanelRole,
    Sitting,
)

MAX_UPLOAD = 5 * 1024 * 1024


def _plain(value: str, label: str, limit: int, *, required: bool = True) -> str:
    problems: list[lists.Problem] = []
    text = lists.clean_text(
        value or "", row=0, column=label, limit=limit, required=required, out=problems
    )
    if problems:
        raise forms.ValidationError(problems[0].message.capitalize())
    return text


class SittingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Bắt đầu"),
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Sitting
        fields = ["title", "starts_at", "place"]

    def clean_title(self) -> str:
        return _plain(self.cleaned_data["title"], "Tên phiên", 200)

    def clean_place(self) -> str:
        return _plain(self.cleaned_data["place"], "Địa điểm", 300, required=False)


class PanelMemberForm(forms.ModelForm):
    class Meta:
        model = PanelMember
        fields = ["panel", "name", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].choices = Panel.choices
        self.fields["role"].choices = PanelRole.choices

    def clean_name(self) -> str:
        from .services import person_name_problem

        name = _plain(self.cleaned_data["name"], "Họ và tên", 100)
        problem = person_name_problem(name)
        if problem:  # the name makes a station account's username and is printed on its slip
            raise forms.ValidationError(_("Họ và tên %(why)s.") % {"why": problem})
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        panel, role = data.get("panel"), data.get("role")
        allowed = {
            Panel.PRESIDIUM: {PanelRole.CHAIR, PanelRole.MEMBER},
            Panel.SECRETARIAT: {PanelRole.HEAD, PanelRole.MEMBER},
            Panel.COUNTING: {PanelRole.HEAD, PanelRole.MEMBER},
            Panel.TECHNICAL: {PanelRole.OPERATOR, PanelRole.HEAD},
        }
        if panel and role and role not in allowed.get(panel, set()):
            self.add_error("role", _("Nhiệm vụ này không có trong bộ phận đã chọn."))
        return data


class DelegateForm(forms.ModelForm):
    number = VnIntegerField(label=_("Số thẻ"), min_value=1, max_value=99999)
    born = VnIntegerField(
        label=_("Năm sinh"),
        min_value=lists.EARLIEST_BORN,
        max_value=lists.LATEST_BORN,
        required=False,
    )

    class Meta:
        model = Delegate
        fields = ["number", "name", "born", "unit", "kind"]

    def __init__(self, *args: Any, congress: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.congress = congress
        self.fields["kind"].choices = DelegateKind.choices

    def clean_name(self) -> str:
        return _plain(self.cleaned_data["name"], "Họ và tên", lists.MAX_NAME)

    def clean_unit(self) -> str:
        return _plain(self.cleaned_data["unit"], "Đơn vị", lists.MAX_UNIT, required=False)

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        taken = Delegate.objects.filter(congress=self.congress, number=number)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Số thẻ %(n)s đã có đại biểu.") % {"n": number})
        return number


class ExclusionForm(forms.ModelForm):
    class Meta:
        model = Delegate
        fields = ["exclusion", "exclusion_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exclusion"].choices = Exclusion.choices

    def clean_exclusion_note(self) -> str:
        return _plain(self.cleaned_data["exclusion_note"], "Ghi chú", 300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("exclusion") and not data.get("exclusion_note"):
            self.add_error("exclusion_note", _("Hãy ghi căn cứ (ví dụ: đơn xin vắng, quyết định)."))
        return data


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Danh sách"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        max_length=200_000,
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp lớn quá 5 MB."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Hãy chọn tệp Excel .xlsx (hoặc .csv)."))
        return upload


class ElectionForm(forms.ModelForm):
    seats = VnIntegerField(label=_("Số lượng cần bầu"), min_value=1, max_value=500)
    alternates = VnIntegerField(
        label=_("Số đại biểu dự khuyết"), min_value=0, max_value=500, required=False
    )
    spares = VnIntegerField(label=_("Số phiếu in dự phòng"), min_value=0, max_value=500)

    class Meta:
        model = Election
        fields = ["title", "body", "seats", "alternates", "rules", "spares"]

    def __init__(
        self,
        *args: Any,
        bodies: list[tuple[str, str]],
        presets: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"] = forms.ChoiceField(label=_("Bầu"), choices=bodies)
        self.fields["rules"] = forms.ChoiceField(label=_("Quy chế bầu cử"), choices=presets)
        self.fields["alternates"].help_text = _("Chỉ khi bầu đại biểu dự đại hội cấp trên.")
        current = self.instance.overrides or {}
        self.fields["threshold_override"].initial = current.get("threshold_base", "")
        self.fields["max_rounds_override"].initial = current.get("max_rounds")

    threshold_override = forms.ChoiceField(
        label=_("Cơ sở tính quá bán"),
        required=False,
        choices=[
            ("", _("Theo quy chế đã chọn")),
            ("electorate", _("Số cử tri được triệu tập")),
            ("collected", _("Số phiếu thu về")),
            ("valid", _("Số phiếu hợp lệ")),
        ],
        help_text=_("Chỉ đổi khi quy chế của tổ chức quy định khác với bộ quy tắc đã chọn."),
    )
    max_rounds_override = VnIntegerField(
        label=_("Số lần bầu tối đa"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_("Để trống: theo quy chế đã chọn."),
    )

    def clean_title(self) -> str:
        return _plain(self.cleaned_data["title"], "Tên cuộc bầu cử", 300)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        alternates = data.get("alternates") or 0
        data["alternates"] = alternates
        if alternates and data.get("body") != "delegates":
            self.add_error(
                "alternates",
                _("Chỉ bầu đại biểu dự đại hội cấp trên mới có dự khuyết; hãy để 0."),
            )
        # The rule set's settings this election changes (the engine checks them with the list).
        overrides = {
            k: v
            for k, v in (self.instance.overrides or {}).items()
            if k not in ("threshold_base", "max_rounds")
        }
        if data.get("threshold_override"):
            overrides["threshold_base"] = data["threshold_override"]
        if data.get("max_rounds_override"):
            overrides["max_rounds"] = data["max_rounds_override"]
        self.instance.overrides = overrides
        return data


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=200)
    born = VnIntegerField(
        label=_("Năm sinh"),
        min_value=lists.EARLIEST_BORN,
        max_value=lists.LATEST_BORN,
        required=False,
    )

    def clean_name(self) -> str:
        return _plain(self.cleaned_data["name"], "Họ và tên", lists.MAX_NAME)


class ApprovalForm(forms.Form):
    votes_for = VnIntegerField(label=_("Tán thành"), min_value=0, max_value=100_000)
    votes_against = VnIntegerField(label=_("Không tán thành"), min_value=0, max_value=100_000)
    abstain = VnIntegerField(
        label=_("Không biểu quyết"), min_value=0, max_value=100_000, required=False
    )

    def __init__(self, *args: Any, present: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.present = present

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["abstain"] = data.get("abstain") or 0
        if "votes_for" in data and "votes_against" in data:
            total = data["votes_for"] + data["votes_against"] + data["abstain"]
            if total > self.present:
                raise forms.ValidationError(
                    _(
                        "Tán thành + không tán thành + không biểu quyết = %(total)s, nhiều hơn "
                        "%(present)s đại biểu có mặt."
                    )
                    % {"total": total, "present": self.present}
                )
        return data
