"""Forms of the agenda app: an agenda item, an indicator of the level above, a unit's own.

Times, numbers and codes are checked here with a Vietnamese message; on a mistake the page
shows the form again with everything typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.web.agenda import services
from daihoi.web.agenda.models import Direction


class ItemForm(forms.Form):
    time = forms.CharField(label=_("Giờ"), max_length=10, required=False)
    title = forms.CharField(label=_("Nội dung"), max_length=300, required=False)
    lead = forms.ChoiceField(label=_("Người điều hành"))
    words = forms.CharField(
        label=_("Lời dẫn (để trống: dùng lời mẫu)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, leads: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = leads

    def clean_time(self) -> str:
        value = services.parse_time(self.cleaned_data.get("time") or "")
        if value is None:
            raise forms.ValidationError(_("Giờ chưa đúng: viết như 07:30 hoặc 7h30."))
        return value

    def clean_title(self) -> str:
        value = services.text(self.cleaned_data.get("title") or "", 300)
        if not value:
            raise forms.ValidationError(_("Hãy viết nội dung của mục."))
        return value

    def clean_words(self) -> str:
        return services.text(self.cleaned_data.get("words") or "", 5000)

    def data_out(self) -> services.ItemData:
        d = self.cleaned_data
        return services.ItemData(d["time"], d["title"], d["lead"], d["words"])


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Tên phiên"), max_length=200, required=False)
    date = forms.CharField(
        label=_("Ngày, giờ, địa điểm"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: Sáng thứ Hai, 08/6/2026, Hội trường Tỉnh ủy"),
    )

    def clean_title(self) -> str:
        value = services.text(self.cleaned_data.get("title") or "", 200)
        if not value:
            raise forms.ValidationError(_("Hãy viết tên phiên."))
        return value

    def clean_date(self) -> str:
        return services.text(self.cleaned_data.get("date") or "", 100)


def _value(raw: str) -> Any:
    value = services.parse_value(raw)
    if value is None or abs(value) >= 10**12:
        raise forms.ValidationError(_("Giá trị phải là một số, ví dụ 8,5 hoặc 1.250."))
    return value


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=30, required=False)
    name = forms.CharField(label=_("Tên chỉ tiêu"), max_length=300)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=60)
    value = forms.CharField(label=_("Giá trị"), max_length=30)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    direction = forms.ChoiceField(label=_("Chiều tốt hơn"), choices=Direction.choices)

    def __init__(self, *args: Any, congress: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.congress = congress

    def clean_code(self) -> str:
        value = services.text(self.cleaned_data.get("code") or "", 30)
        if not value:
            raise forms.ValidationError(_("Hãy viết mã chỉ tiêu."))
        if services.code_taken(self.congress, value):
            raise forms.ValidationError(_("Mã này đã có trong danh sách chỉ tiêu."))
        return value

    def clean_name(self) -> str:
        return services.text(self.cleaned_data.get("name") or "", 300)

    def clean_unit(self) -> str:
        return services.text(self.cleaned_data.get("unit") or "", 60)

    def clean_value(self) -> Any:
        return _value(self.cleaned_data.get("value") or "")

    def data_out(self) -> services.IndicatorData:
        d = self.cleaned_data
        return services.IndicatorData(
            d["code"], d["name"], d["unit"], d["value"], d["year"], d["direction"]
        )


class MappingForm(forms.Form):
    name = forms.CharField(label=_("Tên chỉ tiêu trong dự thảo"), max_length=300)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=60)
    value = forms.CharField(label=_("Giá trị"), max_length=30)
    code = forms.ChoiceField(label=_("Ứng với chỉ tiêu cấp trên"), required=False)

    def __init__(self, *args: Any, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", _("— Chỉ tiêu riêng, không có mã —")), *codes]

    def clean_name(self) -> str:
        return services.text(self.cleaned_data.get("name") or "", 300)

    def clean_unit(self) -> str:
        return services.text(self.cleaned_data.get("unit") or "", 60)

    def clean_value(self) -> Any:
        return _value(self.cleaned_data.get("value") or "")

    def data_out(self) -> services.MappingData:
        d = self.cleaned_data
        return services.MappingData(d["name"], d["unit"], d["value"], d.get("code") or "")
