"""The calendar and the reminders are in the side menu of everyone who may open them.

Alice (office of Hà Nam) and Charlie (a viewer in Phủ Lý) see both entries and each opens;
Una, an account not yet given a unit, would only get "no unit" pages: she sees neither.
"""

from __future__ import annotations

from django.utils import translation

from daihoi.web.core.frame import menu_for


def _entries(client):  # type: ignore[no-untyped-def]
    response = client.get("/")
    assert response.status_code == 200
    return {item["key"]: item for item in response.context["nav_items"]}


def test_alice_and_charlie_open_the_calendar_and_the_reminders_from_the_menu(
    alice, charlie, client_of
):
    for person in (alice, charlie):
        client = client_of(person)
        entries = _entries(client)
        for key in ("calendar", "reminders"):
            page = client.get(entries[key]["url"])
            assert page.status_code == 200, (person, key)
            opened = {i["key"]: i["active"] for i in page.context["nav_items"]}
            assert [k for k, active in opened.items() if active] == [key]


def test_una_without_a_unit_sees_neither(make_user):
    una = make_user("una", None)
    keys = [item["key"] for item in menu_for(una, "/")]
    assert "calendar" not in keys and "reminders" not in keys


def test_the_entries_are_named_in_english(alice):
    with translation.override("en"):
        labels = {item["key"]: str(item["label"]) for item in menu_for(alice, "/")}
    assert labels["calendar"] == "Congress calendar"
    assert labels["reminders"] == "Reminders"
