"""Election definitions: what is elected, by which rules, from which candidates.

``parse_election`` turns the data of an election file (``formats.md``; YAML or JSON, read by
``daihoi.files``) into an ``Election`` and refuses, with file and field, anything incomplete or
contradictory. Names are normalised to Unicode NFC; candidates are kept in ballot order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from daihoi.engine.ballot import Form
from daihoi.engine.errors import InputError, Location
from daihoi.engine.names import (
    MAX_NAME,
    ballot_order,
    label_problem,
    name_problem,
    normalize_name,
    printable,
    text_problem,
)
from daihoi.engine.rules import PRESETS, RuleSet, rule_set, rules_detail

__all__ = [
    "Body",
    "Candidate",
    "CommitteeMember",
    "ElectedBefore",
    "Election",
    "Form",
    "Meeting",
    "election_to_dict",
    "parse_election",
]

ID_PATTERN = re.compile(r"[a-z0-9-]+")
BORN_RANGE = (1880, 2100)


class Body(StrEnum):
    """What is elected."""

    COMMITTEE = "committee"  # ban chấp hành
    STANDING_COMMITTEE = "standing_committee"  # ban thường vụ
    SECRETARY = "secretary"  # bí thư
    DEPUTY_SECRETARY = "deputy_secretary"  # phó bí thư
    INSPECTION_COMMITTEE = "inspection_committee"  # ủy ban kiểm tra
    INSPECTION_CHAIR = "inspection_chair"  # chủ nhiệm ủy ban kiểm tra
    DELEGATES = "delegates"  # đại biểu dự đại hội cấp trên (chính thức + dự khuyết)
    OTHER = "other"


BODY_LABELS = {
    Body.COMMITTEE: "Ban Chấp hành",
    Body.STANDING_COMMITTEE: "Ban Thường vụ",
    Body.SECRETARY: "Bí thư",
    Body.DEPUTY_SECRETARY: "Phó Bí thư",
    Body.INSPECTION_COMMITTEE: "Ủy ban Kiểm tra",
    Body.INSPECTION_CHAIR: "Chủ nhiệm Ủy ban Kiểm tra",
    Body.DELEGATES: "Đại biểu dự Đại hội cấp trên",
    Body.OTHER: "Khác",
}


@dataclass(frozen=True)
class Candidate:
    """A person on the list. ``label`` is how the person is named in ballots CSV columns and
    results: the name, or ``Name (born)`` when two candidates share a name."""

    name: str
    born: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.name)


@dataclass(frozen=True)
class CommitteeMember:
    """A member of the counting committee (ban kiểm phiếu) and their role."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class Meeting:
    """Facts of the sitting, for the minutes (every field optional)."""

    place: str | None = None
    date: str | None = None
    present: int | None = None
    absent: int | None = None
    issued: int | None = None
    counting_committee: tuple[CommitteeMember, ...] = ()


class ElectedStatus(StrEnum):
    ELECTED = "elected"
    ALTERNATE = "alternate"


@dataclass(frozen=True)
class ElectedBefore:
    """Someone elected in an earlier round of the same election."""

    name: str
    round: int
    status: ElectedStatus = ElectedStatus.ELECTED


@dataclass(frozen=True)
class Election:
    """One election (one list, one kind of ballot), in one round."""

    id: str
    title: str
    body: Body
    seats: int
    rules: RuleSet
    candidates: tuple[Candidate, ...]  # in ballot order
    congress: str | None = None
    alternates: int = 0
    round: int = 1
    electorate: int | None = None
    meeting: Meeting = field(default_factory=Meeting)
    elected_before: tuple[ElectedBefore, ...] = ()

    @property
    def to_keep(self) -> int:
        """How many names a valid ballot may keep: seats plus alternates."""
        return self.seats + self.alternates

    @property
    def form(self) -> Form:
        """Strike form with a surplus; đồng ý / không đồng ý form without."""
        return Form.STRIKE if len(self.candidates) > self.to_keep else Form.APPROVE

    @property
    def labels(self) -> tuple[str, ...]:
        """Candidate labels in ballot order (the ballots CSV columns)."""
        return tuple(c.label for c in self.candidates)


FIELDS = (
    "id",
    "title",
    "congress",
    "body",
    "seats",
    "alternates",
    "round",
    "rules",
    "electorate",
    "candidates",
    "meeting",
    "elected_before",
)
REQUIRED = ("id", "title", "body", "seats", "rules", "candidates")
MEETING_FIELDS = ("place", "date", "present", "absent", "issued", "counting_committee")


