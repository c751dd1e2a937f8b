"""The congress package from the office to a hall station, as the office and the operator
live it: Alice exports Minh Khai's package and prints the letter; Bob (Ninh Bình) may not;
the station trusts the office key once the operator typed its last digits, refuses another
key and an older package, and keeps the elections it has already counted."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from daihoi.record import StationKey
from daihoi.record.package import make_package, read_package
from daihoi.web.audit.models import AuditEntry
from daihoi.web.counting import recording
from daihoi.web.elections.models import Candidate, Delegate, Election, ElectionState, PanelMember
from daihoi.web.packages import services
from daihoi.web.packages.models import PackageImport, TrustedOfficeKey
from daihoi.web.season.models import Congress, Season

from .conftest import as_station, export, upload

pytestmark = pytest.mark.django_db


def last4(fingerprint: str) -> str:
    return fingerprint.replace("-", "")[-4:]


def receive_and_confirm(client, data: bytes, digits: str | None = None):  # type: ignore[no-untyped-def]
    response = upload(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    if digits is None:
        return client.post(url)
    return client.post(url, {"compared": "on", "last_digits": digits})


# ------------------------------------------------------------------------------ the office


def test_it_shows_the_office_fingerprint_on_the_congress_package_page(
    prepared, alice, client_of
) -> None:
    client = client_of(alice)
    page = client.get(f"/season/congresses/{prepared.pk}/").content.decode()
    assert f"/packages/congress/{prepared.pk}/" in page
    page = client.get(f"/packages/congress/{prepared.pk}/").content.decode()
    assert "Gói đại hội cho trạm kiểm phiếu" in page
    assert services.office_fingerprint() in page
    assert services.office_key().public_hex not in page
    assert services.office_key().seed.hex() not in page


def test_another_province_gets_no_package(prepared, bob, charlie, client_of) -> None:
    for user, status in ((bob, 404), (charlie, 403)):
        client = client_of(user)
        assert client.get(f"/packages/congress/{prepared.pk}/").status_code == status
        assert client.post(f"/packages/congress/{prepared.pk}/package.zip").status_code == status
        assert client.get(f"/packages/congress/{prepared.pk}/letter.pdf").status_code == status
    assert services.last_sequence(prepared) == 0


def test_each_export_takes_the_next_sequence_and_is_logged(prepared, alice, client_of) -> None:
    client = client_of(alice)
    first = read_package(
        export(client, prepared), trusted_fingerprint=services.office_fingerprint()
    )
    second = read_package(export(client, prepared))
    assert (first.sequence, second.sequence) == (1, 2)
    assert services.last_sequence(prepared) == 2
    logged = AuditEntry.objects.filter(action="package.export", user=alice)
    assert [e.changes["package"]["sequence"] for e in logged.order_by("id")] == [1, 2]


def test_the_package_holds_the_congress_its_elections_and_panels(
    prepared, alice, client_of
) -> None:
    package = read_package(export(client_of(alice), prepared))
    assert package.congress["id"] == recording.record_id(prepared)
    congress = package.json("congress.json")
    assert congress["organisation"]["code"] == "HNA-PL-01"
    assert congress["season"] == {"name": "Đợt 2025", "term_start": 2025, "term_end": 2030}
    elections = {e["slug"]: e for e in package.json("elections.json")}
    assert [c["name"] for c in elections["bch"]["candidates"]] == [
        c.name for c in Candidate.objects.filter(election__slug="bch")
    ]
    assert elections["bch"]["ballot_form"] == "strike"
    assert elections["bithu"]["ballot_form"] == "approve"
    assert elections["bch"]["rules"] == "party"
    committee = package.json("committee.json")
    assert {"panel": "counting", "role": "head", "name": "Nguyễn Thị Hạnh", "order": 0} in committee
    delegates = package.json("delegates.json")
    assert len(delegates) == 31
    assert set(delegates[0]) == {"number", "name", "card_code", "kind", "exclusion"}


def test_the_letter_prints_the_fingerprint(prepared, alice, client_of) -> None:
    import pypdfium2

    response = client_of(alice).get(f"/packages/congress/{prepared.pk}/letter.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    text = pdf[0].get_textpage().get_text_range()
    for group in services.office_fingerprint().split("-"):
        assert group in text
    assert "Đảng bộ phường Minh Khai" in text


# ----------------------------------------------------------------------------- the station


def test_the_first_package_is_trusted_only_with_the_fingerprints_last_digits(
    prepared, alice, client_of
) -> None:
    client = client_of(alice)
    central_id = recording.record_id(prepared)
    central_pk = prepared.pk
    data = export(client, prepared)
    as_station()
    Congress.objects.create(  # a congress of the station's own, so that the pks differ
        season=Season.objects.create(
            organisation=prepared.organisation, name="Khác", term_start=2020, term_end=2025
        ),
        organisation=prepared.organisation,
    )
    fingerprint = services.office_fingerprint()
    response = upload(client, data)
    page = client.get(response["Location"]).content.decode()
    assert "Lần đầu trạm gặp khoá này" in page
    for group in fingerprint.split("-"):
        assert group in page
    wrong = client.post(response["Location"], {"compared": "on", "last_digits": "zzzz"})
    assert wrong.status_code == 400
    assert "không khớp" in wrong.content.decode()
    assert not TrustedOfficeKey.objects.exists()
    assert not Congress.objects.filter(central_id=central_id).exists()
    done = client.post(
        response["Location"], {"compared": "on", "last_digits": last4(fingerprint).upper()}
    )
    assert done.status_code == 200, done.content.decode()[:3000]
    assert TrustedOfficeKey.objects.get().fingerprint == fingerprint
    station = Congress.objects.get(central_id=central_id)
    assert station.pk != central_pk
    assert recording.record_id(station) == central_id
    assert station.elections.count() == 2
    assert [
        c.name for c in Candidate.objects.filter(election__congress=station, election__slug="bch")
    ] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
        "Vũ Thị Gấm",
        "Đỗ Văn Hải",
    ]
    assert PanelMember.objects.filter(congress=station, panel="counting").count() == 2
    assert Delegate.objects.filter(congress=station).count() == 31
    assert AuditEntry.objects.filter(action="package.import").count() == 1
    assert AuditEntry.objects.filter(action="package.trust").count() == 1


def test_a_package_signed_by_another_key_is_refused_once_the_office_is_trusted(
    prepared, alice, client_of
) -> None:
    client = client_of(alice)
    data = export(client, prepared)
    as_station()
    receive_and_confirm(client, data, last4(services.office_fingerprint()))
    package = read_package(data)
    mallory = StationKey.from_seed(bytes(range(1, 33)))
    forged = make_package(
        {name: content for name, content in package.files.items()},
        congress=package.congress,
        sequence=package.sequence + 1,
        issued_at=package.issued_at,
        key=mallory,
    )
    response = upload(client, forged)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Khoá của văn phòng đã đổi" in page
    assert "wrong_key" in page
    assert PackageImport.objects.count() == 1


def test_a_tampered_package_is_refused_and_changes_nothing(prepared, alice, client_of) -> None:
    client = client_of(alice)
    data = export(client, prepared)
    as_station()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    # Mallory renames a candidate in the list, keeping its length.
    members["data/elections.json"] = members["data/elections.json"].replace(
        "Nguyễn Văn An".encode(), "Nguyễn Văn Am".encode()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    response = upload(client, out.getvalue())
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không nhận gói này" in page and "hash_mismatch" in page
    assert not Congress.objects.exists()


def test_an_older_package_is_refused_and_the_same_one_changes_nothing(
    prepared, alice, client_of
) -> None:
    client = client_of(alice)
    first = export(client, prepared)
    second = export(client, prepared)
    as_station()
    digits = last4(services.office_fingerprint())
    assert receive_and_confirm(client, second, digits).status_code == 200
    station = Congress.objects.get()
    again = receive_and_confirm(client, second)
    assert again.status_code == 200
    assert "không có gì thay đổi" in again.content.decode()
    assert PackageImport.objects.count() == 1
    response = upload(client, first)
    page = client.get(response["Location"])
    assert "cũ hơn gói đã nhận" in page.content.decode()
    refused = client.post(response["Location"])
    assert refused.status_code == 400
    assert "cũ hơn gói đã nhận" in refused.content.decode()
    assert PackageImport.objects.get().sequence == 2
    assert Congress.objects.get() == station


def test_a_newer_package_updates_uncounted_elections_and_keeps_counted_ones(
    prepared, alice, client_of
) -> None:
    client = client_of(alice)
    first = export(client, prepared)
    # The office changes both lists after the first package.
    for row in Election.objects.filter(congress=prepared):
        Candidate.objects.create(election=row, name="Bùi Văn Khoa")
    second = export(client, prepared)
    as_station()
    receive_and_confirm(client, first, last4(services.office_fingerprint()))
    station = Congress.objects.get()
    counted = station.elections.get(slug="bithu")
    counted.state = ElectionState.CONFIRMED
    counted.save()
    done = receive_and_confirm(client, second)
    assert done.status_code == 200
    page = done.content.decode()
    assert "Bầu Bí thư" in page and "giữ nguyên" in page
    bch = station.elections.get(slug="bch")
    assert "Bùi Văn Khoa" in [c.name for c in bch.candidates.all()]
    assert [c.name for c in station.elections.get(slug="bithu").candidates.all()] == [
        "Nguyễn Văn An"
    ]
    assert PackageImport.objects.order_by("sequence").last().summary["kept"]


def test_a_package_whose_data_is_not_the_office_s_form_changes_nothing(
    prepared, alice, client_of
) -> None:
    """Signed by the trusted key but with a hostile election: refused whole."""
    client = client_of(alice)
    package = read_package(export(client, prepared))
    as_station()
    elections = package.json("elections.json")
    elections[0]["slug"] = "../../etc"
    files = dict(package.files, **{"elections.json": json.dumps(elections).encode()})
    data = make_package(
        files,
        congress=package.congress,
        sequence=5,
        issued_at=package.issued_at,
        key=services.office_key(),
    )
    response = upload(client, data)
    assert response.status_code == 400
    assert "Dữ liệu trong gói không hợp lệ" in response.content.decode()
    assert not Congress.objects.exists()
    assert not TrustedOfficeKey.objects.exists()


def test_not_a_zip_is_refused_with_its_reason(alice, client_of) -> None:
    client = client_of(alice)
    response = client.post(
        "/packages/receive/", {"file": SimpleUploadedFile("goi.zip", b"<script>x</script>")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not_zip" in page and "<script>x" not in page


def test_a_viewer_may_not_receive_packages(charlie, client_of) -> None:
    assert client_of(charlie).get("/packages/receive/").status_code == 403


def test_the_station_key_page_shows_the_fingerprint_and_public_key(alice, client_of) -> None:
    page = client_of(alice).get("/packages/station-key/").content.decode()
    key = recording.station_key()
    for group in key.fingerprint.split("-"):
        assert group in page
    assert key.public_hex in page
    assert key.seed.hex() not in page


def test_building_the_zip_is_deterministic_in_content(prepared) -> None:
    files = services.package_files(prepared)
    assert files == services.package_files(prepared)
    with zipfile.ZipFile(
        io.BytesIO(
            make_package(
                files,
                congress=services.package_facts(prepared),
                sequence=1,
                issued_at="2026-12-01T00:00:00Z",
                key=services.office_key(),
            )
        )
    ) as archive:
        assert "data/delegates.json" in archive.namelist()


def test_an_election_with_a_scanned_page_is_left_alone_even_before_it_is_approved(
    prepared, alice, client_of
) -> None:
    from daihoi.web.counting.models import Batch, Count, Page

    client = client_of(alice)
    first = export(client, prepared)
    bch = Election.objects.get(congress=prepared, slug="bch")
    bch.seats = 4
    bch.save()
    second = export(client, prepared)
    as_station()
    receive_and_confirm(client, first, last4(services.office_fingerprint()))
    station = Congress.objects.get()
    row = station.elections.get(slug="bch")
    assert row.state == ElectionState.DRAFT
    count = Count.objects.create(election=row)
    batch = Batch.objects.create(count=count, number=1)
    Page.objects.create(
        key=f"{count.pk}:{'a' * 64}:1:0", count=count, batch=batch, sha256="a" * 64, page=1,
        status="valid", reading={},
    )  # fmt: skip
    done = receive_and_confirm(client, second)
    assert "Bầu Ban Chấp hành khóa mới" in done.content.decode()
    row.refresh_from_db()
    assert row.seats == 5  # the station's count stands
    assert PackageImport.objects.count() == 2


def test_the_station_pages_speak_english_to_an_english_reader(prepared, alice, client_of) -> None:
    from django.conf import settings

    from tests.web.season.test_english import typed_by_people, untranslated

    client = client_of(alice)
    data = export(client, prepared)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = [client.get(f"/packages/congress/{prepared.pk}/")]
    response = upload(client, data)
    pages.append(client.get(response["Location"]))
    pages.append(client.get("/packages/receive/"))
    pages.append(client.get("/packages/station-key/"))
    people = [*typed_by_people(), "Đại hội"]  # the congress's name as the package says it
    for page in pages:
        assert page.status_code == 200
        assert untranslated(page.content.decode(), people) == [], page.request["PATH_INFO"]
    assert "The station sees this key for the first time." in pages[1].content.decode()
    done = client.post(
        response["Location"],
        {"compared": "on", "last_digits": last4(services.office_fingerprint())},
    )
    assert done.status_code == 200
    assert untranslated(done.content.decode(), [*typed_by_people(), "Đại hội"]) == []


def test_a_fresh_station_makes_the_organisation_under_its_own_unit(
    prepared, alice, make_user, client_of, tree
) -> None:
    """As ``station serve`` sets a laptop up: one unit of its own, one office account."""
    from daihoi.web.accounts.models import Role
    from daihoi.web.orgs.models import Level, Organisation

    data = export(client_of(alice), prepared)
    as_station()
    Organisation.objects.get(pk=tree.minh_khai.pk).delete()  # this station never had it
    hall = Organisation.objects.add_root(
        {"code": "TRAM", "name": "Đảng bộ xã Tân Lập", "level": Level.BASE, "kind": ""}
    )
    minh = make_user("minh", hall, Role.OFFICE)
    client = client_of(minh)
    assert (
        receive_and_confirm(client, data, last4(services.office_fingerprint())).status_code == 200
    )
    station = Congress.objects.get()
    made = Organisation.objects.get(code="HNA-PL-01")
    assert station.organisation == made
    assert made.path.startswith(Organisation.objects.get(pk=hall.pk).path)
    assert client.get(f"/congress/{station.pk}/day/").status_code == 200


def test_a_package_of_an_organisation_outside_the_operators_scope_is_refused(
    prepared, alice, bob, client_of
) -> None:
    data = export(client_of(alice), prepared)
    as_station()
    response = receive_and_confirm(client_of(bob), data, last4(services.office_fingerprint()))
    assert response.status_code == 400
    assert "ngoài phạm vi" in response.content.decode()
    assert not Congress.objects.exists()
    assert not TrustedOfficeKey.objects.exists()


def test_a_list_the_congress_voted_on_at_the_station_is_left_alone(
    prepared, alice, client_of
) -> None:
    from daihoi.web.elections.models import Approval, ApprovalSubject

    client = client_of(alice)
    first = export(client, prepared)
    Candidate.objects.create(election=Election.objects.get(slug="bch"), name="Bùi Văn Khoa")
    second = export(client, prepared)
    as_station()
    receive_and_confirm(client, first, last4(services.office_fingerprint()))
    row = Congress.objects.get().elections.get(slug="bch")
    Approval.objects.create(
        election=row, subject=ApprovalSubject.values[0], votes_for=30, votes_against=1,
        recorded_by=alice,
    )  # fmt: skip
    done = receive_and_confirm(client, second)
    assert "đại hội đã biểu quyết trên trạm" in done.content.decode()
    assert "Bùi Văn Khoa" not in [c.name for c in row.candidates.all()]
