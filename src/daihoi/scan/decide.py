"""Deciding a page from its scores by the rule set's thresholds (``ScanSettings``).

Every row becomes struck, kept or unclear (strike form) or agree / disagree / both / neither /
unclear (approve form); the page becomes valid, invalid, review or rejected, each with a specific
reason. Nothing here looks at pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from daihoi.engine.ballot import Ballot, Mark, VerdictStatus
from daihoi.engine.election import Election
from daihoi.engine.reasons import NOT_ISSUED as NOT_ISSUED
from daihoi.engine.reasons import OTHER_MARKS as OTHER_MARKS
from daihoi.engine.reasons import REASONS
from daihoi.engine.reasons import WRITTEN_IN as WRITTEN_IN
from daihoi.engine.scansettings import ScanSettings
from daihoi.engine.tally import judge_ballot
from daihoi.scan.score import PageScores, RowScore
from daihoi.scan.seal import SealScore


class PageStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    REVIEW = "review"  # the counting committee decides (with the cropped image)
    REJECTED = "rejected"  # not read at all: not this election's ballot, or not placeable


class SealState(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    DOUBTFUL = "doubtful"
    NOT_CHECKED = "not_checked"


UNCLEAR = "unclear"

# Reason codes of a page that is not simply valid: the invalid ones are the engine's
# (formats.md lists them), the others say why a page waits for the committee or is rejected.
UNCLEAR_MARK = "unclear_mark"
SEAL_DOUBTFUL = "seal_doubtful"
DUPLICATE_PAGE = "duplicate_page"
WRONG_ELECTION = "wrong_election"
WRONG_ROUND = "wrong_round"
UNREGISTERED = "unregistered"
BLANK_PAGE = "blank_page"
UNREADABLE_FILE = "unreadable_file"

REASON_TEXT = {
    NOT_ISSUED: REASONS[NOT_ISSUED].seen or NOT_ISSUED,
    WRITTEN_IN: REASONS[WRITTEN_IN].seen or WRITTEN_IN,
    OTHER_MARKS: REASONS[OTHER_MARKS].seen or OTHER_MARKS,
    UNCLEAR_MARK: "có dòng gạch không rõ ràng",
    SEAL_DOUBTFUL: "dấu của Ban Tổ chức mờ hoặc không chắc chắn",
    DUPLICATE_PAGE: "trang này trùng với một trang đã quét (cùng một tờ phiếu quét hai lần)",
    WRONG_ELECTION: "phiếu của cuộc bầu khác",
    WRONG_ROUND: "phiếu của vòng bầu khác",
    UNREGISTERED: "không định vị được phiếu",
    BLANK_PAGE: "trang trắng",
    UNREADABLE_FILE: "tệp không đọc được",
}


@dataclass(frozen=True)
class RowDecision:
    """The reading of one row: the mark (a ``Mark`` value) or ``unclear``, and why if unclear."""

    number: int
    candidate: str
    mark: str
    why: str | None
    score: RowScore


@dataclass(frozen=True)
class PageDecision:
    """The reading of a whole page."""

    status: PageStatus
    reason: str | None
    rows: tuple[RowDecision, ...]
    seal: SealState
    marks: dict[str, Mark] | None  # every row read, or None when some row is unclear


def decide_row(score: RowScore, form: str, settings: ScanSettings) -> RowDecision:
    """Struck / kept / unclear (or the approve-form marks) for one row's scores."""
    if form == "approve":
        mark, why = _decide_approve(score, settings)
    else:
        mark, why = _decide_strike(score, settings)
    return RowDecision(score.number, score.candidate, mark, why, score)


