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
from daihoi.scan.seal import SealModel, SealScore


class PageStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    REVIEW = "review"  # the counting committee decides (with the cropped image)
    REJECTED = "rejected"  # not read at all: not this election's ballot, or not placeable


class SealState(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    DOUBTFUL = "doubtful"
    WRONG_COLOUR = "wrong_colour"  # a stamp, but not red in a colour scan (blue, violet, a copy)
    MISMATCH = "mismatch"  # a stamp, but not the committee's (another design, another size)
    NOT_CHECKED = "not_checked"


UNCLEAR = "unclear"

# Reason codes of a page that is not simply valid: the invalid ones are the engine's
# (formats.md lists them), the others say why a page waits for the committee or is rejected.
UNCLEAR_MARK = "unclear_mark"
SEAL_DOUBTFUL = "seal_doubtful"
SEAL_COLOUR = "seal_colour"
SEAL_MISMATCH = "seal_mismatch"
PARTIAL_STRIKE = "partial_strike"
CORRECTION = "correction"
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
    SEAL_COLOUR: "dấu không phải màu đỏ (dấu màu khác hoặc bản sao chụp của phiếu)",
    SEAL_MISMATCH: "dấu khác với mẫu dấu của Ban Tổ chức (khác hình, khác cỡ hoặc khác màu)",
    PARTIAL_STRIKE: "có tên chỉ bị gạch một phần (còn chữ không bị gạch)",
    CORRECTION: "có tên bị gạch rồi sửa lại (khoanh, viết thêm hoặc tô thêm)",
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
    code: str | None = None  # the page reason an unclear row gives (default unclear_mark)


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
    code = None
    if mark == UNCLEAR:
        code = ROW_CODES.get(why or "", UNCLEAR_MARK)
    return RowDecision(score.number, score.candidate, mark, why, score, code)


WHY_PARTIAL = "tên chỉ bị gạch một phần"
WHY_WORD_CLEAN = "nét gạch không đi qua hết mọi chữ của tên"
WHY_LOOP = "tên bị gạch rồi khoanh hoặc tô lại"
WHY_EXTRA = "tên bị gạch và có nét viết thêm bên cạnh"
WHY_APPROVE_EXTRA = "có nét vẽ trong dòng ngoài hai ô"
WHY_HIGHLIGHT = "tên bị tô màu (bút dạ quang)"
WHY_FAINT = "có nét mờ ở hai đầu tên (có thể là nét gạch quá nhạt)"
WHY_SECOND_LINE = "tên bị gạch và có thêm một nét dọc theo tên (gạch hai lần hoặc gạch dưới)"
ROW_CODES = {
    WHY_PARTIAL: PARTIAL_STRIKE,
    WHY_WORD_CLEAN: PARTIAL_STRIKE,
    WHY_LOOP: CORRECTION,
    WHY_EXTRA: CORRECTION,
    WHY_SECOND_LINE: CORRECTION,
    WHY_APPROVE_EXTRA: OTHER_MARKS,
    WHY_HIGHLIGHT: OTHER_MARKS,
}


def _decide_strike(score: RowScore, s: ScanSettings) -> tuple[str, str | None]:
    value = score.name_score
    if score.shared:
        return UNCLEAR, "một nét gạch đi qua hai dòng tên"
    if score.stray > s.row_ink_max:
        return UNCLEAR, "có nét vẽ khác trong dòng, ngoài tên"
    marked = value > s.kept_max
    if score.tint > s.row_tint_max:
        return UNCLEAR, WHY_LOOP if marked else WHY_HIGHLIGHT
    if marked and score.loop > s.loop_max:
        # Ink above and below the letters right across the name's middle: a loop round it or a
        # highlighter over it, never one plain stroke.
        return UNCLEAR, WHY_LOOP
    # An X (ink above and below the letters at both ends) runs further past the name.
    extra = score.extra_x if score.cross > s.kept_max else score.extra
    if marked and extra > s.row_extra_max:
        return UNCLEAR, WHY_EXTRA
    crossed = score.cross >= s.struck_min or (
        score.cross >= s.x_cross_min and value >= s.struck_min
    )
    if crossed:
        # An X from end to end of the name (its arms above and below the letters at both ends).
        return Mark.STRUCK.value, None
    if value >= s.struck_min:
        if score.word_cover >= s.word_cover_min and score.name_cover >= s.name_cover_min:
            if score.second_line > s.struck_underline_max:
                # A second line along the name under the strike (both strokes often touch, one
                # thick band): a correction or a second mark, never one plain stroke.
                return UNCLEAR, WHY_SECOND_LINE
            return Mark.STRUCK.value, None
        if s.partial_strike == "kept":
            return Mark.KEPT.value, None
        if s.partial_strike == "struck":
            return Mark.STRUCK.value, None
        return UNCLEAR, WHY_WORD_CLEAN
    if value <= s.kept_max:
        if score.both_ends:
            return UNCLEAR, WHY_FAINT
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
        return UNCLEAR, WHY_PARTIAL
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
    if score.outside_boxes > s.row_extra_max:
        return UNCLEAR, WHY_APPROVE_EXTRA
    if (not agree and score.agree_rim > s.row_extra_max) or (
        not disagree and score.disagree_rim > s.row_extra_max
    ):
        # Ink round a box left empty (a circle round "đồng ý"): not an X in it.
        return UNCLEAR, WHY_APPROVE_EXTRA
    if agree and disagree:
        return Mark.BOTH.value, None
    if agree:
        return Mark.AGREE.value, None
    if disagree:
        return Mark.DISAGREE.value, None
    return Mark.NEITHER.value, None


def decide_seal(
    seal: SealScore, settings: ScanSettings, model: SealModel | None = None
) -> SealState:
    """Present / missing / doubtful, or not checked when the rule set does not ask for a seal.

    With the committee's learnt seal (``model``; ``seal.match`` is the page's agreement with
    it) a stamp is present only when it matches: another colour than the samples' in a colour
    scan is ``wrong_colour``, a clear stamp of another design or size ``mismatch``, a faint or
    partial one doubtful.
    """
    if not settings.seal_required:
        return SealState.NOT_CHECKED
    if model is not None and seal.match is not None:
        return _decide_learnt_seal(seal, settings, model)
    amount = seal.stamp_like()
    ring = (
        seal.ring >= settings.seal_ring_min
        and seal.inside >= settings.seal_inside_min
        and seal.contrast >= settings.seal_contrast_min
    )
    blob = amount >= settings.seal_present_min and seal.spread >= settings.seal_spread_min
    if ring and seal.off_area:
        return SealState.DOUBTFUL  # a stamp beside the seal area: the committee looks at it
    if ring or blob:
        # In a colour scan the stamp must be the committee's red: any other colour (or grey,
        # a photocopy) is a stamp the committee has to look at.
        if seal.hue is not None and seal.hue != "red" and settings.seal_colour_checked:
            return SealState.WRONG_COLOUR
        return SealState.PRESENT
    if (
        seal.ring < settings.seal_ring_min
        and amount <= settings.seal_missing_max
        and seal.ink <= 2 * settings.seal_missing_max
        and seal.faint <= settings.seal_faint_max
    ):
        return SealState.MISSING
    return SealState.DOUBTFUL


def _decide_learnt_seal(seal: SealScore, settings: ScanSettings, model: SealModel) -> SealState:
    match = seal.match or 0.0
    if _seal_missing(seal, settings):
        return SealState.MISSING
    if seal.off_area:
        return SealState.DOUBTFUL
    coloured = seal.hue is not None and model.hue is not None and settings.seal_colour_checked
    if coloured and seal.hue != model.hue:
        return SealState.WRONG_COLOUR
    if match >= settings.seal_match_min:
        return SealState.PRESENT
    clear = seal.ring >= settings.seal_ring_min and seal.contrast >= settings.seal_contrast_min
    return SealState.MISMATCH if clear else SealState.DOUBTFUL


def _seal_missing(seal: SealScore, settings: ScanSettings) -> bool:
    amount = seal.stamp_like()
    return (
        seal.ring < settings.seal_ring_min
        and amount <= settings.seal_missing_max
        and seal.ink <= 2 * settings.seal_missing_max
        and seal.faint <= settings.seal_faint_max
    )


def decide_page(
    scores: PageScores,
    election: Election,
    form: str,
    settings: ScanSettings,
    ballot_id: str,
    seal_model: SealModel | None = None,
) -> PageDecision:
    """The page's status and reason from its scores (registration already succeeded)."""
    rows = tuple(decide_row(score, form, settings) for score in scores.rows)
    seal = decide_seal(scores.seal, settings, seal_model)
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
    if seal is SealState.WRONG_COLOUR:
        return PageDecision(PageStatus.REVIEW, SEAL_COLOUR, rows, seal, marks)
    if seal is SealState.MISMATCH:
        return PageDecision(PageStatus.REVIEW, SEAL_MISMATCH, rows, seal, marks)
    if marks is None:
        codes = {row.code for row in rows if row.mark == UNCLEAR}
        # The most telling reason: a correction, other marks in a row, any other unclear mark;
        # a partial strike when that is all there is.
        for code in (CORRECTION, OTHER_MARKS, UNCLEAR_MARK, PARTIAL_STRIKE):
            if code in codes:
                return PageDecision(PageStatus.REVIEW, code, rows, seal, marks)
        return PageDecision(PageStatus.REVIEW, UNCLEAR_MARK, rows, seal, marks)
    verdict = judge_ballot(election, Ballot(ballot_id, marks))
    if verdict.status is VerdictStatus.VALID:
        return PageDecision(PageStatus.VALID, None, rows, seal, marks)
    return PageDecision(PageStatus.INVALID, verdict.reason, rows, seal, marks)
