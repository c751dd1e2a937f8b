from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp gói đại hội (.zip) văn phòng gửi"))


class ConfirmForm(forms.Form):
    """The first package signed by an office key: the operator compared the fingerprint."""

    compared = forms.BooleanField(
        label=_("Tôi đã so cả bốn nhóm với công văn của văn phòng và thấy trùng khớp"),
        required=True,
    )
    last_digits = forms.CharField(
        label=_("Gõ lại bốn ký tự cuối của dấu vân tay"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "size": 6}),
    )
