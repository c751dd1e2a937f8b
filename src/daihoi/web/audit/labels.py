"""An audit entry's changes as people read them: field labels and values in the user's language.

Entries keep field names and raw values (``held_date``, ``"planned"``, ``false``, ISO dates), so
the log stays exact whatever a label later becomes. The page turns them into words at display
time: the model field's verbose name ("Ngày tổ chức"), the choice label ("Đã tổ chức"), yes or
no, ``dd/mm/yyyy`` dates and grouped numbers. The model is found from the entry's
``object_type`` through Django's registry, so the audit app imports no app above it.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

NONE = "–"
MAX_TEXT = 80

# Keys some entries carry that are not fields of the object changed.
EXTRA_LABELS = {
    "reason": gettext_lazy("Lý do"),
    "text": gettext_lazy("Nội dung"),
    "parent": gettext_lazy("Đơn vị cấp trên"),
    "user": gettext_lazy("Tài khoản"),
    "leader": gettext_lazy("Tổ trưởng"),
    "file": gettext_lazy("Tệp"),
    "rows": gettext_lazy("Số dòng"),
}


def model_of(object_type: str) -> type[models.Model] | None:
    """The model an entry's ``object_type`` ("season.congress") names, if it still exists."""
    if "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """ "held_date" → "Ngày tổ chức"; a key that is no field keeps a label of its own."""
    field = _field(model, name)
    if field is not None:
        return str(capfirst(field.verbose_name))
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    return name


def value_text(model: type[models.Model] | None, name: str, value: Any) -> str:
    """A logged value as the page shows it, read through the field it came from."""
    if value is None or value == "":
        return NONE
    field = _field(model, name)
    if field is not None and field.choices:
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return _short(str(labels[str(value)]))
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return pgettext("yes or no", "Có") if _truthy(value) else pgettext("yes or no", "Không")
    if isinstance(field, models.DateTimeField):
        moment = _parse(datetime.datetime.fromisoformat, value)
        if moment is not None:
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    elif isinstance(field, models.DateField) or _looks_like_date(value):
        day = _parse(datetime.date.fromisoformat, value)
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    if isinstance(field, models.DecimalField):
        number = _parse(decimal.Decimal, value)
        if number is not None:
            return formats.number_format(number, field.decimal_places, force_grouping=True)
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=True)
    return _short(str(value))


def change_line(model: type[models.Model] | None, name: str, value: Any) -> str:
    """ "Ngày tổ chức: 20/12/2026 → –" for a pair, "Lý do: …" for a single value."""
    if isinstance(value, list) and len(value) == 2:
        before, after = (value_text(model, name, v) for v in value)
        return _("%(field)s: %(before)s → %(after)s") % {
            "field": field_label(model, name),
            "before": before,
            "after": after,
        }
    return _("%(field)s: %(value)s") % {
        "field": field_label(model, name),
        "value": value_text(model, name, value),
    }


def _truthy(value: Any) -> bool:
    return value not in (False, 0, "False", "false", "0")


def _looks_like_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4:5] == "-" == value[7:8]


def _parse(parse: Any, value: Any) -> Any:
    try:
        return parse(str(value))
    except (ValueError, decimal.InvalidOperation):
        return None


def _short(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
