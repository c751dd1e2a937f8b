# ruff: noqa: F811
"""W1: the congress package, exported by the wrong office, received hostile at the station, and
its first-trust confirmation abused."""

from __future__ import annotations

import functools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from daihoi.web.elections.models import Candidate
from daihoi.web.packages import services
from daihoi.web.packages.models import TrustedOfficeKey
from daihoi.web.season.models import Congress
from tests.web.elections.conftest import congress, election  # noqa: F401
from tests.web.packages.conftest import as_station, export, prepared, upload  # noqa: F401

from .conftest import HOSTILE_NAMES, text_of, zip_bomb, zip_of

pytestmark = pytest.mark.django_db


def last4() -> str:
    return services.office_fingerprint().replace("-", "")[-4:]


@functools.cache
def _bomb() -> bytes:
    return zip_bomb()


# ----------------------------------------------------------------- export by the wrong office


@pytest.mark.parametrize(
    ("who", "method", "suffix"),
    [
        ("bob", "get", ""),
        ("bob", "post", "package.zip"),
        ("bob", "get", "package.zip"),
        ("bob", "get", "letter.pdf"),
        ("charlie", "post", "package.zip"),
        ("charlie", "get", "letter.pdf"),
    ],
)
def test_another_office_or_a_viewer_gets_no_package(
    prepared, bob, charlie, client_of, who, method, suffix
) -> None:
    user = {"bob": bob, "charlie": charlie}[who]
    response = getattr(client_of(user), method)(f"/packages/congress/{prepared.pk}/{suffix}")
    assert response.status_code in (403, 404, 405)
    assert response.get("Content-Type") != "application/zip"
    assert services.last_sequence(prepared) == 0


def test_an_anonymous_visitor_gets_no_package(prepared, client) -> None:
    response = client.post(f"/packages/congress/{prepared.pk}/package.zip")
    assert response.status_code in (302, 403, 404)
    assert response.get("Content-Type") != "application/zip"


# ------------------------------------------------------------------- hostile uploads at the station


HOSTILE_FILES = {
    "not_a_zip": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
    "html": b"<html><script>alert(1)</script></html>",
    "empty": b"",
    "truncated_zip": zip_of({"manifest.json": b"{}"})[:30],
    "zip_without_manifest": zip_of({"hello.txt": b"hi"}),
    "traversal": zip_of({"../../etc/passwd": b"root", "manifest.json": b"{}"}),
    "manifest_not_json": zip_of({"manifest.json": b"\xff\xfe<<", "signature.json": b"{}"}),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_FILES))
def test_a_hostile_file_is_refused_with_a_reason(alice, client_of, kind) -> None:
    response = upload(client_of(alice), HOSTILE_FILES[kind])
    assert response.status_code == 400, (response.status_code, text_of(response)[:500])
    assert "<script>alert(1)</script>" not in text_of(response)
    assert not TrustedOfficeKey.objects.exists() and not Congress.objects.exists()


def test_a_zip_bomb_is_refused_without_inflating_it(alice, client_of) -> None:
    response = upload(client_of(alice), _bomb())
    assert response.status_code == 400
    assert not Congress.objects.exists()


def test_a_huge_file_is_refused(alice, client_of) -> None:
    huge = b"PK\x03\x04" + b"\0" * (300 * 1024 * 1024)
    response = upload(client_of(alice), huge)
    assert response.status_code in (400, 413)
    assert not Congress.objects.exists()


def test_a_package_without_a_file_is_a_page_not_a_500(alice, client_of) -> None:
    response = client_of(alice).post("/packages/receive/", {})
    assert response.status_code in (200, 400)


def test_a_package_for_a_unit_outside_the_operators_scope_is_refused(
    prepared, alice, bob, client_of
) -> None:
    data = export(client_of(alice), prepared)
    as_station()
    client = client_of(bob)
    response = upload(client, data)
    if response.status_code == 302:
        response = client.post(response["Location"], {"compared": "on", "last_digits": last4()})
    assert response.status_code in (400, 403, 404)
    assert not Congress.objects.exists()


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_candidate_names_are_neutralised_or_refused_and_escaped(
    prepared, alice, client_of, name
) -> None:
    bch = prepared.elections.get(slug="bch")
    Candidate.objects.filter(election=bch, name="Vũ Thị Gấm").update(name=name)
    client = client_of(alice)
    try:
        data = export(client, prepared)
    except AssertionError:
        return  # the office refuses to export such a name: fine
    as_station()
    response = upload(client, data)
    assert response.status_code in (302, 400), text_of(response)[:500]
    if response.status_code == 302:
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "<script>alert(1)</script>" not in text_of(page)
        done = client.post(response["Location"], {"compared": "on", "last_digits": last4()})
        assert done.status_code in (200, 400)
        assert "<script>alert(1)</script>" not in text_of(done)
    stored = list(Candidate.objects.values_list("name", flat=True))
    for n in stored:
        assert not any(ch in n for ch in "\x07\x1b\u202e\u202c\u200f\u2066\u2069"), stored
    for c in Candidate.objects.all():
        page = client.get(f"/congress/elections/{c.election_id}/")
        assert page.status_code in (200, 302, 403, 404)
        assert "<script>alert(1)</script>" not in text_of(page)


