"""The frame's menu: every app adds its own entries; office staff see the office's pages too."""

from __future__ import annotations


def menu_of(client, path="/orgs/"):  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200
    return [(item["key"], item["url"], item["active"]) for item in response.context["nav_items"]]


def test_alice_from_the_office_sees_every_page_in_order(alice, client_of):
    assert menu_of(client_of(alice)) == [
        ("dashboard", "/", False),
        ("reminders", "/reminders/", False),
        ("orgs", "/orgs/", True),
        ("congresses", "/season/congresses/", False),
        ("calendar", "/season/congresses/calendar/", False),
        ("personnel", "/personnel/", False),
        ("difficulties", "/season/difficulties/", False),
        ("groups", "/season/groups/", False),
        ("audit", "/audit/", False),
        ("people", "/accounts/users/", False),
    ]


def test_charlie_the_viewer_has_no_audit_log_nor_users(charlie, client_of):
    keys = [key for key, _url, _active in menu_of(client_of(charlie))]
    assert keys == [
        "dashboard",
        "reminders",
        "orgs",
        "congresses",
        "calendar",
        "personnel",  # the list of names and units; never a full profile (tests/web/personnel)
        "difficulties",
        "groups",
    ]


def test_the_frame_names_alices_unit_and_role(alice, tree, client_of):
    response = client_of(alice).get("/orgs/")
    assert response.context["current_unit"] == tree.ha_nam
    assert response.context["current_profile"].user == alice
    assert "Cán bộ văn phòng" in response.content.decode()


def test_only_the_home_entry_is_active_on_the_dashboard(alice, client_of):
    active = [key for key, _url, is_active in menu_of(client_of(alice), "/") if is_active]
    assert active == ["dashboard"]


def test_on_the_calendar_only_the_calendar_entry_is_active(alice, client_of):
    # The calendar's address lies under the congress list's: one entry is active, not both.
    path = "/season/congresses/calendar/"
    active = [key for key, _url, is_active in menu_of(client_of(alice), path) if is_active]
    assert active == ["calendar"]
