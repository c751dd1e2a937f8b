"""Refusals name the line that needs the fix: a stray NUL in a UTF-8 file (not a sign of
UTF-16), the line where a quote or a YAML bracket was opened (not where the reader gave up)."""

from __future__ import annotations

from pathlib import Path

import pytest

from daihoi.engine.errors import InputError
from daihoi.files import decode_text, load_data


def test_a_stray_nul_in_utf8_names_its_line() -> None:
    raw = "ballot,Nguyễn Văn An\n001,x\n002,\n003,x\x00\n".encode()
    with pytest.raises(InputError) as caught:
        decode_text(raw, "b.csv")
    assert caught.value.location.row == 4
    assert "U+0000" in caught.value.message


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_still_read(codec: str) -> None:
    text = "ballot,Nguyễn Văn An\n001,x\n002,\n"
    assert decode_text(text.encode(codec), "b.csv") == (text, codec)


def test_a_quote_left_open_is_reported_where_it_opens() -> None:
    from daihoi.engine.election import parse_election
    from daihoi.files import parse_ballots

    election = parse_election(
        {
            "id": "a",
            "title": "T",
            "body": "committee",
            "seats": 1,
            "rules": "state",
            "candidates": ["An", "Bình"],
        },
        "e.yaml",
    )
    text = 'ballot,An,Bình\n001,x,\n002,"x,\n' + "".join(f"{n:03},,x\n" for n in range(3, 30))
    with pytest.raises(InputError) as caught:
        parse_ballots(text, election, "b.csv")
    assert caught.value.location.row == 3


def test_a_yaml_bracket_left_open_is_reported_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("id: a\ntitle: T\nseats: [5\nrules: state\nbody: committee\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_data(path)
    assert caught.value.location.row == 3
    assert "[" in caught.value.message
