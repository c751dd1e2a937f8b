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

from daihoi.drafts.text import base_form, comparable_syllables, syllables

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

_FOLDED_FILLER = frozenset(base_form(w) for w in FILLER)
_FOLDED_NEGATIONS = frozenset(base_form(w) for w in NEGATIONS)
_FOLDED_NUMBERS = {base_form(w): n for w, n in _NUMBER_WORDS.items()}

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


def _shingles(every: list[str], filler: frozenset[str] = FILLER) -> frozenset[str]:
    words = [w for w in every if w not in filler] or every
    out = set(words)
    out.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return frozenset(out)


@lru_cache(maxsize=65536)
def features(text: str, folded: bool = False) -> Features:
    """``folded``: every syllable without its marks ("tặng" → "tang"), to compare a comment
    typed without marks (on a phone: "de nghi bo sung") with one typed with them."""
    words = comparable_syllables(text)
    filler, numbers, negations = FILLER, _NUMBER_WORDS, NEGATIONS
    if folded:
        words = [_base(w) for w in words]
        filler, numbers, negations = _FOLDED_FILLER, _FOLDED_NUMBERS, _FOLDED_NEGATIONS
    return Features(
        words=tuple(words),
        wordset=frozenset(words),
        shingles=_shingles(words, filler),
        content=frozenset(w for w in words if w not in filler and w not in numbers),
        numbers=_numbers(words, numbers),
        negated=any(w in negations for w in words),
    )


@lru_cache(maxsize=65536)
def unmarked(text: str) -> bool:
    """Whether a comment was typed without any marks (three words or more, none with a mark or
    a đ): it is compared with the others by their syllables without marks."""
    words = syllables(text)
    return len(words) >= 3 and all(_base(w) == w for w in words)


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
    marked = _keys_many(texts, chunk)
    folded = _keys_many([fold(t) for t in texts], chunk)
    return [a + b for a, b in zip(marked, folded, strict=True)]


def _keys_many(texts: Sequence[str], chunk: int) -> list[tuple[int, ...]]:
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
    """The LSH keys of ``text``: ``BANDS`` of its signature, then ``BANDS`` of the signature of
    its syllables without marks (so that "de nghi bo sung" meets "đề nghị bổ sung"; the
    comparison then tells "tăng" from "tặng" wherever both are typed with their marks)."""
    return _band_keys(_signature(text)) + _band_keys(_signature(fold(text)))


def fold(text: str) -> str:
    """``text``'s syllables without their marks, as one string."""
    return " ".join(_base(w) for w in syllables(text))


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


def _numbers(words: Sequence[str], names: dict[str, str] | None = None) -> frozenset[str]:
    names = _NUMBER_WORDS if names is None else names
    year, one = ("nam", "mot") if names is _FOLDED_NUMBERS else ("năm", "một")
    out = {w for w in words if _DIGIT.search(w)}
    # "ba khâu" is "3 khâu"; "năm" alone is a year far more often than five.
    out.update(
        names[w]
        for i, w in enumerate(words)
        if w in names and w != year and not (w == one and i + 1 < len(words))
    )
    return frozenset(out)


CONTAINED_MIN = 4  # content words of the shorter comment, at least
CONTAINED_SHARE = 1.0


# Frame words that still say which way a request goes: kept when one comment's words must all
# be in the other's ("tăng biên chế" is not inside "tinh giản biên chế").
_DIRECTION = frozenset({"tăng", "nâng", "bổ", "sung", "thêm", "hơn", "lên", "hết", "ra", "vào"})
_KEEP = _DIRECTION | {base_form(w) for w in _DIRECTION}


def _contained(fa: Features, fb: Features) -> bool:
    """Whether the shorter comment's words (but the frame) are all in the longer one."""
    a = fa.content | (fa.wordset & _KEEP)
    b = fb.content | (fb.wordset & _KEEP)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < CONTAINED_MIN:
        return False
    return len(short & long) >= CONTAINED_SHARE * len(short)


def content_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w for w in words if w not in FILLER and w not in _NUMBER_WORDS)


_base = lru_cache(maxsize=65536)(base_form)


def verdict(a: str, b: str, threshold: float = THRESHOLD) -> Verdict:
    """Compare two comments exactly (after the LSH said they might be alike)."""
    folded = unmarked(a) or unmarked(b)
    fa, fb = features(a, folded), features(b, folded)
    score = jaccard(fa.shingles, fb.shingles)
    sa, sb = fa.wordset, fb.wordset
    only_a, only_b = sa - sb, sb - sa
    if only_a and only_b and not folded:
        bases_b = {_base(w) for w in only_b}
        if any(_base(w) in bases_b for w in only_a):
            return Verdict(False, score, "marks")
    if fa.negated != fb.negated:
        return Verdict(False, score, "negation")
    if fa.numbers != fb.numbers:
        return Verdict(False, score, "numbers")
    if _contained(fa, fb):
        # One says what the other says with a preamble round it ("Theo ý kiến của chi bộ
        # chúng tôi, …", "Tôi là đảng viên 40 năm…, đề nghị …"): the same request.
        return Verdict(True, max(score, threshold), "contained")
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