# ------------------------------------------------------------------ the first-trust confirmation


@pytest.fixture
def pending(prepared, alice, client_of):  # type: ignore[no-untyped-def]
    client = client_of(alice)
    data = export(client, prepared)
    as_station()
    response = upload(client, data)
    assert response.status_code == 302
    return client, response["Location"]


@pytest.mark.parametrize(
    "form",
    [
        {"compared": "on", "last_digits": "zzzz"},
        {"compared": "on", "last_digits": ""},
        {"compared": "on", "last_digits": "0000"},
        {"compared": "on", "last_digits": "' OR 1=1 --"},
        {"compared": "on", "last_digits": "x" * 10000},
        {"compared": "on"},
        {"last_digits": "RIGHT"},  # the right digits without the checkbox
    ],
    ids=["letters", "empty", "zeros", "sql", "long", "missing", "no_box"],
)
def test_a_wrong_confirmation_trusts_nothing(pending, form) -> None:
    client, url = pending
    form = {k: (last4() if v == "RIGHT" else v) for k, v in form.items()}
    response = client.post(url, form)
    assert response.status_code == 400, (response.status_code, text_of(response)[:500])
    assert not TrustedOfficeKey.objects.exists()
    assert not Congress.objects.exists()


@pytest.mark.parametrize("variant", ["fullwidth", "arabic_indic"])
def test_unicode_digits_are_not_the_last_digits(pending, variant) -> None:
    client, url = pending
    digits = last4()
    table = {
        "fullwidth": str.maketrans("0123456789abcdef", "０１２３４５６７８９ａｂｃｄｅｆ"),
        "arabic_indic": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    }[variant]
    typed = digits.lower().translate(table)
    if typed == digits.lower():
        pytest.skip("no digit to turn")
    response = client.post(url, {"compared": "on", "last_digits": typed})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        # accepted only if it means the same digits; the key trusted is the office's
        assert TrustedOfficeKey.objects.get().fingerprint == services.office_fingerprint()


def test_a_double_submit_imports_once(pending) -> None:
    client, url = pending
    first = client.post(url, {"compared": "on", "last_digits": last4()})
    second = client.post(url, {"compared": "on", "last_digits": last4()})
    assert first.status_code == 200
    assert second.status_code in (200, 302, 400, 409)
    assert TrustedOfficeKey.objects.count() == 1
    assert Congress.objects.count() == 1
    assert Candidate.objects.filter(election__slug="bch").count() == 7


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_another_users_upload_cannot_be_confirmed(pending, bob, charlie, client_of, who) -> None:
    _client, url = pending
    other = client_of({"bob": bob, "charlie": charlie}[who])
    seen = other.get(url)
    assert seen.status_code in (302, 403, 404)  # sent back to their own page, or refused
    assert services.office_fingerprint() not in text_of(seen)
    response = other.post(url, {"compared": "on", "last_digits": last4()})
    assert response.status_code in (302, 403, 404)
    assert not TrustedOfficeKey.objects.exists() and not Congress.objects.exists()


def test_a_package_id_that_does_not_exist_is_refused(alice, client_of) -> None:
    client = client_of(alice)
    assert client.get("/packages/receive/999999/").status_code in (302, 404)
    assert client.post("/packages/receive/999999/", {"compared": "on"}).status_code in (302, 404)
    assert not TrustedOfficeKey.objects.exists()


def test_an_empty_confirmation_trusts_nothing(pending) -> None:
    client, url = pending
    response = client.post(url, {})
    assert response.status_code in (200, 400)
    assert not TrustedOfficeKey.objects.exists() and not Congress.objects.exists()


def test_an_uploaded_filename_with_markup_is_escaped(alice, client_of) -> None:
    response = client_of(alice).post(
        "/packages/receive/",
        {"file": SimpleUploadedFile("<img src=x onerror=alert(1)>.zip", b"nope")},
    )
    assert response.status_code == 400
    assert "<img src=x onerror=alert(1)>" not in text_of(response)
