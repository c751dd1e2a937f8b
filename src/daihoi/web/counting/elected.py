"""The hook from a confirmed count down to the personnel app's elected body report.

Counting sits above personnel: when a count is confirmed with a complete (or short) result,
the names elected in every round are handed, as plain data, to
``personnel.elected.record_elected_body`` with the list the first round was made from.
An election not made from a personnel list has no report.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from daihoi.engine import Body, Outcome
from daihoi.web.elections.models import Election
from daihoi.web.personnel.elected import record_elected_body


def first_round(election: Election) -> Election:
    while election.previous_id is not None:
        election = Election.objects.get(pk=election.previous_id)
    return election


def record_body_of(election: Election, document: dict[str, Any], user: Any) -> bool:
    """Store the elected body's report of a confirmed count; False when there is none to
    store (a tie waiting for the next round, or no personnel list behind the election)."""
    if document["outcome"] not in (Outcome.COMPLETE.value, Outcome.SHORT.value):
        return False
    origin = first_round(election)
    if origin.candidate_list_id is None:
        return False
    rounds = document.get("rounds") or [{"elected": document["elected"]}]
    names = [name for r in rounds for name in r["elected"]]
    record_elected_body(user, origin.candidate_list_id, names, now=timezone.now())
    return True


def reopen_body_of(election: Election) -> list[str]:
    """A confirmed count is reopened: its body's report waits for the new confirmation (source
    "reopened"); returns the congress's figures the report wrote, to be marked reopened too."""
    from daihoi.web.personnel.models import ElectedBody
    from daihoi.web.season.sources import FigureSource

    origin = first_round(election)
    if origin.candidate_list_id is None:
        return []
    updated = ElectedBody.objects.filter(candidate_list_id=origin.candidate_list_id).update(
        source=FigureSource.REOPENED
    )
    if updated and election.body == Body.COMMITTEE:
        return ["women", "under_40", "new_members"]
    return []
