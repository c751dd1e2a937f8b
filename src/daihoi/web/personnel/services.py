"""The personnel app's services: who may read what, the access log, lists, figures, export.

Personnel data is sensitive (dữ liệu nhân sự). Everyone who sees a unit sees the list of its
people by name and unit; the full record is read by:
- office staff (văn phòng / ban tổ chức) of the person's unit or of a unit above it;
- the personnel subcommittee (tiểu ban nhân sự) of the person's unit or of a unit above it;
- a secretary (bí thư): the people of their own unit only.
Viewers and working groups never see a full record. Every read of a full record and every
export is an ``AccessLog`` row, shown to office staff on the access-log page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.engine.names import name_problem
from daihoi.web.accounts.models import Role
from daihoi.web.accounts.scope import is_office, profile_of, scope_queryset, visible_organisations
from daihoi.web.core.spreadsheet import keep_as_text, xlsx_text
from daihoi.web.orgs.models import Organisation
from daihoi.web.personnel.models import AccessKind, AccessLog, Person, PersonImport

READER_ROLES = (Role.OFFICE, Role.PERSONNEL)


def check_name(text: str) -> str | None:
    """Why ``text`` cannot be a person's name (the engine's rule), or None."""
    return name_problem(text)


def _superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def readable_people(user: Any) -> QuerySet[Person]:
    """The records whose full profile ``user`` may read (see the module's docstring)."""
    if _superuser(user):
        return Person.objects.all()
    profile = profile_of(user)
    if profile is None:
        return Person.objects.none()
    if profile.role in READER_ROLES:
        return Person.objects.filter(unit__path__startswith=profile.unit.path)
    if profile.role == Role.SECRETARY:
        return Person.objects.filter(unit=profile.unit)
    return Person.objects.none()


def can_read_unit(user: Any, org: Organisation) -> bool:
    """May read the full records of the people of ``org`` (and export them)."""
    if _superuser(user):
        return True
    profile = profile_of(user)
    if profile is None:
        return False
    if profile.role in READER_ROLES:
        return org.path.startswith(profile.unit.path)
    return profile.role == Role.SECRETARY and org.pk == profile.unit_id


def can_import(user: Any) -> bool:
    """Office staff and the personnel subcommittee import lists (into their own subtree)."""
    if _superuser(user):
        return True
    profile = profile_of(user)
    return profile is not None and profile.role in READER_ROLES


def listed_people(user: Any, org: Organisation) -> QuerySet[Person]:
    """The people of ``org`` and the units under it, for anyone who sees ``org``."""
    if not visible_organisations(user).filter(pk=org.pk).exists():
        return Person.objects.none()
    return (
        Person.objects.filter(unit__path__startswith=org.path)
        .select_related("unit")
        .only("id", "full_name", "unit__id", "unit__name", "unit__path")
        .order_by("unit__path", "full_name", "id")
    )


def readable_ids(user: Any, people: list[Person]) -> set[int]:
    """Which of ``people`` the user may open (one query)."""
    ids = [p.pk for p in people]
    return set(readable_people(user).filter(pk__in=ids).values_list("pk", flat=True))


def read_profile(user: Any, pk: int) -> Person:
    """The full record ``pk`` for ``user``, logged; 404 out of their sight, 403 when not allowed."""
    person = (
        scope_queryset(Person.objects.select_related("unit"), user, "unit").filter(pk=pk).first()
    )
    if person is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    if not readable_people(user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ nhân sự này."))
    _log(user, AccessKind.PROFILE, person.unit, subject=person.full_name, person=person)
    return person


def can_edit_person(user: Any, person: Person) -> bool:
    """Office staff and the personnel subcommittee of the person's unit or of a unit above."""
    if _superuser(user):
        return True
    profile = profile_of(user)
    return (
        profile is not None
        and profile.role in READER_ROLES
        and person.unit.path.startswith(profile.unit.path)
    )


def person_for_edit(user: Any, pk: int) -> Person:
    """The record ``pk`` to edit (its read logged); 404 out of sight, 403 when not allowed."""
    person = (
        scope_queryset(Person.objects.select_related("unit"), user, "unit").filter(pk=pk).first()
    )
    if person is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    if not can_edit_person(user, person):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ nhân sự này."))
    _log(user, AccessKind.PROFILE, person.unit, subject=person.full_name, person=person)
    return person


def save_person(user: Any, person: Person, form: Any) -> Person:
    """Save an edited record with an audit entry of each changed field (old, new)."""
    from daihoi.web.audit.models import Action
    from daihoi.web.audit.services import log_change

    if not can_edit_person(user, person):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ nhân sự này."))
    changes = {
        name: [str(form.initial.get(name) or ""), str(form.cleaned_data.get(name) or "")]
        for name in form.changed_data
    }
    saved = form.save()
    log_change(user, saved, Action.UPDATE, changes, organisation=saved.unit)
    return saved


def _log(
    user: Any,
    kind: str,
    org: Organisation,
    *,
    subject: str,
    person: Person | None = None,
    rows: int = 0,
) -> AccessLog:
    profile = profile_of(user)
    return AccessLog.objects.create(
        user=user,
        username=user.get_username(),
        reader_unit=profile.unit if profile is not None else None,
        kind=kind,
        person=person,
        organisation=org,
        subject=subject[:300],
        rows=rows,
    )


def access_log_for(user: Any) -> QuerySet[AccessLog]:
    """The reads and exports of the units the office user sees (403 for anyone else)."""
    if not is_office(user):
        raise PermissionDenied(_("Chỉ cán bộ văn phòng mới xem được nhật ký truy cập hồ sơ."))
    return scope_queryset(
        AccessLog.objects.select_related("reader_unit", "organisation"), user
    ).order_by("-at", "-id")


# The fields whose share is the completeness figure (độ đầy đủ của hồ sơ).
KEY_FIELDS: dict[str, Any] = {
    "gender": gettext_lazy("Giới tính"),
    "birth_date": gettext_lazy("Ngày sinh"),
    "ethnicity": gettext_lazy("Dân tộc"),
    "hometown": gettext_lazy("Quê quán"),
    "cccd": gettext_lazy("Số CCCD"),
    "education": gettext_lazy("Trình độ chuyên môn"),
    "theory": gettext_lazy("Lý luận chính trị"),
    "position": gettext_lazy("Chức vụ"),
    "joined_on": gettext_lazy("Ngày vào Đảng"),
}
_DATE_FIELDS = {"birth_date", "joined_on", "official_on"}


@dataclass(frozen=True)
class UnitCompleteness:
    unit: Organisation
    total: int
    filled: dict[str, int]

    def share(self, field: str) -> Decimal:
        return (Decimal(100) * self.filled[field] / self.total).quantize(Decimal("0.01"))

    @property
    def counts(self) -> list[int]:
        return [self.filled[f] for f in KEY_FIELDS]

    @property
    def filled_total(self) -> int:
        return sum(self.filled.values())

    @property
    def cells(self) -> int:
        return self.total * len(KEY_FIELDS)


def _filled(field: str) -> Q:
    return Q(**{f"{field}__isnull": False}) if field in _DATE_FIELDS else ~Q(**{field: ""})


def completeness(user: Any, org: Organisation) -> list[UnitCompleteness]:
    """Per unit under ``org`` that has records: how many records fill each key field (one
    query for the counts, one for the units)."""
    counts = (
        listed_people(user, org)
        .order_by()
        .values("unit_id")
        .annotate(
            total=Count("id"),
            **{f"f_{f}": Count("id", filter=_filled(f)) for f in KEY_FIELDS},
        )
    )
    rows = list(counts)
    units = Organisation.objects.in_bulk([r["unit_id"] for r in rows])
    out = [
        UnitCompleteness(units[r["unit_id"]], r["total"], {f: r[f"f_{f}"] for f in KEY_FIELDS})
        for r in rows
    ]
    return sorted(out, key=lambda c: c.unit.path)


EXPORT_FIELDS = [
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "hometown",
    "cccd",
    "education",
    "theory",
    "profession",
    "unit_code",
    "position",
    "joined_on",
    "official_on",
    "planning",
]


def export_xlsx(user: Any, org: Organisation) -> bytes:
    """The readable records of ``org``'s subtree as .xlsx (the import's columns), logged.

    Every text is a string cell, so a name like ``=HYPERLINK(…)`` is never run as a formula.
    """
    from openpyxl import Workbook

    from daihoi.web.personnel.fileformat import column_label, planning_text

    if not can_read_unit(user, org):
        raise PermissionDenied(_("Bạn không có quyền xuất hồ sơ nhân sự của đơn vị này."))
    people = (
        readable_people(user)
        .filter(unit__path__startswith=org.path)
        .select_related("unit")
        .order_by("unit__path", "full_name", "id")
    )
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = _("Nhân sự")[:31]
    sheet.append([column_label(f) for f in EXPORT_FIELDS])
    count = 0
    for person in people.iterator(chunk_size=2000):
        values: list[Any] = []
        for field in EXPORT_FIELDS:
            if field == "unit_code":
                values.append(person.unit.code)
            elif field == "planning":
                values.append(planning_text(person))
            elif field in ("gender", "theory"):
                values.append(getattr(person, f"get_{field}_display")())
            else:
                values.append(getattr(person, field))
        sheet.append([xlsx_text(v) for v in values])
        count += 1
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            keep_as_text(cell)
        for cell in (row[2], row[11], row[12]):
            if cell.value is not None:
                cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    _log(user, AccessKind.EXPORT, org, subject=org.name, rows=count)
    return out.getvalue()


def change_labels() -> dict[str, str]:
    """A record's fields by the column names of the file, as the preview of merges says them."""
    from daihoi.web.personnel.fileformat import COLUMNS, column_label

    labels = {key: column_label(key) for key in COLUMNS}
    labels["unit"] = labels["unit_code"]
    for flag in ("planned_committee", "planned_standing", "planned_key_post"):
        labels[flag] = labels["planning"]
    return labels


def submit_import(user: Any, upload: Any) -> PersonImport:
    from daihoi.web.personnel.jobs import submit_import as submit

    return submit(user, upload)


def confirm_import(user: Any, job: PersonImport) -> bool:
    from daihoi.web.personnel.jobs import confirm_import as confirm

    return confirm(user, job)


# The plan, the lists and their checks live in ``plans``; the composition risk of a list
# (bounds, chances from the preliminary votes) in ``risks`` (imported last: they use the above).
from daihoi.web.personnel import elected, plans, reports, risks  # noqa: E402, F401
