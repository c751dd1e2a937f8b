"""Batch totals typed from a count on paper, attacked with values outside the contract."""

from __future__ import annotations

import re

import pytest

from tests.adversarial.station2.conftest import base, new_totals_batch, text_of, vietnamese

GOOD = {"collected": "8", "valid": "8", "votes-1": "8", "votes-2": "6", "votes-3": "2"}


def _outcome(client, election):  # type: ignore[no-untyped-def]
    page = text_of(client.get(f"{base(election)}/live/"))
    return re.search(r'data-outcome="([^"]+)"', page).group(1)


def _counted(client, election) -> str:  # type: ignore[no-untyped-def]
    page = text_of(client.get(f"{base(election)}/live/"))
    found = re.search(r'data-testid="counted">([^<]*)<', page)
    return found.group(1) if found else "0"


@pytest.mark.parametrize(
    "change",
    [
        {"collected": "-8", "valid": "-8"},
        {"votes-3": "-2"},
        {"collected": "tám"},
        {"collected": "8.5"},
        {"collected": "9"},
        {"valid": "7"},
        {"votes-2": "9"},
        {"votes-1": "8", "votes-2": "8", "votes-3": "8"},
        {"collected": "99999999999999999999999", "valid": "99999999999999999999999"},
        {"collected": "8", "valid": "6", "reason-forged": "2"},
        {"collected": "0x8"},
        {"collected": "", "valid": ""},
    ],
    ids=[
        "negative",
        "negative-vote",
        "words",
        "decimal",
        "valid+invalid!=collected",
        "valid<collected-no-reason",
        "candidate-above-valid",
        "sum-above-valid-x-seats",
        "huge",
        "unknown-reason",
        "hex",
        "empty",
    ],
)
def test_bad_totals_are_refused_in_vietnamese_and_kept(station, trio, client_of, change):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    batch = new_totals_batch(h, trio)
    form = {**GOOD, **change}
    r = h.post(batch + "totals/", form)
    assert r.status_code in (200, 400), (r.status_code, form)
    main = text_of(r).split("<main>")[1]
    assert 'class="error' in main or "errorlist" in main, main[:1500]
    assert vietnamese(main)
    # what was typed is still in the form
    for name, value in form.items():
        if name.startswith(("collected", "valid", "votes-")) and value:
            assert f'name="{name}" value="{value}"' in main, (name, value)
    # nothing was counted from it
    assert _counted(h, trio) in ("0", "")


@pytest.mark.parametrize("typed", ["1.000", "1 000", "1,000", "１０００"])
def test_vietnamese_thousands_are_read_or_refused_never_misread(station, trio, client_of, typed):  # type: ignore[no-untyped-def]
    """'1.000' in Vietnamese is one thousand: never stored as 1 (nor 1,000 as 1)."""
    h = client_of(station["hanh"])
    batch = new_totals_batch(h, trio)
    h.post(batch + "totals/", {"collected": typed, "valid": typed, "votes-1": "1"})
    counted = _counted(h, trio).replace(".", "").replace(" ", "").replace("\xa0", "")
    assert counted in ("0", "1000"), f"{typed!r} was read as {counted}"


def test_more_ballots_than_the_electorate_is_refused_or_told(station, trio, client_of):  # type: ignore[no-untyped-def]
    """Trio's electorate is 8: a paper count of 1000 ballots collected cannot be the count of
    this election. It must be refused, or at least told and block the confirmation."""
    h = client_of(station["hanh"])
    batch = new_totals_batch(h, trio)
    r = h.post(
        batch + "totals/",
        {
            "collected": "1000",
            "valid": "1000",
            "votes-1": "1000",
            "votes-2": "1000",
            "votes-3": "0",
        },
    )
    if r.status_code == 302:
        h.post(f"{base(trio)}/confirm/")
        trio.refresh_from_db()
        assert "confirm" not in str(trio.state), "1000 ballots of an electorate of 8 were confirmed"


def test_votes_of_a_candidate_of_another_election(station, trio, election, client_of):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    batch = new_totals_batch(h, trio)
    bch_ids = (
        list(election.candidates.values_list("pk", flat=True))
        if hasattr(election, "candidates")
        else []
    )
    form = {**GOOD, "votes-4": "8", "votes-99": "8", "votes-0": "8", "votes--1": "8"}
    for pk in bch_ids:
        form[f"votes-{pk}"] = "8"
    h.post(batch + "totals/", form)
    # Either refused, or the extra fields ignored: the results never show more than 3 names
    page = text_of(h.get(f"{base(trio)}/live/"))
    rows = page.split('id="candidates"')[1].split("</tbody>")[0]
    assert rows.split("<tbody>")[1].count("<tr") == 3
    assert "Hoàng Văn Em" not in rows and "Nguyễn Văn An" not in rows


def test_totals_of_another_congress_election_through_a_foreign_address(
    station, trio, other_congress, client_of
):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    r = h.post(f"{base(other_congress)}/batches/manual/", {"method": "totals"})
    assert r.status_code in (403, 404)
    r = h.post(f"{base(other_congress)}/batches/1/totals/", GOOD)
    assert r.status_code in (403, 404)


@pytest.mark.parametrize("who", ["phuong", "alice", "charlie"])
def test_who_may_type_totals(station, trio, client_of, alice, charlie, who):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    batch = new_totals_batch(h, trio)
    c = client_of({"alice": alice, "charlie": charlie}.get(who) or station[who])
    r = c.post(batch + "totals/", GOOD)
    assert r.status_code == 403, r.status_code
    assert _counted(h, trio) in ("0", "")


def test_totals_after_confirmation_are_refused(confirmed, station, client_of):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    r = h.post(f"{base(confirmed)}/batches/1/totals/", {**GOOD, "votes-1": "7", "votes-2": "7"})
    assert r.status_code in (200, 400, 409, 302)
    page = text_of(h.get(f"{base(confirmed)}/"))
    rows = page.split('id="candidates"')[1].split("</tbody>")[0]
    assert ">8<" in rows and ">6<" in rows, "a confirmed count's totals changed"
    r = h.post(f"{base(confirmed)}/batches/manual/", {"method": "totals"})
    assert r.status_code in (200, 302, 400, 409)
    assert "batches/2/" not in r.get("Location", ""), "a new batch was started after confirmation"


def test_cross_check_that_differs_blocks_confirmation(station, trio, client_of):  # type: ignore[no-untyped-def]
    """A ballot-by-ballot batch that agreed, cross-checked by paper totals that differ: the
    results cannot be confirmed."""
    import uuid

    m, la, h = (client_of(station[k]) for k in ("minh", "lan", "hanh"))
    r = h.post(f"{base(trio)}/batches/manual/", {"method": "ballots", "entrants": "2"})
    batch = r["Location"]
    for c in (m, la):
        for mk in ("SKK", "SKK", "KSK", "SKK", "SKK", "SKK", "SKK", "SKK"):
            c.post(
                batch + "entry/row/",
                {"key": str(uuid.uuid4()), "marks": mk, "ruling": ""},
                HTTP_ACCEPT="application/json",
            )
        c.post(batch + "entry/finish/")
    r = h.post(batch + "totals/", GOOD)  # paper says 8 An — but typed ballots give An 1
    h.post(f"{base(trio)}/confirm/")
    trio.refresh_from_db()
    assert "confirm" not in str(trio.state), "confirmed while the cross-check differs"
