"""Importing person records from the list sheet: check every row, preview, then all or nothing.

``plan_import`` reads the file and finds every problem ("Dòng 5, cột Ngày sinh: …"); a plan
without problems says which rows are new and which merge into an existing record, found by
CCCD, else by name and birth date (``docs/personnel.md``). ``apply_import`` writes a plan in one
transaction. A merge fills and changes the fields the row gives; an empty cell changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction

from daihoi.web.accounts.scope import unit_of, visible_organisations
from daihoi.web.audit.models import Action
from daihoi.web.audit.services import log_change
from daihoi.web.orgs.fileformat import UnreadableFile
from daihoi.web.orgs.importer import read_limits
from daihoi.web.orgs.models import Organisation
from daihoi.web.personnel.fileformat import (
    COLUMNS,
    PLANNING,
    REQUIRED,
    header_key,
    hostile,
    parse_planning,
    read_cells,
)
from daihoi.web.personnel.form2c import FormSheet, is_form_book, read_forms
from daihoi.web.personnel.models import Gender, Person, TheoryLevel
from daihoi.web.personnel.services import can_import, check_name

TEXT_LIMITS = {
    "ethnicity": 50,
    "hometown": 200,
    "education": 200,
    "profession": 200,
    "position": 200,
}
DATE_FIELDS = ("birth_date", "joined_on", "official_on")
# The fields a row sets (the unit by its code), in the order of the columns.
FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "hometown",
    "cccd",
    "education",
    "theory",
    "profession",
    "unit",
    "position",
    "joined_on",
    "official_on",
    *PLANNING,
)
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_GENDERS = {"nam": Gender.MALE, "male": Gender.MALE, "nữ": Gender.FEMALE, "nu": Gender.FEMALE}
_GENDERS["female"] = Gender.FEMALE


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_THEORY = {_key(str(t.label)): t for t in TheoryLevel} | {t.value: t for t in TheoryLevel}


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return f"Dòng {self.row}, cột {self.column}: {self.message}"


@dataclass
class Merge:
    row: int
    person: Person
    by: str  # "cccd" or "name_birth"
    changes: dict[str, list[Any]]


@dataclass
class ImportPlan:
    filename: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    creates: list[Person] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def plan_import(user: Any, filename: str, data: bytes, today: date) -> ImportPlan:
    """Read and check the whole file for ``user``; the plan lists every problem found."""
    plan = ImportPlan(filename=filename)
    if not can_import(user):
        plan.problems.append(
            Problem(None, "", "Chỉ cán bộ văn phòng và tiểu ban nhân sự mới được nhập hồ sơ.")
        )
        return plan
    try:
        if is_form_book(data, read_limits()):
            return _plan_forms(user, data, plan, today)
        sheet = list(read_cells(data, read_limits()))
    except UnreadableFile as exc:
        plan.problems.append(Problem(None, "", str(exc)))
        return plan
    if not sheet:
        plan.problems.append(Problem(None, "", "Tệp trống: không có dòng tiêu đề và dữ liệu."))
        return plan
    (header_number, header), body = sheet[0], sheet[1:]
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        key = header_key(text)
        if key is None:
            continue
        if key in positions:
            plan.problems.append(Problem(header_number, str(text), "cột bị lặp lại."))
        positions[key] = index
    for key in REQUIRED:
        if key not in positions:
            plan.problems.append(
                Problem(None, "", f"Thiếu cột «{COLUMNS[key][0]}» ở dòng tiêu đề.")
            )
    if not plan.ok:
        return plan
    if not body:
        plan.problems.append(Problem(None, "", "Tệp chỉ có dòng tiêu đề, không có người nào."))
        return plan
    units = {o.code: o for o in visible_organisations(user).only("id", "code", "path", "name")}
    rows = [_read_row(number, cells, positions, units, plan, today) for number, cells in body]
    plan.rows = len(rows)
    _match(user, [r for r in rows if r is not None], plan)
    plan.problems.sort(key=lambda p: (p.row or 0, list(COLUMNS).index(_col_key(p.column))))
    return plan


def _plan_forms(user: Any, data: bytes, plan: ImportPlan, today: date) -> ImportPlan:
    """A workbook of 2C/TCTW-98 forms, one person per sheet: each field read and checked as
    the list sheet's column of the same meaning; a problem names the sheet and the cell."""
    forms = list(read_forms(data, read_limits()))
    if not forms:
        plan.problems.append(Problem(None, "", "Tệp không có trang sơ yếu lý lịch nào."))
        return plan
    units = {o.code: o for o in visible_organisations(user).only("id", "code", "path", "name")}
    rows = []
    titles = {}
    for form in forms:
        titles[form.number] = form.title
        found = len(plan.problems)

        def problem(key: str, message: str, form: FormSheet = form) -> None:
            plan.problems.append(Problem(None, "", f"{form.where(key)}: {message}"))

        for label, cell in form.repeated:
            plan.problems.append(
                Problem(
                    None,
                    "",
                    f"Trang {form.number} («{form.title}»), ô {cell}: mục «{label}» ghi hai lần.",
                )
            )
        values: dict[str, Any] = {"_row": form.number}
        for key, (_cell, raw) in form.values.items():
            why = hostile(raw)
            if why is not None:
                problem(key, why)
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            _read_cell(key, raw, values, units, problem, today)
        if "full_name" not in values and "full_name" not in form.values:
            problem("full_name", "không thấy mục «Họ và tên khai sinh» trên trang này.")
        elif "full_name" not in values and len(plan.problems) == found:
            problem("full_name", "thiếu họ và tên.")
        if "unit" not in values and "unit_code" not in form.values:
            problem("unit_code", "không thấy mục «Mã đơn vị» (mã đơn vị quản lý hồ sơ).")
        elif "unit" not in values and len(plan.problems) == found:
            problem("unit_code", "thiếu mã đơn vị.")
        born, joined, official = (values.get(f) for f in DATE_FIELDS)
        if born and joined and joined <= born:
            problem("joined_on", "ngày vào Đảng không sau ngày sinh.")
        if joined and official and official < joined:
            problem("official_on", "ngày chính thức trước ngày vào Đảng.")
        if len(plan.problems) == found:
            rows.append(values)
    plan.rows = len(forms)
    before = len(plan.problems)
    _match(user, rows, plan)
    # The matching speaks of rows; on forms they are sheets.
    plan.problems[before:] = [
        Problem(
            None,
            "",
            f"Trang {p.row} («{titles.get(p.row or 0, '')}»), mục {p.column}: "
            + p.message.replace("với dòng", "với trang"),
        )
        for p in plan.problems[before:]
    ]
    return plan


