"""The results JSON of ``formats.md`` (plus the extension keys of ``docs/architecture.md``).

``result_to_dict`` gives the plain data every counting command writes; ``result_from_dict`` reads
it back (for the minutes and the next round), refusing a file that is not a results file with a
message naming the file and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from daihoi.engine.election import (
    ElectedBefore,
    ElectedStatus,
    Election,
    Meeting,
    parse_election,
)
from daihoi.engine.errors import InputError, Location
from daihoi.engine.rules import rules_detail
from daihoi.engine.tally import (
    CandidateResult,
    Outcome,
    Result,
    Status,
    TieGroup,
    check_result,
)

# Keys this module writes; anything else found when reading (a scanner's "readings") is kept
# in ``Result.extra`` and written back unchanged.
CORE_KEYS = (
    "election", "round", "rules", "ballots", "threshold", "candidates", "elected", "alternates",
    "outcome", "tied", "seats_unfilled",
)
EXTENSION_KEYS = (
    "title", "congress", "body", "form", "seats", "alternate_seats", "electorate", "meeting",
    "rules_detail", "rounds", "elected_before", "tie_groups", "alternate_seats_unfilled",
)


def result_to_dict(result: Result) -> dict[str, Any]:
    """The results JSON data of ``result`` (keys in the order of ``formats.md``)."""
    election = result.election
    data: dict[str, Any] = {
        "election": election.id,
        "round": election.round,
        "rules": election.rules.name,
        "ballots": {
            "counted": result.counted,
            "valid": result.valid,
            "invalid": result.invalid,
            "invalid_reasons": dict(result.invalid_reasons),
            "pending_review": result.pending_review,
        },
        "threshold": {
            "base": result.base,
            "votes_needed": result.votes_needed,
            "of": election.rules.threshold_base.value,
        },
        "candidates": [
            {
                "name": line.name,
                "born": line.born,
                "votes": line.votes,
                "percent": str(line.percent),
                "status": line.status.value,
                "elected_round": line.elected_round,
            }
            for line in result.candidates
        ],
        "elected": list(result.all_elected),
        "alternates": list(result.all_alternates),
        "outcome": result.outcome.value,
        "tied": list(result.tied),
        "seats_unfilled": result.seats_unfilled + result.alternates_unfilled,
        "title": election.title,
        "congress": election.congress,
        "body": election.body.value,
        "form": election.form.value,
        "seats": election.seats,
        "alternate_seats": election.alternates,
        "electorate": election.electorate,
        "meeting": _meeting_to_dict(election.meeting),
        "rules_detail": rules_detail(election.rules),
        "rounds": _rounds(result),
        "elected_before": [
            {"name": e.name, "round": e.round, "status": e.status.value}
            for e in election.elected_before
        ],
        "tie_groups": [
            {"names": list(g.names), "seats": g.seats, "alternates": g.alternates}
            for g in result.tie_groups
        ],
        "alternate_seats_unfilled": result.alternates_unfilled,
    }
    for key, value in result.extra.items():
        data.setdefault(key, value)
    return data


def _meeting_to_dict(meeting: Meeting) -> dict[str, Any]:
    return {
        "place": meeting.place,
        "date": meeting.date,
        "present": meeting.present,
        "absent": meeting.absent,
        "issued": meeting.issued,
        "counting_committee": [
            {"name": m.name, "role": m.role} for m in meeting.counting_committee
        ],
    }


def _rounds(result: Result) -> list[dict[str, Any]]:
    """Who was elected in which round, earlier rounds first, this round last."""
    rounds: dict[int, dict[str, Any]] = {}
    for before in result.election.elected_before:
        entry = rounds.setdefault(
            before.round, {"round": before.round, "elected": [], "alternates": []}
        )
        key = "elected" if before.status is ElectedStatus.ELECTED else "alternates"
        entry[key].append(before.name)
    this_round = result.election.round
    rounds[this_round] = {
        "round": this_round,
        "elected": list(result.elected),
        "alternates": list(result.alternates),
    }
    return [rounds[k] for k in sorted(rounds)]


def result_from_dict(data: Mapping[str, Any], source: str) -> Result:
    """Read results JSON data (as written by ``result_to_dict``) back into a ``Result``.

    Raises ``InputError`` naming ``source`` and the field when the data is not a results file,
    lacks what is needed to rebuild the election, or does not add up.
    """

    def where(name: str) -> Location:
        return Location(file=source, field=name)

    if not isinstance(data, Mapping):
        raise InputError("không phải tệp kết quả kiểm phiếu (cần một bảng JSON)", where("$"))
    missing = [key for key in (*CORE_KEYS, "title", "body", "seats") if key not in data]
    if missing:
        raise InputError(
            "không phải tệp kết quả kiểm phiếu do daihoi ghi: thiếu "
            + ", ".join(f"“{key}”" for key in missing),
            where(missing[0]),
        )
    ballots = _mapping(data["ballots"], where("ballots"))
    threshold = _mapping(data["threshold"], where("threshold"))
    lines_data = data["candidates"]
    if not isinstance(lines_data, list) or not lines_data:
        raise InputError("phải là danh sách ứng cử viên không rỗng", where("candidates"))
    lines_maps = [
        _mapping(item, where(f"candidates[{i + 1}]")) for i, item in enumerate(lines_data)
    ]

    candidates: list[dict[str, Any]] = []
    for i, line in enumerate(lines_maps):
        label = line.get("name")
        if not isinstance(label, str):
            raise InputError("thiếu tên", where(f"candidates[{i + 1}].name"))
        born = line.get("born")
        name = label
        suffix = f" ({born})"
        if born is not None and label.endswith(suffix):
            name = label[: -len(suffix)]
        candidates.append({"name": name, "born": born} if born is not None else {"name": name})

    detail = data.get("rules_detail")
    rules_value: Any = data["rules"]
    if isinstance(detail, Mapping):
        rules_value = {"preset": data["rules"], **{k: v for k, v in detail.items() if k != "preset"}}
    election_data: dict[str, Any] = {
        "id": data["election"],
        "title": data["title"],
        "body": data["body"],
        "seats": data["seats"],
        "alternates": data.get("alternate_seats") or 0,
        "round": data["round"],
        "rules": rules_value,
        "electorate": data.get("electorate"),
        "candidates": candidates,
    }
    if data.get("congress"):
        election_data["congress"] = data["congress"]
    meeting = data.get("meeting")
    if isinstance(meeting, Mapping):
        election_data["meeting"] = {k: v for k, v in meeting.items() if v not in (None, [])}
    if data.get("elected_before"):
        election_data["elected_before"] = data["elected_before"]
    election = parse_election(election_data, source)

    labels = set(election.labels)
    lines: list[CandidateResult] = []
    by_label: dict[str, CandidateResult] = {}
    for i, line in enumerate(lines_maps):
        path = f"candidates[{i + 1}]"
        label = line["name"] if line["name"] in labels else None
        if label is None:  # cannot happen: labels are rebuilt from these names
            raise InputError("tên không khớp", where(f"{path}.name"))
        try:
            percent = Decimal(str(line.get("percent")))
        except InvalidOperation:
            raise InputError("tỉ lệ phần trăm không hợp lệ", where(f"{path}.percent")) from None
        entry = CandidateResult(
            name=label,
            born=line.get("born"),
            votes=_count(line.get("votes"), where(f"{path}.votes")),
            percent=percent,
            status=_enum(Status, line.get("status"), where(f"{path}.status")),
            elected_round=line.get("elected_round"),
        )
        lines.append(entry)
        by_label[label] = entry
    ordered = tuple(by_label[label] for label in election.labels)

    before = {e.name for e in election.elected_before}
    elected = tuple(
        n for n in _names(data["elected"], where("elected"))
        if n not in before and by_label.get(n) and by_label[n].status is Status.ELECTED
    )
    alternates = tuple(
        n for n in _names(data["alternates"], where("alternates"))
        if n not in before and by_label.get(n) and by_label[n].status is Status.ALTERNATE
    )
    tie_groups = _tie_groups(data, election, where)
    unfilled_total = _count(data["seats_unfilled"], where("seats_unfilled"))
    alternates_unfilled = _count(
        data.get("alternate_seats_unfilled", 0), where("alternate_seats_unfilled")
    )
    reasons = _mapping(ballots.get("invalid_reasons", {}), where("ballots.invalid_reasons"))
    extra = {k: v for k, v in data.items() if k not in CORE_KEYS and k not in EXTENSION_KEYS}
    result = Result(
        election=election,
        counted=_count(ballots.get("counted"), where("ballots.counted")),
        valid=_count(ballots.get("valid"), where("ballots.valid")),
        invalid=_count(ballots.get("invalid"), where("ballots.invalid")),
        invalid_reasons={
            str(k): _count(v, where(f"ballots.invalid_reasons.{k}")) for k, v in reasons.items()
        },
        base=_count(threshold.get("base"), where("threshold.base")),
        votes_needed=_count(threshold.get("votes_needed"), where("threshold.votes_needed")),
        candidates=ordered,
        elected=elected,
        alternates=alternates,
        outcome=_enum(Outcome, data["outcome"], where("outcome")),
        tie_groups=tie_groups,
        seats_unfilled=unfilled_total - alternates_unfilled,
        alternates_unfilled=alternates_unfilled,
        pending_review=_count(ballots.get("pending_review", 0), where("ballots.pending_review")),
        extra=extra,
    )
    try:
        check_result(result)
    except AssertionError as exc:
        raise InputError(f"tệp kết quả không nhất quán: {exc}", where("ballots")) from None
    return result


def _tie_groups(
    data: Mapping[str, Any], election: Election, where: Any
) -> tuple[TieGroup, ...]:
    groups = data.get("tie_groups")
    if isinstance(groups, list):
        result: list[TieGroup] = []
        for i, item in enumerate(groups):
            group = _mapping(item, where(f"tie_groups[{i + 1}]"))
            result.append(
                TieGroup(
                    names=tuple(_names(group.get("names"), where(f"tie_groups[{i + 1}].names"))),
                    seats=_count(group.get("seats", 0), where(f"tie_groups[{i + 1}].seats")),
                    alternates=_count(
                        group.get("alternates", 0), where(f"tie_groups[{i + 1}].alternates")
                    ),
                )
            )
        return tuple(result)
    tied = _names(data.get("tied", []), where("tied"))
    if not tied:
        return ()
    # A results file with only formats.md keys: the tied compete for the official seats left.
    statuses = data.get("candidates", [])
    elected = sum(1 for c in statuses if isinstance(c, Mapping) and c.get("status") == "elected")
    return (TieGroup(tuple(tied), max(0, election.seats - elected), 0),)


def elected_before_of(result: Result) -> tuple[ElectedBefore, ...]:
    """Everyone elected up to and including this round, for the next round's file."""
    now = tuple(
        ElectedBefore(name, result.election.round, ElectedStatus.ELECTED)
        for name in result.elected
    ) + tuple(
        ElectedBefore(name, result.election.round, ElectedStatus.ALTERNATE)
        for name in result.alternates
    )
    return result.election.elected_before + now


def _mapping(value: object, where: Location) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError("phải là một bảng", where)
    return value


def _count(value: object, where: Location) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"phải là số nguyên ≥ 0 (đang là “{value}”)", where)
    return value


def _names(value: object, where: Location) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError("phải là danh sách tên", where)
    return list(value)


def _enum(kind: type[Status] | type[Outcome], value: object, where: Location) -> Any:
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    allowed = ", ".join(m.value for m in kind)
    raise InputError(f"giá trị “{value}” không hợp lệ (có: {allowed})", where)
