"""Many posts at the same moment on the real server (waitress, a SQLite file in WAL): nobody is
shown a 500 for a busy database, and one form sent ten times at once acts once.

The campaign found "database is locked" 500s for six "add a child" posts at once, and for one
form token posted ten times at once. This runs ``daihoi web serve`` on a fresh data folder (the
demo's ``vanphong`` at the central unit) and posts from threads released together.
"""

from __future__ import annotations

import re
import threading
import urllib.parse

import pytest

from tests.web.test_server import Browser, server

__all__ = ["server"]

pytestmark = pytest.mark.slow


def central_unit(browser: Browser) -> int:
    _, _, body = browser.request("/orgs/?q=TW")
    ids = re.findall(rb'href="/orgs/(\d+)/"', body)
    assert ids, "the demo's central unit is listed"
    for pk in dict.fromkeys(ids):
        status, _, _ = browser.request(f"/orgs/{pk.decode()}/add/")
        if status == 200:
            return int(pk)
    raise AssertionError("vanphong may add under no unit")


def add_form(browser: Browser, parent: int) -> dict[str, str]:
    _, _, page = browser.request(f"/orgs/{parent}/add/")
    token = re.search(rb'name="form_token" value="([0-9a-f]+)"', page)
    assert token
    return {"csrfmiddlewaretoken": browser.csrf(), "form_token": token.group(1).decode()}


def post_at_once(posts: list[tuple[Browser, str, dict[str, str]]]) -> list[int]:
    """Send every post from its own thread, all released at the same instant; their statuses."""
    start = threading.Barrier(len(posts))
    statuses: list[int] = [0] * len(posts)

    def send(index: int, browser: Browser, path: str, form: dict[str, str]) -> None:
        start.wait()
        status, _, _ = browser.request(
            path,
            urllib.parse.urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": browser.base + path},
        )
        statuses[index] = status

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def child(code: str) -> dict[str, str]:
    return {"code": code, "name": f"Đảng bộ thử {code}", "level": "1", "kind": "", "members": "5"}


def test_six_different_children_added_at_once_are_all_added(server) -> None:
    base, _ = server
    browsers = [Browser(base) for _ in range(6)]
    for browser in browsers:
        browser.login("vanphong")
    parent = central_unit(browsers[0])
    posts = [
        (b, f"/orgs/{parent}/add/", add_form(b, parent) | child(f"CC6-{i}"))
        for i, b in enumerate(browsers)
    ]
    statuses = post_at_once(posts)
    assert statuses == [302] * 6
    for i, browser in enumerate(browsers):
        _, _, body = browser.request(f"/orgs/?q=CC6-{i}")
        assert f"Đảng bộ thử CC6-{i}".encode() in body


def test_one_form_sent_ten_times_at_once_adds_one_organisation(server) -> None:
    base, _ = server
    browser = Browser(base)
    browser.login("vanphong")
    parent = central_unit(browser)
    form = add_form(browser, parent) | child("CC10-ONE")
    # Ten copies of the same page's post (same session, same token), as a jammed button sends.
    clones = []
    for _ in range(10):
        clone = Browser(base)
        for cookie in browser.jar:
            clone.jar.set_cookie(cookie)
        clones.append((clone, f"/orgs/{parent}/add/", form))
    statuses = post_at_once(clones)
    assert statuses == [302] * 10
    _, _, body = browser.request("/orgs/?q=CC10-ONE")
    assert body.count("Đảng bộ thử CC10-ONE".encode()) == 1


def test_the_real_server_refuses_a_file_over_the_limit_and_an_empty_one(server) -> None:
    """Through waitress too (the campaign's 25 MB CSV): refused on its real size, with a message."""
    base, _ = server
    browser = Browser(base)
    browser.login("vanphong")
    big = b"code,name,parent_code,level,type,members\r\n" + b"x" * (25 * 1024 * 1024)
    status, _, body = browser.upload("/orgs/import/", "file", "lon.csv", big)
    assert status == 400
    assert "Tệp quá lớn (tối đa 20 MB).".encode() in body
    status, _, body = browser.upload("/orgs/import/", "file", "trong.csv", b"")
    assert status == 400
    assert "Tệp gửi lên trống (0 byte)".encode() in body
