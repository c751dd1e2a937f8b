"""Class 5: values outside the contract in files another program (or a hand) wrote: a
committee's decision with a reason that is no reason code, a results file whose percentages
are NaN, infinite, negative or not those of the votes, a tie list naming no candidate.

Owed: exit 2 naming the file, row/field — never a count or a next round built on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import assert_refused, daihoi


def decisions(folder: Path, *rows: str) -> str:
    (folder / "dd.csv").write_text(
        "source,page,decision,struck,reason\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return "dd.csv"


def test_resolve_reason_not_a_code(scanned: Path) -> None:
    name = decisions(scanned, "c.png,1,invalid,,vì tôi thích")
    assert_refused(
        daihoi("count", "resolve", "s.json", name, "-o", "f.json", cwd=scanned), name, "reason"
    )
    assert not (scanned / "f.json").exists()


def test_resolve_reason_near_miss(scanned: Path) -> None:
    name = decisions(scanned, "c.png,1,invalid,,other marks")
    assert_refused(
        daihoi("count", "resolve", "s.json", name, "-o", "f.json", cwd=scanned), name, "reason"
    )


def test_resolve_reason_formula(scanned: Path) -> None:
    name = decisions(scanned, 'c.png,1,invalid,,"=HYPERLINK(""http://x"")"')
    assert_refused(
        daihoi("count", "resolve", "s.json", name, "-o", "f.json", cwd=scanned), name, "reason"
    )


def test_resolve_unknown_decision(scanned: Path) -> None:
    """Control: a decision that is neither valid nor invalid is refused naming row 2, column."""
    name = decisions(scanned, "c.png,1,maybe,,")
    assert_refused(
        daihoi("count", "resolve", "s.json", name, "-o", "f.json", cwd=scanned),
        name,
        "2",
        "decision",
    )


def test_resolve_known_reason_code(scanned: Path) -> None:
    """Control: a reason code of the list is accepted."""
    name = decisions(scanned, "c.png,1,invalid,,written_in")
    run = daihoi("count", "resolve", "s.json", name, "-o", "f.json", cwd=scanned)
    assert run.returncode == 0, str(run)


def altered(folder: Path, change: Callable[[dict[str, Any]], None]) -> str:
    data = json.loads((folder / "tie.json").read_text(encoding="utf-8"))
    change(data)
    (folder / "alt.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return "alt.json"


def all_percent(value: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for c in data["candidates"]:
            c["percent"] = value

    return change


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-5.00", "1e2"])
def test_next_round_bad_percent(tie: Path, value: str) -> None:
    name = altered(tie, all_percent(value))
    assert_refused(daihoi("count", "next-round", name, "-o", "r2.yaml", cwd=tie), name, "percent")
    assert not (tie / "r2.yaml").exists()


def test_minutes_nan_percent(tie: Path) -> None:
    """Control: the minutes do check the percent field."""
    name = altered(tie, all_percent("NaN"))
    assert_refused(daihoi("minutes", name, "--pdf", "x.pdf", cwd=tie), name, "percent")


def test_next_round_percent_not_of_votes(tie: Path) -> None:
    name = altered(tie, lambda d: d["candidates"][0].__setitem__("percent", "99.99"))
    assert_refused(daihoi("count", "next-round", name, "-o", "r2.yaml", cwd=tie), name, "percent")


def test_next_round_tied_names_nobody(tie: Path) -> None:
    name = altered(tie, lambda d: d.__setitem__("tied", ["Không Có Ai"]))
    assert_refused(daihoi("count", "next-round", name, "-o", "r2.yaml", cwd=tie), name, "tied")


def test_next_round_nan_votes(tie: Path) -> None:
    """Control: a NaN number of votes is refused naming the field."""

    def change(d: dict[str, Any]) -> None:
        d["candidates"][0]["votes"] = float("nan")

    name = altered(tie, change)
    assert_refused(daihoi("count", "next-round", name, "-o", "r2.yaml", cwd=tie), name, "votes")
