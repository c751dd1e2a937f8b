"""``refuse_overwrites``: a command never writes over one of its inputs, nor one output over
another, whatever the paths are called."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from daihoi.cli.paths import refuse_overwrites
from daihoi.engine.errors import InputError


@pytest.fixture
def ballots(tmp_path: Path) -> Path:
    path = tmp_path / "b.csv"
    path.write_text("ballot\n", encoding="utf-8")
    return path


def test_it_refuses_an_input_under_another_name(ballots: Path) -> None:
    folder = ballots.parent
    os.symlink("b.csv", folder / "link.csv")
    os.link(ballots, folder / "hard.csv")
    for other in ("link.csv", "hard.csv", "./b.csv", f"../{folder.name}/b.csv"):
        with pytest.raises(InputError, match="đầu vào"):
            refuse_overwrites([ballots], [folder / other])


def test_it_refuses_two_outputs_that_are_one_file_even_before_they_exist(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cùng một tệp"):
        refuse_overwrites([], [tmp_path / "x.pdf", tmp_path / "." / "x.pdf"])
    os.symlink("x.pdf", tmp_path / "link.pdf")  # a link to a file not written yet
    with pytest.raises(InputError, match="cùng một tệp"):
        refuse_overwrites([], [tmp_path / "x.pdf", tmp_path / "link.pdf"])


def test_it_lets_distinct_outputs_and_missing_inputs_pass(ballots: Path) -> None:
    folder = ballots.parent
    refuse_overwrites([ballots, folder / "nosuch.yaml"], [folder / "r.json", folder / "r.pdf"])
