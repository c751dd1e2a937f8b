"""Forms of the season: a congress's plan and results, lessons, difficulties and their answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from daihoi.web.orgs.models import Organisation

from .lifecycle import CongressState, can_move
from .models import Congress, CongressStatus, GroupKind
from .services import CONGRESS_FIELDS

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


def vn_date_field(label: str, required: bool = False) -> forms.DateField:
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

    planned_date = vn_date_field("Ngày dự kiến")
    held_date = vn_date_field("Ngày tổ chức")

    class Meta:
        model = Congress
        fields = CONGRESS_FIELDS
        widgets = {"postponed_reason": forms.TextInput(attrs={"size": 60})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.previous_status = self.instance.status if self.instance.pk else None
        if self.previous_status is not None:
            # Offer only the statuses this congress may move to (the check below still runs).
            current = CongressState(self.previous_status)
            field = self.fields["status"]
            field.choices = [
                (value, label) for value, label in CongressStatus.choices
                if can_move(current, CongressState(value))
            ]

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
        label=_("Rút kinh nghiệm"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class DifficultyForm(forms.Form):
    title = forms.CharField(label=_("Vướng mắc"), max_length=300)
    body = forms.CharField(
        label=_("Nội dung chi tiết"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        max_length=10000,
    )
    due_date = vn_date_field("Đề nghị trả lời trước ngày")


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=10000)


class SeasonForm(forms.Form):
    """A new season run by an office, with the deadline of each level below it."""

    name = forms.CharField(label=_("Tên đợt"), max_length=200,
                           initial=_("Đại hội đảng bộ các cấp"))
    term_start = forms.IntegerField(label=_("Nhiệm kỳ từ năm"), min_value=1930, max_value=2200)
    term_end = forms.IntegerField(label=_("Nhiệm kỳ đến năm"), min_value=1930, max_value=2200)
    directive = forms.CharField(label=_("Thực hiện chỉ thị"), max_length=300, required=False)
    starts_on = vn_date_field("Bắt đầu từ ngày", required=True)

    def __init__(self, *args: Any, levels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level, label in levels:
            self.fields[f"deadline_{level}"] = vn_date_field(
                _("Hạn hoàn thành — %(level)s") % {"level": label})

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


class WorkingGroupForm(forms.Form):
    """A working group or inspection team: people by user name, units by code, one a line."""

    name = forms.CharField(label=_("Tên"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=GroupKind.choices)
    leader = forms.CharField(label=_("Trưởng (tên đăng nhập)"), max_length=150, required=False)
    members = forms.CharField(label=_("Thành viên (tên đăng nhập, mỗi dòng một người)"),
                              widget=forms.Textarea(attrs={"rows": 4}), required=False)
    assigned = forms.CharField(label=_("Đơn vị phụ trách (mã đơn vị, mỗi dòng một mã)"),
                               widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, office: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.office = office

    def _users(self, field: str, names: list[str]) -> list[Any]:
        User = get_user_model()
        found = {
            u.username: u
            for u in User.objects.filter(
                username__in=names, profile__unit__path__startswith=self.office.path
            )
        }
        missing = [_("dòng %(line)d: “%(value)s”") % {"line": i, "value": n} for i, n in enumerate(names, 1) if n not in found]
        if missing:
            self.add_error(field, _("Không có người dùng này trong đơn vị: %(list)s") % {"list": "; ".join(missing)})
        return [found[n] for n in names if n in found]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        leader = (data.get("leader") or "").strip()
        leaders = self._users("leader", [leader]) if leader else []
        data["leader_user"] = leaders[0] if leaders else None
        names = _lines(data.get("members", ""))
        data["member_users"] = self._users("members", names)
        codes = _lines(data.get("assigned", ""))
        found = {
            o.code: o
            for o in Organisation.objects.filter(code__in=codes, path__startswith=self.office.path)
        }
        missing = [_("dòng %(line)d: “%(value)s”") % {"line": i, "value": c} for i, c in enumerate(codes, 1) if c not in found]
        if missing:
            self.add_error("assigned", _("Không có mã đơn vị này trong phạm vi: %(list)s") % {"list": "; ".join(missing)})
        data["assigned_orgs"] = [found[c] for c in codes if c in found]
        return data


def _lines(text: str) -> list[str]:
    seen: list[str] = []
    for raw in text.replace(",", "\n").splitlines():
        item = raw.strip()
        if item and item not in seen:
            seen.append(item)
    return seen
