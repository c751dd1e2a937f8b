"""Updating congresses from their Excel list: check every row first, then save all or nothing.

An office (or a unit) exports its congress list (``congress_file``), fills in planned dates,
held dates and results, and sends the file back. ``plan_update`` reads it and finds, per row,
what would change and every problem, each with its row and column ("Dòng 5, cột Ngày tổ chức:
…"). Each row goes through the congress edit form itself (``CongressForm``), so the rules are
the form's: allowed moves between states, no held date after today, the figures against each
other (``Congress.clean``). ``apply_update`` plans again inside one transaction, with the rows
locked, and saves only a plan without problems, logging each congress's changes.

A row is refused when its congress is outside what the user may edit (never said whether it
exists), when its unit's code was changed, or when the congress was changed since the file was
exported (its version column no longer matches) and the row would change it: saving it would
undo that other change.

What the file may hold is bounded like the organisation import (``DAIHOI_ORG_IMPORT_MAX_*``);
cells holding a formula, markup or control characters are refused, never stored.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from daihoi.web.accounts.scope import can_edit
from daihoi.web.audit import log_change
from daihoi.web.core.vn_numbers import write_vn_number
from daihoi.web.orgs.fileformat import MAX_COLUMNS, ReadLimits, UnreadableFile, check_zip
from daihoi.web.orgs.importer import read_limits

from .congress_file import FIELDS, congress_version, headers, id_header, version_header
from .models import Congress
from .sources import FigureSource, locked_fields, mark

#: The columns a file has besides the congress's fields.
UNIT_KEYS = ("code", "name", "level")
ID_KEY, VERSION_KEY = "id", "version"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")
_FORMULA_STARTS = ("=", "+", "@")
_YES = {"có", "co", "yes", "x", "1", "true", "đúng"}
_NO = {"không", "khong", "no", "0", "false", "sai", ""}


@dataclass(frozen=True)
class Problem:
    """One thing wrong: the spreadsheet's row (None for the file), the column's name, what."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Dòng %(row)d, cột %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Dòng %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class Change:
    """One field of one congress that the file changes."""

    row: int
    congress_id: int
    unit: str
    field: str
    old: Any
    new: Any


@dataclass
class UpdatePlan:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # The congresses to save, each with its values before (for the audit log).
    updates: list[tuple[Congress, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def header_keys() -> dict[str, str]:
    """Every column name the export writes, in Vietnamese and in English, to its key."""
    keys: dict[str, str] = {}
    for language in ("vi", "en"):
        with override(language):
            names = headers()
            for key, name in zip([*UNIT_KEYS, *FIELDS, ID_KEY, VERSION_KEY], names, strict=True):
                keys[_norm(name)] = key
    return keys


def column_label(key: str) -> str:
    """The column's name in the active language (what the messages say)."""
    names = headers()
    return dict(zip([*UNIT_KEYS, *FIELDS, ID_KEY, VERSION_KEY], names, strict=True))[key]


def read_cells(data: bytes, limits: ReadLimits) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The non-empty rows of the workbook's first sheet, typed as stored (formulas as their
    text, never their result). Raises ``UnreadableFile``."""
    from openpyxl import load_workbook

    check_zip(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise UnreadableFile(
            _("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.")
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on broken XML
        raise UnreadableFile(_("Không đọc được tệp Excel: tệp bị hỏng.")) from exc
    try:
        sheet = book.worksheets[0]
        count = 0
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            if number > 2 * limits.max_rows + 2:
                raise _too_many_rows(limits)
            if any(v not in (None, "") for v in values):
                count += 1
                if count > limits.max_rows + 2:  # the title, the header and max_rows rows
                    raise _too_many_rows(limits)
                yield number, tuple(values)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(_("Không đọc được tệp Excel: nội dung bảng tính bị hỏng.")) from exc
    finally:
        book.close()


def _too_many_rows(limits: ReadLimits) -> UnreadableFile:
    limit = f"{limits.max_rows:,}".replace(",", ".")
    return UnreadableFile(
        _(
            "Tệp có hơn %(limit)s dòng dữ liệu, quá giới hạn một lần cập nhật "
            "(DAIHOI_ORG_IMPORT_MAX_ROWS): hãy chia danh sách thành nhiều tệp."
        )
        % {"limit": limit}
    )


def _hostile(value: Any) -> str | None:
    """Why a cell may not be taken, or None: formulas, markup, control characters."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(_FORMULA_STARTS):
            return _(
                "ô chứa công thức hoặc chữ bắt đầu bằng “%(mark)s” (%(text)s): hãy ghi giá trị."
            ) % {
                "mark": text[0],
                "text": _short(text),
            }
        if _CONTROL.search(value):
            return _("ô chứa ký tự điều khiển không in được: hãy gõ lại nội dung ô này.")
        if _MARKUP.search(value):
            return _("ô chứa mã HTML (%(text)s): hãy ghi chữ thường.") % {"text": _short(text)}
        return None
    if value is None or isinstance(value, int | float | Decimal | date | datetime):
        return None
    # An array formula, a data table, an error value: not a value a person typed.
    return _("ô chứa công thức: hãy ghi giá trị.")


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def _form_value(name: str, value: Any) -> Any:
    """A stored value as the edit form receives it (what its page would send)."""
    model_field = Congress._meta.get_field(name)
    if isinstance(model_field, models.BooleanField):
        return "on" if value else ""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | Decimal):
        return write_vn_number(value)
    return str(value)


