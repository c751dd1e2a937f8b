"""Why a ballot is invalid: the reason codes of ``formats.md`` and their wording, in one table.

The counting rules decide which codes apply (``RuleSet.invalid_reasons``); the minutes print each
code in the words of the party's rules (QĐ 190-QĐ/TW), the terminal summary in the same words
without the leading "phiếu", and a scanner explains in ``readings[].detail`` what it saw on the
page that gives the code. A code no table entry knows (one a rule set adds) is shown as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

NOT_ISSUED = "not_issued"
TOO_MANY_KEPT = "too_many_kept"
NONE_KEPT = "none_kept"
WRITTEN_IN = "written_in"
OTHER_MARKS = "other_marks"
UNCLEAR_ROW = "unclear_row"
# ``too_many_kept`` is always a reason: a valid ballot never keeps more names than the number to
# elect. ``unclear_row`` joins them on đồng ý / không đồng ý ballots whose rules say so.
STANDARD_REASONS = (NOT_ISSUED, TOO_MANY_KEPT, NONE_KEPT, WRITTEN_IN, OTHER_MARKS)
# The reasons the engine finds from a ballot's marks themselves; any other reason on an invalid
# paper (no seal, the committee's ruling) is a ruling the marks do not show.
MARK_REASONS = frozenset({TOO_MANY_KEPT, NONE_KEPT, UNCLEAR_ROW})


@dataclass(frozen=True)
class Reason:
    """The wording of one reason code."""

    code: str
    words: str  # the rules' words: "phiếu không do Ban Kiểm phiếu phát ra"
    seen: str | None = None  # what a scanner saw on the page, when it can see this reason

    @property
    def label(self) -> str:
        """The words without the leading "phiếu", after a count of ballots: "gạch hết tên: 1"."""
        return self.words.removeprefix("phiếu ")


REASONS: Mapping[str, Reason] = {
    reason.code: reason
    for reason in (
        Reason(
            NOT_ISSUED,
            "phiếu không do Ban Kiểm phiếu phát ra",
            seen="không có dấu của Ban Tổ chức (phiếu không do tổ bầu cử phát ra)",
        ),
        Reason(TOO_MANY_KEPT, "phiếu để lại quá số lượng cần bầu"),
        Reason(NONE_KEPT, "phiếu gạch hết tên"),
        Reason(
            WRITTEN_IN,
            "phiếu ghi thêm tên người ngoài danh sách",
            seen="có chữ viết thêm ngoài danh sách",
        ),
        Reason(
            OTHER_MARKS,
            "phiếu có dấu hiệu riêng / đánh dấu khác",
            seen="có dấu hiệu hoặc nét vẽ khác ngoài các dòng tên",
        ),
        Reason(UNCLEAR_ROW, "phiếu có dòng đánh dấu cả hai ô hoặc không ô nào"),
    )
}


def reason_words(code: str) -> str:
    """The rules' words for ``code`` (the code itself when no entry knows it)."""
    reason = REASONS.get(code)
    return reason.words if reason else code


def reason_label(code: str) -> str:
    """The short words for ``code`` after a count (the code itself when no entry knows it)."""
    reason = REASONS.get(code)
    return reason.label if reason else code
