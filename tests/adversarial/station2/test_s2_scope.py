"""A station account of congress A goes everywhere else: congress B, the other apps, admin."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.adversarial.station2.conftest import base, text_of


def _patterns(resolver=None, prefix=""):  # type: ignore[no-untyped-def]
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _fill(route: str, value: int) -> str:
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<int:[^>]+>", str(value), route)
    route = re.sub(r"<(str:)?[^>]+>", "x", route)
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", str(value), route)
    return "/" + route.replace("\\", "")


ALLOWED_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/i18n/setlang/", "/counting/")


def test_station_account_opens_nothing_outside_its_congress(station, trio, other_congress):  # type: ignore[no-untyped-def]
    from django.test import Client

    c = Client()
    c.force_login(station["minh"])
    own_day = f"/congress/{trio.congress.pk}/day/"
    leaks = []
    ids = {trio.pk, trio.congress.pk, other_congress.pk, other_congress.congress.pk, 1, 2}
    for route in sorted(set(_patterns())):
        if "admin" in route and "<" in route and "app_label" in route:
            continue
        for value in ids:
            url = _fill(route, value)
            if url.startswith(ALLOWED_PREFIXES) or url == own_day:
                continue
            for method in ("get", "post"):
                r = getattr(c, method)(url)
                if r.status_code == 200 or (
                    r.status_code == 302
                    and "/login/" not in r.get("Location", "")
                    and r.get("Location") != own_day
                ):
                    leaks.append((method, url, r.status_code, r.get("Location")))
    assert not leaks, leaks[:30]


def test_station_account_of_a_refuses_congress_b_counting(station, trio, other_congress):  # type: ignore[no-untyped-def]
    from django.test import Client

    c = Client()
    c.force_login(station["hanh"])  # the head of congress A
    b = base(other_congress)
    for url in (f"{b}/", f"{b}/live/", f"{b}/review/", f"{b}/minutes.pdf", f"{b}/batches/1/"):
        assert c.get(url).status_code in (403, 404), url
    for url, data in (
        (f"{b}/confirm/", {}),
        (f"{b}/reopen/", {"reason": "thử"}),
        (f"{b}/batches/manual/", {"method": "totals"}),
        (f"{b}/issued/", {"issued": "8"}),
        (f"{b}/record.zip", {}),
        (f"{b}/tokens/", {"name": "máy lạ"}),
        (f"/counting/congress/{other_congress.congress.pk}/accounts/issue/", {}),
        (f"/counting/congress/{other_congress.congress.pk}/end/", {}),
    ):
        r = c.post(url, data)
        assert r.status_code in (403, 404), (url, r.status_code)
    from daihoi.web.counting.models import StationAccount

    assert not StationAccount.objects.filter(
        user__panel_seats__congress=other_congress.congress
    ).exists()
    assert c.get(f"/congress/{other_congress.congress.pk}/day/").status_code in (403, 404)


def test_station_account_home_and_menu(station, trio):  # type: ignore[no-untyped-def]
    from django.test import Client

    c = Client()
    c.force_login(station["tu"])
    r = c.get("/")
    assert r.status_code == 302 and r["Location"] == f"/congress/{trio.congress.pk}/day/"
    page = text_of(c.get(r["Location"]))
    nav = (
        page.split('aria-label="Điều hướng chính"')[1].split("</nav>")[0]
        if "Điều hướng chính" in page
        else ""
    )
    for foreign in ("/orgs/", "/personnel/", "/audit/", "/accounts/users/", "/season/"):
        assert foreign not in nav, foreign


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/auth/user/",
        "/audit/",
        "/orgs/",
        "/personnel/",
        "/season/congresses/",
        "/accounts/users/",
        "/orgs/export.xlsx",
        "/season/congresses/export.xlsx",
    ],
)
def test_station_account_refused_other_apps(station, url):  # type: ignore[no-untyped-def]
    from django.test import Client

    c = Client()
    c.force_login(station["hanh"])
    r = c.get(url)
    assert r.status_code in (403, 404) or (r.status_code == 302 and "login" in r["Location"]), (
        url,
        r.status_code,
    )
    if r.status_code == 403:
        assert "Forbidden" not in text_of(r)
