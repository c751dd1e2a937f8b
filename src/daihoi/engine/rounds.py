"""Further rounds (bầu lại / bầu bổ sung) after a tie or a short result.

``next_round`` turns the result of one round into the election data of the next: after a tie,
the tied candidates for the places they compete for; after a short result, the candidates not
elected for the seats left unfilled (the congress may add names by editing the file). Everyone
elected so far is carried in ``elected_before`` so that the final result lists them all.
"""

from __future__ import annotations

from typing import Any

from daihoi.engine.errors import InputError, Location
from daihoi.engine.results import elected_before_of
from daihoi.engine.rules import PRESETS, rules_detail
from daihoi.engine.tally import Outcome, Result, Status


def next_round(result: Result, *, source: str | None = None) -> dict[str, Any]:
    """The election file data (``formats.md``) of the round after ``result``.

    Raises ``InputError`` when there is nothing to vote again on (outcome ``complete``), when
    ballots still await review, or when the rule set's round limit is reached.
    """
    election = result.election
    where = Location(file=source, field="outcome")
    if result.outcome is Outcome.COMPLETE:
        raise InputError("đã bầu đủ số lượng: không có vòng bầu tiếp theo", where)
    if result.outcome is Outcome.PENDING_REVIEW:
        raise InputError(
            f"còn {result.pending_review} phiếu chờ Ban kiểm phiếu quyết định: "
            "phải có kết quả vòng này trước khi bầu vòng sau",
            where,
        )
    limit = election.rules.max_rounds
    if limit is not None and election.round >= limit:
        raise InputError(
            f"bộ quy tắc “{election.rules.name}” chỉ cho phép tối đa {limit} vòng bầu; "
            f"đây là vòng {election.round}",
            Location(file=source, field="round"),
        )
    by_label = {c.label: c for c in election.candidates}
    if result.outcome is Outcome.TIE:
        # The highest tie first; a second tie (delegates only: one at each cutoff) is settled
        # by the round after, once this one is known.
        group = result.tie_groups[0]
        names = list(group.names)
        seats, alternates = group.seats, group.alternates
    else:
        names = [line.name for line in result.candidates if line.status is Status.NOT_ELECTED]
        seats, alternates = result.seats_unfilled, result.alternates_unfilled
    data: dict[str, Any] = {"id": election.id, "title": election.title}
    if election.congress:
        data["congress"] = election.congress
    data["body"] = election.body.value
    data["seats"] = seats
    if election.alternates or alternates:
        data["alternates"] = alternates
    data["round"] = election.round + 1
    data["rules"] = _rules_data(result)
    if election.electorate is not None:
        data["electorate"] = election.electorate
    data["candidates"] = [
        {"name": by_label[n].name, "born": by_label[n].born}
        if by_label[n].born is not None
        else by_label[n].name
        for n in names
    ]
    meeting = _meeting_data(result)
    if meeting:
        data["meeting"] = meeting
    data["elected_before"] = [
        {"name": e.name, "round": e.round, "status": e.status.value}
        for e in elected_before_of(result)
    ]
    return data


def _rules_data(result: Result) -> str | dict[str, Any]:
    rules = result.election.rules
    preset = PRESETS.get(rules.name)
    if preset == rules:
        return rules.name
    detail = rules_detail(rules)
    base = rules_detail(preset) if preset else {}
    changed = {k: v for k, v in detail.items() if k != "preset" and base.get(k) != v}
    return {"preset": rules.name, **changed}


def _meeting_data(result: Result) -> dict[str, Any]:
    # The next round is held at the same sitting: place, date, presence and the counting
    # committee carry over; ballots issued do not (a new set is handed out).
    meeting = result.election.meeting
    data: dict[str, Any] = {}
    if meeting.place:
        data["place"] = meeting.place
    if meeting.date:
        data["date"] = meeting.date
    if meeting.present is not None:
        data["present"] = meeting.present
    if meeting.absent is not None:
        data["absent"] = meeting.absent
    if meeting.counting_committee:
        data["counting_committee"] = [
            {"name": m.name, "role": m.role} if m.role else {"name": m.name}
            for m in meeting.counting_committee
        ]
    return data
