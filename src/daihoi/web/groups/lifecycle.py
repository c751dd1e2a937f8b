"""When a difficulty is late (pure, no Django). ``today`` is passed in; nothing reads the clock."""

from __future__ import annotations

from datetime import date


def is_difficulty_overdue(is_open: bool, due_date: date | None, today: date) -> bool:
    """A difficulty is overdue when it is still waiting for an answer after its due date."""
    return is_open and due_date is not None and due_date < today