@functools.cache
def _choice_values(name: str) -> dict[str, str]:
    """A choice field's values by their label in either language, or by the value itself."""
    model_field = Congress._meta.get_field(name)
    values: dict[str, str] = {}
    for language in ("vi", "en"):
        with override(language):
            for value, label in model_field.choices or []:
                values[_norm(str(label))] = str(value)
                values[_norm(str(value))] = str(value)
    return values


def _cell_to_form(name: str, value: Any) -> tuple[Any, str | None]:
    """A cell of column ``name`` as the edit form's input, or the reason it cannot be read."""
    model_field = Congress._meta.get_field(name)
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
    if model_field.choices:
        if value in (None, ""):
            return "", None
        chosen = _choice_values(name).get(_norm(str(value)))
        if chosen is None:
            labels = ", ".join(f"«{label}»" for _v, label in model_field.choices)
            return None, _("“%(text)s” không phải một lựa chọn; hãy ghi một trong: %(labels)s.") % {
                "text": _short(str(value)),
                "labels": labels,
            }
        return chosen, None
    if isinstance(model_field, models.BooleanField):
        if isinstance(value, bool):
            return ("on" if value else ""), None
        text = _norm(str(value if value is not None else ""))
        if text in _YES:
            return "on", None
        if text in _NO:
            return "", None
        return None, _("hãy ghi “Có” hoặc “Không”.")
    if isinstance(model_field, models.DateField):
        if isinstance(value, datetime):
            return value.date().strftime("%d/%m/%Y"), None
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y"), None
        if isinstance(value, int | float):
            return None, _("hãy ghi ngày theo dạng dd/mm/yyyy, ví dụ 30/06/2025.")
        return ("" if value is None else str(value)), None
    if isinstance(model_field, models.IntegerField | models.DecimalField):
        if isinstance(value, bool):
            return None, _("hãy ghi một số.")
        if isinstance(value, float):
            # A number cell: its value is exact, no decimal mark to guess.
            value = Decimal(repr(value))
            if value == value.to_integral_value():
                value = int(value)
        if isinstance(value, int | Decimal):
            return write_vn_number(value), None
        return ("" if value is None else str(value)), None
    return ("" if value is None else str(value)), None


def _find_header(
    rows: list[tuple[int, tuple[Any, ...]]], plan: UpdatePlan
) -> tuple[int, dict[str, int]] | None:
    """The header row (one of the first few) and each known column's position."""
    keys = header_keys()
    for index, (number, cells) in enumerate(rows[:5]):
        texts = [_norm(c) if isinstance(c, str) else "" for c in cells]
        if not any(keys.get(t) == ID_KEY for t in texts):
            continue
        positions: dict[str, int] = {}
        for position, text in enumerate(texts):
            key = keys.get(text)
            if key is None:
                continue
            if key in positions:
                plan.problems.append(
                    Problem(number, str(cells[position]), _("cột này có hai lần."))
                )
            positions[key] = position
        if VERSION_KEY not in positions:
            plan.problems.append(
                Problem(
                    number,
                    "",
                    _("thiếu cột “%(column)s”: hãy dùng tệp xuất từ trang Đại hội.")
                    % {"column": version_header()},
                )
            )
        return index, positions
    plan.problems.append(
        Problem(
            None,
            "",
            _(
                "Tệp này không phải danh sách đại hội xuất từ trang Đại hội (không có cột “%(column)s”). "
                "Hãy bấm “Xuất Excel danh sách này” trên trang Đại hội, điền vào tệp đó rồi gửi lại."
            )
            % {"column": id_header()},
        )
    )
    return None