def parse_election(data: Mapping[str, Any], source: str) -> Election:
    """Build an ``Election`` from the data of an election file named ``source``.

    Raises ``InputError`` naming ``source`` and the field for: a missing or unknown field, a bad
    id, seats ≤ 0, fewer candidates than places, duplicate names without distinct ``born``, an
    unknown rule set or setting, a rule set needing ``electorate`` without it, alternates on a
    body other than delegates, round < 1.
    """

    def where(name: str) -> Location:
        return Location(file=source, field=name)

    if not isinstance(data, Mapping):
        raise InputError("tệp bầu cử phải là một bảng (mapping) các trường", Location(file=source))
    for key in data:
        if key not in FIELDS:
            raise InputError(
                f"trường “{key}” không được biết (có: {', '.join(FIELDS)})", where(str(key))
            )
    for key in REQUIRED:
        if data.get(key) is None:
            raise InputError(f"thiếu trường bắt buộc “{key}”", where(key))

    election_id = data["id"]
    if not isinstance(election_id, str) or not ID_PATTERN.fullmatch(election_id):
        raise InputError(
            f"mã cuộc bầu “{election_id}” không hợp lệ: chỉ dùng chữ thường không dấu a–z, "
            "chữ số và dấu gạch ngang",
            where("id"),
        )
    title = _text(data["title"], where("title"))
    congress = _text(data["congress"], where("congress")) if data.get("congress") else None
    try:
        body = Body(data["body"])
    except ValueError:
        allowed = ", ".join(b.value for b in Body)
        raise InputError(
            f"loại cơ quan “{data['body']}” không hợp lệ (có: {allowed})", where("body")
        ) from None
    seats = _integer(data["seats"], where("seats"), minimum=0)
    alternates = _integer(data.get("alternates", 0), where("alternates"), minimum=0)
    round_no = _integer(data.get("round", 1), where("round"), minimum=1)
    if alternates and body is not Body.DELEGATES:
        raise InputError(
            "chỉ bầu đại biểu (body: delegates) mới có đại biểu dự khuyết", where("alternates")
        )
    # An alternates-only round (round 2 of a delegates' election whose official seats are
    # filled) has seats 0; every other election elects at least one person.
    alternates_only = body is Body.DELEGATES and round_no > 1 and alternates > 0
    if seats < 1 and not alternates_only:
        raise InputError(f"số lượng cần bầu phải ≥ 1 (đang là {seats})", where("seats"))

    rules = _rules(data["rules"], source)
    if rules.max_rounds is not None and round_no > rules.max_rounds:
        raise InputError(
            f"bộ quy tắc “{rules.name}” chỉ cho phép tối đa {rules.max_rounds} vòng bầu "
            f"(đang là vòng {round_no})",
            where("round"),
        )
    electorate: int | None = None
    if data.get("electorate") is not None:
        electorate = _integer(data["electorate"], where("electorate"), minimum=1)
    elif rules.needs_electorate:
        raise InputError(
            f"bộ quy tắc “{rules.name}” tính quá bán trên tổng số cử tri triệu tập: "
            "thiếu trường “electorate”",
            where("electorate"),
        )

    candidates = _candidates(data["candidates"], source)
    if len(candidates) < seats + alternates:
        raise InputError(
            f"danh sách có {len(candidates)} người, ít hơn số cần bầu ({seats + alternates})",
            where("candidates"),
        )
    meeting = _meeting(data.get("meeting"), source)
    elected_before = _elected_before(data.get("elected_before"), source, round_no, candidates)
    return Election(
        id=election_id,
        title=title,
        congress=congress,
        body=body,
        seats=seats,
        alternates=alternates,
        round=round_no,
        rules=rules,
        electorate=electorate,
        candidates=tuple(ballot_order(candidates)),
        meeting=meeting,
        elected_before=elected_before,
    )


def _text(value: object, where: Location, *, limit: int | None = None) -> str:
    """A printed text (title, congress, place…): no control or invisible character, at most
    ``limit`` characters (``names.MAX_TEXT`` by default), blanks collapsed."""
    if not isinstance(value, str) or not value.strip():
        raise InputError("phải là một chuỗi chữ không rỗng", where)
    problem = text_problem(value) if limit is None else text_problem(value, limit=limit)
    if problem is not None:
        raise InputError(problem, where)
    return normalize_name(value)


def _name(value: str, where: Location, *, label: bool = False) -> str:
    """A person's name (``names.name_problem``; ``label``: or ``Name (born)``), in NFC."""
    problem = label_problem(value) if label else name_problem(value)
    if problem is not None:
        raise InputError(f"tên “{printable(value)}” {problem}", where)
    return normalize_name(value)


