from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from daihoi.web.orgs.models import Level, Organisation


class OrganisationForm(forms.ModelForm):
    """Edit an organisation's own facts (its place in the tree is not changed here)."""

    class Meta:
        model = Organisation
        fields = ["name", "kind", "members"]


class NewChildForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["code", "name", "level", "kind", "members"]

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
    file = forms.FileField(label=_("Tệp Excel (.xlsx) hoặc CSV"))

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > settings.ORG_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)d MB).")
                % {"mb": settings.ORG_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return f