def plan_update(
    user: Any, filename: str, data: bytes, today: date, *, lock: bool = False
) -> UpdatePlan:
    """Read and check the whole file for ``user``; the plan lists every change and problem.

    With ``lock`` (inside the apply's transaction) the congresses are read ``FOR UPDATE``.
    """
    from .forms import CongressForm
    from .services import visible_congresses

    plan = UpdatePlan()
    if not filename.lower().endswith(".xlsx"):
        plan.problems.append(
            Problem(
                None,
                "",
                _(
                    "Tệp «%(name)s» không phải Excel (.xlsx): hãy gửi lại tệp đã xuất từ trang Đại hội."
                )
                % {"name": filename},
            )
        )
        return plan
    try:
        rows = list(read_cells(data, read_limits()))
    except UnreadableFile as exc:
        plan.problems.append(Problem(None, "", str(exc)))
        return plan
    found = _find_header(rows, plan)
    if found is None or not plan.ok:
        return plan
    header_index, positions = found
    body = rows[header_index + 1 :]
    plan.rows = len(body)
    if not body:
        plan.problems.append(Problem(None, "", _("Tệp không có dòng đại hội nào.")))
        return plan

    def cell(cells: tuple[Any, ...], key: str) -> Any:
        position = positions.get(key)
        return cells[position] if position is not None and position < len(cells) else None

    # Every congress the rows name, in one query (in chunks: SQLite caps a query's parameters).
    wanted: list[int] = []
    for _number, cells in body:
        raw = cell(cells, ID_KEY)
        if isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer()):
            wanted.append(int(raw))
        elif isinstance(raw, str) and raw.strip().isdigit():
            wanted.append(int(raw.strip()))
    congresses: dict[int, Congress] = {}
    qs = visible_congresses(user)
    if lock:
        qs = qs.select_for_update(of=("self",))
    for start in range(0, len(wanted), 5000):
        congresses.update(qs.in_bulk(wanted[start : start + 5000]))

    seen: dict[int, int] = {}
    for number, cells in body:
        row = {key: cell(cells, key) for key in positions}
        _plan_row(user, number, row, congresses, seen, today, plan, CongressForm)
    plan.problems.sort(key=lambda p: (p.row or 0,))
    return plan


