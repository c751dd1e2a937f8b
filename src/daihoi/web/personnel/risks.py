"""The composition risk of a candidate list as the list page shows it (rủi ro cơ cấu): the
bounds over every complete outcome and, with the preliminary nomination votes entered, the
chance each target is missed. The computation is ``daihoi.personnel_rules.risk``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.engine.election import Body
from daihoi.personnel_rules.risk import (
    Bound,
    Chance,
    Runner,
    bounds,
    simulate,
    target_shares,
    traits_of,
)
from daihoi.web.audit.services import log_change
from daihoi.web.personnel.models import CandidateList, Nomination
from daihoi.web.personnel.plans import (
    nominee,
    on_list,
    outgoing_ids,
    plan_of,
    refuse_if_handed_over,
    require_edit,
)
from daihoi.web.personnel.targets import congress_date, congress_targets


@dataclass(frozen=True)
class RiskLine:
    key: str
    text: str  # the bounds
    risk: str  # what would miss the target, or that nothing can
    at_risk: bool
    missing: int
    outcomes: int
    chance: str = ""  # with the preliminary votes


@dataclass(frozen=True)
class Risk:
    lines: tuple[RiskLine, ...]
    seats: int
    names: int
    # Why no chance is shown: "" (shown), or what is missing.
    chance_note: str = ""


def _text(words: str, facts: Mapping[str, str]) -> str:
    return _(words) % dict(facts)


def runners_of(cl: CandidateList, nominations: Sequence[Nomination]) -> list[Runner]:
    congress = cl.congress
    outgoing = outgoing_ids(congress, plan_of(congress).outgoing_term)
    targets = congress_targets(congress)
    on = congress_date(congress)
    return [
        Runner(
            n.person.full_name,
            traits_of(nominee(n.person, outgoing), targets, on),
            n.preliminary_votes,
        )
        for n in nominations
    ]


def renews(cl: CandidateList) -> bool:
    return cl.body in (Body.COMMITTEE, Body.STANDING_COMMITTEE, Body.INSPECTION_COMMITTEE)


def list_risk(cl: CandidateList) -> Risk:
    """What the election can do to the list's shares, in sentences."""
    nominations = on_list(cl)
    runners = runners_of(cl, nominations)
    targets = congress_targets(cl.congress)
    shares = target_shares(targets, renewal=renews(cl))
    found: list[Bound] = bounds(runners, cl.seats, shares, age=targets.young_age)
    chances: dict[str, Chance] = {}
    note = ""
    voters = cl.preliminary_voters
    if not found:
        note = _("Danh sách cần nhiều người hơn số cần bầu để tính.")
    elif not voters:
        note = _("Nhập kết quả phiếu giới thiệu để xem khả năng không đạt từng chỉ tiêu.")
    elif any(r.preliminary is None for r in runners):
        missing = [r.name for r in runners if r.preliminary is None]
        note = _("Chưa nhập số phiếu giới thiệu của: %(names)s.") % {"names": ", ".join(missing)}
    elif any(r.preliminary is not None and r.preliminary > voters for r in runners):
        note = _("Số phiếu giới thiệu của một người không thể nhiều hơn số người bỏ phiếu.")
    else:
        for chance in simulate(
            runners,
            cl.seats,
            shares,
            voters=voters,
            preliminary_voters=voters,
            seed=cl.pk,
            age=targets.young_age,
        ):
            chances[chance.key] = chance
    lines = tuple(
        RiskLine(
            b.key,
            _text(b.words, b.facts),
            _text(b.risk_words, b.risk_facts),
            b.at_risk,
            b.missing,
            b.outcomes,
            _text(chances[b.key].words, chances[b.key].facts) if b.key in chances else "",
        )
        for b in found
    )
    return Risk(lines, cl.seats, len(runners), note)


def save_preliminary(
    user: Any, cl: CandidateList, voters: int | None, votes: Mapping[int, int | None]
) -> list[str]:
    """Store the preliminary vote (how many voted, each nomination's votes); the problems
    refuse it all and nothing changes."""
    require_edit(user, cl.congress)
    refuse_if_handed_over(cl)
    problems = []
    nominations = {n.pk: n for n in cl.nominations.select_related("person")}
    for pk, value in votes.items():
        n = nominations.get(pk)
        if n is None:
            problems.append(_("Không có người này trong danh sách."))
        elif value is not None and voters is not None and value > voters:
            problems.append(
                _("%(name)s: %(v)s phiếu, nhiều hơn %(n)s người bỏ phiếu.")
                % {"name": n.person.full_name, "v": value, "n": voters}
            )
    if problems:
        return problems
    with transaction.atomic():
        changes: dict[str, Any] = {}
        if cl.preliminary_voters != voters:
            changes["preliminary_voters"] = [cl.preliminary_voters, voters]
            cl.preliminary_voters = voters
            cl.save(update_fields=["preliminary_voters"])
        for pk, value in votes.items():
            n = nominations[pk]
            if n.preliminary_votes != value:
                changes[n.person.full_name] = [n.preliminary_votes, value]
                n.preliminary_votes = value
                n.save(update_fields=["preliminary_votes"])
        if changes:
            log_change(
                user,
                cl,
                "personnel.preliminary_votes",
                changes,
                organisation=cl.congress.organisation,
            )
    return []
