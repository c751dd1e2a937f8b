"""Ballots in through the station, read by the task worker, counted as the CLI counts them."""

from __future__ import annotations

import hashlib

import pytest

from daihoi.scan.session import ScanSession
from daihoi.web.counting import services
from daihoi.web.counting.models import Page, Upload, UploadState
from daihoi.web.elections import services as elections
from tests.tasks import run_worker

from .conftest import marked_ballots


def _cli_count(row, files):  # type: ignore[no-untyped-def]
    session = ScanSession(elections.engine_election(row))
    for i, data in enumerate(files):
        session.add_file(data, f"scan-{i}.png")
    return session.results_document()


def _figures(document):  # type: ignore[no-untyped-def]
    return {k: document[k] for k in ("ballots", "threshold", "candidates", "elected", "outcome")}


@pytest.mark.django_db(transaction=True)
def test_uploads_are_read_by_the_worker_and_counted_as_the_cli_counts(election, ballots):
    count = services.count_of(election)
    for data in ballots:
        assert [r.status for r in services.receive_file(count, data)] == ["queued"]
    assert Upload.objects.filter(count=count, state=UploadState.QUEUED).count() == 8
    run_worker()
    assert Upload.objects.filter(count=count, state=UploadState.DONE).count() == 8
    progress = services.progress(count)
    assert progress["pages"] == 8 and progress["files_waiting"] == 0
    assert _figures(services.results_of(count)) == _figures(_cli_count(election, ballots))


@pytest.mark.django_db(transaction=True)
def test_the_same_file_twice_is_a_duplicate_and_never_read_again(election, ballots):
    count = services.count_of(election)
    services.receive_file(count, ballots[0])
    again = services.receive_file(count, ballots[0])
    assert [r.status for r in again] == ["duplicate"]
    run_worker()
    assert Page.objects.filter(count=count).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_reader_stopped_half_way_is_taken_over_without_counting_twice(election, ballots):
    count = services.count_of(election)
    for data in ballots:
        services.receive_file(count, data)
    # The reader dies after 3 pages (as under kill -9: its lease stays until it runs out).
    assert services.read_pending(count.pk, workers=1, stop_after=3) == "stopped"
    assert Page.objects.filter(count=count).count() == 3
    assert services.read_pending(count.pk, workers=1).startswith("read 5")
    assert Page.objects.filter(count=count).count() == 8
    assert _figures(services.results_of(count)) == _figures(_cli_count(election, ballots))


@pytest.mark.django_db
def test_refusals_name_the_problem(election):
    count = services.count_of(election)
    for data, words in (
        (b"", "rỗng"),
        (b"hello, not a scan", "không phải ảnh quét"),
        (b"PK\x03\x04broken", "ZIP hỏng"),
    ):
        with pytest.raises(services.Refused, match=words):
            services.receive_file(count, data)
    assert not Upload.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_committees_seal_sample_is_learnt_before_counting_and_named_in_the_results(
    election, alice
):
    from daihoi_testsupport.synth import Case, Scan, render_case

    engine = elections.engine_election(election)
    count = services.count_of(election)
    unstamped = render_case(Case(engine, seal=False, scan=Scan(dpi=200), seed=5)).encoded
    with pytest.raises(services.Refused, match="Mẫu dấu không dùng được"):
        services.set_seal_sample(count, unstamped, alice)
    with pytest.raises(services.Refused, match="ảnh quét"):
        services.set_seal_sample(count, b"not an image", alice)
    sample = render_case(Case(engine, scan=Scan(dpi=200, colour=True), seed=77)).encoded
    services.set_seal_sample(count, sample, alice)
    assert count.seal_sample_sha256 == hashlib.sha256(sample).hexdigest()

    papers = marked_ballots(election, 3, seed=9)
    for data in papers:
        services.receive_file(count, data)
    run_worker()
    document = services.results_of(count)
    assert document["scan"]["seal_sample"] == count.seal_sample_sha256
    assert all("match" in r["seal"] for r in document["readings"])
    # Once ballots are in, the sample cannot change (every page is judged by the same seal).
    with pytest.raises(services.Refused, match="không đổi mẫu dấu"):
        services.set_seal_sample(count, sample, alice)


@pytest.mark.django_db(transaction=True)
def test_nothing_keeps_the_order_the_papers_came_in(election, ballots, settings, tmp_path):
    """Rows, stored files and task records: after a batch or confirmation, hash order only."""
    import os
    import sqlite3

    from django.core.files.storage import default_storage
    from django.db import connection

    from daihoi.web.counting.models import Count

    count = services.count_of(election)
    for data in ballots:
        services.receive_file(count, data)
    run_worker()
    stored = [u.stored_as for u in Upload.objects.filter(count=count)]
    assert {int(os.stat(default_storage.path(n)).st_mtime) for n in stored} == {services.NO_TIME}
    services.new_batch(count)

    if connection.vendor == "sqlite":
        path = connection.settings_dict["NAME"]
        with sqlite3.connect(path) as raw:
            rows = raw.execute(
                "SELECT sha256 FROM counting_page WHERE count_id = ? ORDER BY rowid", (count.pk,)
            ).fetchall()
            files = raw.execute(
                "SELECT sha256 FROM counting_upload WHERE count_id = ? ORDER BY rowid", (count.pk,)
            ).fetchall()
        assert [r[0] for r in rows] == sorted(r[0] for r in rows)
        assert [r[0] for r in files] == sorted(r[0] for r in files)
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.filter(
        task_path="daihoi.web.counting.tasks.read_count", status="SUCCESSFUL"
    ).exists()
    assert Count.objects.get(pk=count.pk).pages.count() == len(ballots)


@pytest.mark.django_db(transaction=True)
def test_a_ballot_of_another_election_or_round_is_rejected_not_counted(election, trio):
    from daihoi.web.counting.models import Page

    count = services.count_of(trio)
    other = marked_ballots(election, 1, seed=4)[0]  # the committee election's ballot
    services.receive_file(count, other)
    run_worker()
    page = Page.objects.get(count=count)
    assert (page.status, page.reason) == ("rejected", "wrong_election")
    document = services.results_of(count)
    assert document["ballots"]["counted"] == 0
    assert ("phiếu của cuộc bầu khác", 1) in services.rejected_reasons(count)
