"""The lifecycle of a congress (pure, no Django): its states and which may follow which.

``season.models.CongressStatus`` takes its values from ``CongressState``; the forms offer only
the moves ``can_move`` allows. ``today`` is always passed in; nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum


class CongressState(StrEnum):
    """States of a congress (mirrors ``season.models.CongressStatus`` values)."""

    NOT_PLANNED = "not_planned"
    PLANNED = "planned"
    PREPARING = "preparing"
    HELD = "held"
    POSTPONED = "postponed"


#: Which status may follow which. Held is final; a postponed congress gets a new date.
ALLOWED_TRANSITIONS: Mapping[CongressState, frozenset[CongressState]] = {
    CongressState.NOT_PLANNED: frozenset({CongressState.PLANNED, CongressState.POSTPONED}),
    CongressState.PLANNED: frozenset(
        {CongressState.PREPARING, CongressState.HELD, CongressState.POSTPONED}
    ),
    CongressState.PREPARING: frozenset(
        {CongressState.PLANNED, CongressState.HELD, CongressState.POSTPONED}
    ),
    CongressState.POSTPONED: frozenset({CongressState.PLANNED, CongressState.PREPARING}),
    CongressState.HELD: frozenset(),
}

#: A final state the office above may take back (with a logged reason), and where to.
#: "Held" entered by mistake (a wrong date, the wrong unit) cannot be undone by the unit itself.
REOPEN_TARGETS: Mapping[CongressState, frozenset[CongressState]] = {
    CongressState.HELD: frozenset({CongressState.PLANNED, CongressState.PREPARING}),
}

#: States in which a congress still waits to be held on its planned date.
PENDING_STATES = frozenset({CongressState.PLANNED, CongressState.PREPARING})


def can_move(current: CongressState, target: CongressState) -> bool:
    """Whether a congress may go from ``current`` to ``target`` (staying put is always allowed)."""
    return current == target or target in ALLOWED_TRANSITIONS[current]


def is_congress_overdue(state: CongressState, planned_date: date | None, today: date) -> bool:
    """A congress is overdue when its planned date has passed and it is still waiting."""
    return state in PENDING_STATES and planned_date is not None and planned_date < today


def can_reopen(current: CongressState, target: CongressState) -> bool:
    """Whether the office above may take ``current`` back to ``target`` (only final states)."""
    return target in REOPEN_TARGETS.get(current, frozenset())


def is_held_date_allowed(held_date: date, today: date) -> bool:
    """A congress cannot have been held after today: a future date is a typing mistake."""
    return held_date <= today


def rest_of_week(today: date) -> tuple[date, date]:
    """Today and the Sunday of this week: the days in which a waiting congress is "this week".

    Earlier days of the week are left out: a congress planned for them and still waiting is
    overdue, and one congress is never both.
    """
    return today, today + timedelta(days=6 - today.weekday())


def is_congress_this_week(state: CongressState, planned_date: date | None, today: date) -> bool:
    """A waiting congress planned for today or a later day of this week (never overdue)."""
    first, last = rest_of_week(today)
    return state in PENDING_STATES and planned_date is not None and first <= planned_date <= last
