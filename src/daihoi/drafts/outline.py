"""A draft's outline: sections (from headings) and numbered paragraphs, read from DOCX or text.

Headings are found by their Word style ("Heading 1", "Title", Vietnamese "Tiêu đề") and by the
numbering drafts use: "Phần thứ nhất", "PHẦN I", "I.", "A.", and "1." / "1.1." on a short line
that does not end like a sentence. Paragraphs are numbered through the whole document (đoạn 1,
2, …) so that a comment can name one whatever section it is in.

``read_docx`` checks the file before python-docx opens it: a zip, with ``word/document.xml``,
not too big once unpacked (a zip bomb is refused by its declared sizes and by a capped read).
Outcomes are values: an ``Outline`` or a ``Refusal`` with its Vietnamese reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from daihoi.drafts.text import clean, word_count

MAX_UNPACKED = 60 * 1024 * 1024
MAX_RATIO = 200
MAX_PARAGRAPHS = 20_000

_PART = re.compile(r"^(phần\s+thứ\s+\w+|phần\s+[ivxlc]+\b|chương\s+[ivxlc\d]+\b)", re.I)
_ROMAN = re.compile(r"^[IVXLC]+[.\-–)]\s*\S")
_LETTER = re.compile(r"^[A-ZĐ][.)]\s+\S")
_ARABIC = re.compile(r"^\d+(\.\d+)*[.)]\s*\S")


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str


@dataclass(frozen=True)
class Section:
    number: int  # 1-based; 0 is the text before the first heading
    title: str
    level: int
    paragraphs: tuple[Paragraph, ...]

    @property
    def words(self) -> int:
        return sum(word_count(p.text) for p in self.paragraphs)


@dataclass(frozen=True)
class Outline:
    sections: tuple[Section, ...]

    @property
    def paragraph_count(self) -> int:
        return sum(len(s.paragraphs) for s in self.sections)

    def to_data(self) -> list[dict[str, object]]:
        return [
            {
                "number": s.number,
                "title": s.title,
                "level": s.level,
                "paragraphs": [p.text for p in s.paragraphs],
            }
            for s in self.sections
        ]

    @classmethod
    def from_data(cls, data: Iterable[dict[str, object]]) -> Outline:
        sections, n = [], 0
        for s in data:
            paras = []
            for text in s["paragraphs"]:  # type: ignore[attr-defined]
                n += 1
                paras.append(Paragraph(n, str(text)))
            sections.append(
                Section(int(s["number"]), str(s["title"]), int(s["level"]), tuple(paras))  # type: ignore[call-overload]
            )
        return cls(tuple(sections))


@dataclass(frozen=True)
class Refusal:
    reason: str


def heading_level(text: str, style: str = "", bold: bool = False) -> int:
    """1 or 2 (or 3) for a heading, 0 for a body paragraph."""
    style_l = style.casefold()
    for prefix, level in (("title", 1), ("heading ", 0), ("tiêu đề", 0)):
        if style_l.startswith(prefix):
            if level:
                return level
            digits = "".join(ch for ch in style_l[len(prefix) :] if ch.isdigit())
            return max(1, min(3, int(digits))) if digits else 1
    line = text.strip()
    if not line or len(line) > 160:
        return 0
    if _PART.match(line):
        return 1
    sentence_end = line.endswith((".", ";", ",", ":")) and not line.isupper()
    if _ROMAN.match(line) and (not sentence_end or len(line) < 90):
        return 1
    if _LETTER.match(line) and not sentence_end:
        return 2
    if _ARABIC.match(line) and (not sentence_end or bold) and len(line) < 120:
        return 2 if line.split()[0].count(".") <= 2 or line.split()[0].endswith(")") else 3
    if bold and line.isupper() and len(line) < 120:
        return 1
    return 0


def build(lines: Iterable[tuple[str, str, bool]]) -> Outline:
    """An outline from (text, style, bold) lines in document order."""
    sections: list[Section] = []
    title, level, number, headings = "", 1, 0, 0
    paras: list[Paragraph] = []
    n = 0
    for raw, style, bold in lines:
        text = clean(raw).replace("\n", " ")
        if not text:
            continue
        h = heading_level(text, style, bold)
        if h:
            if paras or number:
                sections.append(Section(number, title, level, tuple(paras)))
            headings += 1
            title, level, number, paras = text, h, headings, []
            continue
        n += 1
        paras.append(Paragraph(n, text))
    if paras or number:
        sections.append(Section(number, title, level, tuple(paras)))
    return Outline(tuple(sections))


def read_text(text: str) -> Outline:
    """An outline from plain text written in the app: one paragraph a line, headings by numbering."""
    return build((line, "", False) for line in clean(text).split("\n"))


def check_docx(data: bytes) -> Refusal | None:
    """Why ``data`` is not a DOCX we open, or None."""
    if not data:
        return Refusal("Tệp rỗng.")
    if data[:4] != b"PK\x03\x04":
        if data[:5] == b"%PDF-":
            return Refusal("Tệp này là PDF, không phải Word (.docx). Hãy tải lên tệp .docx.")
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return Refusal(
                "Tệp này là Word đời cũ (.doc). Hãy mở bằng Word và lưu lại thành .docx."
            )
        return Refusal("Tệp không phải Word (.docx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                return Refusal("Tệp nén không phải văn bản Word (.docx).")
            total = 0
            for info in z.infolist():
                total += info.file_size
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                    return Refusal("Tệp có phần nén bất thường (quá lớn khi giải nén), không mở.")
            if total > MAX_UNPACKED:
                return Refusal("Tệp quá lớn khi giải nén, không mở.")
            with z.open("word/document.xml") as part:
                if len(part.read(MAX_UNPACKED + 1)) > MAX_UNPACKED:
                    return Refusal("Tệp quá lớn khi giải nén, không mở.")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError):
        return Refusal("Tệp .docx bị hỏng, không đọc được.")
    return None


def read_docx(data: bytes) -> Outline | Refusal:
    """The outline of a DOCX file's bytes (headings become sections, paragraphs are numbered)."""
    refusal = check_docx(data)
    if refusal is not None:
        return refusal
    import docx  # python-docx; imported here so the rest of the engine loads without it

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[tuple[str, str, bool]] = []
        for p in document.paragraphs:
            runs = [r for r in p.runs if r.text.strip()]
            bold = bool(runs) and all(bool(r.bold) for r in runs)
            lines.append((p.text, p.style.name if p.style is not None else "", bold))
            if len(lines) > MAX_PARAGRAPHS:
                return Refusal("Văn bản có quá nhiều đoạn (trên 20.000), không nhập.")
    except Exception:  # python-docx raises many kinds on a broken file
        return Refusal("Tệp .docx bị hỏng, không đọc được.")
    outline = build(lines)
    if not outline.paragraph_count:
        return Refusal("Văn bản không có đoạn nào.")
    return outline
