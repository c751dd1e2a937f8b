"""Numbers typed the Vietnamese way: a comma is the decimal mark, a dot groups thousands.

``<input type=number>`` reads "85,5" as 855 in some browsers and rejects it in others, and
Django's stock messages do not say what went wrong. Every number field of the season and groups
forms (and the organisation forms) is a :class:`VnIntegerField` or :class:`VnDecimalField`: a text input with
``inputmode="decimal"`` (the phone shows its number pad) read by :func:`read_vn_number`.

- "1.234" and "1 234" are 1234; "85,5" is 85.5; "1.234,5" is 1234.5.
- A dot not followed by groups of three digits ("1.23") is refused, never guessed.
- In a percentage a dot is refused as ambiguous: "85.5" could be 85,5 typed the English way or
  855 grouped, and a percentage never needs a thousands separator.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class NumberProblem(ValueError):
    """Why a typed number was refused, in words for the person who typed it."""


def read_vn_number(text: str, *, whole: bool, percent: bool = False) -> Decimal:
    """The number in ``text`` (see the module's rules); raises :class:`NumberProblem`."""
    raw = _SPACES.sub("", text)
    negative = raw.startswith("-")
    if negative:
        raw = raw[1:]
    if percent and raw.endswith("%"):
        raw = raw[:-1]
    if percent and "." in raw:
        raise NumberProblem(
            str(
                _(
                    "Tỷ lệ phần trăm dùng dấu phẩy cho phần thập phân, ví dụ 85,5: “%(text)s” không rõ "
                    "là 85,5 hay 855."
                )
                % {"text": text.strip()}
            )
        )
    integer, comma, fraction = raw.partition(",")
    if comma and whole:
        raise NumberProblem(str(_("Hãy nhập một số nguyên, không có phần thập phân.")))
    if not (_PLAIN.match(integer) or _GROUPED.match(integer)) or (
        comma and not _PLAIN.match(fraction)
    ):
        raise NumberProblem(
            str(
                _("Hãy nhập một số nguyên, ví dụ 1.234.")
                if whole
                else _("Hãy nhập một số, ví dụ 85,5 (dấu phẩy trước phần thập phân).")
            )
        )
    try:
        value = Decimal(integer.replace(".", "") + ("." + fraction if comma else ""))
    except InvalidOperation as exc:  # pragma: no cover - the patterns above allow only digits
        raise NumberProblem(str(_("Hãy nhập một số."))) from exc
    return -value if negative else value


def write_vn_number(value: Any, places: int | None = None) -> str:
    """How a number is shown in its input: a comma before the decimals, no grouping."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        return value  # what the user typed, shown back unchanged with its error
    if isinstance(value, Decimal) and places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    return str(value).replace(".", ",")


class VnNumberInput(forms.TextInput):
    """A text input that phones open on the number pad and that keeps the comma."""

    def __init__(self, attrs: dict[str, Any] | None = None, places: int | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.places = places

    def format_value(self, value: Any) -> str | None:
        return write_vn_number(value, self.places) or None


class _VnNumberField(forms.Field):
    whole = True
    percent = False

    def __init__(
        self,
        *,
        min_value: Any = None,
        max_value: Any = None,
        places: int | None = None,
        percent: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", VnNumberInput(places=places))
        for unused in ("max_digits", "decimal_places", "step_size"):
            kwargs.pop(unused, None)
        super().__init__(**kwargs)
        self.min_value, self.max_value, self.places = min_value, max_value, places
        self.percent = percent

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal):
            return value
        try:
            number = read_vn_number(str(value), whole=self.whole, percent=self.percent)
        except NumberProblem as exc:
            raise ValidationError(str(exc), code="invalid") from exc
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(
                _("Số không được nhỏ hơn %(limit)s.") % {"limit": write_vn_number(self.min_value)},
                code="min_value",
            )
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(
                _("Số không được lớn hơn %(limit)s.") % {"limit": write_vn_number(self.max_value)},
                code="max_value",
            )
        return self._convert(number)

    def _convert(self, number: Decimal) -> Any:
        return number


class VnIntegerField(_VnNumberField):
    """A whole number: "1.234" is 1234, "12,5" is refused."""

    whole = True

    def _convert(self, number: Decimal) -> int:
        return int(number)


class VnDecimalField(_VnNumberField):
    """A number with decimals: "85,5" is 85.5; with ``places``, more decimals are refused."""

    whole = False

    def _convert(self, number: Decimal) -> Decimal:
        if self.places is not None and -number.as_tuple().exponent > self.places:  # type: ignore[operator]
            raise ValidationError(
                _("Chỉ ghi tối đa %(places)d chữ số sau dấu phẩy.") % {"places": self.places},
                code="max_decimal_places",
            )
        return number


def vn_formfield(db_field: Any, **kwargs: Any) -> forms.Field | None:
    """``Meta.formfield_callback`` of the model forms: numbers become Vietnamese number fields."""
    from django.db import models

    if isinstance(db_field, models.DecimalField):
        validators = db_field.validators
        return VnDecimalField(
            label=db_field.formfield().label,
            required=not db_field.blank,
            places=db_field.decimal_places,
            min_value=_limit(validators, "min"),
            max_value=_limit(validators, "max"),
            percent="%" in str(db_field.verbose_name) or db_field.name.endswith("percent"),
        )
    if isinstance(db_field, models.IntegerField) and not db_field.choices:
        validators = db_field.validators
        return VnIntegerField(
            label=db_field.formfield().label,
            required=not db_field.blank,
            min_value=_limit(validators, "min"),
            max_value=_limit(validators, "max"),
        )
    return db_field.formfield(**kwargs)


def _limit(validators: Any, which: str) -> Any:
    from django.core.validators import MaxValueValidator, MinValueValidator

    kind = MinValueValidator if which == "min" else MaxValueValidator
    limits = [v.limit_value for v in validators if isinstance(v, kind)]
    if not limits:
        return None
    return max(limits) if which == "min" else min(limits)
