"""Hypothesis strategies for elections and ballots (shared by the engine's property tests)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from daihoi.engine.ballot import FORM_MARKS, Ballot, Form, Mark
from daihoi.engine.election import Election, parse_election
from daihoi.engine.reasons import STANDARD_REASONS

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Đỗ", "Dương", "Ưng", "Úc", "Ông", "Ơn"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Ánh"]
GIVENS = [
    "An",
    "Ân",
    "Ăn",
    "Anh",
    "Ánh",
    "Ảnh",
    "Bình",
    "Dũng",
    "Đức",
    "Hà",
    "Hạ",
    "Hải",
    "Ư",
    "Uy",
]

names = st.builds(
    lambda s, m, g: f"{s} {m} {g}",
    st.sampled_from(SURNAMES),
    st.sampled_from(MIDDLES),
    st.sampled_from(GIVENS),
)


@st.composite
def election_data(draw: st.DrawFn, *, body: str | None = None) -> dict[str, Any]:
    """The data of a valid election file: 1–8 candidates, any rule set, any body."""
    people = draw(st.lists(names, min_size=1, max_size=8, unique=True))
    chosen_body = body or draw(st.sampled_from(["committee", "secretary", "delegates"]))
    places = draw(st.integers(1, len(people)))
    alternates = 0
    if chosen_body == "delegates" and places > 1:
        alternates = draw(st.integers(0, places - 1))
    rules = draw(st.sampled_from(["party", "youth_union", "trade_union", "state"]))
    data: dict[str, Any] = {
        "id": "prop-election",
        "title": "Bầu thử",
        "body": chosen_body,
        "seats": places - alternates,
        "alternates": alternates,
        "rules": rules,
        "candidates": people,
    }
    if rules == "party" or draw(st.booleans()):
        data["electorate"] = draw(st.integers(60, 200))
    return data


elections = election_data().map(lambda data: parse_election(data, "prop.yaml"))


@st.composite
def ballot_for(draw: st.DrawFn, election: Election, ballot_id: str) -> Ballot:
    """Any ballot the counting committee could enter for ``election``."""
    marks = FORM_MARKS[election.form]
    chosen = {c.label: draw(st.sampled_from(marks)) for c in election.candidates}
    ruling = draw(st.one_of(st.none(), st.none(), st.none(), st.sampled_from(STANDARD_REASONS)))
    return Ballot(ballot_id, chosen, ruling)


@st.composite
def valid_ballot_for(draw: st.DrawFn, election: Election, ballot_id: str) -> Ballot:
    """A ballot that is valid for ``election`` (keeps 1..to_keep names, no ruling)."""
    labels = [c.label for c in election.candidates]
    if election.form is Form.STRIKE:
        kept = draw(st.sets(st.sampled_from(labels), min_size=1, max_size=election.to_keep))
        marks = {label: Mark.KEPT if label in kept else Mark.STRUCK for label in labels}
    else:
        marks = {label: draw(st.sampled_from([Mark.AGREE, Mark.DISAGREE])) for label in labels}
    return Ballot(ballot_id, marks, None)


@st.composite
def election_with_ballots(draw: st.DrawFn, max_ballots: int = 60) -> tuple[Election, list[Ballot]]:
    election = draw(elections)
    count = draw(st.integers(0, min(max_ballots, election.electorate or max_ballots)))
    ballots = [draw(ballot_for(election, f"{i + 1:03d}")) for i in range(count)]
    return election, ballots
