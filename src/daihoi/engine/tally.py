"""Validity, tally and winners (kiểm phiếu).

``judge_ballot`` decides one ballot; ``count_election`` (``Ballot`` objects) and ``count_grid``
(a compact ``MarkGrid``) count a whole election and decide who is elected. Both counts apply the
same rules as ``judge_ballot``; the grid count does it column-wise so that 100,000 hand-entered
ballots cost little more than reading them.

Winners: a candidate needs strictly more than half of the base (``votes * 2 > base``); among
those, the highest votes take the seats. Delegates fill official seats first, then alternates.
When a group with equal votes straddles a cutoff (the last official seat, or the last alternate
seat), its members are ``tied`` and must be voted again; those clearly above are elected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import compress, count, groupby, repeat
from typing import Any

from daihoi.engine.ballot import (
    FORM_CODES,
    FORM_MARKS,
    Ballot,
    Form,
    MarkGrid,
    Verdict,
    VerdictStatus,
    grid_from_ballots,
)
from daihoi.engine.batches import BatchTotals, add_totals, totals_problems
from daihoi.engine.election import ElectedStatus, Election
from daihoi.engine.errors import InputError, Location
from daihoi.engine.reasons import NONE_KEPT, TOO_MANY_KEPT, UNCLEAR_ROW
from daihoi.engine.rules import ThresholdBase, UnclearRow


class Status(StrEnum):
    """A candidate's status after a round."""

    ELECTED = "elected"
    ALTERNATE = "alternate"
    TIED = "tied"
    NOT_ELECTED = "not_elected"


class Outcome(StrEnum):
    """The outcome of a round."""

    COMPLETE = "complete"  # every seat filled
    TIE = "tie"  # candidates tie for the last seat(s): vote again among them
    SHORT = "short"  # too few above the line: seats left unfilled
    PENDING_REVIEW = "pending_review"  # ballots await the committee: nothing is announced


OUTCOME_LABELS = {
    Outcome.COMPLETE: "Đã bầu đủ số lượng",
    Outcome.TIE: "Có người bằng phiếu nhau ở vị trí cuối: phải bầu lại giữa những người này",
    Outcome.SHORT: "Chưa bầu đủ số lượng: có chỗ không ai đạt quá bán",
    Outcome.PENDING_REVIEW: "Còn phiếu chờ Ban kiểm phiếu quyết định: chưa công bố kết quả",
}
STATUS_LABELS = {
    Status.ELECTED: "Trúng cử",
    Status.ALTERNATE: "Dự khuyết",
    Status.TIED: "Bằng phiếu",
    Status.NOT_ELECTED: "Không trúng cử",
}


@dataclass(frozen=True)
class CandidateResult:
    """One candidate's line in the result (in ballot order)."""

    name: str  # the label: the name, or ``Name (born)`` for namesakes
    born: int | None
    votes: int
    percent: Decimal  # of the threshold base, 2 decimals, rounded half up
    status: Status
    elected_round: int | None = None


@dataclass(frozen=True)
class TieGroup:
    """Candidates with equal votes straddling a cutoff, and the places they compete for."""

    names: tuple[str, ...]
    seats: int  # official places still open among them
    alternates: int  # alternate places among them


@dataclass(frozen=True)
class Result:
    """The result of one round of one election."""

    election: Election
    counted: int
    valid: int
    invalid: int
    invalid_reasons: Mapping[str, int]
    base: int
    votes_needed: int
    candidates: tuple[CandidateResult, ...]
    elected: tuple[str, ...]  # this round, in order of votes
    alternates: tuple[str, ...]  # this round, in order of votes
    outcome: Outcome
    tie_groups: tuple[TieGroup, ...] = ()
    seats_unfilled: int = 0  # official seats left empty
    alternates_unfilled: int = 0  # alternate seats left empty
    pending_review: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)  # e.g. a scanner's "readings"

    @property
    def tied(self) -> tuple[str, ...]:
        return tuple(name for group in self.tie_groups for name in group.names)

    @property
    def all_elected(self) -> tuple[str, ...]:
        """Everyone elected (official) across rounds: earlier rounds first."""
        before = tuple(
            e.name for e in self.election.elected_before if e.status is ElectedStatus.ELECTED
        )
        return before + self.elected

    @property
    def all_alternates(self) -> tuple[str, ...]:
        before = tuple(
            e.name for e in self.election.elected_before if e.status is ElectedStatus.ALTERNATE
        )
        return before + self.alternates


def _vote_bits(form: Form) -> bytes:
    # A bytes.translate table: the form's vote code to 1, its other codes to 0, anything else
    # to 2 (a grid that is not of this form).
    vote = "K" if form is Form.STRIKE else "A"
    codes = FORM_CODES[form]
    return bytes(1 if chr(b) == vote else 0 if chr(b) in codes else 2 for b in range(256))


