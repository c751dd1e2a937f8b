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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

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
_MIX = (_rng.integers(1, 2**63, size=ROWS, dtype=np.uint64) * np.uint64(2)) + np.uint64(1)
_BAND = _rng.integers(0, 2**63, size=BANDS, dtype=np.uint64)
_FINAL = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Features:
    """What the comparison needs of one text, computed once."""

    words: tuple[str, ...]
    wordset: frozenset[str]
    shingles: frozenset[str]
    content: frozenset[str]
    numbers: frozenset[str]
    negated: bool

    @property
    def normalised(self) -> str:
        return " ".join(self.words)


def _shingles(every: list[str]) -> frozenset[str]:
    words = [w for w in every if w not in FILLER] or every
    out = set(words)
    out.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return frozenset(out)


@lru_cache(maxsize=65536)
def features(text: str) -> Features:
    words = syllables(text)
    return Features(
        words=tuple(words),
        wordset=frozenset(words),
        shingles=_shingles(words),
        content=frozenset(w for w in words if w not in FILLER and w not in _NUMBER_WORDS),
        numbers=_numbers(words),
        negated=any(w in NEGATIONS for w in words),
    )


def shingles(text: str) -> frozenset[str]:
    """Syllables and adjacent pairs of syllables of the content words (the frame words such as
    "đề nghị", "cần", "của" left out, so that they do not break the pairs); all the words when
    a comment is nothing but frame ("Đồng ý."). An empty text has none."""
    return features(text).shingles


@lru_cache(maxsize=262144)
def _hash64(item: str) -> int:
    return int.from_bytes(hashlib.blake2b(item.encode(), digest_size=8).digest(), "little")


def _signature(text: str) -> np.ndarray:
    items = shingles(text)
    if not items:
        return np.full(NUM_PERM, _MAX, dtype=np.uint64)
    values = np.fromiter((_hash64(s) for s in items), dtype=np.uint64, count=len(items))
    with np.errstate(over="ignore"):
        hashed = values[:, None] * _A[None, :] + _B[None, :]
    return hashed.min(axis=0)  # type: ignore[no-any-return]


def signature(text: str) -> tuple[int, ...]:
    """The MinHash signature (``NUM_PERM`` unsigned 64-bit values) of ``text``'s shingles."""
    return tuple(_signature(text).tolist())


def _band_keys(sig: np.ndarray) -> tuple[int, ...]:
    # Each band's ROWS values mixed by multiply-add with fixed odd constants (wrapping 64-bit
    # arithmetic), then the band's own constant: equal bands give equal keys, and a key of one
    # band never stands for another band.
    with np.errstate(over="ignore"):
        mixed = (sig.reshape(BANDS, ROWS) * _MIX[None, :]).sum(axis=1, dtype=np.uint64)
        keys = (mixed ^ _BAND) * _FINAL
    return tuple((keys >> np.uint64(1)).tolist())


def band_keys(sig: Sequence[int]) -> tuple[int, ...]:
    """One signed 63-bit key per band (fits a database BIGINT); equal keys mean a candidate."""
    return _band_keys(np.asarray(sig, dtype=np.uint64))


def keys_many(texts: Sequence[str], chunk: int = 4096) -> list[tuple[int, ...]]:
    """``keys_of`` for many texts at once (one numpy pass per chunk: the bulk path)."""
    out: list[tuple[int, ...]] = []
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        sets = [shingles(t) for t in part]
        sizes = np.fromiter((max(1, len(x)) for x in sets), dtype=np.int64, count=len(sets))
        flat = np.fromiter(
            (h for x in sets for h in ([_hash64(i) for i in x] if x else [0])),
            dtype=np.uint64,
            count=int(sizes.sum()),
        )
        with np.errstate(over="ignore"):
            hashed = flat[:, None] * _A[None, :] + _B[None, :]
        offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        sigs = np.minimum.reduceat(hashed, offsets, axis=0)
        for i, x in enumerate(sets):
            if not x:
                sigs[i] = _MAX
        with np.errstate(over="ignore"):
            mixed = (sigs.reshape(len(part), BANDS, ROWS) * _MIX[None, None, :]).sum(
                axis=2, dtype=np.uint64
            )
            keys = ((mixed ^ _BAND[None, :]) * _FINAL) >> np.uint64(1)
        out.extend(tuple(row) for row in keys.tolist())
    return out


def keys_of(text: str) -> tuple[int, ...]:
    """``band_keys(signature(text))``, without the round trip through Python ints."""
    return _band_keys(_signature(text))


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


_DIGIT = re.compile(r"\d")


def _numbers(words: Sequence[str]) -> frozenset[str]:
    out = {w for w in words if _DIGIT.search(w)}
    # "ba khâu" is "3 khâu"; "năm" alone is a year far more often than five.
    out.update(
        _NUMBER_WORDS[w]
        for i, w in enumerate(words)
        if w in _NUMBER_WORDS and w != "năm" and not (w == "một" and i + 1 < len(words))
    )
    return frozenset(out)


def content_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w for w in words if w not in FILLER and w not in _NUMBER_WORDS)


_base = lru_cache(maxsize=65536)(base_form)


def verdict(a: str, b: str, threshold: float = THRESHOLD) -> Verdict:
    """Compare two comments exactly (after the LSH said they might be alike)."""
    fa, fb = features(a), features(b)
    score = jaccard(fa.shingles, fb.shingles)
    sa, sb = fa.wordset, fb.wordset
    only_a, only_b = sa - sb, sb - sa
    if only_a and only_b:
        bases_b = {_base(w) for w in only_b}
        if any(_base(w) in bases_b for w in only_a):
            return Verdict(False, score, "marks")
    if fa.negated != fb.negated:
        return Verdict(False, score, "negation")
    if fa.numbers != fb.numbers:
        return Verdict(False, score, "numbers")
    if jaccard(fa.content, fb.content) < CONTENT_THRESHOLD:
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
        self.exact: dict[str, int] = {}  # normalised text → group: a copy needs no comparison

    def candidates(self, keys: Sequence[int]) -> list[int]:
        found: list[int] = []
        for band, key in enumerate(keys):
            group = self.buckets.get((band, key))
            if group is not None and group not in found:
                found.append(group)
        return found

    def add_many(self, texts: Sequence[str]) -> list[int]:
        """``add`` for each text in turn (the keys of the distinct texts computed together)."""
        distinct = list({features(t).normalised: t for t in texts}.values())
        keys = dict(
            zip((features(t).normalised for t in distinct), keys_many(distinct), strict=True)
        )
        return [self.add(t, keys[features(t).normalised]) for t in texts]

    def add(self, text: str, keys: Sequence[int] | None = None) -> int:
        """The group number (0-based) that ``text`` joins."""
        norm = features(text).normalised
        same_text = self.exact.get(norm)
        if same_text is not None:
            self.sizes[same_text] += 1
            return same_text
        keys = keys_of(text) if keys is None else keys
        best, best_score = -1, -1.0
        for group in self.candidates(keys):
            v = verdict(text, self.representatives[group], self.threshold)
            if v.same and v.score > best_score:
                best, best_score = group, v.score
        if best >= 0:
            self.sizes[best] += 1
            self.exact[norm] = best
            return best
        group = len(self.representatives)
        self.exact[norm] = group
        self.representatives.append(text)
        self.sizes.append(1)
        for band, key in enumerate(keys):
            self.buckets.setdefault((band, key), group)
        return group
