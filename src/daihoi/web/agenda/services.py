"""The one bridge between the agenda app's models and the documents engine (``daihoi.drafts``).

The agenda: made from the template of the congress's kind, edited item by item, then the script
(kịch bản) built from it and the congress's elections and written to Word. The targets: the level
above publishes its indicators, a unit maps its own to their codes, the alignment is computed
from both each time it is shown; the office above sees one row per unit below.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.drafts import agenda as engine
from daihoi.drafts import targets
from daihoi.drafts.script import INSIDE_COMMITTEE, ElectionInfo, build_script
from daihoi.drafts.scriptdocx import render_script
from daihoi.drafts.text import clean
from daihoi.web.accounts.scope import can_edit, visible_organisations
from daihoi.web.agenda.models import (
    Agenda,
    AgendaItem,
    AgendaSession,
    Indicator,
    LeadKind,
    Step,
    UnitIndicator,
)
from daihoi.web.audit.services import log_change
from daihoi.web.elections.models import Election, Panel, PanelMember, PanelRole
from daihoi.web.orgs.models import Organisation
from daihoi.web.season.models import Congress, CongressKind

TIME = re.compile(r"^([01]?\d|2[0-3])[:hg.]([0-5]\d)$")


def congress_of(user: Any, pk: int) -> Congress:
    """A congress of the user's unit or below: 404 otherwise (another province never learns)."""
    congress = (
        Congress.objects.select_related("organisation", "season")
        .filter(pk=pk, organisation__in=visible_organisations(user))
        .first()
    )
    if congress is None:
        raise Http404("Không tìm thấy đại hội.")
    return congress


def require_edit(user: Any, org: Organisation) -> None:
    if not can_edit(user, org):
        raise PermissionDenied("Bạn không có quyền sửa nội dung của đơn vị này.")


def text(value: str, limit: int) -> str:
    """What a person typed, cleaned of control characters and cut to the field's length."""
    return clean(value)[:limit]


def parse_time(value: str) -> str | None:
    """ "8:00", "08h00", "8g00" → "08:00"; "" stays ""; None when it is not a time."""
    value = value.strip()
    if not value:
        return ""
    m = TIME.match(value)
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def parse_value(value: str) -> Decimal | None:
    """ "8,5" or "8.5" → Decimal("8.5"); "1.250" (thousands) → 1250; None when not a number."""
    value = value.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    value = value.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


# --- the agenda -----------------------------------------------------------------------------


def agenda_of(congress: Congress) -> Agenda | None:
    return Agenda.objects.filter(congress=congress).first()


def presidium(congress: Congress) -> list[PanelMember]:
    return list(PanelMember.objects.filter(congress=congress, panel=Panel.PRESIDIUM))


def _kind(congress: Congress) -> engine.CongressKind:
    if congress.kind == CongressKind.DELEGATES:
        return engine.CongressKind.DELEGATES
    return engine.CongressKind.MEMBERS


def congress_title(congress: Congress) -> str:
    kind = "Đại hội đại biểu" if congress.kind == CongressKind.DELEGATES else "Đại hội"
    return f"{kind} {congress.organisation.name}, nhiệm kỳ {congress.season.term_label}"


def create_agenda(user: Any, congress: Congress) -> Agenda:
    """The agenda from the template of the congress's kind, led by the presidium's chair."""
    require_edit(user, congress.organisation)
    members = presidium(congress)
    chair = next((m for m in members if m.role == PanelRole.CHAIR), members[0] if members else None)
    template = engine.template(
        _kind(congress), congress_title(congress), congress.organisation.name
    )
    with transaction.atomic():
        existing = agenda_of(congress)
        if existing is not None:
            return existing
        agenda = Agenda.objects.create(congress=congress)
        for s_order, session in enumerate(template.sessions):
            row = AgendaSession.objects.create(
                agenda=agenda, kind=session.kind.value, title=session.title, order=s_order
            )
            for i_order, item in enumerate(session.items):
                by_member = item.lead.kind is engine.LeadKind.PRESIDIUM_MEMBER
                AgendaItem.objects.create(
                    session=row,
                    order=i_order,
                    time=item.time,
                    title=item.title,
                    step=item.step.value,
                    lead_kind=item.lead.kind.value if (chair or not by_member) else "presidium",
                    lead_member=chair if by_member else None,
                )
        log_change(user, agenda, "agenda.created", {}, organisation=congress.organisation)
    return agenda


