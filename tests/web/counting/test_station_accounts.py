"""Station accounts: Alice (office of Hà Nam, above Minh Khai) creates the accounts of Minh Khai's
congress panels in one step; each member signs in with the one-time password of the sheet and
sets their own; the accounts see only their congress's day page and counting pages; once the
counting has ended they are refused at login and their open sessions stop."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from daihoi.web.accounts.models import LoginFailure
from daihoi.web.audit.models import AuditEntry
from daihoi.web.counting import services
from daihoi.web.counting.models import Count, CountState, StationAccount
from daihoi.web.elections.models import Election, ElectionState, PanelMember
from daihoi.web.season.models import Congress, CongressKind, CongressStatus, Season
from tests.web.counting.conftest import OWN_PASSWORD


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(io.BytesIO(data))
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password})


def test_one_time_passwords_are_readable() -> None:
    for _ in range(200):
        password = services.one_time_password()
        assert len(password) == 10
        assert not set(password) & set("0O1lIio")


@pytest.mark.django_db(transaction=True)
def test_the_office_creates_every_account_in_one_step_and_prints_each_password_once(
    seats, trio, alice, client_of
):
    seats["odd"] = PanelMember.objects.create(
        congress=trio.congress, panel="secretariat", role="member", name="Lê <b>Hà</b> & Co"
    )
    office = client_of(alice)
    day = office.get(reverse("elections:day", args=[trio.congress.pk]))
    assert b'data-testid="issue-accounts"' in day.content
    response = office.post(reverse("counting:accounts_issue", args=[trio.congress.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = pdf_text(response.content)
    assert "Lê <b>Hà</b> & Co" in text  # printed as typed, never read as markup
    found = dict(re.findall(r"(dh\d+-[a-z0-9]+)\s+Mật khẩu dùng một lần\s+([a-z0-9]{10})", text))
    assert len(found) == 6
    for member in PanelMember.objects.filter(congress=trio.congress):
        account = member.user
        assert account is not None and account.username in found
        assert found[account.username] not in account.password  # only Django's hash is kept
        assert account.check_password(found[account.username])
        assert not hasattr(account, "profile")  # no unit, so no scope anywhere
    assert f"dh{trio.congress.pk}-hanh" in found
    # Sent again (a double click, a reload): nobody is without an account, nothing is issued.
    again = office.post(reverse("counting:accounts_issue", args=[trio.congress.pk]))
    assert again.status_code == 302
    assert User.objects.filter(station_account__congress=trio.congress).count() == 6
    entry = AuditEntry.objects.get(action="station.accounts")
    assert entry.username == "alice" and len(entry.changes["accounts"]) == 6


@pytest.mark.django_db(transaction=True)
def test_only_the_congress_office_manages_accounts(seats, trio, charlie, bob, client_of):
    url = reverse("counting:accounts_issue", args=[trio.congress.pk])
    assert client_of(charlie).post(url).status_code == 403  # a viewer of Phủ Lý
    assert client_of(bob).post(url).status_code == 404  # Ninh Bình's office: not his congress
    with pytest.raises(services.Refused):
        services.issue_station_accounts(trio.congress, charlie)
    assert not StationAccount.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_member_signs_in_with_the_sheet_and_must_set_their_own_password(seats, trio, alice):
    [hanh, *_rest] = services.issue_station_accounts(trio.congress, alice)
    member = Client()
    response = login(member, hanh.username, hanh.password)
    assert response.status_code == 302
    # Every page but the password page sends them there first.
    day = reverse("elections:day", args=[trio.congress.pk])
    assert member.get(day)["Location"] == reverse("counting:account_password")
    short = member.post(
        reverse("counting:account_password"), {"new_password1": "123", "new_password2": "123"}
    )
    assert short.status_code == 400 and "quá ngắn" in short.content.decode()
    done = member.post(
        reverse("counting:account_password"),
        {"new_password1": OWN_PASSWORD, "new_password2": OWN_PASSWORD},
    )
    assert done["Location"] == day
    assert member.get(day).status_code == 200  # the session goes on with the new password
    assert login(Client(), hanh.username, hanh.password).status_code == 200  # spent
    assert login(Client(), hanh.username, OWN_PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="station.own_password", username=hanh.username)


@pytest.mark.django_db(transaction=True)
def test_a_lost_password_is_issued_again_by_the_office_and_the_old_sessions_end(
    station, trio, alice, client_of
):
    lost = client_of(station["minh"])
    day = reverse("elections:day", args=[trio.congress.pk])
    assert lost.get(day).status_code == 200
    account = StationAccount.objects.get(user=station["minh"])
    response = client_of(alice).post(
        reverse("counting:account_reissue", args=[trio.congress.pk, account.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    [password] = re.findall(r"Mật khẩu dùng một lần\s+([a-z0-9]{10})", pdf_text(response.content))
    assert lost.get(day)["Location"].startswith(reverse("login"))  # the lost phone is out
    fresh = Client()
    assert login(fresh, station["minh"].username, password).status_code == 302
    assert fresh.get(day)["Location"] == reverse("counting:account_password")
    entry = AuditEntry.objects.get(action="station.reissue")
    assert entry.username == "alice" and entry.changes == {"user": station["minh"].username}
    # Another congress's office cannot, and an account of another congress is not found.
    assert client_of(station["hanh"]).post(
        reverse("counting:account_reissue", args=[trio.congress.pk, account.pk])
    ).status_code in (403, 404)


def _sample_paths(patterns, prefix=""):  # type: ignore[no-untyped-def]
    """(path, view name) of every URL pattern, with 1 for a number and "x" for a text."""
    for item in patterns:
        if isinstance(item, URLResolver):
            route = str(item.pattern)
            if route.startswith("^"):  # the admin's regular expressions: its root is enough
                continue
            namespace = f"{item.namespace}:" if item.namespace else ""
            for path, name in _sample_paths(item.url_patterns, prefix + route):
                yield path, f"{namespace}{name}" if name and ":" not in name else name
        elif isinstance(item, URLPattern):
            route = str(item.pattern)
            if route.startswith("^"):
                continue
            route = re.sub(r"<int:\w+>", "1", route)
            route = re.sub(r"<\w+:\w+>|<\w+>", "x", route)
            yield "/" + prefix + route, item.name


@pytest.mark.django_db(transaction=True)
def test_a_station_account_opens_nothing_but_its_congress(station, trio, tree, client_of):
    """Every page of every other app is refused; other congresses are not found."""
    hanh = client_of(station["hanh"])
    own = {"login", "logout", "set_language", "elections:day"}
    walked = 0
    for path, name in _sample_paths(get_resolver().url_patterns):
        namespace = (name or "").partition(":")[0] if ":" in (name or "") else ""
        if name in own or namespace == "counting":
            continue
        if name == "dashboard:home":
            assert hanh.get(path)["Location"] == reverse("elections:day", args=[trio.congress.pk])
            continue
        walked += 1
        assert hanh.get(path).status_code == 403, path
        assert hanh.post(path).status_code == 403, path
    assert walked > 60
    assert hanh.get("/admin/").status_code == 403
    # Its own congress: the day page and the counting station (links to the counting only).
    day = hanh.get(reverse("elections:day", args=[trio.congress.pk]))
    assert day.status_code == 200 and b'data-testid="station-link"' in day.content
    assert b"issue-accounts" not in day.content
    own_day = reverse("elections:day", args=[trio.congress.pk])
    assert [item["url"] for item in day.context["nav_items"]] == [own_day]  # its only menu entry
    assert hanh.get(reverse("counting:station", args=[trio.pk])).status_code == 200
    # Another congress (Hòa Mạc's), with an election: not found at all.
    other = Congress.objects.create(
        season=Season.objects.create(
            organisation=tree.duy_tien, name="Đợt khác", term_start=2025, term_end=2030
        ),
        organisation=tree.hoa_mac,
        kind=CongressKind.DELEGATES,
        status=CongressStatus.PREPARING,
    )
    election = Election.objects.create(
        congress=other, slug="bch", title="Bầu BCH", body="committee", seats=3, rules="party"
    )
    assert hanh.get(reverse("elections:day", args=[other.pk])).status_code == 404
    for name in ("counting:station", "counting:review", "counting:live"):
        assert hanh.get(reverse(name, args=[election.pk])).status_code == 404
    # Nor the accounts page of its own congress (the office's).
    assert hanh.get(reverse("counting:accounts", args=[trio.congress.pk])).status_code == 404


def _confirmed(row) -> None:  # type: ignore[no-untyped-def]
    Count.objects.update_or_create(
        election=row, defaults={"state": CountState.CONFIRMED, "results": {"outcome": "complete"}}
    )
    Election.objects.filter(pk=row.pk).update(state=ElectionState.CONFIRMED)


@pytest.mark.django_db(transaction=True)
def test_after_the_counting_ends_login_is_refused_and_open_sessions_stop(
    station, trio, alice, client_of
):
    open_session = client_of(station["lan"])
    day = reverse("elections:day", args=[trio.congress.pk])
    assert open_session.get(day).status_code == 200
    end = reverse("counting:counting_end", args=[trio.congress.pk])
    office = client_of(alice)
    office.post(end)  # the count is still open: refused, said why
    assert services.counting_end(trio.congress) is None
    page = office.get(reverse("counting:accounts", args=[trio.congress.pk])).content.decode()
    assert "chưa được xác nhận kết quả" in page
    _confirmed(trio)
    office.post(end)
    assert services.counting_end(trio.congress) is not None
    assert AuditEntry.objects.filter(action="counting.end", username="alice").exists()
    # The open session stops on its next request, with the reason, and is logged out.
    stopped = open_session.get(day)
    assert stopped.status_code == 403
    assert "đã kết thúc" in stopped.content.decode()
    assert open_session.get(day)["Location"].startswith(reverse("login"))
    # The right password is refused with the same words, and is not a failed guess.
    station["lan"].set_password(OWN_PASSWORD)
    station["lan"].save()
    refused = login(Client(), station["lan"].username, OWN_PASSWORD)
    assert refused.status_code == 200
    assert "đã kết thúc" in refused.content.decode()
    assert not LoginFailure.objects.exists()
    # Nothing more is issued; the office's own accounts go on.
    with pytest.raises(services.Refused, match="đã kết thúc"):
        services.issue_station_accounts(trio.congress, alice)
    assert office.get(day).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_seat_removed_from_the_panels_ends_its_account(station, trio, alice, client_of):
    member = client_of(station["tu"])
    PanelMember.objects.filter(user=station["tu"]).delete()
    response = member.get(reverse("elections:day", args=[trio.congress.pk]))
    assert response.status_code == 403
    assert "không còn trong các bộ phận" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_station_account_reads_its_pages_in_english_when_it_chooses(seats, trio, alice, settings):
    from tests.web.season.test_english import typed_by_people, untranslated

    [hanh, *_rest] = services.issue_station_accounts(trio.congress, alice)
    member = Client()
    member.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    login(member, hanh.username, hanh.password)
    page = member.get(reverse("counting:account_password"))
    assert page.status_code == 200 and "Set your password" in page.content.decode()
    assert untranslated(page.content.decode(), typed_by_people()) == []
    StationAccount.objects.update(must_set_password=False)
    day = member.get(reverse("elections:day", args=[trio.congress.pk]))
    assert "Congress day" in day.content.decode()
