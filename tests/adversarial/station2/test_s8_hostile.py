"""Hostile names of panel members and candidates on every page and file of the station."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.adversarial._web import pdf_text
from tests.adversarial.station2.conftest import base, short, slips, text_of

SCRIPT = "Nguyễn <script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/","Bấm")'
RTL = "Trần \u202eThị\u202c Bình"
CJK = "李小龍"
EMOJI = "🎉🎉"
SAME = ("Lê Văn Hùng", "Phạm Văn Hùng")


@pytest.fixture
def hostile_panel(trio):  # type: ignore[no-untyped-def]
    from daihoi.web.elections.models import PanelMember

    names = [SCRIPT, FORMULA, RTL, *SAME]
    return [
        PanelMember.objects.create(
            congress=trio.congress,
            panel="counting",
            role="head" if i == 0 else "member",
            name=n,
            order=i,
        )
        for i, n in enumerate(names)
    ]


def test_hostile_panel_names_on_the_accounts_page_and_sheet(hostile_panel, trio, alice, client_of):  # type: ignore[no-untyped-def]
    c = client_of(alice)
    r = c.post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = pdf_text(r.content)
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat, "the markup name was not printed as written"
    assert FORMULA.replace(" ", "") in "".join(text.split()), (
        "the formula name was not printed as written"
    )
    page = text_of(c.get(f"/counting/congress/{trio.congress.pk}/accounts/"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    usernames = [short(x) for x in re.findall(r"<code>([^<]+)</code>", page)]
    assert len(usernames) == 5, usernames
    for username in usernames:
        assert re.fullmatch(r"dh\d+-[a-z0-9]+", username), username
    assert "dh1-hung" in usernames and "dh1-hung2" in usernames
    # The script-named head logs in with the slip (its username is short and whole).
    found = slips(r.content)
    from tests.adversarial.station2.conftest import login

    for username in ("dh1-hung", "dh1-hung2"):
        _, ok = login(username, found[username], ip="10.3.3.3")
        assert ok.status_code == 302, username


def test_hostile_names_in_the_day_page_of_a_station_account(hostile_panel, trio, alice, client_of):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    client_of(alice).post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
    from daihoi.web.counting.models import StationAccount

    StationAccount.objects.update(must_set_password=False)
    head = User.objects.get(panel_seats=hostile_panel[0])
    page = text_of(client_of(head).get(f"/congress/{trio.congress.pk}/day/"))
    assert "<script>alert(1)</script>" not in page


@pytest.fixture
def odd_but_valid(congress):  # type: ignore[no-untyped-def]
    """Candidate names the engine accepts that break naive HTML, JS and JSON: quotes, dots."""
    from daihoi.web.elections.models import Candidate, Election, ElectionState

    row = Election.objects.create(
        congress=congress,
        slug="odd",
        title='Bầu "đặc biệt" </script>',
        body="inspection_committee",
        seats=2,
        rules="party",
        electorate=8,
        state=ElectionState.APPROVED,
    )
    Candidate.objects.bulk_create(
        Candidate(election=row, name=n)
        for n in ("Nguyễn Văn O'Brien", "Lê Thị A.", "Trần-Văn Bình")
    )
    return row


def test_odd_candidates_and_title_in_entry_and_station(station, odd_but_valid, client_of):  # type: ignore[no-untyped-def]
    h = client_of(station["hanh"])
    m = client_of(station["minh"])
    r = h.post(f"{base(odd_but_valid)}/batches/manual/", {"method": "ballots", "entrants": "2"})
    assert r.status_code == 302, r.status_code
    batch = r["Location"]
    for url, who in ((batch, h), (batch + "entry/", m), (f"{base(odd_but_valid)}/", h)):
        page = text_of(who.get(url))
        assert page.count("</script>") == page.count("<script"), url
        for blob in re.findall(r'<script id="entry-setup"[^>]*>(.*?)</script>', page, re.S):
            assert "<" not in blob, blob[:300]
            import json

            assert "Nguyễn Văn O'Brien" in json.loads(blob)["names"]
    r = m.post(
        batch + "entry/row/",
        {"key": str(uuid.uuid4()), "marks": "SKK", "ruling": ""},
        HTTP_ACCEPT="application/json",
    )
    assert r.status_code == 200


def _add_panel_member(client, congress, name, role="member"):  # type: ignore[no-untyped-def]
    page = text_of(client.get(f"/congress/{congress.pk}/day/"))
    form = page.split(f'action="/congress/{congress.pk}/day/panel/new/"')[1]
    token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
    return client.post(
        f"/congress/{congress.pk}/day/panel/new/",
        {"form_token": token, "panel": "counting", "role": role, "name": name},
    )


@pytest.mark.parametrize("name", [SCRIPT, FORMULA, RTL, "Nguyễn Văn An\x00"])
def test_panel_form_refuses_hostile_names_in_vietnamese(trio, alice, client_of, name):  # type: ignore[no-untyped-def]
    from daihoi.web.elections.models import PanelMember

    r = _add_panel_member(client_of(alice), trio.congress, name)
    if r.status_code == 302:
        assert PanelMember.objects.get(congress=trio.congress).name == name
        return
    assert r.status_code == 400
    main = text_of(r).split("<main>")[1]
    from tests.adversarial.station2.conftest import vietnamese

    assert vietnamese(main) and ("error" in main), main[:1500]
    assert not PanelMember.objects.filter(congress=trio.congress).exists()


@pytest.mark.parametrize("name", [CJK, EMOJI], ids=["cjk", "emoji"])
def test_a_name_without_latin_letters_gets_a_usable_slip(trio, alice, client_of, name):  # type: ignore[no-untyped-def]
    """The panel form takes the name; then the slip must show it (not a blank line: whose slip
    is it?) and the username must follow `dh<congress>-<name>` (not bare `dh1`, `dh12`: the
    latter reads as congress 12)."""
    a = client_of(alice)
    r = _add_panel_member(a, trio.congress, name)
    if r.status_code != 302:
        return  # refused at the door: fine
    r = a.post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
    assert r["Content-Type"] == "application/pdf"
    text = pdf_text(r.content)
    lines = [line.strip() for line in text.splitlines()]
    after_title = lines[lines.index("TRẠM KIỂM PHIẾU") + 1]
    assert after_title, "the slip's name line is blank"
    page = text_of(a.get(f"/counting/congress/{trio.congress.pk}/accounts/"))
    [username] = re.findall(r"<code>(dh[^<]+)</code>", page)
    assert re.fullmatch(rf"dh{trio.congress.pk}-[a-z0-9]+", username), username


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Văn Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "Hồ Thị Phương-Thảo-Nguyên-Hạnh-Dung",
    ],
)
def test_long_name_gives_a_username_printed_whole(trio, alice, client_of, name):  # type: ignore[no-untyped-def]
    """The slip is typed from paper: a username cut over two or three lines is typed wrong."""
    a = client_of(alice)
    r = _add_panel_member(a, trio.congress, name)
    assert r.status_code in (200, 302)
    r = a.post(f"/counting/congress/{trio.congress.pk}/accounts/issue/")
    if r["Content-Type"] != "application/pdf":
        return  # refused the name: fine
    page = text_of(a.get(f"/counting/congress/{trio.congress.pk}/accounts/"))
    [username] = re.findall(r"<code>(dh\d+-[^<]+)</code>", page)
    lines = pdf_text(r.content).splitlines()
    assert any(username in line for line in lines), (username, lines)
    assert len(username) <= 24, (
        f"a username of {len(username)} signs to type from a slip: {username}"
    )
