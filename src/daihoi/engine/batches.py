"""Batches of ballots (tệp phiếu) and how each was counted: read by the scanner, entered ballot by
ballot (nhập tay), or entered as the batch's totals (nhập tổng số) from a count on paper.

``BatchTotals`` is one batch's totals; ``totals_problems`` says why totals cannot be right (each
refusal in Vietnamese); ``totals_differences`` compares two totals of the same batch (the cross
check of typed totals against the ballots entered or scanned); ``methods_words`` words which
batches were counted how, for the results page and the minutes. The count itself adds totals in
``tally.count_grid(..., totals=...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from daihoi.engine.election import Election


class Method(StrEnum):
    """How a batch was counted."""

    SCAN = "scan"
    BALLOTS = "ballots"
    TOTALS = "totals"


METHOD_WORDS = {
    Method.SCAN: "máy đọc",
    Method.BALLOTS: "nhập tay",
    Method.TOTALS: "nhập tổng số",
}


@dataclass(frozen=True)
class BatchTotals:
    """The totals of one batch: ballots collected (thu vào), valid, invalid by reason, and the
    votes of each candidate (keyed by label; a candidate not named has 0)."""

    batch: str
    collected: int
    valid: int
    invalid_reasons: Mapping[str, int] = field(default_factory=dict)
    votes: Mapping[str, int] = field(default_factory=dict)

    @property
    def invalid(self) -> int:
        return sum(self.invalid_reasons.values())


def totals_problems(election: Election, totals: BatchTotals) -> list[str]:
    """Why these totals cannot be a count of ``election``'s ballots (empty when they can)."""
    problems: list[str] = []
    numbers = [
        ("số phiếu thu vào", totals.collected),
        ("số phiếu hợp lệ", totals.valid),
        *((f"số phiếu không hợp lệ vì “{code}”", n) for code, n in totals.invalid_reasons.items()),
        *((f"số phiếu của {name}", n) for name, n in totals.votes.items()),
    ]
    for what, n in numbers:
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            problems.append(f"{what} phải là số nguyên không âm")
    if problems:
        return problems
    codes = set(election.rules.reason_codes())
    for code in totals.invalid_reasons:
        if code not in codes:
            problems.append(f"lý do không hợp lệ “{code}” không có trong quy chế")
    labels = set(election.labels)
    for name in totals.votes:
        if name not in labels:
            problems.append(f"“{name}” không có trong danh sách bầu cử")
    if totals.valid + totals.invalid != totals.collected:
        problems.append(
            f"số phiếu hợp lệ ({totals.valid}) cộng số phiếu không hợp lệ "
            f"({totals.invalid}) phải bằng số phiếu thu vào "
            f"({totals.collected})"
        )
    for name in election.labels:
        votes = totals.votes.get(name, 0)
        if votes > totals.valid:
            problems.append(f"{name} có {votes} phiếu, nhiều hơn số phiếu hợp lệ ({totals.valid})")
    most = totals.valid * election.to_keep
    total = sum(totals.votes.get(name, 0) for name in labels)
    if total > most:
        problems.append(
            f"tổng số phiếu bầu ({total}) nhiều hơn số mà "
            f"{totals.valid} phiếu hợp lệ có thể cho (mỗi phiếu nhiều nhất "
            f"{election.to_keep} người, tức {most})"
        )
    return problems


def totals_differences(election: Election, typed: BatchTotals, counted: BatchTotals) -> list[str]:
    """Where totals typed from a paper count differ from those of the ballots entered or read,
    in Vietnamese (empty when they agree)."""
    found: list[str] = []

    def differ(what: str, a: int, b: int) -> None:
        if a != b:
            found.append(f"{what}: tổng số nhập {a}, phiếu đã kiểm {b}")

    differ("Số phiếu thu vào", typed.collected, counted.collected)
    differ("Số phiếu hợp lệ", typed.valid, counted.valid)
    for code in sorted(set(typed.invalid_reasons) | set(counted.invalid_reasons)):
        differ(
            f"Không hợp lệ vì “{code}”",
            typed.invalid_reasons.get(code, 0),
            counted.invalid_reasons.get(code, 0),
        )
    for name in election.labels:
        differ(name, typed.votes.get(name, 0), counted.votes.get(name, 0))
    return found


def add_totals(totals: Iterable[BatchTotals], batch: str = "") -> BatchTotals:
    """The sum of several batches' totals."""
    collected = valid = 0
    reasons: dict[str, int] = {}
    votes: dict[str, int] = {}
    for item in totals:
        collected += item.collected
        valid += item.valid
        for code, n in item.invalid_reasons.items():
            reasons[code] = reasons.get(code, 0) + n
        for name, n in item.votes.items():
            votes[name] = votes.get(name, 0) + n
    return BatchTotals(batch, collected, valid, reasons, votes)


def method_runs(batches: Sequence[tuple[int, str]]) -> list[tuple[Method, str]]:
    """Which batches were counted how, each method once with its batch numbers (consecutive
    numbers joined): ``[(1, "scan"), (2, "scan"), (4, "ballots")]`` → ``[(SCAN, "1–2"),
    (BALLOTS, "4")]``, in the order of ``Method``."""
    runs: dict[Method, list[list[int]]] = {}
    last: tuple[int, Method] | None = None
    for number, name in sorted(batches):
        method = Method(name)
        numbers = runs.setdefault(method, [])
        if last is not None and last == (number - 1, method):
            numbers[-1].append(number)
        else:
            numbers.append([number])
        last = (number, method)
    return [
        (method, ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs[method]))
        for method in Method
        if method in runs
    ]


def methods_words(batches: Sequence[tuple[int, str]]) -> str:
    """Which batches were counted how, in words: "Tệp 1–2: máy đọc; tệp 4: nhập tay" (""
    without batches)."""
    text = "; ".join(
        f"tệp {numbers}: {METHOD_WORDS[method]}" for method, numbers in method_runs(batches)
    )
    return text[:1].upper() + text[1:]