def _date(value: object, where: Location) -> str:
    """The meeting's date: an existing day written ``YYYY-MM-DD`` (as the minutes read it)."""
    text = value.isoformat() if isinstance(value, dt.date) else value
    if not isinstance(text, str):
        raise InputError(f"ngày phải viết dạng YYYY-MM-DD (đang là {value!r})", where)
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise InputError(
            f"ngày “{printable(text)}” không có thật hoặc không viết dạng YYYY-MM-DD "
            "(ví dụ 2025-07-10)",
            where,
        ) from None


def _integer(value: object, where: Location, *, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(f"phải là số nguyên (đang là “{value}”)", where)
    if value < minimum:
        raise InputError(f"phải ≥ {minimum} (đang là {value})", where)
    return value


def _rules(value: object, source: str) -> RuleSet:
    if isinstance(value, str):
        return rule_set(value, source=source)
    if isinstance(value, Mapping):
        preset = value.get("preset")
        if not isinstance(preset, str):
            raise InputError(
                "thiếu “preset” (party, youth_union, trade_union, state)",
                Location(file=source, field="rules.preset"),
            )
        overrides = {k: v for k, v in value.items() if k != "preset"}
        return rule_set(preset, overrides, source=source)
    raise InputError(
        "phải là tên bộ quy tắc hoặc bảng {preset: ..., thiết lập: ...}",
        Location(file=source, field="rules"),
    )


def _candidates(value: object, source: str) -> list[Candidate]:
    if not isinstance(value, list) or not value:
        raise InputError(
            "phải là danh sách ứng cử viên không rỗng", Location(file=source, field="candidates")
        )
    people: list[tuple[str, int | None]] = []
    for index, item in enumerate(value):
        path = f"candidates[{index + 1}]"
        born: int | None = None
        if isinstance(item, str):
            raw_name: object = item
        elif isinstance(item, Mapping):
            for key in item:
                if key not in ("name", "born"):
                    raise InputError(
                        f"trường “{key}” không được biết (có: name, born)",
                        Location(file=source, field=f"{path}.{key}"),
                    )
            raw_name = item.get("name")
            if item.get("born") is not None:
                born = _integer(
                    item["born"], Location(file=source, field=f"{path}.born"), minimum=BORN_RANGE[0]
                )
                if born > BORN_RANGE[1]:
                    raise InputError(
                        f"năm sinh {born} không hợp lý",
                        Location(file=source, field=f"{path}.born"),
                    )
        else:
            raise InputError(
                "mỗi ứng cử viên là một tên, hoặc {name: ..., born: ...}",
                Location(file=source, field=path),
            )
        if not isinstance(raw_name, str) or not raw_name.strip():
            raise InputError("thiếu tên ứng cử viên", Location(file=source, field=f"{path}.name"))
        name_field = path if isinstance(item, str) else f"{path}.name"
        people.append((_name(raw_name, Location(file=source, field=name_field)), born))

    groups: dict[str, list[int]] = {}
    for index, (name, _born) in enumerate(people):
        groups.setdefault(name.casefold(), []).append(index)
    candidates: list[Candidate] = []
    for name, born in people:
        same = groups[name.casefold()]
        if len(same) == 1:
            candidates.append(Candidate(name, born))
            continue
        years = [people[i][1] for i in same]
        if None in years or len(set(years)) != len(years):
            rows = ", ".join(f"candidates[{i + 1}]" for i in same)
            raise InputError(
                f"tên “{name}” trùng nhau ({rows}) mà không có năm sinh khác nhau để phân biệt: "
                "thêm “born” cho từng người",
                Location(file=source, field=f"candidates[{same[1] + 1}]"),
            )
        candidates.append(Candidate(name, born, f"{name} ({born})"))
    return candidates


def _meeting(value: object, source: str) -> Meeting:
    if value is None:
        return Meeting()
    if not isinstance(value, Mapping):
        raise InputError("phải là một bảng", Location(file=source, field="meeting"))
    for key in value:
        if key not in MEETING_FIELDS:
            raise InputError(
                f"trường “{key}” không được biết (có: {', '.join(MEETING_FIELDS)})",
                Location(file=source, field=f"meeting.{key}"),
            )
    numbers: dict[str, int | None] = {}
    for key in ("present", "absent", "issued"):
        item = value.get(key)
        numbers[key] = (
            None
            if item is None
            else _integer(item, Location(file=source, field=f"meeting.{key}"), minimum=0)
        )
    texts: dict[str, str | None] = {}
    place, date = value.get("place"), value.get("date")
    texts["place"] = (
        None if place is None else _text(place, Location(file=source, field="meeting.place"))
    )
    texts["date"] = (
        None if date is None else _date(date, Location(file=source, field="meeting.date"))
    )
    committee: list[CommitteeMember] = []
    members = value.get("counting_committee") or []
    if not isinstance(members, list):
        raise InputError(
            "phải là danh sách {name, role}",
            Location(file=source, field="meeting.counting_committee"),
        )
    for index, member in enumerate(members):
        path = f"meeting.counting_committee[{index + 1}]"
        if isinstance(member, str):
            where_member = Location(file=source, field=path)
            committee.append(CommitteeMember(_text(member, where_member, limit=MAX_NAME)))
            continue
        if not isinstance(member, Mapping) or set(member) - {"name", "role"}:
            raise InputError("mỗi thành viên là {name, role}", Location(file=source, field=path))
        name = _text(
            member.get("name"), Location(file=source, field=f"{path}.name"), limit=MAX_NAME
        )
        role = member.get("role")
        committee.append(
            CommitteeMember(
                name, _text(role, Location(file=source, field=f"{path}.role")) if role else ""
            )
        )
    return Meeting(
        place=texts["place"],
        date=texts["date"],
        present=numbers["present"],
        absent=numbers["absent"],
        issued=numbers["issued"],
        counting_committee=tuple(committee),
    )


def _elected_before(
    value: object, source: str, round_no: int, candidates: list[Candidate]
) -> tuple[ElectedBefore, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError(
            "phải là danh sách {name, round}", Location(file=source, field="elected_before")
        )
    labels = {c.label for c in candidates}
    result: list[ElectedBefore] = []
    for index, item in enumerate(value):
        path = f"elected_before[{index + 1}]"
        if not isinstance(item, Mapping) or set(item) - {"name", "round", "status"}:
            raise InputError(
                "mỗi người là {name, round, status}", Location(file=source, field=path)
            )
        where_name = Location(file=source, field=f"{path}.name")
        name = _name(_text(item.get("name"), where_name), where_name, label=True)
        elected_round = _integer(
            item.get("round"), Location(file=source, field=f"{path}.round"), minimum=1
        )
        if elected_round >= round_no:
            raise InputError(
                f"vòng {elected_round} không phải vòng trước vòng {round_no}",
                Location(file=source, field=f"{path}.round"),
            )
        try:
            status = ElectedStatus(item.get("status", "elected"))
        except ValueError:
            raise InputError(
                "status phải là elected hoặc alternate",
                Location(file=source, field=f"{path}.status"),
            ) from None
        if name in labels:
            raise InputError(
                f"“{name}” đã trúng cử ở vòng trước, không thể là ứng cử viên vòng này",
                Location(file=source, field=f"{path}.name"),
            )
        result.append(ElectedBefore(name, elected_round, status))
    return tuple(result)


def election_to_dict(election: Election) -> dict[str, Any]:
    """The election file data (``formats.md``) of ``election``: the inverse of ``parse_election``.

    ``parse_election(election_to_dict(e), source) == e``. Keys come in the order of ``FIELDS``;
    optional fields at their default (no congress, no alternates, no meeting…) are left out,
    candidates are in ballot order, as a name or ``{name, born}``, and the rule set is its
    preset's name, or ``{preset, …}`` with only the settings that differ from the preset.
    """
    data: dict[str, Any] = {"id": election.id, "title": election.title}
    if election.congress:
        data["congress"] = election.congress
    data["body"] = election.body.value
    data["seats"] = election.seats
    if election.alternates:
        data["alternates"] = election.alternates
    data["round"] = election.round
    data["rules"] = _rules_data(election.rules)
    if election.electorate is not None:
        data["electorate"] = election.electorate
    data["candidates"] = [
        {"name": c.name, "born": c.born} if c.born is not None else c.name
        for c in election.candidates
    ]
    meeting = _meeting_data(election.meeting)
    if meeting:
        data["meeting"] = meeting
    if election.elected_before:
        data["elected_before"] = [
            {"name": e.name, "round": e.round, "status": e.status.value}
            for e in election.elected_before
        ]
    return data


def _rules_data(rules: RuleSet) -> str | dict[str, Any]:
    preset = PRESETS.get(rules.name)
    if preset == rules:
        return rules.name
    detail = rules_detail(rules)
    base = rules_detail(preset) if preset is not None else {}
    changed = {k: v for k, v in detail.items() if k != "preset" and base.get(k) != v}
    return {"preset": rules.name, **changed}


def _meeting_data(meeting: Meeting) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in ("place", "date", "present", "absent", "issued"):
        value = getattr(meeting, key)
        if value is not None:
            data[key] = value
    if meeting.counting_committee:
        data["counting_committee"] = [
            {"name": m.name, "role": m.role} if m.role else {"name": m.name}
            for m in meeting.counting_committee
        ]
    return data
