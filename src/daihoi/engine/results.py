"""The results JSON of ``formats.md`` (plus the extension keys of ``docs/architecture.md``).

``result_to_dict`` gives the plain data every counting command writes; ``result_from_dict`` reads
it back (for the minutes and the next round), refusing a file that is not a results file with a
message naming the file and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from daihoi.engine.election import (
    ElectedBefore,
    ElectedStatus,
    Election,
    Meeting,
    parse_election,
)
from daihoi.engine.errors import InputError, Location
from daihoi.engine.resultsfile import ResultsFile, read_results_file
from daihoi.engine.rules import rules_detail
from daihoi.engine.tally import (
    CandidateResult,
    Result,
    Status,
    TieGroup,
    check_result,
)

# Keys this module writes; anything else found when reading (a scanner's "readings") is kept
# in ``Result.extra`` and written back unchanged.
CORE_KEYS = (
    "election",
    "round",
    "rules",
    "ballots",
    "threshold",
    "candidates",
    "elected",
    "alternates",
    "outcome",
    "tied",
    "seats_unfilled",
)
EXTENSION_KEYS = (
    "title",
    "congress",
    "body",
    "form",
    "seats",
    "alternate_seats",
    "electorate",
    "meeting",
    "rules_detail",
    "rounds",
    "elected_before",
    "tie_groups",
    "alternate_seats_unfilled",
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

    The file is read by ``read_results_file``, the one reader of results files; the election is
    rebuilt from the extension keys. Raises ``InputError`` naming ``source`` and the field when
    the data is not a results file, lacks what is needed to rebuild the election, or does not
    add up.
    """
    stated = read_results_file(data, source)

    def where(name: str) -> Location:
        return Location(file=source, field=name)

    missing = [key for key in ("title", "body", "seats") if key not in data]
    if missing:
        raise InputError(
            "không phải tệp kết quả kiểm phiếu do daihoi ghi: thiếu "
            + ", ".join(f"“{key}”" for key in missing),
            where(missing[0]),
        )

    candidates: list[dict[str, Any]] = []
    for line in stated.candidates:
        name = line.name
        suffix = f" ({line.born})"
        if line.born is not None and name.endswith(suffix):
            name = name[: -len(suffix)]
        candidates.append(
            {"name": name, "born": line.born} if line.born is not None else {"name": name}
        )

    detail = data.get("rules_detail")
    rules_value: Any = stated.rules
    if isinstance(detail, Mapping):
        rules_value = {"preset": stated.rules, **{k: v for k, v in detail.items() if k != "preset"}}
    election_data: dict[str, Any] = {
        "id": stated.election,
        "title": data["title"],
        "body": data["body"],
        "seats": data["seats"],
        "alternates": data.get("alternate_seats") or 0,
        "round": stated.round_no,
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
    by_label: dict[str, CandidateResult] = {}
    for i, line in enumerate(stated.candidates):
        if line.name not in labels:  # cannot happen: labels are rebuilt from these names
            raise InputError("tên không khớp", where(f"candidates[{i}].name"))
        by_label[line.name] = CandidateResult(
            name=line.name,
            born=line.born,
            votes=line.votes,
            percent=Decimal(line.percent),
            status=line.status,
            elected_round=line.elected_round,
        )
    ordered = tuple(by_label[label] for label in election.labels)

    before = {e.name for e in election.elected_before}
    elected = tuple(
        n
        for n in stated.elected
        if n not in before and n in by_label and by_label[n].status is Status.ELECTED
    )
    alternates = tuple(
        n
        for n in stated.alternates
        if n not in before and n in by_label and by_label[n].status is Status.ALTERNATE
    )
    extra = {k: v for k, v in data.items() if k not in CORE_KEYS and k not in EXTENSION_KEYS}
    result = Result(
        election=election,
        counted=stated.counted,
        valid=stated.valid,
        invalid=stated.invalid,
        invalid_reasons=dict(stated.reasons),
        base=stated.base,
        votes_needed=stated.needed,
        candidates=ordered,
        elected=elected,
        alternates=alternates,
        outcome=stated.outcome,
        tie_groups=_tie_groups(stated, election),
        seats_unfilled=stated.seats_unfilled - stated.alternate_seats_unfilled,
        alternates_unfilled=stated.alternate_seats_unfilled,
        pending_review=stated.pending_review,
        extra=extra,
    )
    try:
        check_result(result)
    except AssertionError as exc:
        raise InputError(f"tệp kết quả không nhất quán: {exc}", where("ballots")) from None
    return result


def _tie_groups(stated: ResultsFile, election: Election) -> tuple[TieGroup, ...]:
    if stated.tie_groups is not None:
        return tuple(TieGroup(g.names, g.seats, g.alternates) for g in stated.tie_groups)
    if not stated.tied:
        return ()
    # A results file with only formats.md keys: the tied compete for the official seats left.
    elected = sum(1 for c in stated.candidates if c.status is Status.ELECTED)
    return (TieGroup(stated.tied, max(0, election.seats - elected), 0),)


def elected_before_of(result: Result) -> tuple[ElectedBefore, ...]:
    """Everyone elected up to and including this round, for the next round's file."""
    now = tuple(
        ElectedBefore(name, result.election.round, ElectedStatus.ELECTED) for name in result.elected
    ) + tuple(
        ElectedBefore(name, result.election.round, ElectedStatus.ALTERNATE)
        for name in result.alternates
    )
    return result.election.elected_before + now
