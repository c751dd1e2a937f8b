"""Edit forms that know which version of a record they were filled in from (no lost update).

Two people open the same record, both change it, both press Save: without a check the second
save silently undoes the first. Each edit form carries a fingerprint of the record's editable
values as it was shown (a hidden ``version`` field). The save re-reads the record inside its
transaction (locked) and compares: when someone saved it meanwhile, nothing is written and the
form comes back with the user's input kept, a message, and the new fingerprint, so a second Save
overwrites deliberately. (The congress form does the same with its ``updated_at``.)

The fingerprint is an HMAC of the values with the site's key: it changes whenever a value does
and tells nothing about them (a password hash is one of the values of an account).
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

FIELD = "version"

CHANGED_MEANWHILE = _(
    "Trong lúc bạn sửa, thông tin này đã được lưu (có thể bởi người khác). Thay đổi của bạn "
    "vẫn ở dưới đây và chưa được lưu: hãy mở trang ở thẻ khác để xem bản mới, rồi bấm Lưu lần "
    "nữa nếu vẫn muốn ghi đè."
)


def fingerprint(kind: str, *values: Any) -> str:
    """The version of one record of ``kind`` (e.g. ``"orgs.Organisation"``) holding ``values``."""
    text = json.dumps([kind, *values], default=str, ensure_ascii=False)
    return salted_hmac("daihoi.web.core.versions", text, algorithm="sha256").hexdigest()[:32]


def add_version_field(form: forms.BaseForm, version: str | None) -> None:
    """Give ``form`` the hidden field holding the version it is filled in from."""
    if version is not None:
        form.fields[FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=version
        )


def sent_version(form: forms.BaseForm) -> str | None:
    """The version a bound form was filled in from; None for a post without one (an old page)."""
    sent = str(form.data.get(FIELD, "") or "")[:64]
    return sent or None


def refuse_stale(form: forms.BaseForm, current: str) -> None:
    """Tell the user the record changed meanwhile; their input stays, the version is the new one."""
    form.add_error(None, str(CHANGED_MEANWHILE))
    data = form.data.copy()
    data[FIELD] = current
    form.data = data
