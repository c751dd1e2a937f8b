"""Class 4: hostile characters in candidates' names — invisible (zero-width space), look-alike
(Cyrillic or Greek letters that look Latin inside a Vietnamese name), direction overrides,
terminal escapes, BEL, NUL.

Owed: exit 2, a message naming the file, the candidate and the character as U+XXXX; never a
raw control character echoed to the operator's terminal. A name with a look-alike letter is a
different name to every computer and the same name to every human: it must not pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import assert_refused, daihoi

# (label, the hostile name, the character as the message must name it)
CLEAN = "Lê Văn Đức"
ATTACKS = [
    ("zero-width-space", "Lê Văn\u200b Đức", "U+200B"),
    ("cyrillic-a", "Ph\u0430m Thị Dung", "U+0430"),
    ("greek-omicron", "H\u03bfàng Minh Ánh", "U+03BF"),
    ("right-to-left-override", "Lê Văn \u202eĐức", "U+202E"),
    ("ansi-escape", "Lê Văn \x1b[31mĐức", "U+001B"),
    ("bel", "Lê Văn \x07Đức", "U+0007"),
    ("nul", "Lê Văn \x00Đức", "U+0000"),
]
ORIGINAL = {"cyrillic-a": "Phạm Thị Dung", "greek-omicron": "Hoàng Minh Ánh"}


def yaml_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u200b\u202e":
            out.append(f"\\u{ord(ch):04x}")
        elif ch in '"\\':
            out.append("\\" + ch)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def hostile_election(folder: Path, label: str, name: str) -> tuple[str, str]:
    """h.yaml with the hostile name in place of a clean one, and hb.csv whose header names the
    same hostile string (so that the only thing wrong is the name itself)."""
    original = ORIGINAL.get(label, CLEAN)
    text = (folder / "e.yaml").read_text(encoding="utf-8")
    assert f"  - {original}\n" in text
    (folder / "h.yaml").write_text(
        text.replace(f"  - {original}\n", f"  - {yaml_quoted(name)}\n"), encoding="utf-8"
    )
    ballots = (folder / "b.csv").read_bytes()
    (folder / "hb.csv").write_bytes(ballots.replace(original.encode(), name.encode(), 1))
    return "h.yaml", "hb.csv"


def no_raw_controls(out: str) -> None:
    for ch in ("\x1b", "\x07", "\x00", "\u202e", "\u200b"):
        assert ch not in out, f"the message echoes U+{ord(ch):04X} to the terminal: {out!r}"


@pytest.mark.parametrize(("label", "name", "code"), [pytest.param(*a, id=a[0]) for a in ATTACKS])
def test_tally_refuses_hostile_name(bch: Path, label: str, name: str, code: str) -> None:
    election, ballots = hostile_election(bch, label, name)
    run = daihoi("count", "tally", election, ballots, "-o", "x.json", cwd=bch)
    assert_refused(run, election, code)
    no_raw_controls(run.out)
    assert not (bch / "x.json").exists()


@pytest.mark.parametrize(("label", "name", "code"), [pytest.param(*a, id=a[0]) for a in ATTACKS])
def test_ballot_print_refuses_hostile_name(bch: Path, label: str, name: str, code: str) -> None:
    election, _ = hostile_election(bch, label, name)
    run = daihoi("ballot", "print", election, "-o", "x.pdf", cwd=bch)
    assert_refused(run, election, code)
    no_raw_controls(run.out)
    assert not (bch / "x.pdf").exists()


def test_ballots_header_with_invisible_character(bch: Path) -> None:
    ballots = (bch / "b.csv").read_bytes()
    (bch / "z.csv").write_bytes(ballots.replace(CLEAN.encode(), "Lê Văn\u200b Đức".encode(), 1))
    run = daihoi("count", "tally", "e.yaml", "z.csv", cwd=bch)
    assert_refused(run, "z.csv", "U+200B")


def test_ballots_header_unknown_name_is_named(bch: Path) -> None:
    """Control: a plain misspelt column is refused naming file, row 1 and the column."""
    ballots = (bch / "b.csv").read_bytes()
    (bch / "m.csv").write_bytes(ballots.replace(CLEAN.encode(), "Lê Văn Đúc".encode(), 1))
    assert_refused(daihoi("count", "tally", "e.yaml", "m.csv", cwd=bch), "m.csv", "Lê Văn Đúc")


def nfd(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFD", text)


def same_name_or_named_difference(folder: Path, election: str, ballots: str) -> None:
    """The same name for every human must be the same name for the count, or the message must
    show what differs (the combining character as U+XXXX)."""
    run = daihoi("count", "tally", election, ballots, "-o", "x.json", cwd=folder)
    assert "Traceback" not in run.out, str(run)
    if run.returncode == 0:
        import json

        got = json.loads((folder / "x.json").read_text(encoding="utf-8"))
        want = json.loads((folder / "r.json").read_text(encoding="utf-8"))
        assert [c["votes"] for c in got["candidates"]] == [c["votes"] for c in want["candidates"]]
    else:
        assert_refused(run)
        assert "U+0302" in run.out or "U+0306" in run.out or "U+0301" in run.out, str(run)


def test_decomposed_name_in_election(bch: Path) -> None:
    """The election writes 'Lê Văn Đức' decomposed (NFD, as some Mac and Word exports do), the
    ballots CSV composed."""
    text = (bch / "e.yaml").read_text(encoding="utf-8")
    (bch / "n.yaml").write_text(text.replace(CLEAN, nfd(CLEAN)), encoding="utf-8")
    same_name_or_named_difference(bch, "n.yaml", "b.csv")


def test_decomposed_name_in_ballots(bch: Path) -> None:
    """The ballots CSV header has the name decomposed (NFD), the election composed."""
    ballots = (bch / "b.csv").read_text(encoding="utf-8")
    (bch / "n.csv").write_text(ballots.replace(CLEAN, nfd(CLEAN), 1), encoding="utf-8")
    same_name_or_named_difference(bch, "e.yaml", "n.csv")
