"""The labelled comment pairs of ``comment_pairs.txt`` and their precision and recall."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from daihoi.drafts.similarity import keys_of, verdict

PAIRS_FILE = Path(__file__).with_name("comment_pairs.txt")


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    duplicate: bool


def load_pairs(path: Path = PAIRS_FILE) -> list[Pair]:
    pairs: list[Pair] = []
    base = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("* "):
            base = line[2:].strip()
        elif line.startswith(("= ", "≠ ")):
            pairs.append(Pair(base, line[2:].strip(), line.startswith("=")))
    return pairs


def grouped_together(a: str, b: str) -> bool:
    """What the grouping does with two comments: an LSH candidate that passes the check."""
    if not set(enumerate(keys_of(a))) & set(enumerate(keys_of(b))):
        return False
    return verdict(a, b).same


def measure(pairs: list[Pair]) -> tuple[float, float, int, int, int, int]:
    """(precision, recall, true pos, false pos, false neg, true neg)."""
    tp = fp = fn = tn = 0
    for p in pairs:
        got = grouped_together(p.a, p.b)
        if got and p.duplicate:
            tp += 1
        elif got:
            fp += 1
        elif p.duplicate:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn, tn