_VOTE_BITS = {form: _vote_bits(form) for form in Form}


def _column_votes(bits: bytes, width: int) -> list[int]:
    """Votes per column of rows of ``width`` 0/1 bytes laid end to end: column j is every
    width-th byte from j, and its 1s are counted as the set bits of one integer (in C, with no
    branch per ballot)."""
    return [int.from_bytes(bits[j::width], "little").bit_count() for j in range(width)]


def percent_of(votes: int, base: int) -> Decimal:
    """``votes`` as a percentage of ``base`` with 2 decimals, rounded half up, exactly
    (``0.00`` when the base is 0)."""
    if base <= 0:
        return Decimal("0.00")
    return _exact_percent(votes, base)


def _exact_percent(votes: int, base: int) -> Decimal:
    # Hundredths of a percent, rounded half up in integers: no binary fractions anywhere.
    hundredths, remainder = divmod(votes * 10000, base)
    if remainder * 2 >= base:
        hundredths += 1
    return (Decimal(hundredths) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def votes_needed(base: int) -> int:
    """The fewest votes that are strictly more than half of ``base``."""
    return base // 2 + 1


def judge_ballot(election: Election, ballot: Ballot) -> Verdict:
    """Decide one ballot: valid (and whom it gives a vote to), or invalid with a reason code."""
    row = _row_of(election, ballot)
    reason = _judge_row(election, row, ballot.ruling)
    if reason is not None:
        return Verdict(ballot.id, VerdictStatus.INVALID, reason)
    vote = "K" if election.form is Form.STRIKE else "A"
    votes = tuple(label for label, code in zip(election.labels, row, strict=True) if code == vote)
    return Verdict(ballot.id, VerdictStatus.VALID, None, votes)


def _row_of(election: Election, ballot: Ballot) -> str:
    """The code string of ``ballot`` in ballot order, checking its marks fit the election."""
    allowed = FORM_MARKS[election.form]
    where = Location(field=f"phiếu {ballot.id}")
    unknown = sorted(set(ballot.marks) - set(election.labels))
    if unknown:
        raise InputError(f"phiếu có tên không có trong danh sách: {', '.join(unknown)}", where)
    codes: list[str] = []
    for label in election.labels:
        mark = ballot.marks.get(label)
        if mark is None:
            raise InputError(f"phiếu thiếu dấu cho “{label}”", where)
        if mark not in allowed:
            raise InputError(
                f"dấu “{mark.value}” không dùng trên mẫu phiếu {election.form.value} "
                f"(ứng cử viên “{label}”)",
                where,
            )
        codes.append(mark.code)
    return "".join(codes)


def _judge_row(election: Election, row: str, ruling: str | None) -> str | None:
    """The invalid reason of one ballot (codes in any column order), or None when valid."""
    if ruling:
        return ruling
    rules = election.rules
    if election.form is Form.STRIKE:
        kept = row.count("K")
        if kept > election.to_keep:
            return TOO_MANY_KEPT
        if kept == 0 and NONE_KEPT in rules.invalid_reasons:
            return NONE_KEPT
        return None
    if rules.approve_unclear_row is UnclearRow.INVALID and ("B" in row or "N" in row):
        return UNCLEAR_ROW
    if row.count("A") > election.to_keep:
        return TOO_MANY_KEPT
    return None


def count_election(
    election: Election,
    ballots: Iterable[Ballot],
    *,
    pending_review: int = 0,
    totals: Sequence[BatchTotals] = (),
) -> Result:
    """Count ``ballots`` and decide the round. ``pending_review`` is the number of ballots that
    still await the counting committee: while it is above 0 no winner is announced. ``totals``
    are batches counted by hand whose totals alone were entered: added to the ballots' count."""
    papers = list(ballots)
    seen: set[str] = set()
    for ballot in papers:
        if ballot.id in seen:
            raise InputError(f"mã phiếu “{ballot.id}” lặp lại", Location(field="ballot"))
        seen.add(ballot.id)
        _row_of(election, ballot)  # refuses marks that do not fit the election
    grid = grid_from_ballots(election.labels, papers)
    return count_grid(election, grid, pending_review=pending_review, totals=totals)


def count_grid(
    election: Election,
    grid: MarkGrid,
    *,
    pending_review: int = 0,
    totals: Sequence[BatchTotals] = (),
) -> Result:
    """Count a ``MarkGrid`` (the same rules as ``judge_ballot``, column-wise) and decide;
    ``totals`` of batches counted by hand are added (each must pass
    ``batches.totals_problems``, or ``InputError`` names the batch and what is wrong)."""
    if sorted(grid.columns) != sorted(election.labels):
        raise InputError(
            "các cột phiếu không khớp danh sách ứng cử viên", Location(field="candidates")
        )
    if pending_review < 0:
        raise ValueError("pending_review must be ≥ 0")
    allowed = FORM_CODES[election.form]
    width = len(grid.columns)
    reasons: dict[str, int] = {}
    invalid_rows: list[int] = []
    rulings = grid.rulings
    strike = election.form is Form.STRIKE
    to_keep = election.to_keep
    none_kept = NONE_KEPT in election.rules.invalid_reasons
    rows = grid.rows
    joined = "".join(rows)
    bits = joined.encode("ascii").translate(_VOTE_BITS[election.form]) if joined.isascii() else b""
    if set(map(len, rows)) - {width} or len(bits) != len(joined) or b"\x02" in bits:
        raise ValueError(f"the grid has rows not of {width} codes from {allowed!r}")
    if strike and not rulings:
        # The common case (hand entry, no committee rulings) without a Python-level branch
        # per ballot: count kept names per row in C; valid rows keep 1..to_keep names.
        kept_counts = list(map(str.count, rows, repeat("K")))
        low = 1 if none_kept else 0
        tally_of_kept = Counter(kept_counts)
        bad = {kept for kept in tally_of_kept if not low <= kept <= to_keep}
        if bad:
            invalid_rows = list(compress(count(), map(bad.__contains__, kept_counts)))
        too_many = sum(c for kept, c in tally_of_kept.items() if kept > to_keep)
        if too_many:
            reasons[TOO_MANY_KEPT] = too_many
        if none_kept and tally_of_kept.get(0):
            reasons[NONE_KEPT] = tally_of_kept[0]
    else:
        for index, row in enumerate(rows):
            reason = _judge_row(election, row, rulings.get(index))
            if reason is not None:
                invalid_rows.append(index)
                reasons[reason] = reasons.get(reason, 0) + 1

    # Votes of every row, less those of the invalid ones (few, as a rule).
    votes = _column_votes(bits, width)
    if invalid_rows:
        invalid_bits = b"".join(bits[i * width : (i + 1) * width] for i in invalid_rows)
        votes = [v - w for v, w in zip(votes, _column_votes(invalid_bits, width), strict=True)]
    column_votes = dict(zip(grid.columns, votes, strict=True))
    valid = len(rows) - len(invalid_rows)
    invalid = len(invalid_rows)
    if totals:
        _check_totals(election, totals)
        added = add_totals(totals)
        valid += added.valid
        invalid += added.invalid
        for code, n in added.invalid_reasons.items():
            if n:
                reasons[code] = reasons.get(code, 0) + n
        for name, n in added.votes.items():
            column_votes[name] += n
    counted = valid + invalid
    _check_counts_fit(election, counted)
    base = _base(election, counted, valid)
    order = {code: i for i, code in enumerate(election.rules.reason_codes())}
    invalid_reasons = dict(sorted(reasons.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])))
    result = _decide(
        election,
        counted=counted,
        valid=valid,
        invalid=invalid,
        invalid_reasons=invalid_reasons,
        base=base,
        votes=column_votes,
        pending_review=pending_review,
    )
    check_result(result)
    return result


