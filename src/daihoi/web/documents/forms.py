"""Forms of the documents app: a draft (DOCX or text), a round, a comment, minutes, an answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from daihoi.web.documents.models import AnswerKind, DraftKind, Invitee, Source

MAX_COMMENT = 2000


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn kiện"), choices=DraftKind.choices)
    title = forms.CharField(label=_("Tên văn kiện"), max_length=300)
    file = forms.FileField(
        label=_("Tệp Word (.docx)"),
        required=False,
        help_text=_("Các đề mục (Phần, I., 1.) thành các mục; mỗi đoạn được đánh số."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    text = forms.CharField(
        label=_("Hoặc viết nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_('Mỗi dòng một đoạn; dòng bắt đầu bằng "I.", "1." hoặc "Phần thứ" là đề mục.'),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Hãy chọn tệp .docx hoặc viết nội dung."))
        return data


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Word (.docx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    text = forms.CharField(
        label=_("Hoặc viết nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    note = forms.CharField(label=_("Ghi chú (sửa gì)"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Hãy chọn tệp .docx hoặc viết nội dung."))
        return data


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Tên đợt góp ý"), max_length=300)
    deadline = forms.DateField(label=_("Hạn góp ý"), widget=forms.DateInput(attrs={"type": "date"}))
    invited = forms.MultipleChoiceField(
        label=_("Mời góp ý"),
        choices=Invitee.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Invitee.UNITS, Invitee.MEMBERS],
    )


class CommentForm(forms.Form):
    section = forms.TypedChoiceField(label=_("Mục"), coerce=int, required=False, empty_value=None)
    paragraph = forms.IntegerField(label=_("Đoạn số"), required=False, min_value=1)
    text = forms.CharField(
        label=_("Ý kiến"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4})
    )
    proposed = forms.CharField(
        label=_("Đề nghị sửa thành (nếu có)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, sections: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("Chung cho cả văn kiện"))] + [
            (n, t) for n, t in (sections or [])
        ]


class MemberCommentForm(CommentForm):
    source = forms.ChoiceField(
        label=_("Góp ý với tư cách"),
        choices=[
            (Source.MEMBER, Source.MEMBER.label),
            (Source.VETERAN, Source.VETERAN.label),
            (Source.MASS, Source.MASS.label),
            (Source.DEPARTMENT, Source.DEPARTMENT.label),
        ],
    )


class PublicCommentForm(CommentForm):
    name = forms.CharField(label=_("Tên (không bắt buộc)"), required=False, max_length=100)
    # A field people do not see; a bot that fills every field is refused.
    website = forms.CharField(required=False, label=_("Để trống ô này"))
    stamp = forms.CharField(widget=forms.HiddenInput)


class MinutesRowForm(forms.Form):
    """One line of a meeting's minutes (biên bản hội nghị): a comment and the people behind it."""

    source = forms.ChoiceField(
        label=_("Nguồn"),
        choices=[(Source.CONFERENCE, Source.CONFERENCE.label)]
        + [(s.value, s.label) for s in Source if s not in (Source.CONFERENCE, Source.UNIT)],
    )
    section = forms.TypedChoiceField(label=_("Mục"), coerce=int, required=False, empty_value=None)
    text = forms.CharField(
        label=_("Ý kiến"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    people = forms.IntegerField(label=_("Số người"), min_value=1, max_value=1_000_000, initial=1)

    def __init__(
        self, *args: Any, sections: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("Chung"))] + [(n, t) for n, t in (sections or [])]


MinutesFormSet = formset_factory(MinutesRowForm, extra=5, max_num=50, validate_max=True)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Trả lời"),
        choices=[c for c in AnswerKind.choices if c[0]],
        widget=forms.RadioSelect,
    )
    answer_text = forms.CharField(
        label=_("Giải trình / lý do"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    change = forms.CharField(
        label=_("Nội dung đã sửa trong dự thảo"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