def get_item(user: Any, pk: int) -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("session__agenda__congress__organisation")
        .filter(pk=pk, session__agenda__congress__organisation__in=visible_organisations(user))
        .first()
    )
    if item is None:
        raise Http404("Không tìm thấy mục chương trình.")
    return item


def get_session(user: Any, pk: int) -> AgendaSession:
    session = (
        AgendaSession.objects.select_related("agenda__congress__organisation")
        .filter(pk=pk, agenda__congress__organisation__in=visible_organisations(user))
        .first()
    )
    if session is None:
        raise Http404("Không tìm thấy phiên.")
    return session


def update_session(user: Any, session: AgendaSession, title: str, date: str) -> None:
    congress = session.agenda.congress
    require_edit(user, congress.organisation)
    changes = {
        k: [old, new]
        for k, old, new in (("title", session.title, title), ("date", session.date, date))
        if old != new
    }
    session.title, session.date = title, date
    session.save(update_fields=["title", "date"])
    log_change(user, session, "agenda.session_changed", changes, organisation=congress.organisation)


def lead_choices(congress: Congress) -> list[tuple[str, str]]:
    """The lead picker: each presidium member by name, then the bodies."""
    people = [
        (f"member:{m.pk}", _("%(name)s (Đoàn Chủ tịch)") % {"name": m.name})
        for m in presidium(congress)
    ]
    bodies = [(k.value, str(k.label)) for k in LeadKind if k != LeadKind.PRESIDIUM_MEMBER]
    return people + bodies


def lead_value(item: AgendaItem) -> str:
    if item.lead_kind == LeadKind.PRESIDIUM_MEMBER and item.lead_member_id:
        return f"member:{item.lead_member_id}"
    return item.lead_kind


def _lead_label(item: AgendaItem) -> str:
    """Who leads, as the log keeps it: the member's name or the body's value."""
    if item.lead_kind == LeadKind.PRESIDIUM_MEMBER and item.lead_member is not None:
        return item.lead_member.name
    return str(item.lead_kind)


def _apply_lead(congress: Congress, item: AgendaItem, lead: str) -> None:
    if lead.startswith("member:"):
        member = PanelMember.objects.filter(
            congress=congress, panel=Panel.PRESIDIUM, pk=lead.removeprefix("member:")
        ).first()
        if member is None:
            raise Http404("Không tìm thấy thành viên Đoàn Chủ tịch.")
        item.lead_kind, item.lead_member = LeadKind.PRESIDIUM_MEMBER, member
    else:
        item.lead_kind, item.lead_member = LeadKind(lead), None


@dataclass(frozen=True)
class ItemData:
    time: str
    title: str
    lead: str
    words: str
    step: str = Step.OTHER


def update_item(user: Any, item: AgendaItem, data: ItemData) -> None:
    congress = item.session.agenda.congress
    require_edit(user, congress.organisation)
    before = {"time": item.time, "title": item.title, "lead_kind": _lead_label(item)}
    item.time, item.title, item.words = data.time, data.title, data.words
    _apply_lead(congress, item, data.lead)
    item.save()
    after = {"time": item.time, "title": item.title, "lead_kind": _lead_label(item)}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    log_change(user, item, "agenda.item_changed", changes, organisation=congress.organisation)


def add_item(user: Any, session: AgendaSession, data: ItemData) -> AgendaItem:
    congress = session.agenda.congress
    require_edit(user, congress.organisation)
    last = session.items.aggregate(m=Max("order"))["m"]
    item = AgendaItem(
        session=session,
        order=(last + 1) if last is not None else 0,
        time=data.time,
        title=data.title,
        words=data.words,
        step=data.step,
    )
    _apply_lead(congress, item, data.lead)
    item.save()
    log_change(
        user, item, "agenda.item_added", {"title": item.title}, organisation=congress.organisation
    )
    return item


def remove_item(user: Any, item: AgendaItem) -> None:
    congress = item.session.agenda.congress
    require_edit(user, congress.organisation)
    log_change(
        user, item, "agenda.item_removed", {"title": item.title}, organisation=congress.organisation
    )
    item.delete()


