"""The station's pages: scoped, uploads from the browser and the scanning PC, the projector,
confirmation, the minutes and the next round."""

from __future__ import annotations

import hashlib
import io

import pypdfium2
import pytest
from django.urls import reverse
from docx import Document

from daihoi.web.counting import services
from daihoi.web.counting.models import Page, StationToken
from daihoi.web.elections.models import Election, ElectionState
from tests.tasks import run_worker

from .conftest import ballots_striking


def _upload(client, row, data, name="scan.png"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("counting:upload", args=[row.pk]),
        {"files": [SimpleUploadedFile(name, data)]},
        HTTP_ACCEPT="application/json",
    )


@pytest.mark.django_db(transaction=True)
def test_another_units_user_sees_nothing_and_a_viewer_cannot_upload(
    approved, ballots, alice, bob, charlie, client_of
):
    assert client_of(alice).get(reverse("counting:station", args=[approved.pk])).status_code == 200
    assert client_of(bob).get(reverse("counting:station", args=[approved.pk])).status_code == 404
    assert client_of(bob).post(reverse("counting:confirm", args=[approved.pk])).status_code == 404
    assert _upload(client_of(bob), approved, ballots[0]).status_code == 404
    assert _upload(client_of(charlie), approved, ballots[0]).status_code == 403
    assert not Page.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_upload_progress_confirm_projector_and_minutes(approved, ballots, alice, client_of):
    client = client_of(alice)
    for data in ballots:
        assert _upload(client, approved, data).json() == {
            "queued": 1,
            "duplicate": 0,
            "problems": [],
        }
    assert _upload(client, approved, ballots[0]).json()["duplicate"] == 1
    approved.refresh_from_db()
    assert approved.state == ElectionState.COUNTING

    page = client.post(reverse("counting:projector_new", args=[approved.pk])).content.decode()
    link = page.split('data-testid="projector-link">')[1].split("<")[0]
    token = link.rstrip("/").split("/")[-1]
    projector = reverse("counting:projector", args=[token])

    run_worker()
    live = client.get(reverse("counting:live", args=[approved.pk])).content.decode()
    assert 'data-testid="pages-read">8<' in live
    shown = services.summary(services.results_of(services.count_of(approved)))
    # Before confirmation the projector shows progress only: no name, no figure of a candidate.
    before = client_of(alice).get(projector).content.decode()
    assert "8 phiếu đã đọc" in before
    assert all(c["name"] not in before for c in shown["candidates"])
    assert shown["outcome"] in ("complete", "tie", "short")
    client.post(reverse("counting:confirm", args=[approved.pk]))
    approved.refresh_from_db()
    assert approved.state == ElectionState.CONFIRMED
    from django.test import Client

    after = Client().get(projector).content.decode()  # no login on the projector PC
    assert all(c["name"] in after for c in shown["candidates"])
    # No more ballots once confirmed.
    assert _upload(client, approved, b"%PDF-1.4 late").status_code == 409

    pdf = client.get(reverse("counting:minutes", args=[approved.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(pdf.content))
    assert "BIÊN BẢN" in text.upper() and shown["candidates"][0]["name"] in text
    docx = client.get(reverse("counting:minutes", args=[approved.pk, "docx"]))
    words = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "kiểm phiếu" in words.lower()
    # A new projector link ends the old one.
    client.post(reverse("counting:projector_new", args=[approved.pk]))
    assert Client().get(projector).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_scanning_pc_api(approved, ballots, alice, client_of):
    from django.test import Client

    client = client_of(alice)
    page = client.post(reverse("counting:token_new", args=[approved.pk]), {"name": "Máy 1"})
    token = page.content.decode().split('data-testid="station-token">')[1].split("<")[0]
    assert StationToken.objects.get().token_hash != token  # only the hash is kept
    api = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    info = api.get("/api/station/", **auth).json()
    assert info == {"station": "Máy 1", "election": approved.title, "round": 1, "open": True}
    assert api.get("/api/station/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401

    def send(data, digest=None):  # type: ignore[no-untyped-def]
        return api.post(
            "/api/station/uploads/",
            data=data,
            content_type="application/octet-stream",
            HTTP_X_DAIHOI_SHA256=digest or hashlib.sha256(data).hexdigest(),
            HTTP_X_DAIHOI_KIND="png",
            **auth,
        )

    first = send(ballots[0])
    assert first.status_code == 201 and first.json()["status"] == "queued"
    assert send(ballots[0]).json()["status"] == "duplicate"
    cut = send(ballots[1][: len(ballots[1]) // 2], hashlib.sha256(ballots[1]).hexdigest())
    assert cut.status_code == 400 and "không trọn vẹn" in cut.json()["error"]
    assert send(b"plain text").status_code == 400
    run_worker()
    assert Page.objects.count() == 1
    client.post(reverse("counting:token_revoke", args=[approved.pk, StationToken.objects.get().pk]))
    assert send(ballots[2]).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_a_tie_goes_to_a_next_round_in_one_step(trio, alice, client_of):
    a, b, c = services.elections.ballot_order(trio)
    papers = ballots_striking(trio, [[c]] * 3 + [[b]] * 3 + [[a]] * 2)
    client = client_of(alice)
    for data in papers:
        _upload(client, trio, data)
    run_worker()
    count = services.count_of(trio)
    document = services.results_of(count)
    assert document["outcome"] == "tie", document["ballots"]
    client.post(reverse("counting:confirm", args=[trio.pk]))
    response = client.post(
        reverse("counting:next_round", args=[trio.pk]), {"added": "Hoàng Thị Dung\n"}
    )
    new = Election.objects.get(previous=trio)
    assert response.url == reverse("counting:station", args=[new.pk])
    assert new.round == 2 and new.seats == 1 and new.state == ElectionState.APPROVED
    assert sorted(new.candidates.values_list("name", flat=True)) == sorted([b, c, "Hoàng Thị Dung"])
    assert (
        new.elected_before == [{"name": a, "round": 1, "status": "elected"}] or new.elected_before
    )
    # The same step again does not make a third round.
    client.post(reverse("counting:next_round", args=[trio.pk]), {"added": ""})
    assert Election.objects.filter(previous=trio).count() == 1


@pytest.mark.django_db(transaction=True)
def test_more_ballots_than_the_electorate_is_told_not_a_crash(trio, alice, client_of):
    trio.electorate = 2
    trio.save()
    client = client_of(alice)
    a, b, c = services.elections.ballot_order(trio)
    for data in ballots_striking(trio, [[c], [b], [a]]):
        _upload(client, trio, data)
    run_worker()
    live = client.get(reverse("counting:live", args=[trio.pk]))
    assert live.status_code == 200
    assert "nhiều hơn số cử tri triệu tập" in live.content.decode()
    client.post(reverse("counting:confirm", args=[trio.pk]))
    assert services.count_of(trio).state == "open"
    minutes = client.get(reverse("counting:minutes", args=[trio.pk, "pdf"]))
    assert minutes.status_code == 302


def test_every_outcome_and_reason_the_station_shows_is_in_the_translation_list():
    from daihoi.engine.batches import METHOD_WORDS
    from daihoi.engine.reasons import REASONS
    from daihoi.engine.tally import OUTCOME_LABELS
    from daihoi.scan.decide import REASON_TEXT
    from daihoi.web.counting.words import ENGINE_WORDS

    engine = {
        *OUTCOME_LABELS.values(),
        *(r.label for r in REASONS.values()),
        *REASON_TEXT.values(),
        *METHOD_WORDS.values(),
    }
    assert engine <= set(ENGINE_WORDS), sorted(engine - set(ENGINE_WORDS))


@pytest.mark.django_db(transaction=True)
def test_a_confirmed_count_gives_the_congress_its_figures_and_typing_never_overwrites_them(
    approved, alice, client_of
):
    from django.utils import timezone

    from daihoi.web.season.forms import CongressForm
    from daihoi.web.season.models import Congress

    approved.seats, approved.electorate = 2, 3
    approved.save()
    _kept_a, _kept_b, *rest = services.elections.ballot_order(approved)
    client = client_of(alice)
    for data in ballots_striking(approved, [rest] * 3):  # three ballots keeping a and b
        _upload(client, approved, data)
    run_worker()
    client.post(reverse("counting:confirm", args=[approved.pk]))
    congress = Congress.objects.get(pk=approved.congress_id)
    assert (congress.committee_size, congress.figure_sources["committee_size"]) == (2, "counted")
    page = client.get(reverse("season:congress_detail", args=[congress.pk])).content.decode()
    assert 'data-testid="counted-source"' in page
    # The congress form shows the figure read-only; a value sent anyway is not taken.
    today = timezone.localdate()
    initial = CongressForm(instance=congress, today=today).initial
    sent = {k: v for k, v in initial.items() if v is not None} | {"committee_size": 9}
    bound = CongressForm(sent, instance=congress, today=today)
    assert bound.fields["committee_size"].disabled
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["committee_size"] == 2


@pytest.mark.django_db(transaction=True)
def test_ballots_issued_go_to_the_minutes_and_more_ballots_in_than_out_is_told(
    trio, alice, client_of
):
    client = client_of(alice)
    assert (
        client.post(reverse("counting:issued", args=[trio.pk]), {"issued": "abc"}).status_code
        == 302
    )
    assert services.count_of(trio).issued is None
    client.post(reverse("counting:issued", args=[trio.pk]), {"issued": "8"})
    assert services.count_of(trio).issued == 8
    a, b, c = services.elections.ballot_order(trio)
    for data in ballots_striking(trio, [[c]] * 3 + [[b]] * 3 + [[a]] * 2):
        _upload(client, trio, data)
    run_worker()
    live = client.get(reverse("counting:live", args=[trio.pk])).content.decode()
    assert 'id="elected"' in live and a in live.split('id="elected"')[1]
    pdf = client.get(reverse("counting:minutes", args=[trio.pk, "pdf"]))
    text = "".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(pdf.content))
    assert "Số phiếu phát ra: 8" in " ".join(text.split())
    client.post(reverse("counting:issued", args=[trio.pk]), {"issued": "5"})
    live = client.get(reverse("counting:live", args=[trio.pk])).content.decode()
    assert "nhiều hơn số phiếu phát ra" in live
