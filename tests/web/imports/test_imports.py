"""Alice (office of Hà Nam) registers the key of Minh Khai's counting station and receives its
results bundle; Bob (Ninh Bình) may not; Charlie (viewer of Phủ Lý) sees but changes nothing.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.web.audit.models import AuditEntry
from daihoi.web.imports import services
from daihoi.web.imports.models import BundleImport, StationRegistration
from daihoi.web.season import sources
from daihoi.web.season.sources import FigureSource
from tests.tasks import run_worker

from .conftest import more


def _upload(client, congress, data: bytes, name: str = "q1.bundle.zip"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("imports:upload", args=[congress.pk]),
        {"bundle": SimpleUploadedFile(name, data, content_type="application/zip")},
    )


def _register(congress, key, user) -> StationRegistration:  # type: ignore[no-untyped-def]
    return services.register_station(user, congress, key.fingerprint, "Máy trạm hội trường")


def test_alice_registers_a_fingerprint_typed_with_spaces_and_capitals(
    congress, station_key, alice, client_of
) -> None:
    typed = station_key.fingerprint.replace("-", " ").upper()
    response = client_of(alice).post(
        reverse("imports:register", args=[congress.pk]),
        {"fingerprint": typed, "label": "Máy trạm hội trường"},
    )
    assert response.status_code == 302
    row = StationRegistration.objects.get(congress=congress)
    assert (row.fingerprint, row.label, row.registered_by) == (
        station_key.fingerprint,
        "Máy trạm hội trường",
        alice,
    )
    entry = AuditEntry.objects.get(action="station.registered")
    assert entry.user == alice and entry.changes["fingerprint"] == station_key.fingerprint
    page = client_of(alice).get(reverse("imports:congress", args=[congress.pk])).content.decode()
    assert station_key.fingerprint in page and "Máy trạm hội trường" in page


def test_a_malformed_fingerprint_is_refused_in_vietnamese_and_the_label_is_kept(
    congress, alice, client_of
) -> None:
    response = client_of(alice).post(
        reverse("imports:register", args=[congress.pk]),
        {"fingerprint": "2260-0cc6-1655", "label": "Máy trạm hội trường"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Dấu khoá cần đúng 16 chữ số hex" in text
    assert 'value="Máy trạm hội trường"' in text
    assert not StationRegistration.objects.exists()


def test_the_same_key_twice_is_refused_and_a_revoked_key_refuses_its_bundles(
    congress, station_key, alice, client_of, bundle_of
) -> None:
    row = _register(congress, station_key, alice)
    client = client_of(alice)
    again = client.post(
        reverse("imports:register", args=[congress.pk]), {"fingerprint": station_key.fingerprint}
    )
    assert again.status_code == 400 and "đã được đăng ký" in again.content.decode()
    assert client.post(reverse("imports:revoke", args=[congress.pk, row.pk])).status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None and row.revoked_by == alice
    assert AuditEntry.objects.filter(action="station.revoked").count() == 1
    _upload(client, congress, bundle_of(congress).zip())
    run_worker()
    assert BundleImport.objects.get().code == "unregistered_key"


def test_bob_of_another_province_cannot_see_register_or_import(
    congress, station_key, bob, client_of, bundle_of
) -> None:
    client = client_of(bob)
    assert client.get(reverse("imports:congress", args=[congress.pk])).status_code == 404
    register = client.post(
        reverse("imports:register", args=[congress.pk]), {"fingerprint": station_key.fingerprint}
    )
    assert register.status_code == 404
    assert _upload(client, congress, bundle_of(congress).zip()).status_code == 404
    assert not StationRegistration.objects.exists() and not BundleImport.objects.exists()


def test_charlie_the_viewer_sees_the_page_but_may_not_register_or_import(
    congress, station_key, charlie, client_of, bundle_of
) -> None:
    client = client_of(charlie)
    page = client.get(reverse("imports:congress", args=[congress.pk]))
    assert page.status_code == 200 and 'data-testid="upload-form"' not in page.content.decode()
    register = client.post(
        reverse("imports:register", args=[congress.pk]), {"fingerprint": station_key.fingerprint}
    )
    assert register.status_code == 403
    assert _upload(client, congress, bundle_of(congress).zip()).status_code == 403
    assert not StationRegistration.objects.exists() and not BundleImport.objects.exists()


def test_an_uploaded_bundle_is_imported_by_the_task_and_its_results_go_on_the_congress(
    congress, station_key, alice, client_of, bundle_of
) -> None:
    _register(congress, station_key, alice)
    client = client_of(alice)
    response = _upload(client, congress, bundle_of(congress).zip())
    row = BundleImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[congress.pk, row.pk])
    assert row.state == "queued" and row.source == "upload" and row.by == alice
    waiting = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in waiting  # the page polls until the worker is done
    congress.refresh_from_db()
    assert congress.committee_size is None  # nothing written in the request

    run_worker()

    row.refresh_from_db()
    assert (row.state, row.outcome, row.code) == ("done", "imported", "imported")
    assert row.fingerprint == station_key.fingerprint and row.entries > 10
    congress.refresh_from_db()
    assert congress.committee_size == 5
    assert congress.present == 30 and congress.convened == 31
    assert congress.secretary_elected_directly is True
    assert congress.figure_sources["committee_size"] == FigureSource.BUNDLE
    entry = AuditEntry.objects.get(action="bundle.imported")
    assert entry.user == alice and entry.changes["fingerprint"] == station_key.fingerprint
    assert AuditEntry.objects.filter(action="congress.bundle").count() == 1
    log = client.get(reverse("audit:index")).content.decode()
    # once in the filter, once in the entry (in words, never the code)
    assert log.count("Nhận gói kết quả của trạm kiểm phiếu") >= 2
    assert ">bundle.imported<" not in log
    done = client.get(response["Location"]).content.decode()
    assert 'data-outcome="imported"' in done and "every 1s" not in done
    detail = client.get(reverse("season:congress_detail", args=[congress.pk])).content.decode()
    assert "theo gói kết quả của trạm kiểm phiếu" in detail
    assert station_key.fingerprint in detail
    assert "Trần Thị Bình" in detail and "Võ Thị Anh" in detail
    assert reverse("imports:congress", args=[congress.pk]) in detail


def test_a_bundle_signed_by_an_unregistered_key_is_refused_and_writes_nothing(
    congress, station_key, other_key, alice, client_of, bundle_of
) -> None:
    _register(congress, station_key, alice)
    client = client_of(alice)
    response = _upload(client, congress, bundle_of(congress, other_key).zip())
    run_worker()
    row = BundleImport.objects.get()
    assert (row.outcome, row.code) == ("refused", "unregistered_key")
    assert other_key.fingerprint in row.message
    congress.refresh_from_db()
    assert congress.committee_size is None and not congress.figure_sources
    assert AuditEntry.objects.get(action="bundle.refused").changes["code"] == "unregistered_key"
    page = client.get(response["Location"]).content.decode()
    assert "Không nhận gói kết quả này" in page and other_key.fingerprint in page


def test_the_same_bundle_twice_changes_nothing(
    congress, station_key, alice, client_of, bundle_of
) -> None:
    _register(congress, station_key, alice)
    client = client_of(alice)
    data = bundle_of(congress).zip()
    _upload(client, congress, data)
    run_worker()
    congress.refresh_from_db()
    before = (congress.committee_size, dict(congress.figure_sources))
    audit_before = AuditEntry.objects.exclude(action="bundle.again").count()
    second = _upload(client, congress, data)
    run_worker()
    assert BundleImport.objects.count() == 1
    assert second["Location"] == reverse(
        "imports:job", args=[congress.pk, BundleImport.objects.get().pk]
    )
    congress.refresh_from_db()
    assert (congress.committee_size, dict(congress.figure_sources)) == before
    assert AuditEntry.objects.exclude(action="bundle.again").count() == audit_before
    assert AuditEntry.objects.get(action="bundle.again").changes["note"] == "đã nhận rồi"


def test_an_older_bundle_replayed_after_a_newer_is_refused(
    congress, station_key, alice, client_of, bundle_of
) -> None:
    _register(congress, station_key, alice)
    client = client_of(alice)
    recorder = bundle_of(congress)
    older = recorder.zip()
    newer = more(recorder)
    _upload(client, congress, newer, "moi.bundle.zip")
    run_worker()
    _upload(client, congress, older, "cu.bundle.zip")
    run_worker()
    rows = {r.filename: r for r in BundleImport.objects.all()}
    assert rows["moi.bundle.zip"].outcome == "imported"
    assert (rows["cu.bundle.zip"].outcome, rows["cu.bundle.zip"].code) == ("refused", "older")
    assert services.last_imported(congress) == rows["moi.bundle.zip"]


def test_a_bundle_of_another_congress_is_refused(
    congress, station_key, alice, client_of, bundle_of, tree
) -> None:
    from daihoi.web.season.models import Congress

    other = Congress.objects.create(
        season=congress.season, organisation=tree.hoa_mac, kind=congress.kind
    )
    _register(congress, station_key, alice)
    _upload(client_of(alice), congress, bundle_of(other).zip())
    run_worker()
    row = BundleImport.objects.get()
    assert (row.congress, row.outcome, row.code) == (congress, "refused", "other_congress")


def test_a_typed_figure_never_overwrites_a_bundle_value(
    congress, station_key, alice, client_of, bundle_of
) -> None:
    from tests.web.season.test_congress_pages import edit_data

    _register(congress, station_key, alice)
    client = client_of(alice)
    _upload(client, congress, bundle_of(congress).zip())
    run_worker()
    congress.refresh_from_db()
    client.post(
        reverse("season:congress_edit", args=[congress.pk]),
        edit_data(congress, committee_size="9", women="1"),
    )
    congress.refresh_from_db()
    assert congress.committee_size == 5
    assert congress.figure_sources["committee_size"] == FigureSource.BUNDLE


def test_a_bundle_replaces_a_typed_figure(congress, alice) -> None:
    congress.committee_size = 9
    congress.figure_sources = {"committee_size": FigureSource.TYPED}
    congress.save()
    changes = sources.record_bundle(alice, congress, {"committee_size": 5})
    congress.refresh_from_db()
    assert changes == {"committee_size": [9, 5]}
    assert congress.committee_size == 5
    assert congress.figure_sources["committee_size"] == FigureSource.BUNDLE


def test_a_figure_counted_at_this_servers_own_station_is_not_overwritten_by_a_bundle(
    congress, station_key, alice, client_of, bundle_of
) -> None:
    sources.record_counted(alice, congress, {"committee_size": 7})
    _register(congress, station_key, alice)
    _upload(client_of(alice), congress, bundle_of(congress).zip())
    run_worker()
    congress.refresh_from_db()
    assert BundleImport.objects.get().outcome == "imported"
    assert congress.committee_size == 7
    assert congress.figure_sources["committee_size"] == FigureSource.COUNTED
    assert congress.figure_sources["present"] == FigureSource.BUNDLE  # the rest is taken


def test_a_hostile_file_name_and_non_bundle_are_refused_and_shown_escaped(
    congress, alice, client_of
) -> None:
    client = client_of(alice)
    response = _upload(client, congress, b"<script>alert(1)</script>", "<i>x.zip")
    run_worker()
    row = BundleImport.objects.get()
    assert (row.outcome, row.code) == ("refused", "not_bundle")
    page = client.get(response["Location"]).content.decode()
    assert "<i>x.zip" not in page and "&lt;i&gt;x.zip" in page


def test_the_dashboard_counts_the_congresses_whose_results_came_in_a_bundle(
    congress, station_key, alice, client_of, bundle_of, tree
) -> None:
    client = client_of(alice)
    board = client.get(reverse("dashboard:org", args=[tree.ha_nam.pk])).content.decode()
    assert 'data-testid="from-bundle"' not in board
    _register(congress, station_key, alice)
    _upload(client, congress, bundle_of(congress).zip())
    run_worker()
    board = client.get(reverse("dashboard:org", args=[tree.ha_nam.pk])).content.decode()
    assert "1 đại hội có kết quả theo gói kết quả của trạm kiểm phiếu." in board


def test_a_label_with_markup_and_control_characters_is_kept_plain_and_shown_escaped(
    congress, station_key, alice, client_of
) -> None:
    client = client_of(alice)
    client.post(
        reverse("imports:register", args=[congress.pk]),
        {"fingerprint": station_key.fingerprint, "label": "<script>x</script>\x07\u202e=1+1"},
    )
    assert StationRegistration.objects.get().label == "<script>x</script>=1+1"
    page = client.get(reverse("imports:congress", args=[congress.pk])).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;=1+1" in page


def test_a_bundle_waiting_too_long_is_shown_stalled_and_may_be_sent_again(
    congress, station_key, alice, client_of, bundle_of
) -> None:
    from datetime import timedelta

    client = client_of(alice)
    data = bundle_of(congress).zip()
    response = _upload(client, congress, data)
    BundleImport.objects.update(at=BundleImport.objects.get().at - timedelta(hours=1))
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="bundle-stalled"' in page and "every 1s" not in page
    _upload(client, congress, data)
    assert BundleImport.objects.count() == 2


def test_a_public_key_must_have_the_fingerprint_typed(
    congress, station_key, other_key, alice, client_of
) -> None:
    client = client_of(alice)
    url = reverse("imports:register", args=[congress.pk])
    wrong = client.post(
        url, {"fingerprint": station_key.fingerprint, "public_key": other_key.public_hex}
    )
    assert wrong.status_code == 400
    assert f"có dấu khoá {other_key.fingerprint}" in wrong.content.decode()
    assert not StationRegistration.objects.exists()
    right = client.post(
        url, {"fingerprint": station_key.fingerprint, "public_key": station_key.public_hex}
    )
    assert right.status_code == 302
    assert StationRegistration.objects.get().public_key == station_key.public_hex


def test_bob_cannot_revoke_a_key_of_alices_province(
    congress, station_key, alice, bob, client_of
) -> None:
    row = _register(congress, station_key, alice)
    response = client_of(bob).post(reverse("imports:revoke", args=[congress.pk, row.pk]))
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None
