"""Shared helpers (no tests) for the `daihoi count` CLI tests: a small election and its ballots."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from daihoi.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

AN, BINH, DUC = "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Đức"

ELECTION = """\
id: chi-bo-3
title: Bầu Chi ủy Chi bộ 3 nhiệm kỳ 2025–2027
body: committee
seats: 2
rules: party
electorate: 11
candidates:
  - Nguyễn Văn An
  - Trần Thị Bình
  - Lê Văn Đức
"""

# Ballot order: An, Bình, Đức. An 6, Bình 5, Đức 6 of 11: An and Đức elected.
BALLOTS = [
    ("001", "", "", "x"),
    ("002", "", "", "x"),
    ("003", "", "", "x"),
    ("004", "", "", "x"),
    ("005", "", "", "x"),
    ("006", "", "x", ""),
    ("007", "x", "x", ""),
    ("008", "x", "x", ""),
    ("009", "x", "x", ""),
    ("010", "x", "x", ""),
    ("011", "x", "x", ""),
]


def csv_text(rows=BALLOTS, header=("ballot", AN, BINH, DUC), sep=",", end="\n") -> str:
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    return end.join(lines) + end


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def cp1258_bytes(text: str) -> bytes:
    """Encode like Excel on Vietnamese Windows: base letters precomposed, tones combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(p for p in parts if p in tones)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err
