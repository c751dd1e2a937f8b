"""Importing organisations from a file: validate everything, then change all or nothing.

``plan_import`` reads the rows and finds every problem, each with its row and column; only a
plan without problems is applied by ``apply_import``, in one transaction. Rows whose code
already exists update that organisation's name, type and members (so an exported file can be
edited and imported back); moving an organisation to another parent is not done by import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from daihoi.web.accounts.scope import is_office, unit_of
from daihoi.web.audit.models import Action
from daihoi.web.audit.services import log_change
from daihoi.web.orgs.fileformat import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ReadLimits,
    SheetRow,
    UnreadableFile,
    header_field,
    level_choices_text,
    level_name,
    parse_level,
    read_sheet,
)
from daihoi.web.orgs.models import Level, Organisation
from daihoi.web.orgs.tree import NewOrganisation, add_organisations, common_ancestor_path

COLUMN_LABELS = {
    "code": "code (mã)",
    "name": "name (tên)",
    "parent_code": "parent_code (mã cấp trên)",
    "level": "level (cấp)",
    "type": "type (loại hình)",
    "members": "members (số đảng viên)",
}
MAX_CODE, MAX_NAME, MAX_KIND = 40, 200, 80
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (row, column) and what."""

    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class Row:
    number: int
    code: str
    name: str
    parent_code: str
    level: Level | None
    kind: str
    members: int | None


@dataclass
class ImportPlan:
    filename: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    creates: list[NewOrganisation] = field(default_factory=list)
    updates: list[tuple[Organisation, dict[str, list[Any]]]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def read_limits() -> ReadLimits:
    """The bounds on a file once read, from the settings (``DAIHOI_ORG_IMPORT_MAX_*``)."""
    return ReadLimits(
        max_rows=settings.ORG_IMPORT_MAX_ROWS,
        max_unzipped_bytes=settings.ORG_IMPORT_MAX_UNZIPPED_BYTES,
        max_zip_ratio=settings.ORG_IMPORT_MAX_ZIP_RATIO,
    )


def plan_import(user: Any, filename: str, data: bytes) -> ImportPlan:
    """Read and check the whole file for ``user``; the plan lists every problem found."""
    plan = ImportPlan(filename=filename)
    try:
        sheet = list(read_sheet(filename, data, read_limits()))
    except UnreadableFile as exc:
        plan.problems.append(Problem(None, "", str(exc)))
        return plan
    if not sheet:
        plan.problems.append(Problem(None, "", "Tệp trống: không có dòng tiêu đề và dữ liệu."))
        return plan
    header, body = sheet[0], sheet[1:]
    positions = _read_header(header, plan)
    if not plan.ok:
        return plan
    if not body:
        plan.problems.append(
            Problem(header.number, "", "Tệp chỉ có dòng tiêu đề, không có tổ chức nào.")
        )
        return plan
    rows = [_read_row(r, positions, plan) for r in body]
    plan.rows = len(rows)
    _check_against_tree(user, rows, plan)
    plan.problems.sort(
        key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else -1)
    )
    return plan


