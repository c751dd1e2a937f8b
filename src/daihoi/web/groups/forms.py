"""Forms of working groups and difficulties: a report, a message on it, a group's people."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from daihoi.web.orgs.models import Organisation
from daihoi.web.season.forms import vn_date_field

from .models import GroupKind


class DifficultyForm(forms.Form):
    # "Vướng mắc" is also the menu ("Difficulties"): here it is the subject line of one.
    title = forms.CharField(
        label=pgettext_lazy("subject of a difficulty", "Vướng mắc"), max_length=300
    )
    body = forms.CharField(
        label=_("Nội dung chi tiết"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )
    due_date = vn_date_field(_("Đề nghị trả lời trước ngày"))


class MessageForm(forms.Form):
    """A message on a difficulty. Optional in the form: closing and reopening need none; the
    view asks for it when answering or commenting (so the page never blocks "Đóng")."""

    text = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        required=False,
    )


class WorkingGroupForm(forms.Form):
    """A working group or inspection team: people by user name, units by code, one a line."""

    name = forms.CharField(label=_("Tên"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=GroupKind.choices)
    leader = forms.CharField(label=_("Trưởng (tên đăng nhập)"), max_length=150, required=False)
    members = forms.CharField(
        label=_("Thành viên (tên đăng nhập, mỗi dòng một người)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    assigned = forms.CharField(
        label=_("Đơn vị phụ trách (mã đơn vị, mỗi dòng một mã)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

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
        missing = [
            _("dòng %(line)d: “%(value)s”") % {"line": i, "value": n}
            for i, n in enumerate(names, 1)
            if n not in found
        ]
        if missing:
            self.add_error(
                field,
                _("Không có người dùng này trong đơn vị: %(list)s") % {"list": "; ".join(missing)},
            )
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
        missing = [
            _("dòng %(line)d: “%(value)s”") % {"line": i, "value": c}
            for i, c in enumerate(codes, 1)
            if c not in found
        ]
        if missing:
            self.add_error(
                "assigned",
                _("Không có mã đơn vị này trong phạm vi: %(list)s") % {"list": "; ".join(missing)},
            )
        data["assigned_orgs"] = [found[c] for c in codes if c in found]
        return data


def _lines(text: str) -> list[str]:
    seen: list[str] = []
    for raw in text.replace(",", "\n").splitlines():
        item = raw.strip()
        if item and item not in seen:
            seen.append(item)
    return seen
