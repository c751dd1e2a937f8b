"""The office above decides what to do with a station's bundle (``daihoi.record.intake``).

The station of Quận 1 counts its congress (``counted``: the sample count, key ``station_key``)
and sends its bundle; Mallory sends others: changed by one byte, of another congress, signed
by a key nobody registered, an older copy, a copy that went another way (a fork).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from daihoi.record import Recorder, StationKey
from daihoi.record.intake import Imported, Intake, decide
from daihoi_testsupport.recordsample import CONGRESS, count_sample

from .conftest import Counted

ID = CONGRESS["id"]


def _decide(data: bytes, key: StationKey, last: Imported | None = None, **kw: object) -> Intake:
    return decide(data, congress_id=ID, registered=[key.fingerprint], last=last, **kw)  # type: ignore[arg-type]


def _export(folder: Path, key: StationKey, at: str) -> bytes:
    """The station goes on (an export entry) and sends its bundle again."""
    recorder = Recorder([folder], key, CONGRESS)
    recorder.append("export", {"by": "hung", "at": at, "what": "bundle.zip"})
    recorder.commit()
    return recorder.zip()


def _as_last(intake: Intake) -> Imported:
    return Imported(intake.entries, intake.head, intake.fingerprint)


def test_it_imports_a_counted_bundle_with_its_confirmed_results(counted: Counted) -> None:
    intake = _decide(counted.recorder.zip(), counted.key)
    assert (intake.outcome, intake.code) == ("imported", "imported")
    assert intake.fingerprint == counted.key.fingerprint
    assert intake.congress == ID
    assert intake.entries > 10 and len(intake.head) == 64
    by_election = {r.election: r for r in intake.results}
    assert set(by_election) == {"q1-bch-2025", "q1-bithu-2025"}
    committee = by_election["q1-bch-2025"]
    assert committee.body == "committee" and committee.round == 1
    assert len(committee.elected) == 5
    assert committee.document["elected"] == list(committee.elected)
    assert by_election["q1-bithu-2025"].elected == ("Trần Thị Bình",)


def test_the_example_bundle_of_the_docs_is_imported() -> None:
    data = (Path(__file__).parents[2] / "examples" / "q1-2025.bundle.zip").read_bytes()
    intake = decide(data, congress_id="q1-2025", registered=["2260 0CC6 1655 1E39"], last=None)
    assert intake.outcome == "imported", intake.message


def test_it_refuses_a_bundle_with_one_byte_changed(counted: Counted) -> None:
    data = counted.recorder.zip()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith("q1-bithu-2025-1/results.json"):
                at = content.index(b'"votes":') + len(b'"votes":')
                digit = content[at : at + 1]
                content = content[:at] + (b"8" if digit != b"8" else b"7") + content[at + 1 :]
            target.writestr(info, content)
    intake = _decide(out.getvalue(), counted.key)
    assert (intake.outcome, intake.code) == ("refused", "tampered")
    assert "results.json" in intake.message
    assert intake.results == ()


def test_it_refuses_a_byte_flipped_anywhere_in_the_zip(counted: Counted) -> None:
    data = bytearray(counted.recorder.zip())
    for at in (40, len(data) // 2, len(data) - 30):
        changed = bytearray(data)
        changed[at] ^= 0x01
        intake = _decide(bytes(changed), counted.key)
        assert intake.outcome == "refused", at
        assert intake.code in ("tampered", "not_bundle"), intake.code


def test_it_refuses_a_bundle_of_another_congress(counted: Counted) -> None:
    intake = decide(
        counted.recorder.zip(),
        congress_id="HNA-PL-01-2025-2030-7",
        registered=[counted.key.fingerprint],
        last=None,
    )
    assert (intake.outcome, intake.code) == ("refused", "other_congress")
    assert ID in intake.message and "HNA-PL-01-2025-2030-7" in intake.message


def test_it_refuses_a_bundle_signed_by_an_unregistered_key(
    counted: Counted, other_key: StationKey
) -> None:
    intake = decide(
        counted.recorder.zip(), congress_id=ID, registered=[other_key.fingerprint], last=None
    )
    assert (intake.outcome, intake.code) == ("refused", "unregistered_key")
    assert counted.key.fingerprint in intake.message
    assert intake.results == ()
    nobody = decide(counted.recorder.zip(), congress_id=ID, registered=[], last=None)
    assert nobody.code == "unregistered_key"


def test_a_registered_fingerprint_is_read_in_any_case_and_spacing(counted: Counted) -> None:
    typed = counted.key.fingerprint.replace("-", " ").upper()
    intake = decide(counted.recorder.zip(), congress_id=ID, registered=[typed], last=None)
    assert intake.outcome == "imported", intake.message


def test_the_same_bundle_twice_is_unchanged(counted: Counted) -> None:
    data = counted.recorder.zip()
    first = _decide(data, counted.key)
    again = _decide(data, counted.key, last=_as_last(first))
    assert (again.outcome, again.code) == ("unchanged", "unchanged")
    assert "đã nhận rồi" in again.message


def test_a_newer_bundle_after_an_older_is_imported_and_the_older_replayed_is_refused(
    counted: Counted,
) -> None:
    older = counted.recorder.zip()
    newer = _export(counted.folder, counted.key, "2025-07-11T12:00:00+07:00")
    first = _decide(older, counted.key)
    second = _decide(newer, counted.key, last=_as_last(first))
    assert second.outcome == "imported", second.message
    assert second.entries == first.entries + 1
    replay = _decide(older, counted.key, last=_as_last(second))
    assert (replay.outcome, replay.code) == ("refused", "older")
    assert str(first.entries) in replay.message and str(second.entries) in replay.message


def test_two_different_logs_of_the_same_length_are_refused_as_older(
    counted: Counted, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(counted.folder, copy)
    one = _export(counted.folder, counted.key, "2025-07-11T12:00:00+07:00")
    other = _export(copy, counted.key, "2025-07-11T12:05:00+07:00")
    first = _decide(one, counted.key)
    intake = _decide(other, counted.key, last=_as_last(first))
    assert (intake.outcome, intake.code) == ("refused", "older")


def test_a_longer_log_that_does_not_extend_the_imported_one_is_a_fork(
    counted: Counted, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(counted.folder, copy)
    one = _export(counted.folder, counted.key, "2025-07-11T12:00:00+07:00")
    _export(copy, counted.key, "2025-07-11T12:05:00+07:00")
    longer = _export(copy, counted.key, "2025-07-11T12:06:00+07:00")
    first = _decide(one, counted.key)
    intake = _decide(longer, counted.key, last=_as_last(first))
    assert (intake.outcome, intake.code) == ("refused", "fork")
    assert str(first.entries) in intake.message


def test_a_bundle_without_a_confirmed_round_is_refused_as_unconfirmed(
    tmp_path: Path, station_key: StationKey
) -> None:
    recorder = Recorder([tmp_path / "b"], station_key, CONGRESS)
    count_sample(recorder, confirm=False)
    intake = _decide(recorder.zip(), station_key)
    assert (intake.outcome, intake.code) == ("refused", "unconfirmed")
    assert intake.results == ()


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", b"PK\x03\x04" + b"\x00" * 40, b"<script>alert(1)</script>", bytes(range(256))],
)
def test_it_refuses_what_is_not_a_bundle_without_raising(data: bytes) -> None:
    intake = decide(data, congress_id=ID, registered=[], last=None)
    assert (intake.outcome, intake.code) == ("refused", "not_bundle")
    assert intake.message


def test_a_zip_of_other_files_is_not_a_bundle() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("readme.txt", "xin chào")
    intake = decide(out.getvalue(), congress_id=ID, registered=[], last=None)
    assert intake.code == "not_bundle"


def test_a_bundle_above_the_limit_is_too_large(counted: Counted) -> None:
    data = counted.recorder.zip()
    intake = _decide(data, counted.key, max_size=len(data) - 1)
    assert (intake.outcome, intake.code) == ("refused", "too_large")


def test_an_incomplete_bundle_folder_zipped_is_tampered(counted: Counted) -> None:
    recorder = Recorder([counted.folder], counted.key, CONGRESS)
    recorder.append("export", {"by": "hung", "at": "2025-07-11T12:00:00+07:00", "what": "usb"})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for path in sorted(counted.folder.rglob("*")):
            rel = path.relative_to(counted.folder).as_posix()
            if path.is_file() and not rel.startswith("."):
                target.writestr(rel, path.read_bytes())
    intake = _decide(out.getvalue(), counted.key)
    assert (intake.outcome, intake.code) == ("refused", "tampered")
    assert "chưa trọn vẹn" in intake.message


def test_no_flipped_byte_makes_it_raise_or_import_other_results(counted: Counted) -> None:
    data = counted.recorder.zip()
    good = _decide(data, counted.key)
    for at in range(0, len(data), max(1, len(data) // 60)):
        changed = bytearray(data)
        changed[at] ^= 0x20
        intake = _decide(bytes(changed), counted.key)  # a value, never an exception
        assert intake.outcome in ("imported", "refused"), at
        if intake.outcome == "imported":  # a byte the bundle does not hash (a zip time field)
            assert (intake.head, intake.results) == (good.head, good.results), at
