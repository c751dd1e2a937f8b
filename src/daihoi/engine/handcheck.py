"""The random batch hand-check after the machine count (kiểm tra ngẫu nhiên bằng tay).

The counting committee rolls dice in the hall and reads the digits aloud: that is the seed. Each
batch (tệp) gets a ticket, the SHA-256 (hex) of the UTF-8 bytes of ``"<seed>,<batch id>"``, as
public audit samplers do (Rivest's sampler, Arlo); the batches are drawn in ascending ticket
order, so anyone with the seed and the batch ids recomputes the draw
(``echo -n "12345678901234567890,3" | sha256sum``). The committee hand-counts the drawn
batches; ``compare`` sets the hand counts against the machine's, batch by batch and candidate by
candidate, and ``verdict`` applies the rule: no discrepancy, the machine count stands; a
discrepancy, draw more batches; a discrepancy that could change a winner, a full hand count.

"Could change a winner" (``docs/station.md``): the projected error is the sum of the worst
discrepancy found in each checked batch, plus the worst of them times the unchecked batches; the
margin is the fewest votes per candidate that would change who is elected (an elected candidate
falling below the line, someone below the line reaching it while a seat is empty, or someone
not elected passing or tying the last elected); when the projected error reaches the margin,
the whole election is counted by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from hashlib import sha256

MIN_SEED_DIGITS = 15  # Rivest and Stark's practice: 20 dice; fewer than 15 is refused
SAMPLE_SHARE = 10  # the first draw: 10% of the batches (rounded up), at least 1


def normalise_seed(seed: str) -> str:
    """The seed as the digits read aloud, with every space (any whitespace) removed.

    Refused (``ValueError``, in Vietnamese): an empty seed, anything but the digits 0–9, fewer
    than ``MIN_SEED_DIGITS`` digits."""
    if not isinstance(seed, str):
        raise ValueError("Dãy số gieo xúc xắc phải là một dãy chữ số.")
    digits = "".join(seed.split())
    if not digits:
        raise ValueError("Chưa nhập dãy số gieo xúc xắc.")
    wrong = sorted({c for c in digits if c not in "0123456789"})
    if wrong:
        raise ValueError(
            "Dãy số gieo xúc xắc chỉ được có chữ số 0–9 (và dấu cách); có ký tự khác: "
            + " ".join(f"“{c}”" for c in wrong)
            + "."
        )
    if len(digits) < MIN_SEED_DIGITS:
        raise ValueError(
            f"Dãy số gieo xúc xắc quá ngắn: {len(digits)} chữ số, cần ít nhất "
            f"{MIN_SEED_DIGITS} (nên gieo 20 lần)."
        )
    return digits


def grouped(seed: str, size: int = 5) -> str:
    """The normalised seed in groups of ``size`` digits, to read back in the hall."""
    digits = normalise_seed(seed)
    return " ".join(digits[i : i + size] for i in range(0, len(digits), size))


def ticket(seed: str, batch_id: str) -> str:
    """One batch's ticket: SHA-256 hex of ``"<normalised seed>,<batch id>"`` in UTF-8."""
    return sha256(f"{normalise_seed(seed)},{batch_id}".encode()).hexdigest()


def _checked_ids(batch_ids: Iterable[str]) -> list[str]:
    if isinstance(batch_ids, str):  # "123" would be read as batches 1, 2 and 3
        raise ValueError("Danh sách tệp phải là một danh sách mã tệp, không phải một chuỗi.")
    ids = list(batch_ids)
    for batch_id in ids:
        if not isinstance(batch_id, str) or not batch_id:
            raise ValueError("Mỗi tệp phải có mã (số tệp) không rỗng.")
    twice = sorted({b for b in ids if ids.count(b) > 1}) if len(set(ids)) < len(ids) else []
    if twice:
        raise ValueError("Mã tệp bị trùng: " + ", ".join(twice) + ".")
    return ids