def _decide_strike(score: RowScore, s: ScanSettings) -> tuple[str, str | None]:
    value = score.name_score
    if score.shared:
        return UNCLEAR, "một nét gạch đi qua hai dòng tên"
    if score.stray > s.row_ink_max:
        return UNCLEAR, "có nét vẽ khác trong dòng, ngoài tên"
    if value >= s.struck_min:
        return Mark.STRUCK.value, None
    if value <= s.kept_max:
        if score.ink <= s.row_ink_max:
            return Mark.KEPT.value, None
        if score.underline >= 0.5:
            return UNCLEAR, "gạch dưới tên"
        return UNCLEAR, "có nét vẽ trong dòng nhưng không gạch qua tên"
    partial = score.underline < 0.3 and score.cross == 0.0
    if partial and s.partial_strike == "kept":
        return Mark.KEPT.value, None
    if partial and s.partial_strike == "struck":
        return Mark.STRUCK.value, None
    if partial:
        return UNCLEAR, "tên chỉ bị gạch một phần"
    return UNCLEAR, "nét vẽ quanh tên không phải gạch ngang cả họ và tên"


def _box_state(fill: float | None, s: ScanSettings) -> bool | None:
    """True marked, False empty, None doubtful."""
    if fill is None:
        return False
    if fill >= s.x_box_marked_min:
        return True
    if fill <= s.x_box_empty_max:
        return False
    return None


def _decide_approve(score: RowScore, s: ScanSettings) -> tuple[str, str | None]:
    agree = _box_state(score.agree, s)
    disagree = _box_state(score.disagree, s)
    if agree is None or disagree is None:
        return UNCLEAR, "dấu X trong ô không rõ ràng"
    if score.name_score > s.kept_max:
        return UNCLEAR, "có nét vẽ trên tên"
    if agree and disagree:
        return Mark.BOTH.value, None
    if agree:
        return Mark.AGREE.value, None
    if disagree:
        return Mark.DISAGREE.value, None
    return Mark.NEITHER.value, None


def decide_seal(seal: SealScore, settings: ScanSettings) -> SealState:
    """Present / missing / doubtful, or not checked when the rule set does not ask for a seal."""
    if not settings.seal_required:
        return SealState.NOT_CHECKED
    amount = seal.stamp_like()
    if amount >= settings.seal_present_min and seal.spread >= settings.seal_spread_min:
        return SealState.PRESENT
    if (
        amount <= settings.seal_missing_max
        and seal.ink <= 2 * settings.seal_missing_max
        and seal.faint <= settings.seal_faint_max
    ):
        return SealState.MISSING
    return SealState.DOUBTFUL


def decide_page(
    scores: PageScores, election: Election, form: str, settings: ScanSettings, ballot_id: str
) -> PageDecision:
    """The page's status and reason from its scores (registration already succeeded)."""
    rows = tuple(decide_row(score, form, settings) for score in scores.rows)
    seal = decide_seal(scores.seal, settings)
    unclear = any(row.mark == UNCLEAR for row in rows)
    marks = None if unclear else {row.candidate: Mark(row.mark) for row in rows}
    if seal is SealState.MISSING:
        return PageDecision(PageStatus.INVALID, NOT_ISSUED, rows, seal, marks)
    if scores.written_in >= settings.other_marks_min:
        return PageDecision(PageStatus.REVIEW, WRITTEN_IN, rows, seal, marks)
    if scores.other_marks >= settings.other_marks_min or scores.long_lines:
        return PageDecision(PageStatus.REVIEW, OTHER_MARKS, rows, seal, marks)
    if seal is SealState.DOUBTFUL:
        return PageDecision(PageStatus.REVIEW, SEAL_DOUBTFUL, rows, seal, marks)
    if marks is None:
        return PageDecision(PageStatus.REVIEW, UNCLEAR_MARK, rows, seal, marks)
    verdict = judge_ballot(election, Ballot(ballot_id, marks))
    if verdict.status is VerdictStatus.VALID:
        return PageDecision(PageStatus.VALID, None, rows, seal, marks)
    return PageDecision(PageStatus.INVALID, verdict.reason, rows, seal, marks)
