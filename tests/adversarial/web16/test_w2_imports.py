# ruff: noqa: F811
"""W2: the central bundle import: fingerprints registered where they must not be, malformed,
hostile uploads, double submits, a viewer's upload, another congress's registration revoked."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.web.imports import services
from daihoi.web.imports.models import BundleImport, StationRegistration
from daihoi.web.season.models import Congress, Season
from tests.tasks import run_worker
from tests.web.imports.conftest import bundle_of, congress, other_key, station_key  # noqa: F401

from .conftest import text_of, zip_bomb, zip_of

pytestmark = pytest.mark.django_db


def _upload(client, congress, data: bytes, name: str = "q1.bundle.zip"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("imports:upload", args=[congress.pk]),
        {"bundle": SimpleUploadedFile(name, data, content_type="application/zip")},
    )


def _register_url(congress) -> str:  # type: ignore[no-untyped-def]
    return reverse("imports:register", args=[congress.pk])


@pytest.fixture
def nb_congress(tree):  # type: ignore[no-untyped-def]
    season = Season.objects.create(
        organisation=tree.ninh_binh, name="Ninh Bình", term_start=2025, term_end=2030
    )
    return Congress.objects.create(season=season, organisation=tree.dong_thanh)


def test_bob_registers_nothing_on_alices_congress(congress, station_key, bob, client_of) -> None:
    response = client_of(bob).post(
        _register_url(congress), {"fingerprint": station_key.fingerprint, "label": "x"}
    )
    assert response.status_code == 404
    assert not StationRegistration.objects.exists()


def test_charlie_registers_nothing(congress, station_key, charlie, client_of) -> None:
    response = client_of(charlie).post(
        _register_url(congress), {"fingerprint": station_key.fingerprint, "label": "x"}
    )
    assert response.status_code == 403
    assert not StationRegistration.objects.exists()


MALFORMED = {
    "too_long": "2260-0cc6-1655-1e39-0000",
    "way_too_long": "a" * 5000,
    "fullwidth_digits": "２２６０-０ｃｃ６-１６５５-１ｅ３９",
    "arabic_indic": "٢٢٦٠-٠٠٠٦-١٦٥٥-١٠٣٩",
    "superscript": "²²⁶⁰-⁰⁰⁰⁶-¹⁶⁵⁵-¹⁰³⁹",
    "sql": "'; DROP TABLE imports_stationregistration; --",
    "sql_hexlike": "0000' OR '1'='1",
    "markup": "<script>alert(1)</script>",
    "null_byte": "2260-0cc6-1655-1e3\x00",
    "not_hex": "zzzz-zzzz-zzzz-zzzz",
    "empty": "",
    "spaces": "    ",
}


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_a_malformed_fingerprint_is_refused(congress, alice, client_of, kind) -> None:
    response = client_of(alice).post(
        _register_url(congress), {"fingerprint": MALFORMED[kind], "label": "Máy trạm"}
    )
    assert response.status_code == 400, (response.status_code, text_of(response)[:300])
    assert "<script>alert(1)</script>" not in text_of(response)
    assert not StationRegistration.objects.exists()


def test_a_label_with_markup_is_escaped(congress, station_key, alice, client_of) -> None:
    client = client_of(alice)
    client.post(
        _register_url(congress),
        {"fingerprint": station_key.fingerprint, "label": "<script>alert(1)</script>"},
    )
    page = text_of(client.get(reverse("imports:congress", args=[congress.pk])))
    assert "<script>alert(1)</script>" not in page


def test_a_huge_label_is_refused_or_cut(congress, station_key, alice, client_of) -> None:
    response = client_of(alice).post(
        _register_url(congress), {"fingerprint": station_key.fingerprint, "label": "x" * 100000}
    )
    assert response.status_code in (302, 400)
    for row in StationRegistration.objects.all():
        assert len(row.label) <= 1000


NOT_BUNDLES = {
    "pdf": b"%PDF-1.7\n1 0 obj<<>>endobj\n",
    "empty": b"",
    "html": b"<html><script>alert(1)</script></html>",
    "zip_of_junk": zip_of({"hello.txt": b"hi"}),
    "traversal": zip_of({"../../x": b"x"}),
}


@pytest.mark.parametrize("kind", sorted(NOT_BUNDLES))
def test_a_non_bundle_is_refused_and_changes_nothing(
    congress, station_key, alice, client_of, kind
) -> None:
    services.register_station(alice, congress, station_key.fingerprint, "Máy trạm")
    client = client_of(alice)
    response = _upload(client, congress, NOT_BUNDLES[kind])
    assert response.status_code in (302, 400), response.status_code
    run_worker()
    for row in BundleImport.objects.all():
        assert row.outcome != "imported" and row.state != "queued"
        page = client.get(reverse("imports:job", args=[congress.pk, row.pk]))
        assert page.status_code == 200 and "<script>alert(1)</script>" not in text_of(page)
    congress.refresh_from_db()
    assert congress.figure_sources in ({}, None) or "station" not in str(congress.figure_sources)


def test_a_zip_bomb_bundle_is_refused(congress, station_key, alice, client_of) -> None:
    services.register_station(alice, congress, station_key.fingerprint, "Máy trạm")
    response = _upload(client_of(alice), congress, zip_bomb("log.jsonl"))
    assert response.status_code in (302, 400)
    run_worker()
    assert not BundleImport.objects.filter(outcome="imported").exists()


def test_a_huge_bundle_is_refused_before_it_is_stored(
    congress, station_key, alice, client_of, settings
) -> None:
    services.register_station(alice, congress, station_key.fingerprint, "Máy trạm")
    huge = b"PK\x03\x04" + b"\0" * (services.MAX_BUNDLE + 10)
    response = _upload(client_of(alice), congress, huge)
    assert response.status_code in (302, 400, 413)
    run_worker()
    assert not BundleImport.objects.filter(outcome="imported").exists()
    for row in BundleImport.objects.all():
        assert row.code == "too_large"


def test_the_same_bundle_twice_quickly_is_one_import(
    congress, station_key, alice, client_of, bundle_of
) -> None:
    services.register_station(alice, congress, station_key.fingerprint, "Máy trạm")
    client = client_of(alice)
    data = bundle_of(congress).zip()
    first = _upload(client, congress, data)
    second = _upload(client, congress, data)  # before the worker ran
    assert first.status_code == 302 and second.status_code in (200, 302, 400, 409)
    assert BundleImport.objects.count() == 1
    run_worker()
    assert BundleImport.objects.get().outcome == "imported"


def test_charlie_may_not_upload(
    congress, station_key, alice, charlie, client_of, bundle_of
) -> None:
    services.register_station(alice, congress, station_key.fingerprint, "Máy trạm")
    response = _upload(client_of(charlie), congress, bundle_of(congress).zip())
    assert response.status_code == 403
    assert not BundleImport.objects.exists()


def test_bob_may_not_upload(congress, station_key, alice, bob, client_of, bundle_of) -> None:
    services.register_station(alice, congress, station_key.fingerprint, "Máy trạm")
    response = _upload(client_of(bob), congress, bundle_of(congress).zip())
    assert response.status_code == 404
    assert not BundleImport.objects.exists()


@pytest.mark.parametrize("via", ["alices_congress_url", "bobs_congress_url"])
def test_alice_cannot_revoke_another_congress_registration(
    congress, nb_congress, station_key, other_key, alice, bob, client_of, via
) -> None:
    row = services.register_station(bob, nb_congress, other_key.fingerprint, "Ninh Bình")
    target = congress if via == "alices_congress_url" else nb_congress
    response = client_of(alice).post(reverse("imports:revoke", args=[target.pk, row.pk]))
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_charlie_cannot_revoke(congress, station_key, alice, charlie, client_of) -> None:
    row = services.register_station(alice, congress, station_key.fingerprint, "Máy trạm")
    response = client_of(charlie).post(reverse("imports:revoke", args=[congress.pk, row.pk]))
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.revoked_at is None


def test_revoke_by_get_changes_nothing(congress, station_key, alice, client_of) -> None:
    row = services.register_station(alice, congress, station_key.fingerprint, "Máy trạm")
    response = client_of(alice).get(reverse("imports:revoke", args=[congress.pk, row.pk]))
    assert response.status_code in (302, 405)
    row.refresh_from_db()
    assert row.revoked_at is None


def test_a_job_of_another_congress_is_not_shown(
    congress, nb_congress, station_key, alice, bob, client_of, bundle_of
) -> None:
    services.register_station(alice, congress, station_key.fingerprint, "Máy trạm")
    _upload(client_of(alice), congress, bundle_of(congress).zip())
    row = BundleImport.objects.get()
    assert client_of(bob).get(reverse("imports:job", args=[congress.pk, row.pk])).status_code == 404
    assert (
        client_of(bob).get(reverse("imports:job", args=[nb_congress.pk, row.pk])).status_code == 404
    )
