"""Vietnamese names: normalisation and ballot order ("theo vần A, B, C").

Ballot order sorts candidates by given name (the last word), then surname (the first word), then
the middle name(s), then birth year (earlier first, unknown last).

Words are compared with Vietnamese collation:

* letters first, in the Vietnamese alphabet ``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u
  ư v x y`` (the foreign letters f, j, w, z sit where the Latin alphabet puts them);
* tones only break ties between words whose letters are all equal, in the dictionary order of
  the Hoàng Phê *Từ điển tiếng Việt*: ngang (none), huyền (`), hỏi (̉), ngã (~), sắc (´),
  nặng (.). So ``Anh < Ảnh < Ánh < Ba`` and ``Đức`` comes after every ``D…`` name;
* upper and lower case compare equal (the exact text is the very last tie-breaker so that the
  order is total and never depends on input order).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol, TypeVar

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

# Combining marks that change the letter (they are part of the alphabet, not tones).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
# Tone marks in dictionary order; 0 is ngang (no mark).
TONE_ORDER = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}

WordKey = tuple[tuple[int, ...], tuple[int, ...]]


def normalize_name(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding blanks removed and inner runs of
    whitespace collapsed to one space (names typed in different programs compare equal)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def word_key(word: str) -> WordKey:
    """Collation key of one word: (letter ranks, tone ranks); tones compare only after letters."""
    letters: list[int] = []
    tones: list[int] = []
    base: str | None = None
    tone = 0
    for char in unicodedata.normalize("NFD", word.casefold()):
        if unicodedata.combining(char):
            if char in TONE_ORDER:
                tone = TONE_ORDER[char]
            elif base is not None:
                base = _MODIFIED.get((base, char), base)
            continue
        if base is not None:
            letters.append(_rank(base))
            tones.append(tone)
        base, tone = char, 0
    if base is not None:
        letters.append(_rank(base))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def _rank(letter: str) -> int:
    # Letters outside the alphabet (digits, hyphens) sort after it, by code point.
    return _LETTER_RANK.get(letter, len(ALPHABET) + ord(letter))


def vietnamese_key(text: str) -> tuple[WordKey, ...]:
    """Collation key of a text of one or more words, compared word by word."""
    return tuple(word_key(word) for word in normalize_name(text).split(" ") if word)


def split_name(name: str) -> tuple[str, str, str]:
    """Split a full name into (surname, middle, given): ``Nguyễn Thị Minh Khai`` →
    (``Nguyễn``, ``Thị Minh``, ``Khai``). A one-word name is its own given name."""
    words = normalize_name(name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


SortKey = tuple[tuple[WordKey, ...], tuple[WordKey, ...], tuple[WordKey, ...], tuple[int, int], str]


def name_sort_key(name: str, born: int | None = None) -> SortKey:
    """Ballot-order key of one person: given name, surname, middle name, birth year, text."""
    surname, middle, given = split_name(name)
    year = (0, born) if born is not None else (1, 0)
    return (
        vietnamese_key(given),
        vietnamese_key(surname),
        vietnamese_key(middle),
        year,
        normalize_name(name),
    )


class Named(Protocol):
    """Anything with a name and an optional birth year (a ``Candidate``)."""

    @property
    def name(self) -> str: ...

    @property
    def born(self) -> int | None: ...


N = TypeVar("N", bound=Named)


def ballot_order(candidates: Iterable[N]) -> list[N]:
    """Return the candidates in ballot order (Vietnamese A, B, C by given name)."""
    return sorted(candidates, key=lambda c: name_sort_key(c.name, c.born))


# --- texts and names a person will read ------------------------------------------------------
# Every text of an input file that is printed (on a ballot, in the minutes, on the terminal) is
# checked once, where the file is parsed: a control or invisible character would reach the
# terminal raw (ESC colours it, BEL rings), break the DOCX (XML refuses most of them), or make
# two names print the same (``An`` and ``A\u200bn``, Latin ``a`` and Cyrillic ``а``).

MAX_NAME = 100  # characters in a person's name (the longest real ones are about 40)
MAX_TEXT = 300  # characters in a title, the congress, a place, a role
# Line breaks and tabs typed in a YAML block are whitespace: they become one space.
_WHITESPACE = frozenset("\t\n\r ")
# Besides letters, a name may hold these (Hơ-Mơ, K'Bang, Y. Ngông, the typographic apostrophe).
NAME_PUNCTUATION = frozenset(" -'’.")
_SCRIPTS = {"CYRILLIC": "Kirin", "GREEK": "Hy Lạp", "ARABIC": "Ả Rập", "HEBREW": "Do Thái"}
# How ``Candidate.label`` tells apart two people of one name: ``Name (born)``.
_LABEL_YEAR = re.compile(r"(.*) \((\d{4})\)")


def char_text(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: a character as a message names it (never the raw one)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _hidden(char: str) -> bool:
    # Control (Cc), format (Cf: zero-width, direction overrides), surrogates, private use,
    # unassigned, line and paragraph separators. Spaces (Zs: the no-break space Word pastes)
    # are not: ``normalize_name`` makes them one plain space.
    if char in _WHITESPACE:
        return False
    category = unicodedata.category(char)
    return category[0] == "C" or category in ("Zl", "Zp")


def printable(text: str) -> str:
    """``text`` with every control or invisible character written as ``U+XXXX``: safe to
    print on a terminal and in a message."""
    if not any(_hidden(char) or char in "\t\n\r" for char in text):
        return text
    return "".join(
        f"<U+{ord(char):04X}>" if _hidden(char) or char in "\t\n\r" else char for char in text
    )


def text_problem(text: str, *, limit: int = MAX_TEXT) -> str | None:
    """Why ``text`` cannot be a printed text (title, congress, place…), or ``None``."""
    for position, char in enumerate(text, start=1):
        if _hidden(char):
            return (
                f"có ký tự điều khiển hoặc vô hình {char_text(char)} ở vị trí {position}; "
                "hãy xóa ký tự đó"
            )
    length = len(normalize_name(text))
    if length > limit:
        return f"dài {length} ký tự, quá giới hạn {limit} ký tự"
    return None


def name_problem(text: str) -> str | None:
    """Why ``text`` cannot be a person's name, or ``None``.

    A name is Latin letters (the Vietnamese ones included, composed or decomposed), spaces,
    hyphens, apostrophes and periods, at most ``MAX_NAME`` characters. A letter of another
    script (a Cyrillic ``а`` that looks Latin) is refused, so two names that print the same
    are the same name.
    """
    problem = text_problem(text, limit=MAX_NAME)
    if problem is not None:
        return problem
    letter_before = False
    for position, char in enumerate(unicodedata.normalize("NFC", text), start=1):
        category = unicodedata.category(char)
        if category.startswith("L") and unicodedata.name(char, "").startswith("LATIN "):
            letter_before = True
            continue
        if category == "Mn" and letter_before and "\u0300" <= char <= "\u036f":
            continue  # a diacritic with no composed form, on a Latin letter
        letter_before = False
        if char in NAME_PUNCTUATION or char in _WHITESPACE or category == "Zs":
            continue
        script = unicodedata.name(char, "").split(" ")[0]
        kind = (
            f"chữ {_SCRIPTS.get(script, script.title())} lẫn vào tên chữ Latinh"
            if category.startswith("L")
            else "không phải chữ cái"
        )
        return (
            f"có ký tự {char_text(char)} ở vị trí {position} ({kind}); tên chỉ gồm chữ cái "
            "Latinh (cả chữ tiếng Việt có dấu), khoảng trắng, dấu gạch nối, dấu nháy và dấu chấm"
        )
    return None


def label_problem(text: str) -> str | None:
    """``name_problem`` for a candidate's label as files write it: a name, or ``Name (born)``
    when two candidates share the name (ballots CSV headers, results files)."""
    found = _LABEL_YEAR.fullmatch(normalize_name(text))
    return name_problem(found[1] if found else text)
