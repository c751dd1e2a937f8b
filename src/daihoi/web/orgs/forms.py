from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from daihoi.web.core.versions import add_version_field
from daihoi.web.core.vn_numbers import vn_formfield
from daihoi.web.orgs.models import Level, Organisation


class OrganisationForm(forms.ModelForm):
    """Edit an organisation's own facts (its place in the tree is not changed here).

    ``version`` (``services.organisation_version``) is the one it is filled in from, kept in a
    hidden field so that a save over someone else's newer one is refused (``core.versions``).
    """

    class Meta:
        model = Organisation
        fields = ["name", "kind", "members"]
        # "62.000" typed the Vietnamese way is 62000 (a text input with the phone's number pad).
        formfield_callback = vn_formfield

    def __init__(self, *args: Any, version: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_version_field(self, version)


class NewChildForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["code", "name", "level", "kind", "members"]
        formfield_callback = vn_formfield

    def __init__(self, *args: Any, parent: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.fields["level"].choices = [(lv.value, lv.label) for lv in Level if lv > parent.level]

    def clean_level(self) -> int:
        level = int(self.cleaned_data["level"])
        if level <= self.parent.level:
            raise forms.ValidationError(_("Tổ chức trực thuộc phải ở cấp thấp hơn cấp trên."))
        return level


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) hoặc CSV"),
        error_messages={
            "empty": _("Tệp gửi lên trống (0 byte): hãy chọn đúng tệp danh sách tổ chức."),
            "required": _("Hãy chọn một tệp Excel (.xlsx) hoặc CSV."),
        },
    )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        name = (f.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            # Known from the name alone: said at once, not after a trip through the worker.
            raise forms.ValidationError(
                _(
                    "Tệp «%(name)s» không phải Excel (.xlsx) hoặc CSV (.csv); hãy lưu lại đúng một trong hai dạng này."
                )
                % {"name": f.name}
            )
        if f.size > settings.ORG_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)d MB).")
                % {"mb": settings.ORG_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return f
