from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        error_messages={
            "empty": _("Tệp gửi lên trống (0 byte): hãy chọn đúng tệp danh sách nhân sự."),
            "required": _("Hãy chọn một tệp Excel (.xlsx)."),
        },
    )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not (f.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Tệp «%(name)s» không phải Excel (.xlsx); hãy lưu lại thành .xlsx.")
                % {"name": f.name}
            )
        if f.size > settings.ORG_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)d MB).")
                % {"mb": settings.ORG_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return f


# ------------------------------------------------------------------- the plan and the lists

from daihoi.web.core.vn_numbers import VnIntegerField  # noqa: E402
from daihoi.web.personnel.models import (  # noqa: E402
    CommitteePlan,
    NominationSource,
    Person,
    StructuralTargets,
)


class PlanForm(forms.ModelForm):  # type: ignore[type-arg]
    """The plan's sizes and notes; the key people are typed (a name or a CCCD) and found by
    the view among the congress's records."""

    secretary_name = forms.CharField(label=_("Dự kiến Bí thư"), required=False, max_length=100)
    deputy_names = forms.CharField(
        label=_("Dự kiến Phó Bí thư (mỗi dòng một người)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    chair_name = forms.CharField(
        label=_("Dự kiến Chủ nhiệm Ủy ban Kiểm tra"), required=False, max_length=100
    )

    class Meta:
        model = CommitteePlan
        fields = [
            "outgoing_term",
            "committee_size",
            "standing_size",
            "deputy_count",
            "inspection_size",
            "delegate_seats",
            "delegate_alternates",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class ListForm(forms.Form):
    body = forms.ChoiceField(label=_("Bầu"))
    seats = VnIntegerField(label=_("Số lượng cần bầu"), min_value=1, max_value=500)
    title = forms.CharField(label=_("Tên danh sách"), max_length=300)

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = bodies


class NominationForm(forms.Form):
    person = forms.CharField(
        label=_("Họ và tên hoặc số CCCD"),
        max_length=100,
        error_messages={"required": _("Hãy nhập họ tên hoặc số CCCD của người được giới thiệu.")},
    )
    source = forms.ChoiceField(label=_("Nguồn"), choices=NominationSource.choices)
    nominated_by = forms.CharField(label=_("Người đề cử"), max_length=200, required=False)
    agreeing = VnIntegerField(
        label=_("Số đại biểu tán thành"), min_value=0, max_value=100_000, required=False
    )
    present = VnIntegerField(
        label=_("Số đại biểu có mặt"), min_value=1, max_value=100_000, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("source") == NominationSource.FLOOR:
            for name in ("agreeing", "present"):
                if data.get(name) is None:
                    self.add_error(
                        name, _("Đề cử tại đại hội: hãy ghi số này (đếm khi biểu quyết).")
                    )
            agreeing, present = data.get("agreeing"), data.get("present")
            if agreeing is not None and present is not None and agreeing > present:
                self.add_error(
                    "agreeing",
                    _("Số tán thành (%(a)s) nhiều hơn số đại biểu có mặt (%(p)s).")
                    % {"a": agreeing, "p": present},
                )
        return data


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do xin rút"),
        max_length=500,
        error_messages={"required": _("Hãy ghi lý do xin rút.")},
    )


class DecisionForm(forms.Form):
    votes_for = VnIntegerField(label=_("Số tán thành cho rút"), min_value=0, max_value=100_000)
    present = VnIntegerField(label=_("Số đại biểu có mặt"), min_value=1, max_value=100_000)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        votes, present = data.get("votes_for"), data.get("present")
        if votes is not None and present is not None and votes > present:
            self.add_error(
                "votes_for",
                _("Số tán thành (%(a)s) nhiều hơn số đại biểu có mặt (%(p)s).")
                % {"a": votes, "p": present},
            )
        return data


class TargetsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = StructuralTargets
        exclude = ["season", "level"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("min_surplus_percent"), data.get("max_surplus_percent")
        if low is not None and high is not None and low > high:
            self.add_error("min_surplus_percent", _("Số dư tối thiểu lớn hơn số dư tối đa."))
        small_from, small_to = data.get("small_from"), data.get("small_to")
        if small_from is not None and small_to is not None and small_from > small_to:
            self.add_error("small_to", _("«Đến» phải từ «từ» trở lên."))
        return data


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    """A record's facts, edited by those entitled (the unit is not changed here)."""

    class Meta:
        model = Person
        fields = [
            "full_name",
            "gender",
            "birth_date",
            "ethnicity",
            "hometown",
            "cccd",
            "education",
            "theory",
            "profession",
            "position",
            "joined_on",
            "official_on",
            "planned_committee",
            "planned_standing",
            "planned_key_post",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "official_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_cccd(self) -> str:
        value = "".join(self.cleaned_data.get("cccd", "").split())
        if value and not (len(value) == 12 and value.isdigit()):
            raise forms.ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        born, joined, official = (
            data.get("birth_date"),
            data.get("joined_on"),
            data.get("official_on"),
        )
        if born and joined and joined <= born:
            self.add_error("joined_on", _("Ngày vào Đảng phải sau ngày sinh."))
        if joined and official and official < joined:
            self.add_error("official_on", _("Ngày chính thức không được trước ngày vào Đảng."))
        return data