def move_item(user: Any, item: AgendaItem, up: bool) -> None:
    """One place up or down in its session (orders renumbered 0, 1, 2… on the way)."""
    congress = item.session.agenda.congress
    require_edit(user, congress.organisation)
    with transaction.atomic():
        items = list(item.session.items.select_for_update().order_by("order", "id"))
        i = next(n for n, it in enumerate(items) if it.pk == item.pk)
        j = i - 1 if up else i + 1
        if 0 <= j < len(items):
            items[i], items[j] = items[j], items[i]
        for n, it in enumerate(items):
            if it.order != n:
                AgendaItem.objects.filter(pk=it.pk).update(order=n)
    log_change(
        user,
        item,
        "agenda.item_moved",
        {"title": item.title, "order": [i + 1, j + 1 if 0 <= j < len(items) else i + 1]},
        organisation=congress.organisation,
    )


def election_infos(congress: Congress) -> list[ElectionInfo]:
    """The congress's elections, latest round of each, in the order they were made."""
    infos = []
    elections = (
        Election.objects.filter(congress=congress, next_round__isnull=True)
        .prefetch_related("candidates")
        .order_by("created_at", "id")
    )
    for e in elections:
        # the secretary is the new committee's to elect unless the congress elects directly
        direct = e.body == "secretary" and congress.direct_secretary
        inside = e.body in INSIDE_COMMITTEE and not direct
        infos.append(
            ElectionInfo(
                title=e.title,
                body=e.body,
                seats=e.seats,
                alternates=e.alternates,
                candidates=tuple(c.name for c in e.candidates.all()),
                electorate=e.electorate,
                round=e.round,
                by_committee=inside,
            )
        )
    return infos


def elections_fingerprint(congress: Congress) -> str:
    data = [
        [e.title, e.body, e.seats, e.alternates, list(e.candidates), e.electorate, e.round]
        for e in election_infos(congress)
    ]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def elections_changed(agenda: Agenda) -> bool:
    """The script was made before and the elections changed since."""
    return bool(agenda.generated_from) and agenda.generated_from != elections_fingerprint(
        agenda.congress
    )


def _lead(item: AgendaItem) -> engine.Lead:
    if item.lead_kind == LeadKind.PRESIDIUM_MEMBER and item.lead_member is not None:
        return engine.Lead(engine.LeadKind.PRESIDIUM_MEMBER, item.lead_member.name)
    kind = engine.LeadKind(item.lead_kind)
    if kind is engine.LeadKind.PRESIDIUM_MEMBER:
        kind = engine.LeadKind.PRESIDIUM
    return engine.Lead(kind)


def agenda_data(agenda: Agenda) -> engine.Agenda:
    congress = agenda.congress
    sessions = []
    for s in agenda.sessions.prefetch_related("items__lead_member"):
        items = tuple(
            engine.Item(it.time, it.title, engine.Step(it.step), _lead(it), it.words)
            for it in s.items.all()
        )
        sessions.append(engine.Session(s.title, engine.SessionKind(s.kind), s.date, items))

    def names(panel: str) -> tuple[str, ...]:
        rows = PanelMember.objects.filter(congress=congress, panel=panel)
        return tuple(rows.values_list("name", flat=True))

    return engine.Agenda(
        congress_title(congress),
        congress.organisation.name,
        _kind(congress),
        tuple(sessions),
        presidium=names(Panel.PRESIDIUM),
        secretariat=names(Panel.SECRETARIAT),
        counting=names(Panel.COUNTING),
    )


def script_docx(user: Any, agenda: Agenda) -> bytes:
    """The script made now from the agenda and the elections; remembered as made."""
    congress = agenda.congress
    script = build_script(agenda_data(agenda), election_infos(congress))
    data = render_script(script)
    if can_edit(user, congress.organisation):
        agenda.generated_at = timezone.now()
        agenda.generated_from = elections_fingerprint(congress)
        agenda.save(update_fields=["generated_at", "generated_from", "updated_at"])
        log_change(user, agenda, "agenda.script_made", {}, organisation=congress.organisation)
    return data


# --- the targets -----------------------------------------------------------------------------


def congress_above(congress: Congress) -> Congress | None:
    """The level above's congress in the same season (None for the season's own unit)."""
    org = congress.organisation
    if org.depth <= 1:
        return None
    return Congress.objects.filter(
        season=congress.season, organisation__path=org.path[: -Organisation.steplen]
    ).first()


def congresses_below(congress: Congress) -> list[Congress]:
    """The congresses of the units directly below, in the same season."""
    return list(
        Congress.objects.filter(
            season=congress.season,
            organisation__path__startswith=congress.organisation.path,
            organisation__depth=congress.organisation.depth + 1,
        ).select_related("organisation", "season")
    )


