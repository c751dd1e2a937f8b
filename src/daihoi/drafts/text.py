"""Vietnamese text as the documents engine compares it: NFC, lower case, punctuation gone.

Diacritics are kept: "tăng" (increase) and "tặng" (give) are different words, and a comment that
says one is not a duplicate of a comment that says the other. Syllables are the words of
Vietnamese writing (one syllable per space-separated token), so they are the unit of shingles
and of the word-level diff.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


# Where the tone mark sits in "oa", "oe", "uy" at the end of a syllable differs between the old
# and the new spelling ("hóa" / "hoá", "thủy" / "thuỷ"): one word, so it is put in one place.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_TONE = re.compile(rf"([ou])([{_TONES}])([aey])$")

# The abbreviations of party and state writing, expanded before comparing: "HTCT" and "hệ thống
# chính trị" are the same words to the drafting team.
ABBREVIATIONS = {
    "htct": "hệ thống chính trị",
    "kt xh": "kinh tế xã hội",
    "ktxh": "kinh tế xã hội",
    "đv": "đảng viên",
    "bch": "ban chấp hành",
    "btv": "ban thường vụ",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "mttq": "mặt trận tổ quốc",
    "cnh hđh": "công nghiệp hóa hiện đại hóa",
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "thpt": "trung học phổ thông",
    "thcs": "trung học cơ sở",
    "cchc": "cải cách hành chính",
    "tthc": "thủ tục hành chính",
    "cđs": "chuyển đổi số",
    "ntm": "nông thôn mới",
    "qp an": "quốc phòng an ninh",
    "qpan": "quốc phòng an ninh",
    "an qp": "an ninh quốc phòng",
    "tw": "trung ương",
    "dn": "doanh nghiệp",
    "dnnvv": "doanh nghiệp nhỏ và vừa",
    "cbccvc": "cán bộ công chức viên chức",
    "ccvc": "công chức viên chức",
    "ccb": "cựu chiến binh",
    "lhpn": "liên hiệp phụ nữ",
    "khcn": "khoa học công nghệ",
    "gd đt": "giáo dục đào tạo",
    "gdđt": "giáo dục đào tạo",
    "xdđ": "xây dựng đảng",
    "pctn": "phòng chống tham nhũng",
    "htx": "hợp tác xã",
    "kcn": "khu công nghiệp",
    "cntt": "công nghệ thông tin",
    "dtts": "dân tộc thiểu số",
    "attp": "an toàn thực phẩm",
}
_ABBREVIATION = re.compile(
    r"(?<!\w)("
    + "|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True))
    + r")(?!\w)"
)


@lru_cache(maxsize=65536)
def tone_in_place(syllable: str) -> str:
    """The syllable with its tone mark where the new spelling puts it ("hóa" → "hoá")."""
    decomposed = unicodedata.normalize("NFD", syllable)
    moved = _OLD_TONE.sub(r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", moved)


def comparable_syllables(text: str) -> list[str]:
    """The syllables of ``text`` as comments are compared: ``normalise``, the tone marks in one
    place and the usual abbreviations spelt out."""
    words = " ".join(tone_in_place(w) for w in syllables(text))
    return _ABBREVIATION.sub(lambda m: _EXPANDED[m.group(1)], words).split()


_EXPANDED = {k: " ".join(tone_in_place(w) for w in v.split()) for k, v in ABBREVIATIONS.items()}
