"""The lifecycle of a congress (pure, no Django): its states and which may follow which.

``season.models.CongressStatus`` takes its values from ``CongressState``; the forms offer only
the moves ``can_move`` allows. ``today`` is always passed in; nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
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

#: States in which a congress still waits to be held on its planned date.
PENDING_STATES = frozenset({CongressState.PLANNED, CongressState.PREPARING})


def can_move(current: CongressState, target: CongressState) -> bool:
    """Whether a congress may go from ``current`` to ``target`` (staying put is always allowed)."""
    return current == target or target in ALLOWED_TRANSITIONS[current]


def is_congress_overdue(
    state: CongressState, planned_date: date | None, today: date
) -> bool:
    """A congress is overdue when its planned date has passed and it is still waiting."""
    return state in PENDING_STATES and planned_date is not None and planned_date < today
