"""The central server's commands: ``daihoi web import-bundle FILE...`` and ``daihoi web
watch-bundles FOLDER --once`` (the folder a USB stick or a mail gateway drops bundles in)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from daihoi.cli.main import main
from daihoi.web.imports import services
from daihoi.web.imports.models import BundleImport
from daihoi.web.imports.watch import look, run_pass
from tests.tasks import run_worker

pytestmark = pytest.mark.django_db(transaction=False)


def _register(congress, key, alice) -> None:  # type: ignore[no-untyped-def]
    services.register_station(alice, congress, key.fingerprint, "Máy trạm hội trường")


def test_import_bundle_takes_a_good_file_and_refuses_an_unregistered_key(
    congress, station_key, other_key, alice, bundle_of, tmp_path: Path, capsys
) -> None:
    _register(congress, station_key, alice)
    good = tmp_path / "good.bundle.zip"
    good.write_bytes(bundle_of(congress).zip())
    assert main(["web", "import-bundle", str(good)]) == 0
    out = capsys.readouterr().out
    assert "good.bundle.zip: ĐÃ NHẬN" in out
    congress.refresh_from_db()
    assert congress.committee_size == 5
    row = BundleImport.objects.get()
    assert (row.source, row.by, row.outcome) == ("cli", None, "imported")

    assert main(["web", "import-bundle", str(good)]) == 0  # the same file again
    assert "good.bundle.zip: ĐÃ NHẬN RỒI" in capsys.readouterr().out
    assert BundleImport.objects.count() == 1

    bad = tmp_path / "bad.bundle.zip"
    bad.write_bytes(bundle_of(congress, other_key).zip())
    assert main(["web", "import-bundle", str(bad), "--congress", str(congress.pk)]) == 1
    out = capsys.readouterr().out
    assert "bad.bundle.zip: KHÔNG NHẬN" in out and other_key.fingerprint in out
    assert BundleImport.objects.get(filename="bad.bundle.zip").code == "unregistered_key"


def test_import_bundle_usage_errors_exit_2(congress, tmp_path: Path, capsys) -> None:
    assert main(["web", "import-bundle", str(tmp_path / "missing.zip")]) == 2
    assert "không có tệp" in capsys.readouterr().err
    some = tmp_path / "x.zip"
    some.write_bytes(b"x")
    assert main(["web", "import-bundle", str(some), "--congress", "999999"]) == 2
    assert main(["web", "import-bundle"]) == 2
    assert not BundleImport.objects.exists()


def test_import_bundle_of_no_known_congress_is_refused(
    tmp_path: Path, tree, station_key, capsys
) -> None:
    from daihoi.record import Recorder
    from daihoi_testsupport.recordsample import CONGRESS, count_sample

    elsewhere = tmp_path / "q1.bundle.zip"
    recorder = Recorder([tmp_path / "q1"], station_key, CONGRESS)  # id "q1-2025": not here
    count_sample(recorder)
    elsewhere.write_bytes(recorder.zip())
    assert main(["web", "import-bundle", str(elsewhere)]) == 1
    out = capsys.readouterr().out
    assert "KHÔNG NHẬN" in out and "không thuộc đại hội nào" in out and "q1-2025" in out
    assert BundleImport.objects.get().code == "other_congress"

    junk = tmp_path / "junk.bundle.zip"
    junk.write_bytes(b"not a zip at all")
    assert main(["web", "import-bundle", str(junk)]) == 1
    assert "junk.bundle.zip: KHÔNG NHẬN" in capsys.readouterr().out
    from daihoi.web.audit.models import AuditEntry

    codes = sorted(e.changes["code"] for e in AuditEntry.objects.filter(action="bundle.refused"))
    assert codes == ["not_bundle", "other_congress"]
    assert not AuditEntry.objects.filter(action="bundle.refused", organisation__isnull=False)


def test_watch_bundles_once_moves_an_accepted_and_a_refused_file(
    congress, station_key, other_key, alice, bundle_of, tmp_path: Path, capsys
) -> None:
    _register(congress, station_key, alice)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "tram-1.bundle.zip").write_bytes(bundle_of(congress).zip())
    (inbox / "la.bundle.zip").write_bytes(bundle_of(congress, other_key).zip())

    # The first pass sends both to the task queue; the worker imports them; the next pass
    # moves each where it belongs.
    assert main(["web", "watch-bundles", str(inbox), "--once", "--interval", "0.05"]) == 0
    assert "đã gửi vào hàng đợi" in capsys.readouterr().out
    assert BundleImport.objects.filter(source="folder", state="queued").count() == 2
    run_worker()
    assert main(["web", "watch-bundles", str(inbox), "--once", "--interval", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "tram-1.bundle.zip: ĐÃ NHẬN" in out and "la.bundle.zip: KHÔNG NHẬN" in out
    assert sorted(p.name for p in inbox.iterdir()) == ["imported", "refused"]
    assert (inbox / "imported" / "tram-1.bundle.zip").is_file()
    assert (inbox / "refused" / "la.bundle.zip").is_file()
    reason = (inbox / "refused" / "la.bundle.zip.txt").read_text("utf-8")
    assert other_key.fingerprint in reason and "unregistered_key" in reason
    congress.refresh_from_db()
    assert congress.committee_size == 5
    assert BundleImport.objects.count() == 2


def test_a_file_still_being_written_waits_for_the_next_look(
    congress, station_key, alice, bundle_of, tmp_path: Path
) -> None:
    _register(congress, station_key, alice)
    data = bundle_of(congress).zip()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    growing = inbox / "tram.bundle.zip"
    growing.write_bytes(data[:1000])
    before = look(inbox)
    growing.write_bytes(data)  # the copy went on between the two looks
    stat = growing.stat()
    os.utime(growing, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    done = run_pass(inbox, before, look(inbox))
    assert done.waiting == ["tram.bundle.zip"] and not done.submitted
    assert not BundleImport.objects.exists()
    now = look(inbox)
    done = run_pass(inbox, now, look(inbox))
    assert done.submitted == ["tram.bundle.zip"]
    assert BundleImport.objects.get().size == len(data)


def test_import_bundle_takes_a_bundle_folder_as_the_station_wrote_it(
    congress, station_key, alice, bundle_of, tmp_path: Path, capsys
) -> None:
    _register(congress, station_key, alice)
    bundle_of(congress)
    folder = tmp_path / "station-1"  # where the fixture's station wrote its bundle
    assert (folder / "manifest.json").is_file()
    assert main(["web", "import-bundle", str(folder)]) == 0
    assert "ĐÃ NHẬN" in capsys.readouterr().out
    assert BundleImport.objects.get().outcome == "imported"
