"""Forms of the season: a congress's plan and results, lessons, difficulties and their answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .models import Congress, CongressStatus
from .services import CONGRESS_FIELDS

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


def vn_date_field(label: str, required: bool = False) -> forms.DateField:
    """A date typed as dd/mm/yyyy (ISO also accepted)."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Ngày phải viết theo dạng dd/mm/yyyy, ví dụ 30/06/2025."},
    )


class CongressForm(forms.ModelForm):
    """The plan, state and results of one congress; the model's ``clean`` checks the figures."""

    planned_date = vn_date_field("Ngày dự kiến")
    held_date = vn_date_field("Ngày tổ chức")

    class Meta:
        model = Congress
        fields = CONGRESS_FIELDS
        widgets = {"postponed_reason": forms.TextInput(attrs={"size": 60})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.previous_status = self.instance.status if self.instance.pk else None

    def clean_status(self) -> str:
        status: str = self.cleaned_data["status"]
        if self.previous_status is not None:
            probe = Congress(status=status)
            try:
                probe.check_transition(self.previous_status)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["status"]) from exc
        return status

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") != CongressStatus.POSTPONED:
            # A reason only makes sense while postponed; the old one stays in the audit log.
            data["postponed_reason"] = ""
        return data


class LessonForm(forms.Form):
    text = forms.CharField(
        label="Rút kinh nghiệm", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class DifficultyForm(forms.Form):
    title = forms.CharField(label="Vướng mắc", max_length=300)
    body = forms.CharField(
        label="Nội dung chi tiết", widget=forms.Textarea(attrs={"rows": 4}), required=False,
        max_length=10000,
    )
    due_date = vn_date_field("Đề nghị trả lời trước ngày")


class MessageForm(forms.Form):
    text = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=10000)
