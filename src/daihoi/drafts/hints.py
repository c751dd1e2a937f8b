"""Length and repetition hints for a draft ("dài dòng, trùng lắp", the seeds' weakness).

- a paragraph that says again what another section says (near duplicates across sections);
- a section far longer than its share: more than ``LONG_FACTOR`` times the median words of the
  sections at its level, or more words than the outline planned for it when a plan is given.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from daihoi.drafts.outline import Outline
from daihoi.drafts.similarity import GroupIndex, jaccard, shingles

LONG_FACTOR = 2.5
MIN_WORDS = 25  # shorter paragraphs ("Đồng ý.") repeat without saying the same thing
REPEAT_THRESHOLD = 0.6


@dataclass(frozen=True)
class Repetition:
    first: int  # paragraph numbers
    second: int
    first_section: str
    second_section: str
    score: float


@dataclass(frozen=True)
class LongSection:
    number: int
    title: str
    words: int
    expected: int


@dataclass(frozen=True)
class Hints:
    repetitions: tuple[Repetition, ...]
    long_sections: tuple[LongSection, ...]
    total_words: int


def draft_hints(outline: Outline, planned_words: Mapping[int, int] | None = None) -> Hints:
    index = GroupIndex(threshold=REPEAT_THRESHOLD)
    first_of: dict[int, tuple[int, str, str]] = {}
    repetitions: list[Repetition] = []
    for s in outline.sections:
        for p in s.paragraphs:
            if len(p.text.split()) < MIN_WORDS:
                continue
            group = index.add(p.text)
            if group not in first_of:
                first_of[group] = (p.number, s.title, p.text)
                continue
            number, title, text = first_of[group]
            if title != s.title:
                repetitions.append(
                    Repetition(
                        number, p.number, title, s.title, jaccard(shingles(text), shingles(p.text))
                    )
                )
    long_sections: list[LongSection] = []
    by_level: dict[int, list[int]] = {}
    for s in outline.sections:
        by_level.setdefault(s.level, []).append(s.words)
    for s in outline.sections:
        planned = (planned_words or {}).get(s.number)
        median = int(statistics.median(by_level[s.level]))
        expected = planned if planned else int(median * LONG_FACTOR)
        enough = len(by_level[s.level]) >= 3 or planned
        if enough and s.words > expected and s.words >= 200:
            long_sections.append(LongSection(s.number, s.title, s.words, expected))
    return Hints(
        tuple(repetitions),
        tuple(long_sections),
        sum(s.words for s in outline.sections),
    )