def _read_header(header: SheetRow, plan: ImportPlan) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, text in enumerate(header.cells):
        name = header_field(text) if text else None
        if name is None:
            continue
        if name in positions:
            plan.problems.append(Problem(header.number, name, f"Cột «{text}» bị lặp lại."))
        positions[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            plan.problems.append(
                Problem(header.number, name, f"Thiếu cột {COLUMN_LABELS[name]} ở dòng tiêu đề.")
            )
    return positions


def _read_row(sheet_row: SheetRow, positions: dict[str, int], plan: ImportPlan) -> Row:
    def cell(name: str) -> str:
        index = positions.get(name)
        if index is None or index >= len(sheet_row.cells):
            return ""
        return sheet_row.cells[index]

    n = sheet_row.number

    def problem(column: str, message: str) -> None:
        plan.problems.append(Problem(n, column, message))

    code, name, parent_code = cell("code"), cell("name"), cell("parent_code")
    level_text, kind, members_text = cell("level"), cell("type"), cell("members")
    if not code:
        problem("code", "Thiếu mã tổ chức.")
    elif len(code) > MAX_CODE:
        problem("code", f"Mã dài quá {MAX_CODE} ký tự.")
    if not name:
        problem("name", "Thiếu tên tổ chức.")
    elif len(name) > MAX_NAME:
        problem("name", f"Tên dài quá {MAX_NAME} ký tự.")
    if len(kind) > MAX_KIND:
        problem("type", f"Loại hình dài quá {MAX_KIND} ký tự.")
    level = None
    if not level_text:
        problem("level", "Thiếu cấp.")
    else:
        level = parse_level(level_text)
        if level is None:
            problem(
                "level",
                f"Cấp «{level_text}» không hợp lệ; dùng một trong: {level_choices_text()} (hoặc số 0–4).",
            )
    members: int | None = 0
    if members_text:
        digits = members_text.replace(".", "") if _THOUSANDS.match(members_text) else members_text
        if digits.isdigit():
            members = int(digits)
        else:
            members = None
            problem("members", f"Số đảng viên «{members_text}» không phải số nguyên không âm.")
    return Row(n, code, name, parent_code, level, kind, members)


def _check_against_tree(user: Any, rows: list[Row], plan: ImportPlan) -> None:
    superuser = bool(user.is_superuser)
    unit = unit_of(user)
    scope_path = "" if superuser else (unit.path if unit is not None else None)

    def problem(row: Row, column: str, message: str) -> None:
        plan.problems.append(Problem(row.number, column, message))

    if scope_path is None or not is_office(user):
        plan.problems.append(
            Problem(None, "", "Chỉ cán bộ văn phòng mới được nhập danh sách tổ chức.")
        )
        return

    first_row: dict[str, Row] = {}
    file_rows: dict[str, Row] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in first_row:
            problem(row, "code", f"Mã {row.code} trùng với dòng {first_row[row.code].number}.")
            continue
        first_row[row.code] = row
        file_rows[row.code] = row

    wanted = set(file_rows) | {r.parent_code for r in rows if r.parent_code}
    existing = _existing_by_code(wanted)
    parent_code_of_path = _codes_of_paths(
        {o.path[: -Organisation.steplen] for o in existing.values() if o.depth > 1}
    )

    def in_scope(org: Organisation) -> bool:
        return org.path.startswith(scope_path)

    # Cycles among the file's rows (A under B, B under A; or A under itself).
    in_cycle: set[str] = set()
    for code in file_rows:
        chain: list[str] = []
        current: str | None = code
        while (
            current is not None
            and current in file_rows
            and current not in chain
            and current not in in_cycle
        ):
            chain.append(current)
            current = file_rows[current].parent_code or None
        if current is not None and current in chain:
            loop = [*chain[chain.index(current) :], current]
            for member in chain[chain.index(current) :]:
                if member not in in_cycle:
                    in_cycle.add(member)
                    problem(
                        file_rows[member],
                        "parent_code",
                        "Vòng lặp cấp trên: " + " → ".join(loop) + ".",
                    )

    for code, row in file_rows.items():
        if code in in_cycle:
            continue
        current_org = existing.get(code)
        if current_org is not None:
            _plan_update(row, current_org, parent_code_of_path, in_scope, plan, problem)
            continue
        parent_level: Level | None = None
        if not row.parent_code:
            if not superuser:
                problem(row, "parent_code", "Thiếu mã cấp trên.")
                continue
        elif row.parent_code in file_rows:
            parent_level = file_rows[row.parent_code].level
        elif row.parent_code in existing and in_scope(existing[row.parent_code]):
            parent_level = Level(existing[row.parent_code].level)
        else:
            problem(
                row,
                "parent_code",
                f"Không tìm thấy tổ chức cấp trên mã {row.parent_code} (trong tệp hoặc trong phạm vi của bạn).",
            )
            continue
        if row.level is not None and parent_level is not None and row.level <= parent_level:
            problem(
                row,
                "level",
                f"Cấp «{level_name(row.level)}» không thấp hơn cấp của cấp trên {row.parent_code} "
                f"(«{level_name(parent_level)}»): tổ chức trực thuộc phải ở cấp thấp hơn.",
            )
            continue
        if row.level is None or row.members is None or not row.name:
            continue
        plan.creates.append(
            NewOrganisation(
                row.code, row.name, row.level, row.kind, row.members, row.parent_code or None
            )
        )
    # A new row whose parent row has a problem is not created either, but the plan is void anyway.


def _plan_update(
    row: Row,
    org: Organisation,
    parent_code_of_path: dict[str, str],
    in_scope: Callable[[Organisation], bool],
    plan: ImportPlan,
    problem: Callable[[Row, str, str], None],
) -> None:
    """A row whose code exists: update name, type and members; refuse moves and level changes."""
    if not in_scope(org):
        problem(row, "code", f"Mã {row.code} đã được dùng cho một tổ chức ngoài phạm vi của bạn.")
        return
    current_parent = (
        parent_code_of_path.get(org.path[: -Organisation.steplen], "") if org.depth > 1 else ""
    )
    if row.parent_code != current_parent:
        problem(
            row,
            "parent_code",
            f"Tổ chức {row.code} đã có, trực thuộc {current_parent or '(gốc)'}; nhập tệp không chuyển tổ chức "
            f"sang cấp trên khác ({row.parent_code or '(trống)'}).",
        )
        return
    if row.level is not None and row.level != org.level:
        problem(
            row,
            "level",
            f"Tổ chức {row.code} đã có ở cấp «{level_name(org.level)}»; nhập tệp không đổi cấp.",
        )
        return
    if row.members is None or not row.name:
        return
    changes: dict[str, list[Any]] = {}
    for attr, value in (("name", row.name), ("kind", row.kind), ("members", row.members)):
        if getattr(org, attr) != value:
            changes[attr] = [getattr(org, attr), value]
            setattr(org, attr, value)
    if changes:
        plan.updates.append((org, changes))
    else:
        plan.unchanged += 1


def _existing_by_code(codes: Iterable[str]) -> dict[str, Organisation]:
    out: dict[str, Organisation] = {}
    codes = list(codes)
    for start in range(0, len(codes), 5000):
        chunk = codes[start : start + 5000]
        for org in Organisation.objects.filter(code__in=chunk).only(
            "id", "path", "depth", "code", "name", "kind", "members", "level", "numchild"
        ):
            out[org.code] = org
    return out


def _codes_of_paths(paths: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    paths = list(paths)
    for start in range(0, len(paths), 5000):
        chunk = paths[start : start + 5000]
        out.update(Organisation.objects.filter(path__in=chunk).values_list("path", "code"))
    return out


def apply_import(request_or_user: Any, plan: ImportPlan) -> ImportResult:
    """Apply a plan without problems in one transaction and record it in the audit log."""
    if not plan.ok:
        raise ValueError("an import plan with problems is never applied")
    with transaction.atomic():
        created = add_organisations(plan.creates)
        if plan.updates:
            Organisation.objects.bulk_update(
                [org for org, _ in plan.updates], ["name", "kind", "members"], batch_size=2000
            )
        # The entry sits at the deepest unit above everything touched, so that the office of
        # that unit (and those above it) find it in their log.
        steplen = Organisation.steplen
        touched = [o.path[:-steplen] for o in created if o.depth > 1] + [
            org.path for org, _ in plan.updates
        ]
        anchor = None
        if touched:
            ancestor = common_ancestor_path(touched)
            anchor = Organisation.objects.filter(path=ancestor).first() if ancestor else None
        user = getattr(request_or_user, "user", request_or_user)
        if anchor is None and not user.is_superuser:
            anchor = unit_of(user)
        log_change(
            request_or_user,
            None,
            Action.IMPORT,
            {
                "file": plan.filename,
                "rows": plan.rows,
                "created": [o.code for o in created],
                "updated": {org.code: changes for org, changes in plan.updates},
                "unchanged": plan.unchanged,
            },
            organisation=anchor,
        )
    return ImportResult(created=len(created), updated=len(plan.updates), unchanged=plan.unchanged)