def _check_totals(election: Election, totals: Sequence[BatchTotals]) -> None:
    for item in totals:
        problems = totals_problems(election, item)
        if problems:
            raise InputError("; ".join(problems), Location(field=f"tệp {item.batch}"))


def totals_of_ballots(
    election: Election, ballots: Iterable[Ballot], batch: str = ""
) -> BatchTotals:
    """The totals of ``ballots`` as ``judge_ballot`` decides each (a batch's running totals,
    and what typed totals are checked against)."""
    collected = valid = 0
    reasons: dict[str, int] = {}
    votes = dict.fromkeys(election.labels, 0)
    for ballot in ballots:
        collected += 1
        verdict = judge_ballot(election, ballot)
        if verdict.valid:
            valid += 1
            for name in verdict.votes:
                votes[name] += 1
        else:
            assert verdict.reason is not None
            reasons[verdict.reason] = reasons.get(verdict.reason, 0) + 1
    return BatchTotals(batch, collected, valid, reasons, votes)


def _check_counts_fit(election: Election, counted: int) -> None:
    if election.electorate is not None and counted > election.electorate:
        raise InputError(
            f"số phiếu thu vào ({counted}) nhiều hơn số cử tri triệu tập ({election.electorate})",
            Location(field="electorate"),
        )
    issued = election.meeting.issued
    if issued is not None and counted > issued:
        raise InputError(
            f"số phiếu thu vào ({counted}) nhiều hơn số phiếu phát ra ({issued})",
            Location(field="meeting.issued"),
        )


def _base(election: Election, counted: int, valid: int) -> int:
    kind = election.rules.threshold_base
    if kind is ThresholdBase.ELECTORATE:
        if election.electorate is None:
            raise InputError("thiếu trường “electorate”", Location(field="electorate"))
        return election.electorate
    if kind is ThresholdBase.COLLECTED:
        return counted
    return valid


