"""Logging in and out, and the throttle on repeated failures."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from tests.web.conftest import PASSWORD


def login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_it_sends_a_stranger_to_the_login_page(tree):
    response = Client().get(reverse("orgs:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_logs_alice_in_with_her_password(alice):
    client = Client()
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("orgs:index")).status_code == 200


def test_it_says_in_vietnamese_when_the_password_is_wrong(alice):
    response = login(Client(), "alice", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_it_locks_alice_out_after_five_failures_even_with_the_right_password(alice):
    client = Client()
    for _ in range(4):
        assert "không đúng" in login(client, "alice", "sai").content.decode()
    fifth = login(client, "alice", "sai").content.decode()
    assert "tạm khoá" in fifth and "15 phút" in fifth
    locked = login(client, "alice", PASSWORD)
    assert locked.status_code == 200
    assert "tạm khoá" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_keeps_the_lock_to_the_address_that_failed(alice):
    for _ in range(5):
        login(Client(), "alice", "sai", ip="10.0.0.9")
    assert login(Client(), "alice", PASSWORD, ip="10.0.0.2").status_code == 302


def test_it_forgets_failures_after_a_successful_login(alice):
    client = Client()
    for _ in range(4):
        login(client, "alice", "sai")
    assert login(client, "alice", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "alice", "sai")
    assert login(client, "alice", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_LOCK_MINUTES=15)
def test_it_lifts_the_lock_when_the_time_is_up(alice):
    import datetime

    from django.utils import timezone

    from daihoi.web.accounts.models import LoginFailure

    login(Client(), "alice", "sai")
    login(Client(), "alice", "sai")
    assert "tạm khoá" in login(Client(), "alice", PASSWORD).content.decode()
    LoginFailure.objects.update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert login(Client(), "alice", PASSWORD).status_code == 302


def test_it_logs_out_with_a_post_and_requires_csrf(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(reverse("logout")).status_code == 403  # no CSRF token
    client = Client()
    client.force_login(alice)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("orgs:index")).status_code == 302


def test_it_speaks_vietnamese_by_default_and_english_on_request(alice, client_of):
    client = client_of(alice)
    assert "Tổ chức" in client.get(reverse("orgs:index")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/orgs/"})
    page = client.get(reverse("orgs:index")).content.decode()
    assert "Organisations" in page
    assert 'lang="en"' in page


def test_it_stays_vietnamese_when_the_browser_asks_for_english(alice, client_of):
    """Many offices run Windows in English: only the user's own choice switches language."""
    client = client_of(alice)
    page = client.get(reverse("orgs:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert 'lang="vi"' in page.decode()
    assert "Tổ chức" in page.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": "/orgs/"})
    assert 'lang="vi"' in client.get(reverse("orgs:index")).content.decode()


@pytest.mark.parametrize("url_name", ["admin:index"])
def test_it_lets_only_superusers_into_the_admin(url_name, alice, sam, client_of):
    assert client_of(alice).get(reverse(url_name)).status_code == 302
    assert client_of(sam).get(reverse(url_name)).status_code == 200


def test_it_makes_sure_the_demo_office_login_exists_at_the_top(tree):
    from rich.console import Console

    from daihoi.cli.web_cmds import _ensure_office_user
    from daihoi.web.accounts.scope import is_office, visible_organisations

    _ensure_office_user(Console(file=io.StringIO()))
    _ensure_office_user(Console(file=io.StringIO()))  # a second start changes nothing
    vanphong = User.objects.get(username="vanphong")
    assert is_office(vanphong)
    assert visible_organisations(vanphong).count() == len(tree.all())
    assert (
        Client()
        .post(reverse("login"), {"username": "vanphong", "password": "daihoi2025"})
        .status_code
        == 302
    )


def test_it_forgets_old_failures_of_other_usernames(alice):
    import datetime

    from django.utils import timezone

    from daihoi.web.accounts.models import LoginFailure

    login(Client(), "khong-ai", "sai")
    LoginFailure.objects.update(first_failure_at=timezone.now() - datetime.timedelta(hours=2))
    login(Client(), "alice", "sai")
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["alice"]


def test_it_sends_alice_home_to_her_work_after_logging_in(alice):
    from django.urls import resolve

    client = Client()
    response = login(client, "alice", PASSWORD)
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert resolve("/").view_name == "dashboard:home"