def _col_key(label: str) -> str:
    return next((k for k, (name, _o) in COLUMNS.items() if name == label), "full_name")


def _read_row(
    number: int,
    cells: tuple[Any, ...],
    positions: dict[str, int],
    units: dict[str, Organisation],
    plan: ImportPlan,
    today: date,
) -> dict[str, Any] | None:
    """The row's values by field (only the cells given), or None when it has a problem."""
    found = len(plan.problems)

    def problem(key: str, message: str) -> None:
        plan.problems.append(Problem(number, COLUMNS[key][0], message))

    values: dict[str, Any] = {"_row": number}
    for key, index in positions.items():
        raw = cells[index] if index < len(cells) else None
        why = hostile(raw)
        if why is not None:
            problem(key, why)
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        _read_cell(key, raw, values, units, problem, today)
    if "full_name" not in values and not any(
        p.column == "Họ và tên" for p in plan.problems[found:]
    ):
        problem("full_name", "thiếu họ và tên.")
    if "unit" not in values and not any(p.column == "Mã đơn vị" for p in plan.problems[found:]):
        problem("unit_code", "thiếu mã đơn vị.")
    born, joined, official = (values.get(f) for f in DATE_FIELDS)
    if born and joined and joined <= born:
        problem("joined_on", "ngày vào Đảng không sau ngày sinh.")
    if joined and official and official < joined:
        problem("official_on", "ngày chính thức trước ngày vào Đảng.")
    return values if len(plan.problems) == found else None


def _read_cell(
    key: str,
    raw: Any,
    values: dict[str, Any],
    units: dict[str, Organisation],
    problem: Any,
    today: date,
) -> None:
    text = _text(raw)
    if key == "full_name":
        why = check_name(text)
        if why is not None:
            problem(key, f"họ và tên {why}.")
        else:
            values[key] = " ".join(unicodedata.normalize("NFC", text).split())
    elif key == "gender":
        gender = _GENDERS.get(_key(text))
        if gender is None:
            problem(key, f"«{text}» không phải «Nam» hay «Nữ».")
        else:
            values[key] = gender.value
    elif key in DATE_FIELDS:
        day = _date(raw)
        if day is None:
            problem(key, f"«{text}» không phải một ngày (ghi dạng 05/02/1975).")
        elif day.year < 1900 or day > today:
            problem(key, f"ngày {day:%d/%m/%Y} không hợp lý.")
        else:
            values[key] = day
    elif key == "cccd":
        digits = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else text
        digits = digits.replace(" ", "").replace(".", "")
        # Excel stores a typed 001… as the number 1…: the leading zero comes back.
        if isinstance(raw, int) and 0 < len(digits) < 12:
            digits = digits.zfill(12)
        if not (digits.isascii() and digits.isdigit() and len(digits) == 12):
            problem(key, f"số CCCD «{text}» phải gồm đúng 12 chữ số.")
        else:
            values[key] = digits
    elif key == "theory":
        level = _THEORY.get(_key(text))
        if level is None:
            choices = ", ".join(f"«{t.label}»" for t in TheoryLevel)
            problem(key, f"«{text}» không phải một trình độ lý luận chính trị ({choices}).")
        else:
            values[key] = level.value
    elif key == "unit_code":
        unit = units.get(text)
        if unit is None:
            problem(key, f"không có đơn vị mã «{text}» trong phạm vi của bạn.")
        else:
            values["unit"] = unit
    elif key == "planning":
        flags = parse_planning(text)
        if flags is None:
            problem(key, f"«{text}» không rõ; ghi «Cấp ủy», «Ban thường vụ», «Chủ chốt».")
        else:
            values.update(flags)
    else:
        limit = TEXT_LIMITS[key]
        if len(text) > limit:
            problem(key, f"dài quá {limit} ký tự.")
        else:
            values[key] = " ".join(text.split())


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime):
        return f"{raw:%d/%m/%Y}"
    return unicodedata.normalize("NFC", str(raw)).strip()