def _decide(
    election: Election,
    *,
    counted: int,
    valid: int,
    invalid: int,
    invalid_reasons: dict[str, int],
    base: int,
    votes: Mapping[str, int],
    pending_review: int,
) -> Result:
    needed = votes_needed(base)
    ballot_index = {label: i for i, label in enumerate(election.labels)}
    status = {label: Status.NOT_ELECTED for label in election.labels}
    tie_groups: list[TieGroup] = []
    seats, total = election.seats, election.to_keep
    eligible = sorted(
        (label for label in election.labels if votes[label] >= needed),
        key=lambda label: (-votes[label], ballot_index[label]),
    )
    if pending_review == 0:
        position = 0
        for _, members in groupby(eligible, key=lambda label: votes[label]):
            group = list(members)
            start, end = position, position + len(group)
            position = end
            if start >= total:
                break
            if end <= seats:
                place = Status.ELECTED
            elif start >= seats and end <= total:
                place = Status.ALTERNATE
            else:
                # The group straddles a cutoff: the tied vote again for the places they reach.
                place = Status.TIED
                tie_groups.append(
                    TieGroup(
                        names=tuple(group),
                        seats=max(0, min(end, seats) - start),
                        alternates=max(0, min(end, total) - max(start, seats)),
                    )
                )
            for label in group:
                status[label] = place
    filled = min(len(eligible), total)
    seats_unfilled = max(0, seats - filled) if pending_review == 0 else 0
    alternates_unfilled = (
        max(0, election.alternates - max(0, filled - seats)) if pending_review == 0 else 0
    )
    if pending_review:
        outcome = Outcome.PENDING_REVIEW
    elif tie_groups:
        outcome = Outcome.TIE
    elif seats_unfilled or alternates_unfilled:
        outcome = Outcome.SHORT
    else:
        outcome = Outcome.COMPLETE

    def in_vote_order(place: Status) -> tuple[str, ...]:
        return tuple(label for label in eligible if status[label] is place)

    by_label = {c.label: c for c in election.candidates}
    lines = tuple(
        CandidateResult(
            name=label,
            born=by_label[label].born,
            votes=votes[label],
            percent=percent_of(votes[label], base),
            status=status[label],
            elected_round=(
                election.round if status[label] in (Status.ELECTED, Status.ALTERNATE) else None
            ),
        )
        for label in election.labels
    )
    return Result(
        election=election,
        counted=counted,
        valid=valid,
        invalid=invalid,
        invalid_reasons=invalid_reasons,
        base=base,
        votes_needed=needed,
        candidates=lines,
        elected=in_vote_order(Status.ELECTED),
        alternates=in_vote_order(Status.ALTERNATE),
        outcome=outcome,
        tie_groups=tuple(tie_groups),
        seats_unfilled=seats_unfilled,
        alternates_unfilled=alternates_unfilled,
        pending_review=pending_review,
    )


def check_result(result: Result) -> None:
    """Raise ``AssertionError`` if the arithmetic of ``result`` does not hold (a bug in a count;
    bad input when a results file is read back, so the messages are for users): counted = valid + invalid, reasons add up, nobody above valid, seats respected."""
    problems: list[str] = []
    if result.counted != result.valid + result.invalid:
        problems.append("số phiếu kiểm khác tổng phiếu hợp lệ và không hợp lệ")
    if sum(result.invalid_reasons.values()) != result.invalid:
        problems.append("số phiếu theo từng lý do không hợp lệ không cộng đúng")
    for line in result.candidates:
        if not 0 <= line.votes <= result.valid:
            problems.append(f"{line.name} có {line.votes} phiếu trên {result.valid} phiếu hợp lệ")
    total_votes = sum(line.votes for line in result.candidates)
    if total_votes > result.valid * result.election.to_keep:
        problems.append("tổng số phiếu bầu vượt quá số mà các phiếu hợp lệ có thể cho")
    if len(result.elected) > result.election.seats:
        problems.append("số người trúng cử nhiều hơn số cần bầu")
    if len(result.alternates) > result.election.alternates:
        problems.append("số đại biểu dự khuyết nhiều hơn số cần bầu")
    for line in result.candidates:
        if line.status in (Status.ELECTED, Status.ALTERNATE) and line.votes < result.votes_needed:
            problems.append(f"{line.name} trúng cử dù không quá nửa")
    if problems:
        raise AssertionError("; ".join(problems))


def ballot_rows_in_order(grid: MarkGrid, labels: Sequence[str]) -> list[str]:
    """The grid's rows with columns rearranged to ``labels`` (used to compare entries)."""
    index = [grid.columns.index(label) for label in labels]
    return ["".join(row[i] for i in index) for row in grid.rows]