def tickets(seed: str, batch_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Every batch with its ticket, in drawing order (ascending ticket; the batch id breaks a
    tie, which SHA-256 makes practically impossible). The order of ``batch_ids`` never matters."""
    digits = normalise_seed(seed)
    ids = _checked_ids(batch_ids)
    found = [(b, sha256(f"{digits},{b}".encode()).hexdigest()) for b in ids]
    return sorted(found, key=lambda item: (item[1], item[0]))


def draw(seed: str, batch_ids: Sequence[str], k: int, already: Iterable[str] = ()) -> list[str]:
    """The next ``k`` batches in ticket order that are not ``already`` drawn (fewer when fewer
    are left). ``draw(s, ids, a + b)`` is ``draw(s, ids, a)`` followed by
    ``draw(s, ids, b, already=draw(s, ids, a))``."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError("Số tệp cần rút phải là số nguyên không âm.")
    order = tickets(seed, batch_ids)
    drawn = set(already)
    unknown = sorted(drawn - {b for b, _ in order})
    if unknown:
        raise ValueError("Tệp đã rút không có trong danh sách: " + ", ".join(unknown) + ".")
    return [b for b, _ in order if b not in drawn][:k]


def first_sample_size(batches: int) -> int:
    """How many batches the first draw takes: 10% of them rounded up, at least 1 (0 without
    batches)."""
    if batches <= 0:
        return 0
    return max(1, -(-batches * SAMPLE_SHARE // 100))


# ---------------------------------------------------------------------------- the comparison


@dataclass(frozen=True)
class BatchCount:
    """One batch's count: ballots (phiếu thu vào), valid, invalid, and each candidate's votes
    (the ballots on which the name is kept; a name not given has 0)."""

    ballots: int
    valid: int
    invalid: int
    votes: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Line:
    """One figure of a batch: what (``ballots``, ``valid``, ``invalid`` or a candidate's name),
    the machine's count, the hand count and hand − machine."""

    what: str
    machine: int
    hand: int

    @property
    def difference(self) -> int:
        return self.hand - self.machine


@dataclass(frozen=True)
class BatchComparison:
    """A drawn batch: its totals' lines, then one line per candidate."""

    batch: str
    totals: tuple[Line, ...]
    candidates: tuple[Line, ...]

    @property
    def lines(self) -> tuple[Line, ...]:
        return self.totals + self.candidates

    @property
    def discrepant(self) -> bool:
        return any(line.difference for line in self.lines)

    @property
    def worst(self) -> int:
        """The largest difference, in votes, any one candidate's count could take from this
        batch: the largest of the candidates' differences and of the ballots' and the valid
        ballots' (a ballot read wrongly may carry a vote for anyone)."""
        return max(
            (abs(line.difference) for line in self.lines if line.what != "invalid"), default=0
        )


@dataclass(frozen=True)
class Report:
    """The discrepancy report (biên bản đối chiếu): every drawn batch, in batch order."""

    batches: tuple[BatchComparison, ...]

    @property
    def discrepant(self) -> tuple[str, ...]:
        return tuple(b.batch for b in self.batches if b.discrepant)


def _figures(count: BatchCount, what: str) -> None:
    numbers = [("ballots", count.ballots), ("valid", count.valid), ("invalid", count.invalid)]
    numbers += list(count.votes.items())
    for name, n in numbers:
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"{what}: “{name}” phải là số nguyên không âm.")


def batch_order(batch_id: str) -> tuple[int, int, str]:
    """Batches in number order ("2" before "10"), other ids after them."""
    return (0, int(batch_id), "") if batch_id.isdecimal() else (1, 0, batch_id)


def compare(machine: Mapping[str, BatchCount], hand: Mapping[str, BatchCount]) -> Report:
    """The hand counts of the drawn batches against the machine's counts of the same batches.
    A hand count of a batch the machine never counted is refused (``ValueError``)."""
    unknown = sorted(set(hand) - set(machine), key=batch_order)
    if unknown:
        raise ValueError("Tệp không có trong số đếm của máy: " + ", ".join(unknown) + ".")
    found = []
    for batch_id in sorted(hand, key=batch_order):
        m, h = machine[batch_id], hand[batch_id]
        _figures(m, f"Tệp {batch_id} (máy)")
        _figures(h, f"Tệp {batch_id} (đếm tay)")
        names = list(m.votes) + [n for n in h.votes if n not in m.votes]
        found.append(
            BatchComparison(
                batch_id,
                (
                    Line("ballots", m.ballots, h.ballots),
                    Line("valid", m.valid, h.valid),
                    Line("invalid", m.invalid, h.invalid),
                ),
                tuple(Line(n, m.votes.get(n, 0), h.votes.get(n, 0)) for n in names),
            )
        )
    return Report(tuple(found))


# ------------------------------------------------------------------------------- the verdict


class VerdictKind(StrEnum):
    CONFIRMED = "confirmed"  # the machine count stands
    EXPAND = "expand"  # draw more batches
    FULL_HAND_COUNT = "full_hand_count"  # count every ballot of the election by hand


@dataclass(frozen=True)
class Tally:
    """The whole election's machine count as the results give it: each candidate's votes, who is
    elected (officials and alternates alike), the votes needed (the line) and the seats."""

    votes: Mapping[str, int]
    elected: Sequence[str]
    votes_needed: int
    seats: int


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    sentence: str
    more: int  # batches to draw next (expand only)
    projected: int  # the projected error, in votes per candidate
    margin: int | None  # the fewest votes that change a winner (None: nothing to change)
    discrepant: tuple[str, ...]


def _ceil_half(n: int) -> int:
    return -(-n // 2)


def margin(tally: Tally) -> int | None:
    """The fewest votes, moved for each candidate, that could change who is elected (a tie for
    a seat counts as a change: it calls a new round). None when nothing could change it."""
    needed = tally.votes_needed
    elected = [n for n in tally.elected if n in tally.votes]
    others = [n for n in tally.votes if n not in set(elected)]
    found: list[int] = [tally.votes[e] - needed + 1 for e in elected]
    lowest = min((tally.votes[e] for e in elected), default=None)
    empty_seat = len(elected) < tally.seats
    for name in others:
        reach = max(needed - tally.votes[name], 0)
        if empty_seat:
            found.append(reach)
        if lowest is not None:
            found.append(max(reach, _ceil_half(lowest - tally.votes[name])))
    return max(min(found), 0) if found else None


def _batches_words(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def verdict(report: Report, tally: Tally, unchecked: int) -> Verdict:
    """The rule after a hand-check: no discrepancy → ``confirmed``; a discrepancy → ``expand``
    (draw as many batches again as have been checked, so the sample doubles, at most the
    unchecked ones); a discrepancy whose projected error reaches the margin, or any
    discrepancy once no batch is left unchecked → ``full_hand_count``."""
    if unchecked < 0:
        raise ValueError("Số tệp chưa kiểm không thể âm.")
    if not report.batches:
        raise ValueError("Chưa có tệp nào được đếm tay: chưa thể kết luận.")
    checked = len(report.batches)
    found = report.discrepant
    worst = [b.worst for b in report.batches]
    projected = sum(worst) + max(worst, default=0) * unchecked
    gap = margin(tally)
    if not found:
        return Verdict(
            VerdictKind.CONFIRMED,
            f"Số đếm tay của {checked} tệp được rút khớp hoàn toàn với số của máy: kết quả "
            "kiểm phiếu bằng máy được giữ nguyên.",
            0,
            0,
            gap,
            (),
        )
    where = _batches_words(found)
    if unchecked == 0:
        return Verdict(
            VerdictKind.FULL_HAND_COUNT,
            f"Có chênh lệch ở tệp {where} và mọi tệp đều đã được rút: kết quả phải lấy theo "
            "số đếm tay của toàn bộ phiếu.",
            0,
            projected,
            gap,
            found,
        )
    if gap is not None and projected >= gap:
        return Verdict(
            VerdictKind.FULL_HAND_COUNT,
            f"Chênh lệch ở tệp {where} có thể làm thay đổi người trúng cử (sai lệch ước tính "
            f"tới {projected} phiếu, trong khi chỉ cần {gap} phiếu là kết quả khác đi): Ban "
            "Kiểm phiếu phải đếm tay toàn bộ phiếu của cuộc bầu này.",
            0,
            projected,
            gap,
            found,
        )
    more = min(max(checked, 1), unchecked)
    within = (
        f"sai lệch ước tính tới {projected} phiếu, chưa đủ {gap} phiếu để làm khác kết quả"
        if gap is not None
        else f"sai lệch ước tính tới {projected} phiếu"
    )
    return Verdict(
        VerdictKind.EXPAND,
        f"Có chênh lệch ở tệp {where} ({within}): rút thêm {more} tệp theo cùng dãy số và "
        "đếm tay các tệp đó.",
        more,
        projected,
        gap,
        found,
    )


VERDICT_WORDS = {
    VerdictKind.CONFIRMED: "Giữ nguyên kết quả kiểm bằng máy",
    VerdictKind.EXPAND: "Rút thêm tệp để đếm tay",
    VerdictKind.FULL_HAND_COUNT: "Đếm tay toàn bộ",
}