def _date(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    try:
        if m := _DATE_TEXT.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO_DATE.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def _match(user: Any, rows: list[dict[str, Any]], plan: ImportPlan) -> None:
    """Find each row's existing record (CCCD, else name + birth date) and plan the change."""
    superuser = bool(user.is_superuser)
    unit = unit_of(user)
    scope_path = "" if superuser else (unit.path if unit is not None else "\uffff")
    cccds = [r["cccd"] for r in rows if "cccd" in r]
    by_cccd: dict[str, Person] = {}
    for start in range(0, len(cccds), 5000):
        chunk = cccds[start : start + 5000]
        for person in Person.objects.filter(cccd__in=chunk).select_related("unit"):
            by_cccd[person.cccd] = person
    dates = {r["birth_date"] for r in rows if "birth_date" in r}
    by_name: dict[tuple[str, date], list[Person]] = {}
    date_list = sorted(dates)
    for start in range(0, len(date_list), 5000):
        chunk = date_list[start : start + 5000]
        people = Person.objects.filter(
            birth_date__in=chunk, unit__path__startswith=scope_path
        ).select_related("unit")
        for person in people:
            assert person.birth_date is not None
            by_name.setdefault((_key(person.full_name), person.birth_date), []).append(person)

    seen_cccd: dict[str, int] = {}
    seen_name: dict[tuple[str, date], int] = {}
    for row in rows:
        number = row["_row"]
        name_key = (_key(row["full_name"]), row["birth_date"]) if "birth_date" in row else None
        if "cccd" in row:
            if row["cccd"] in seen_cccd:
                plan.problems.append(
                    Problem(number, "Số CCCD", f"trùng số CCCD với dòng {seen_cccd[row['cccd']]}.")
                )
                continue
            seen_cccd[row["cccd"]] = number
        elif name_key is not None:
            if name_key in seen_name:
                plan.problems.append(
                    Problem(
                        number,
                        "Họ và tên",
                        f"trùng họ tên và ngày sinh với dòng {seen_name[name_key]} (không có số CCCD "
                        "để phân biệt).",
                    )
                )
                continue
            seen_name[name_key] = number
        existing: Person | None = None
        by = ""
        if "cccd" in row and row["cccd"] in by_cccd:
            existing, by = by_cccd[row["cccd"]], "cccd"
            if not existing.unit.path.startswith(scope_path):
                plan.problems.append(
                    Problem(
                        number,
                        "Số CCCD",
                        "số CCCD này đã có trong hồ sơ của một đơn vị ngoài phạm vi của bạn.",
                    )
                )
                continue
        elif name_key is not None:
            # Only records without a CCCD, or with the same one, are the same person.
            same = [p for p in by_name.get(name_key, []) if not p.cccd or p.cccd == row.get("cccd")]
            if len(same) > 1:
                plan.problems.append(
                    Problem(
                        number,
                        "Họ và tên",
                        f"có {len(same)} hồ sơ cùng họ tên và ngày sinh: hãy ghi số CCCD để chọn.",
                    )
                )
                continue
            if same:
                existing, by = same[0], "name_birth"
        if existing is None:
            fields = {k: v for k, v in row.items() if not k.startswith("_")}
            plan.creates.append(Person(**fields))
            continue
        changes: dict[str, list[Any]] = {}
        for key in FIELDS:
            if key in row and getattr(existing, key) != row[key]:
                changes[key] = [getattr(existing, key), row[key]]
                setattr(existing, key, row[key])
        if changes:
            plan.merges.append(Merge(number, existing, by, changes))
        else:
            plan.unchanged += 1


def apply_import(user: Any, plan: ImportPlan) -> tuple[int, int, int]:
    """Write a plan without problems in one transaction, with its audit entry."""
    if not plan.ok:
        raise ValueError("an import plan with problems is never applied")
    with transaction.atomic():
        Person.objects.bulk_create(plan.creates, batch_size=2000)
        if plan.merges:
            Person.objects.bulk_update(
                [m.person for m in plan.merges], list(FIELDS), batch_size=2000
            )
        log_change(
            user,
            None,
            Action.IMPORT,
            {
                "file": plan.filename,
                "rows": plan.rows,
                "created": len(plan.creates),
                "merged": {str(m.person.pk): sorted(m.changes) for m in plan.merges[:500]},
                "unchanged": plan.unchanged,
            },
            organisation=unit_of(user),
        )
    return len(plan.creates), len(plan.merges), plan.unchanged
