"""Vietnamese text as the documents engine compares it: NFC, lower case, punctuation gone.

Diacritics are kept: "tăng" (increase) and "tặng" (give) are different words, and a comment that
says one is not a duplicate of a comment that says the other. Syllables are the words of
Vietnamese writing (one syllable per space-separated token), so they are the unit of shingles
and of the word-level diff.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def clean(text: str) -> str:
    """NFC, control and direction characters removed, runs of blanks made one space (newlines kept)."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()


def normalise(text: str) -> str:
    """Lower-case NFC syllables separated by single spaces, punctuation stripped, diacritics kept."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = unicodedata.normalize("NFC", text)
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


def syllables(text: str) -> list[str]:
    """The syllables (words) of ``text`` after ``normalise``."""
    return normalise(text).split()


def base_form(syllable: str) -> str:
    """A syllable without its marks (tone and vowel marks; đ becomes d): "tặng" → "tang"."""
    decomposed = unicodedata.normalize("NFD", syllable.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def word_count(text: str) -> int:
    return len(text.split())
