"""Near-duplicate comments: MinHash over syllable shingles, LSH buckets, and a final check.

How it decides (the caller stores the buckets, this module only computes):

1. ``shingles``: the syllables and syllable pairs of the normalised text (diacritics kept).
2. ``signature``: ``NUM_PERM`` MinHash values of the shingles (multiply-shift hashes over a
   stable 64-bit hash, so a signature is the same in every process and on every machine).
3. ``band_keys``: ``BANDS`` keys of ``ROWS`` values each. Two comments sharing a key are
   candidates; with 16 bands of 4 rows a pair with Jaccard 0.5 shares a key with probability
   about 0.65, at 0.7 about 0.98.
4. ``verdict``: the candidates are compared exactly (Jaccard of the shingle sets), and refused
   when they disagree where meaning turns on little: a syllable that differs only by its marks
   ("tăng" / "tặng"), a negation present in one only ("không", "chưa", "chẳng"), different
   numbers ("10%" / "20%").

``GroupIndex`` is the same in memory, for a batch (the bench, a paper round entered at once).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from daihoi.drafts.text import base_form, syllables

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.45
CONTENT_THRESHOLD = 0.7
NEGATIONS = frozenset({"không", "chưa", "chẳng", "chả", "đừng", "chớ", "thiếu"})
# Words that carry the frame of a comment, not its subject: two comments that differ only in
# these ("đề nghị" / "cần", "của", "hơn nữa") say the same thing.
FILLER = frozenset(
    [
        "đề",
        "nghị",
        "cần",
        "nên",
        "phải",
        "tôi",
        "thấy",
        "chúng",
        "ta",
        "em",
        "xin",
        "ý",
        "kiến",
        "có",
        "được",
        "là",
        "và",
        "với",
        "của",
        "về",
        "cho",
        "trong",
        "ở",
        "tại",
        "tới",
        "đến",
        "các",
        "những",
        "một",
        "này",
        "đó",
        "thì",
        "mà",
        "để",
        "do",
        "vì",
        "lại",
        "nữa",
        "hơn",
        "rất",
        "thêm",
        "bổ",
        "sung",
        "việc",
        "công",
        "tác",
        "nội",
        "dung",
        "phần",
        "mục",
        "đoạn",
        "báo",
        "cáo",
        "dự",
        "thảo",
        "cụm",
        "từ",
        "nhất",
        "trí",
        "đồng",
        "ý",
        "như",
        "nêu",
        "làm",
        "rõ",
        "cụ",
        "thể",
        "đã",
        "sẽ",
        "đang",
        "bị",
        "theo",
        "từ",
        "ra",
        "vào",
        "lên",
        "bằng",
        "cách",
        "hết",
        "mặt",
        "nâng",
        "tăng",
    ]
)
_NUMBER_WORDS = {
    "một": "1",
    "hai": "2",
    "ba": "3",
    "bốn": "4",
    "năm": "5",
    "sáu": "6",
    "bảy": "7",
    "tám": "8",
    "chín": "9",
    "mười": "10",
}

_rng = np.random.default_rng(20250917)  # fixed: signatures must not change between runs
_A = (_rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2)) + np.uint64(1)
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_MAX = np.uint64(2**64 - 1)


def shingles(text: str) -> frozenset[str]:
    """Syllables and adjacent pairs of syllables of the content words (the frame words such as
    "đề nghị", "cần", "của" left out, so that they do not break the pairs); all the words when
    a comment is nothing but frame ("Đồng ý."). An empty text has none."""
    every = syllables(text)
    words = [w for w in every if w not in FILLER] or every
    out = set(words)
    out.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return frozenset(out)


def _hash64(item: str) -> int:
    return int.from_bytes(hashlib.blake2b(item.encode(), digest_size=8).digest(), "little")


def signature(text: str) -> tuple[int, ...]:
    """The MinHash signature (``NUM_PERM`` unsigned 64-bit values) of ``text``'s shingles."""
    items = shingles(text)
    if not items:
        return tuple([int(_MAX)] * NUM_PERM)
    values = np.fromiter((_hash64(s) for s in items), dtype=np.uint64, count=len(items))
    with np.errstate(over="ignore"):
        hashed = values[:, None] * _A[None, :] + _B[None, :]
    return tuple(int(v) for v in hashed.min(axis=0))


def band_keys(sig: Sequence[int]) -> tuple[int, ...]:
    """One signed 63-bit key per band (fits a database BIGINT); equal keys mean a candidate."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(
            band.to_bytes(2, "little") + b"".join(v.to_bytes(8, "little") for v in chunk),
            digest_size=8,
        ).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)
    return tuple(keys)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Verdict:
    """Whether two comments say the same; ``score`` is the Jaccard of their shingles."""

    same: bool
    score: float
    reason: str  # "similar", "different", "marks" (tăng/tặng), "negation", "numbers"


def _numbers(words: Sequence[str]) -> frozenset[str]:
    out = {w for w in words if any(ch.isdigit() for ch in w)}
    # "ba khâu" is "3 khâu"; "năm" alone is a year far more often than five.
    out.update(
        _NUMBER_WORDS[w]
        for i, w in enumerate(words)
        if w in _NUMBER_WORDS and w != "năm" and not (w == "một" and i + 1 < len(words))
    )
    return frozenset(out)


def content_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w for w in words if w not in FILLER and w not in _NUMBER_WORDS)


def verdict(a: str, b: str, threshold: float = THRESHOLD) -> Verdict:
    """Compare two comments exactly (after the LSH said they might be alike)."""
    wa, wb = syllables(a), syllables(b)
    sa, sb = set(wa), set(wb)
    score = jaccard(shingles(a), shingles(b))
    only_a, only_b = sa - sb, sb - sa
    if only_a and only_b:
        bases_b = {base_form(w) for w in only_b}
        if any(base_form(w) in bases_b for w in only_a):
            return Verdict(False, score, "marks")
    if bool(sa & NEGATIONS) != bool(sb & NEGATIONS):
        return Verdict(False, score, "negation")
    if _numbers(wa) != _numbers(wb):
        return Verdict(False, score, "numbers")
    if jaccard(content_words(wa), content_words(wb)) < CONTENT_THRESHOLD:
        return Verdict(False, score, "different")
    if score >= threshold:
        return Verdict(True, score, "similar")
    return Verdict(False, score, "different")


class GroupIndex:
    """Groups in memory: ``add`` puts a text in the group of its nearest duplicate, or a new one.

    Only a group's first text (its representative) is in the buckets, as in the database.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.buckets: dict[tuple[int, int], int] = {}
        self.representatives: list[str] = []
        self.sizes: list[int] = []

    def candidates(self, keys: Sequence[int]) -> list[int]:
        found: list[int] = []
        for band, key in enumerate(keys):
            group = self.buckets.get((band, key))
            if group is not None and group not in found:
                found.append(group)
        return found

    def add(self, text: str) -> int:
        """The group number (0-based) that ``text`` joins."""
        keys = band_keys(signature(text))
        best, best_score = -1, -1.0
        for group in self.candidates(keys):
            v = verdict(text, self.representatives[group], self.threshold)
            if v.same and v.score > best_score:
                best, best_score = group, v.score
        if best >= 0:
            self.sizes[best] += 1
            return best
        group = len(self.representatives)
        self.representatives.append(text)
        self.sizes.append(1)
        for band, key in enumerate(keys):
            self.buckets.setdefault((band, key), group)
        return group
