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
