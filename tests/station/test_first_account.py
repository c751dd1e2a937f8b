"""The first account of a new station, asked on the terminal (Minh types; mistakes are re-asked)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.console import Console

from daihoi.cli import station_cmds
from daihoi.engine.errors import InputError


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch):
    """Scripted answers to input() and getpass(), as typed on a terminal."""
    typed: list[str] = []
    answers: Iterator[str] = iter(())

    def answer(prompt: str = "") -> str:
        typed.append(prompt)
        return next(answers)

    def script(*lines: str) -> list[str]:
        nonlocal answers
        answers = iter(lines)
        return typed

    monkeypatch.setattr(station_cmds.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", answer)
    monkeypatch.setattr(station_cmds.getpass, "getpass", answer)
    monkeypatch.delenv("DAIHOI_STATION_PASSWORD", raising=False)
    return script


def test_it_asks_for_everything_and_the_password_twice(terminal) -> None:
    prompts = terminal(
        "Đảng bộ phường Hòa Bình",
        "minh",
        "Hoi-truong-2025",
        "Hoi-truong-2052",  # not the same: asked again
        "12345678",
        "12345678",  # too common, all digits: asked again
        "Hoi-truong-2025",
        "Hoi-truong-2025",
    )
    answers = station_cmds._ask_first_account(None, None, Console(quiet=True))
    assert answers == ("Đảng bộ phường Hòa Bình", "minh", "Hoi-truong-2025")
    assert prompts.count("Mật khẩu: ") == 3 and prompts.count("Nhập lại mật khẩu: ") == 3


def test_a_username_with_spaces_is_asked_again(terminal) -> None:
    terminal("minh nguyen", "minh.nguyen", "Hoi-truong-2025", "Hoi-truong-2025")
    answers = station_cmds._ask_first_account("Chi bộ Thôn 3", None, Console(quiet=True))
    assert answers[1] == "minh.nguyen"


def test_without_a_terminal_the_answers_must_be_given(monkeypatch) -> None:
    monkeypatch.setattr(station_cmds.sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.delenv("DAIHOI_STATION_PASSWORD", raising=False)
    with pytest.raises(InputError, match="--first-user, DAIHOI_STATION_PASSWORD"):
        station_cmds._ask_first_account("Chi bộ Thôn 3", None, Console(quiet=True))