def _plan_row(
    user: Any,
    number: int,
    row: dict[str, Any],
    congresses: dict[int, Congress],
    seen: dict[int, int],
    today: date,
    plan: UpdatePlan,
    form_class: Any,
) -> None:
    problems_before = len(plan.problems)
    # The unit's name and level are shown, never read: a unit named "=…" is no reason to refuse.
    for key in ("code", *FIELDS, VERSION_KEY):
        reason = _hostile(row.get(key))
        if reason is not None:
            plan.problems.append(Problem(number, column_label(key), reason))
    raw_id = row.get(ID_KEY)
    congress_id: int | None = None
    if isinstance(raw_id, int) or (isinstance(raw_id, float) and raw_id.is_integer()):
        congress_id = int(raw_id)
    elif isinstance(raw_id, str) and raw_id.strip().isdigit():
        congress_id = int(raw_id.strip())
    if congress_id is None:
        plan.problems.append(
            Problem(number, id_header(), _("ô này trống hoặc đã bị sửa: hãy dùng tệp vừa xuất."))
        )
        return
    congress = congresses.get(congress_id)
    if congress is None or not can_edit(user, congress.organisation):
        # The same words whether it exists elsewhere or not at all.
        plan.problems.append(
            Problem(
                number,
                id_header(),
                _("đại hội số %(id)d không thuộc các đơn vị bạn được cập nhật.")
                % {"id": congress_id},
            )
        )
        return
    if congress_id in seen:
        plan.problems.append(
            Problem(
                number,
                id_header(),
                _("đại hội này đã có ở dòng %(row)d; mỗi đại hội chỉ ghi một dòng.")
                % {"row": seen[congress_id]},
            )
        )
        return
    seen[congress_id] = number
    org = congress.organisation
    code = row.get("code")
    if code not in (None, "") and str(code).strip() != org.code:
        plan.problems.append(
            Problem(
                number,
                column_label("code"),
                _(
                    "mã “%(code)s” không phải mã của đơn vị của đại hội số %(id)d (%(own)s): dòng đã bị sửa hoặc chép lệch."
                )
                % {"code": _short(str(code)), "id": congress_id, "own": org.code},
            )
        )
    data: dict[str, Any] = {}
    for name in FIELDS:
        current = _form_value(name, getattr(congress, name))
        if name not in row:  # a column left out of the file: the field stays as it is
            data[name] = current
            continue
        value, reason = _cell_to_form(name, row[name])
        if reason is not None:
            plan.problems.append(Problem(number, column_label(name), reason))
            value = current
        data[name] = value
    if data["status"] and data["status"] != congress.status:
        # Said as the congress's own rule, not as the form's "not one of the choices".
        try:
            Congress(status=data["status"]).check_transition(congress.status)
        except ValidationError as exc:
            for message in exc.message_dict["status"]:
                plan.problems.append(Problem(number, column_label("status"), _lower_first(message)))
    for name in sorted(locked_fields(congress) & set(FIELDS)):
        if data[name] != _form_value(name, getattr(congress, name)):
            # A counted figure is never overwritten by a typed or imported one.
            plan.problems.append(
                Problem(
                    number,
                    column_label(name),
                    _("số này lấy từ kết quả kiểm phiếu của đại hội, không sửa bằng tệp được."),
                )
            )
    if len(plan.problems) > problems_before:
        return
    if all(data[name] == _form_value(name, getattr(congress, name)) for name in FIELDS):
        # Typed as it is stored: nothing to check, nothing to save (most rows of a list).
        plan.unchanged += 1
        return
    before = {name: getattr(congress, name) for name in FIELDS}
    current_version = congress_version(congress)
    form = form_class(data, instance=congress, today=today)
    if not form.is_valid():
        for name, errors in form.errors.items():
            column = column_label(name) if name in FIELDS else ""
            for message in errors:
                plan.problems.append(Problem(number, column, _lower_first(message)))
        return
    after = {name: getattr(form.instance, name) for name in FIELDS}
    changed = {name: [before[name], after[name]] for name in FIELDS if before[name] != after[name]}
    if not changed:
        plan.unchanged += 1
        return
    sent = row.get(VERSION_KEY)
    if str(sent or "").strip() != current_version:
        plan.problems.append(
            Problem(
                number,
                version_header(),
                _(
                    "đại hội của %(unit)s đã được sửa sau khi tệp này được xuất: ghi dòng này sẽ xoá "
                    "thay đổi đó. Hãy xuất lại danh sách và ghi lại dòng này."
                )
                % {"unit": org.name},
            )
        )
        return
    for name, (old, new) in changed.items():
        plan.changes.append(Change(number, congress.pk, org.name, name, old, new))
    plan.updates.append((form.instance, before))


def _lower_first(message: str) -> str:
    """The form's sentence after "cột …:" (kept as is when it opens with "BCH" and the like)."""
    return message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message


def apply_update(user: Any, filename: str, data: bytes, today: date) -> UpdatePlan:
    """Plan again with the rows locked and, only if nothing is wrong, save every change in one
    transaction, each congress's changes in the audit log. Returns the plan it acted on."""
    with transaction.atomic():
        plan = plan_update(user, filename, data, today, lock=True)
        if not plan.ok:
            return plan
        for congress, before in plan.updates:
            changes = {
                name: [before[name], getattr(congress, name)]
                for name in FIELDS
                if before[name] != getattr(congress, name)
            }
            mark(congress, changes, FigureSource.EXCEL)
            congress.save()
            log_change(
                user,
                congress,
                "congress.import",
                changes | {"file": filename},
                organisation=congress.organisation,
            )
    return plan
