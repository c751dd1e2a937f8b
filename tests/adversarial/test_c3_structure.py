"""Class 3: structured input that is valid syntax but hostile: nesting 100,000 deep, a date
YAML reads as a date that does not exist, control characters and absurd lengths in a title.

Owed: exit 2 with a message naming the file (and the field), no traceback, no output file.
"""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import assert_refused, daihoi

DEPTH = 100_000


def deep_array() -> str:
    return "[" * DEPTH + "]" * DEPTH


def deep_object() -> str:
    return '{"a":' * DEPTH + "1" + "}" * DEPTH


def replaced(folder: Path, name: str, old: str, new: str, source: str = "e.yaml") -> str:
    text = (folder / source).read_text(encoding="utf-8")
    assert old in text
    (folder / name).write_text(text.replace(old, new), encoding="utf-8")
    return name


RECURSION = "RecursionError traceback, exit 1"


def test_tally_deep_json_election(bch: Path) -> None:
    (bch / "deep.json").write_text(deep_array())
    assert_refused(
        daihoi("count", "tally", "deep.json", "b.csv", "-o", "x.json", cwd=bch), "deep.json"
    )
    assert not (bch / "x.json").exists()


def test_tally_deep_json_object_election(bch: Path) -> None:
    (bch / "deepo.json").write_text(deep_object())
    assert_refused(daihoi("count", "tally", "deepo.json", "b.csv", cwd=bch), "deepo.json")


def test_tally_deep_yaml_election(bch: Path) -> None:
    (bch / "deep.yaml").write_text("id: " + deep_array() + "\n")
    assert_refused(daihoi("count", "tally", "deep.yaml", "b.csv", cwd=bch), "deep.yaml")


def test_ballot_print_deep_yaml(bch: Path) -> None:
    (bch / "deep.yaml").write_text("id: x\ncandidates: " + deep_array() + "\n")
    assert_refused(daihoi("ballot", "print", "deep.yaml", "-o", "x.pdf", cwd=bch), "deep.yaml")
    assert not (bch / "x.pdf").exists()


def test_next_round_deep_results(bch: Path) -> None:
    (bch / "deep.json").write_text(deep_array())
    assert_refused(daihoi("count", "next-round", "deep.json", "-o", "x.yaml", cwd=bch), "deep.json")


def test_minutes_deep_results(bch: Path) -> None:
    (bch / "deep.json").write_text(deep_object())
    assert_refused(daihoi("minutes", "deep.json", "--pdf", "x.pdf", cwd=bch), "deep.json")
    assert not (bch / "x.pdf").exists()


def test_resolve_deep_results(bch: Path) -> None:
    (bch / "deep.json").write_text(deep_array())
    (bch / "d.csv").write_text("source,page,decision,struck,reason\n", encoding="utf-8")
    assert_refused(
        daihoi("count", "resolve", "deep.json", "d.csv", "-o", "x.json", cwd=bch), "deep.json"
    )


def test_tally_impossible_month(bch: Path) -> None:
    name = replaced(bch, "d.yaml", 'date: "2025-07-10"', "date: 2025-13-45")
    assert_refused(daihoi("count", "tally", name, "b.csv", "-o", "x.json", cwd=bch), name, "date")


def test_tally_impossible_day(bch: Path) -> None:
    name = replaced(bch, "d.yaml", 'date: "2025-07-10"', "date: 2025-02-30")
    assert_refused(daihoi("count", "tally", name, "b.csv", cwd=bch), name, "date")


def test_ballot_print_impossible_date(bch: Path) -> None:
    name = replaced(bch, "d.yaml", 'date: "2025-07-10"', "date: 2025-13-45")
    assert_refused(daihoi("ballot", "print", name, "-o", "x.pdf", cwd=bch), name)


def test_tally_unquoted_real_date(bch: Path) -> None:
    """Control: an unquoted date that exists is fine."""
    name = replaced(bch, "d.yaml", 'date: "2025-07-10"', "date: 2025-07-10")
    run = daihoi("count", "tally", name, "b.csv", "-o", "x.json", cwd=bch)
    assert run.returncode == 0, str(run)


TITLE = "title: Bầu Ban Chấp hành Đảng bộ Quận 1 khóa XII, nhiệm kỳ 2025–2030"


def test_tally_title_with_escape(bch: Path) -> None:
    name = replaced(bch, "c.yaml", TITLE, 'title: "Bầu Ban Chấp hành\\eĐảng bộ"')
    assert_refused(
        daihoi("count", "tally", name, "b.csv", "-o", "x.json", cwd=bch), name, "title", "U+001B"
    )


def test_tally_title_with_vertical_tab(bch: Path) -> None:
    name = replaced(bch, "c.yaml", TITLE, 'title: "Bầu Ban Chấp hành\\vĐảng bộ"')
    assert_refused(daihoi("count", "tally", name, "b.csv", cwd=bch), name, "title", "U+000B")


def test_minutes_docx_title_with_escape(bch: Path) -> None:
    data = json.loads((bch / "r.json").read_text(encoding="utf-8"))
    data["title"] = "Bầu Ban Chấp hành\x1bĐảng bộ"
    (bch / "c.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert_refused(daihoi("minutes", "c.json", "--docx", "x.docx", cwd=bch), "c.json", "title")
    assert not (bch / "x.docx").exists()


def test_minutes_both_title_with_escape(bch: Path) -> None:
    data = json.loads((bch / "r.json").read_text(encoding="utf-8"))
    data["title"] = "Bầu\x1b[31m Ban"
    (bch / "c.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = daihoi("minutes", "c.json", "--pdf", "x.pdf", "--docx", "x.docx", cwd=bch)
    assert_refused(run, "c.json")
    assert not (bch / "x.pdf").exists() and not (bch / "x.docx").exists(), "half the minutes"


def test_tally_twenty_thousand_character_title(bch: Path) -> None:
    name = replaced(bch, "l.yaml", TITLE, "title: " + "Bầu Ban " * 2500)
    assert_refused(daihoi("count", "tally", name, "b.csv", "-o", "x.json", cwd=bch), name, "title")


def test_unknown_field_with_alias_bomb(bch: Path) -> None:
    """Control: an unknown field (here a YAML alias bomb) is named, not expanded."""
    extra = "\nextra: &a0 [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"x{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
    )
    (bch / "bomb.yaml").write_text(
        (bch / "e.yaml").read_text(encoding="utf-8") + extra, encoding="utf-8"
    )
    assert_refused(daihoi("count", "tally", "bomb.yaml", "b.csv", cwd=bch), "bomb.yaml", "extra")


def test_infinite_electorate(bch: Path) -> None:
    """Control: `electorate: .inf` is refused naming the field."""
    name = replaced(bch, "i.yaml", "electorate: 31", "electorate: .inf")
    assert_refused(daihoi("count", "tally", name, "b.csv", cwd=bch), name, "electorate")
