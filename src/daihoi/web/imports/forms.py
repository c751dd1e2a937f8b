from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import RegistrationError, clean_fingerprint


class RegistrationForm(forms.Form):
    fingerprint = forms.CharField(
        label=_("Dấu khoá của trạm (16 chữ số, in trong biên bản kiểm phiếu)"),
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": "2260-0cc6-1655-1e39",
            }
        ),
    )
    label = forms.CharField(
        label=_("Tên máy trạm"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Máy trạm hội trường")}),
    )
    public_key = forms.CharField(
        label=_("Khoá công khai (64 chữ số, không bắt buộc)"), max_length=80, required=False
    )

    def clean_fingerprint(self) -> str:
        try:
            return clean_fingerprint(self.cleaned_data["fingerprint"])
        except RegistrationError as exc:
            raise forms.ValidationError(str(exc)) from None


class BundleForm(forms.Form):
    bundle = forms.FileField(label=_("Gói kết quả (tệp .bundle.zip của trạm kiểm phiếu)"))

    def clean_bundle(self) -> Any:
        upload = self.cleaned_data["bundle"]
        from .services import MAX_BUNDLE

        if upload.size > MAX_BUNDLE:
            raise forms.ValidationError(_("Tệp quá lớn cho một gói kết quả."))
        return upload
