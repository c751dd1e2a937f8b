"""The station's results record (docs/bundle.md): written as the counting goes, in the data
folder and in the second folder, signed; the minutes print its head; the bundle verifies."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from daihoi.record import verify
from daihoi.web.counting import recording, services
from daihoi.web.counting.models import Record
from daihoi.web.elections.models import PanelMember
from daihoi_testsupport.synth import Case, Doubt, Stroke, render_case
from tests.tasks import run_worker

from .conftest import QUIET, ballots_striking


@pytest.fixture
def committee(trio, make_user, tree):  # type: ignore[no-untyped-def]
    from daihoi.web.accounts.models import Role

    people = {}
    for username, role in (("hanh", "head"), ("minh", "member"), ("lan", "member")):
        user = make_user(username, tree.minh_khai, Role.VIEWER)
        PanelMember.objects.create(
            congress=trio.congress, panel="counting", role=role, name=username.title(), user=user
        )
        people[username] = user
    return people


def _log(folder: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in (folder / "log.jsonl").read_text("utf-8").splitlines()]


def _kinds(folder: Path) -> list[str]:
    return [entry["entry"]["kind"] if "entry" in entry else entry["kind"] for entry in _log(folder)]


def _counted(trio, committee):  # type: ignore[no-untyped-def]
    """Eight ballots read (one doubtful, decided by two members), confirmed."""
    count = services.count_of(trio)
    services.set_issued(count, 8, committee["hanh"])
    a, b, c = services.elections.ballot_order(trio)
    for data in ballots_striking(trio, [[a], [b], [c], [a], [b], [c], [a]]):
        services.receive_file(count, data)
    engine = services.elections.engine_election(trio)
    doubt = render_case(
        Case(engine, strokes={b: Stroke.STRAIGHT}, doubts={a: Doubt.UNDERLINE}, scan=QUIET, seed=12)
    ).encoded
    services.receive_file(count, doubt)
    run_worker()
    [item] = services.review_queue(count, committee["minh"])
    for who in ("minh", "lan"):
        services.decide(count, item.key, committee[who], ruling="valid", struck=[b])
    return count


@pytest.mark.django_db(transaction=True)
def test_the_record_grows_with_the_count_and_the_bundle_verifies(
    trio, committee, settings, tmp_path
):
    (tmp_path / "usb").mkdir()  # the stick, plugged in (``--record-copy`` checks it)
    settings.RECORD_COPY = str(tmp_path / "usb")
    count = _counted(trio, committee)
    folders = recording.folders(trio.congress)
    assert len(folders) == 2 and all((f / "log.jsonl").exists() for f in folders)
    assert services.confirm(count, committee["hanh"]) is None
    row = Record.objects.get(congress=trio.congress)
    assert row.problem == "" and row.entry >= 4
    for folder in folders:  # the hall's disk and the USB stick hold the same signed record
        verdict = verify(folder)
        assert verdict.exit_code == 0, verdict.message
    assert (folders[0] / "log.jsonl").read_bytes() == (folders[1] / "log.jsonl").read_bytes()
    # The minutes print where the log stood at the confirmation: the auditor's --head.
    data = services.minutes_data(count)
    assert data["record"]["key"] == services.station_fingerprint()
    verdict = verify(folders[1], key=services.station_fingerprint(), head=data["record"]["head"])
    assert verdict.exit_code == 0, verdict.message


@pytest.mark.django_db(transaction=True)
def test_the_log_names_pages_by_hash_only_and_never_their_time_or_order(trio, committee):
    count = _counted(trio, committee)
    services.confirm(count, committee["hanh"])
    text = (recording.folders(trio.congress)[0] / "log.jsonl").read_text("utf-8")
    shas = list(count.pages.values_list("sha256", flat=True))
    # Read entries say how many pages and commit to their set: no page is listed in the order
    # it was scanned, and no entry carries a page's time.
    reads = [e for e in _log(recording.folders(trio.congress)[0]) if "pages.read" in json.dumps(e)]
    assert reads
    for sha in shas:
        for entry in reads:
            assert sha not in json.dumps(entry)
        assert set(entry["data"]) == {"election", "round", "pages", "total"}
    assert '"pages.read"' in text
    # The records name pages by hash only: no scanner file name, no paper's mark fingerprint.
    [records] = list(recording.folders(trio.congress)[0].glob("rounds/*/records.json"))
    data = json.loads(records.read_text("utf-8"))
    assert [r["image"]["sha256"] for r in data["records"]] == sorted(shas)
    assert '"fingerprint"' not in records.read_text("utf-8")
    assert ".png" not in records.read_text("utf-8")


@pytest.mark.django_db(transaction=True)
def test_the_downloaded_bundle_is_logged_and_verifies(trio, committee, client_of):
    count = _counted(trio, committee)
    services.confirm(count, committee["hanh"])
    response = client_of(committee["hanh"]).post(reverse("counting:record_zip", args=[trio.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        names = bundle.namelist()
    assert any(name.endswith("minutes.pdf") for name in names)
    verdict = verify(response.content, key=services.station_fingerprint())
    assert verdict.exit_code == 0, verdict.message
    kinds = _kinds(recording.folders(trio.congress)[0])
    assert "export" in " ".join(kinds)
    # The minutes are logged once after the confirmation, not again at each later write.
    assert kinds.count("minutes.printed") == 1
    assert kinds.index("minutes.printed") > kinds.index("results.confirmed")
    # A member of the committee watches the record on the page but does not take the bundle.
    minh = client_of(committee["minh"])
    assert minh.post(reverse("counting:record_zip", args=[trio.pk])).status_code == 403
    assert (
        b'data-testid="record"' not in minh.get(reverse("counting:station", args=[trio.pk])).content
    )


@pytest.mark.django_db(transaction=True)
def test_a_second_folder_that_cannot_be_written_is_said_and_the_count_goes_on(
    trio, committee, settings, tmp_path, client_of
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the USB stick should be")
    settings.RECORD_COPY = str(blocked)
    count = _counted(trio, committee)
    assert services.confirm(count, committee["hanh"]) is None
    row = Record.objects.get(congress=trio.congress)
    assert any(copy["problem"] for copy in row.copies)
    assert verify(recording.folders(trio.congress)[0]).exit_code == 0
    page = client_of(committee["hanh"]).get(reverse("counting:station", args=[trio.pk]))
    assert str(blocked).encode() in page.content


@pytest.mark.django_db(transaction=True)
def test_a_write_that_failed_is_made_by_the_next_action(trio, committee, monkeypatch):
    count = services.count_of(trio)
    a, b, _c = services.elections.ballot_order(trio)
    for data in ballots_striking(trio, [[a], [b]]):
        services.receive_file(count, data)
    real = recording._write_locked

    def full_disk(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recording, "_write_locked", full_disk)
    run_worker()
    row = Record.objects.get(congress=trio.congress)
    assert "No space left" in row.problem
    monkeypatch.setattr(recording, "_write_locked", real)
    services.set_issued(count, 2, committee["hanh"])
    recording.write(trio.congress)
    row.refresh_from_db()
    assert row.problem == ""
    assert verify(recording.folders(trio.congress)[0], partial=True).exit_code == 0


def _typed(batch, user, ballots):  # type: ignore[no-untyped-def]
    import uuid

    entry = services.entry_of(batch, user)
    for marks, ruling in ballots:
        services.save_row(entry, user, key=uuid.uuid4().hex, marks=marks, ruling=ruling)
    services.finish_entry(entry, user)


@pytest.mark.django_db(transaction=True)
def test_batches_typed_and_totalled_are_in_the_record_and_counted_again(trio, committee):
    """Two scanned pages, a batch typed by two members, a batch counted on paper: the
    bundle's re-tally gives the station's results."""
    count = services.count_of(trio)
    a, b, c = services.elections.ballot_order(trio)
    for data in ballots_striking(trio, [[a], [c]], seed=9):
        services.receive_file(count, data)
    run_worker()
    typed = services.new_manual_batch(count, committee["hanh"], "ballots", 2)
    ballots = [("SKK", ""), ("KSK", ""), ("KKK", "not_issued")]
    for who in ("minh", "lan"):
        _typed(typed, committee[who], ballots)
    paper = services.new_manual_batch(count, committee["hanh"], "totals")
    services.save_totals(
        paper,
        committee["minh"],
        collected=3,
        valid=2,
        invalid_reasons={"other_marks": 1},
        votes={a: 2, b: 1, c: 1},
    )
    services.set_issued(count, 8, committee["hanh"])
    assert services.confirm(count, committee["hanh"]) is None
    folder = recording.folders(trio.congress)[0]
    kinds = _kinds(folder)
    assert kinds.count("manual.entry") == 2
    verdict = verify(folder)
    assert verdict.exit_code == 0, verdict.message
    [manual] = list(folder.glob("rounds/*/manual.json"))
    entries = json.loads(manual.read_text("utf-8"))["entries"]
    assert len(entries) == 4 and sum("totals" in e for e in entries) == 1
    results = json.loads(next(folder.glob("rounds/*/results.json")).read_text("utf-8"))
    assert results["ballots"]["counted"] == 8


@pytest.mark.django_db(transaction=True)
def test_a_reopening_is_in_the_record_and_the_new_confirmation_too(trio, committee):
    count = _counted(trio, committee)
    assert services.confirm(count, committee["hanh"]) is None
    services.reopen(count, committee["hanh"], "Phiếu số ba được quyết định nhầm.")
    assert services.confirm(count, committee["hanh"]) is None
    folder = recording.folders(trio.congress)[0]
    kinds = _kinds(folder)
    assert kinds.count("results.confirmed") == 2 and kinds.count("reopened") == 1
    assert kinds.count("minutes.printed") == 2  # the minutes of each confirmation
    assert kinds.index("reopened") < len(kinds) - 1 - kinds[::-1].index("results.confirmed")
    verdict = verify(folder)
    assert verdict.exit_code == 0, verdict.message
    # The minutes print the head of the second confirmation.
    head = services.minutes_data(count)["record"]["head"]
    assert verify(folder, head=head).exit_code == 0
    assert head == _log(folder)[-1]["hash"] or head in {e["hash"] for e in _log(folder)}


@pytest.mark.django_db(transaction=True)
def test_a_station_stopped_after_writing_the_log_writes_nothing_twice(trio, committee, monkeypatch):
    """The log is the truth of what it says: entries appended just before the station stopped
    (the database not yet told) are not appended again."""
    count = services.count_of(trio)
    a, b, _c = services.elections.ballot_order(trio)
    for data in ballots_striking(trio, [[a], [b]]):
        services.receive_file(count, data)
    real = recording._copy_states

    def stopped(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(5, "Input/output error")  # after the log's commit, before the row's save

    monkeypatch.setattr(recording, "_copy_states", stopped)
    run_worker()
    monkeypatch.setattr(recording, "_copy_states", real)
    assert Record.objects.get(congress=trio.congress).entry == 0  # the database was not told
    folder = recording.folders(trio.congress)[0]
    before = _kinds(folder)
    recording.write(trio.congress)
    after = _kinds(folder)
    assert after.count("pages.read") == before.count("pages.read") == 1
    assert after.count("round.created") == 1
    assert verify(folder, partial=True).exit_code == 0