@dataclass(frozen=True)
class IndicatorData:
    code: str
    name: str
    unit: str
    value: Decimal
    year: int
    direction: str


def publish_indicator(user: Any, congress: Congress, data: IndicatorData) -> Indicator:
    require_edit(user, congress.organisation)
    ind = Indicator.objects.create(congress=congress, **data.__dict__)
    log_change(
        user,
        ind,
        "agenda.indicator_published",
        {"code": ind.code, "name": ind.name},
        organisation=congress.organisation,
    )
    return ind


def code_taken(congress: Congress, code: str) -> bool:
    wanted = targets.normal_code(code)
    return any(
        targets.normal_code(c) == wanted for c in congress.indicators.values_list("code", flat=True)
    )


@dataclass(frozen=True)
class MappingData:
    name: str
    unit: str
    value: Decimal
    code: str


def add_mapping(user: Any, congress: Congress, data: MappingData) -> UnitIndicator:
    require_edit(user, congress.organisation)
    row = UnitIndicator.objects.create(congress=congress, **data.__dict__)
    log_change(
        user,
        row,
        "agenda.mapping_added",
        {"name": row.name, "code": row.code},
        organisation=congress.organisation,
    )
    return row


def remove_indicator(user: Any, congress: Congress, pk: int, own: bool) -> None:
    require_edit(user, congress.organisation)
    model: Any = UnitIndicator if own else Indicator
    row = model.objects.filter(congress=congress, pk=pk).first()
    if row is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    action = "agenda.mapping_removed" if own else "agenda.indicator_removed"
    log_change(user, row, action, {"name": row.name}, organisation=congress.organisation)
    row.delete()


def _above(congress: Congress) -> list[targets.Indicator]:
    return [
        targets.Indicator(i.code, i.name, i.unit, i.value, i.year, targets.Direction(i.direction))
        for i in congress.indicators.all()
    ]


def _mine(congress: Congress) -> list[targets.Mapping]:
    return [targets.Mapping(m.name, m.unit, m.value, m.code) for m in congress.own_indicators.all()]


def alignment(congress: Congress) -> targets.Alignment | None:
    """The unit's draft against the level above's indicators (None with no congress above)."""
    above = congress_above(congress)
    if above is None:
        return None
    return targets.align(_above(above), _mine(congress))


@dataclass(frozen=True)
class UnitRow:
    congress: Congress
    alignment: targets.Alignment


def rollup(congress: Congress) -> list[UnitRow]:
    """One row per unit directly below: its draft against this congress's indicators."""
    above = _above(congress)
    return [UnitRow(c, targets.align(above, _mine(c))) for c in congresses_below(congress)]


def _value_text(value: Decimal) -> str:
    whole, _, frac = f"{abs(value).normalize():f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if value < 0 else "") + (f"{grouped},{frac}" if frac else grouped)


def rollup_xlsx(congress: Congress) -> bytes:
    """The table of the units below as a workbook (every text a string cell, never a formula)."""
    import io

    from openpyxl import Workbook

    from daihoi.web.core.spreadsheet import keep_as_text

    book = Workbook()
    sheet = book.active
    sheet.title = "Chỉ tiêu"
    sheet.append(
        [
            _("Đơn vị"),
            _("Thiếu"),
            _("Chỉ tiêu thiếu"),
            _("Thấp hơn"),
            _("Chỉ tiêu thấp hơn"),
            _("Khác đơn vị tính"),
            _("Chỉ tiêu khác đơn vị tính"),
        ]
    )
    for row in rollup(congress):
        a = row.alignment
        sheet.append(
            [
                row.congress.organisation.name,
                len(a.missing),
                "; ".join(f"{i.code} {i.name}" for i in a.missing),
                len(a.weaker),
                "; ".join(
                    f"{line.above.code}: {_value_text(line.mine.value)} < "
                    f"{_value_text(line.above.value)} {line.above.unit}"
                    if line.above.direction is targets.Direction.HIGHER
                    else f"{line.above.code}: {_value_text(line.mine.value)} > "
                    f"{_value_text(line.above.value)} {line.above.unit}"
                    for line in a.weaker
                    if line.above is not None
                ),
                len(a.unit_mismatch),
                "; ".join(
                    f"{line.above.code}: {line.mine.unit} ≠ {line.above.unit}"
                    for line in a.unit_mismatch
                    if line.above is not None
                ),
            ]
        )
    for cells in sheet.iter_rows():
        for cell in cells:
            keep_as_text(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
