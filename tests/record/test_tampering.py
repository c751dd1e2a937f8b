"""Each change to a counted bundle is caught, with a message naming what does not hold.

Mallory has the bundle and, in the harder cases, the station's key: she changes a file and
signs the manifest again, or she runs a station that records something other than it counted.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from daihoi.record import Recorder, StationKey, verify
from daihoi.record.canonical import sha256_hex
from daihoi.record.log import head_message
from daihoi.record.records import manual_order
from daihoi_testsupport.recordsample import CONGRESS

from .conftest import (
    SCANNED,
    Counted,
    count_into,
    edit_records,
    log_lines,
    read_json,
    resign,
    unzip,
    write_json,
    zip_of,
)

FIRST = "Nguyễn Văn An (1970)"


def _verdict(folder: Path, **options: Any):
    return verify(folder, **options)


# ---------------------------------------------------------------------- results against ballots


def test_a_signed_bundle_whose_results_differ_by_one_vote_names_the_round_and_candidate(
    tmp_path: Path, station_key
) -> None:
    def one_more(what: str, value: dict[str, Any]) -> dict[str, Any]:
        if what == "results":
            value = copy.deepcopy(value)
            value["candidates"][0]["votes"] += 1
        return value

    bundle = count_into(tmp_path / "b", station_key, tamper=one_more)
    verdict = _verdict(bundle.folder)
    assert verdict.exit_code == 3
    votes = next(
        c["votes"]
        for c in read_json(bundle.folder, SCANNED + "results.json")["candidates"]
        if c["name"] == FIRST
    )
    assert verdict.message == (
        f"{SCANNED}results.json: cuộc bầu “q1-bch-2025” lần 1: “{FIRST}” ghi {votes} "
        f"phiếu, kiểm lại từ các lá phiếu được {votes - 1}"
    )


def test_minutes_made_from_other_figures_are_caught(tmp_path: Path, station_key) -> None:
    def fewer_invalid(what: str, value: dict[str, Any]) -> dict[str, Any]:
        if what == "minutes":
            value = copy.deepcopy(value)
            value["ballots"]["invalid"] -= 1
        return value

    verdict = _verdict(count_into(tmp_path / "b", station_key, tamper=fewer_invalid).folder)
    assert verdict.exit_code == 3
    assert verdict.message.startswith(
        f"{SCANNED}minutes.json: cuộc bầu “q1-bch-2025” lần 1: ghi 2 phiếu không hợp lệ"
    )
    assert "kiểm lại từ các lá phiếu được 3" in verdict.message


def test_one_vote_changed_in_a_reading_by_a_signing_station_is_found_by_the_recount(
    tmp_path: Path, station_key
) -> None:
    changed: list[str] = []

    def keep_one_more(what: str, value: dict[str, Any]) -> dict[str, Any]:
        # A valid page keeping 2 names: one struck name read as kept (still valid).
        kept = [r for r in value.get("rows", []) if r["mark"] == "kept"]
        if what == "reading" and not changed and value["status"] == "valid" and len(kept) == 2:
            value = copy.deepcopy(value)
            row = next(r for r in value["rows"] if r["mark"] == "struck")
            row["mark"] = "kept"
            changed.append(row["candidate"])
        return value

    verdict = _verdict(count_into(tmp_path / "b", station_key, tamper=keep_one_more).folder)
    assert verdict.exit_code == 3
    assert f"cuộc bầu “q1-bch-2025” lần 1: “{changed[0]}” ghi" in verdict.message
    assert "kiểm lại từ các lá phiếu được" in verdict.message


def test_one_vote_changed_in_a_record_file_breaks_its_hash(counted: Counted) -> None:
    def strike_one(records: list[dict[str, Any]]) -> None:
        row = next(r for r in records[0]["scanned"]["rows"] if r["mark"] == "kept")
        row["mark"] = "struck"

    edit_records(counted.folder, strike_one)
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message.startswith(
        f"tệp {SCANNED}records.json: SHA-256 khác với manifest (tệp đã bị sửa)"
    )


def test_one_vote_changed_and_the_manifest_signed_again_differs_from_the_confirmed_file(
    counted: Counted,
) -> None:
    def strike_in_both_stages(records: list[dict[str, Any]]) -> None:
        record = next(
            r
            for r in records
            if r["adjudicated"]["how"] == "machine"
            and r["after_rules"]["status"] == "valid"
            and sum(m == "kept" for m in r["adjudicated"]["marks"].values()) > 1
        )
        row = next(r for r in record["scanned"]["rows"] if r["mark"] == "kept")
        row["mark"] = "struck"
        record["adjudicated"]["marks"][row["candidate"]] = "struck"

    edit_records(counted.folder, strike_in_both_stages)
    resign(counted.folder, counted.key)
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message.startswith(f"{SCANNED}records.json: khác với tệp đã xác nhận ở mục ")


def test_a_scanned_mark_that_contradicts_the_machine_verdict_names_the_page(
    counted: Counted,
) -> None:
    named: list[str] = []

    def keep_all(records: list[dict[str, Any]]) -> None:
        record = next(
            r
            for r in records
            if r["after_rules"]["status"] == "valid" and r["adjudicated"]["how"] == "machine"
        )
        for row in record["scanned"]["rows"]:
            row["mark"] = "kept"
        named.append(record["image"]["sha256"][:12])

    edit_records(counted.folder, keep_all)
    resign(counted.folder, counted.key)
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert (
        f"trang {named[0]}…:1: máy ghi “valid” nhưng các dấu đã quét cho “invalid "
        "(too_many_kept)”" in verdict.message
    )


# ---------------------------------------------------------------------- pages and images


def test_a_page_removed_is_caught_against_the_pages_read(counted: Counted) -> None:
    edit_records(counted.folder, lambda records: records.pop(3))
    resign(counted.folder, counted.key)
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message.startswith(
        f"{SCANNED}records.json: có 29 trang, nhật ký ghi 30 trang đã đọc (mục "
    )


def test_a_page_duplicated_is_caught(counted: Counted) -> None:
    named: list[str] = []

    def twice(records: list[dict[str, Any]]) -> None:
        records.insert(5, copy.deepcopy(records[5]))
        named.append(records[5]["image"]["sha256"][:12])

    edit_records(counted.folder, twice)
    resign(counted.folder, counted.key)
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message == f"{SCANNED}records.json: trang {named[0]}…:1 có 2 lần"


def _with_images(counted: Counted) -> dict[str, bytes]:
    from daihoi_testsupport.recordsample import image_bytes

    images = {}
    for number in range(30):
        data = image_bytes("q1-bch-2025", number)
        images[f"{sha256_hex(data)}.png"] = data
    return images


def test_a_bundle_with_its_images_verifies(counted: Counted) -> None:
    data = counted.recorder.zip(_with_images(counted))
    assert sum(name.startswith("images/") for name in unzip(data)) == 30
    assert verify(data).exit_code == 0


def test_an_image_swapped_is_caught_by_the_manifest(counted: Counted) -> None:
    files = unzip(counted.recorder.zip(_with_images(counted)))
    names = sorted(n for n in files if n.startswith("images/"))
    files[names[0]] = files[names[1]]
    verdict = verify(zip_of(files))
    assert verdict.exit_code == 3
    assert verdict.message == f"tệp {names[0]}: SHA-256 khác với manifest (tệp đã bị sửa)"


def test_an_image_swapped_and_signed_again_is_not_the_image_its_name_says(
    counted: Counted, tmp_path: Path
) -> None:
    folder = tmp_path / "unzipped"
    for name, data in unzip(counted.recorder.zip(_with_images(counted))).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    names = sorted(p.name for p in (folder / "images").iterdir())
    (folder / "images" / names[0]).write_bytes((folder / "images" / names[1]).read_bytes())
    resign(folder, counted.key)
    verdict = verify(folder)
    assert verdict.exit_code == 3
    assert verdict.message == (
        f"tệp images/{names[0]}: nội dung không phải ảnh có SHA-256 này (ảnh bị tráo)"
    )


# ---------------------------------------------------------------------- the log


def test_the_log_reordered_is_caught_at_the_first_entry_out_of_place(counted: Counted) -> None:
    lines = log_lines(counted.folder)
    lines[4], lines[5] = lines[5], lines[4]
    (counted.folder / "log.jsonl").write_bytes(b"".join(lines))
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message == ("log.jsonl: mục 5: số thứ tự ghi là 6 (nhật ký bị xếp lại hoặc cắt)")


def test_the_log_cut_short_under_its_manifest_is_caught(counted: Counted) -> None:
    lines = log_lines(counted.folder)
    (counted.folder / "log.jsonl").write_bytes(b"".join(lines[:10]))
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message == (
        f"nhật ký bị cắt bớt: manifest chốt đến mục {len(lines)}, nhật ký chỉ còn 10 mục"
    )


def test_an_earlier_state_passed_off_as_the_final_one_is_caught_by_the_printed_head(
    tmp_path: Path, station_key
) -> None:
    # Mallory keeps the bundle as it was before the results were confirmed (a consistent,
    # signed bundle) and hands it in; the head printed in the signed minutes is not in it.
    snapshots: list[Path] = []
    folder = tmp_path / "station"

    def keep_third() -> None:
        if len(snapshots) == 0 and len(log_lines(folder)) >= 6:
            snapshots.append(tmp_path / "earlier")
            shutil.copytree(folder, snapshots[0])

    bundle = count_into(folder, station_key, on_commit=keep_third)
    printed = bundle.done.confirmed_heads["q1-bch-2025"]
    assert verify(snapshots[0]).exit_code == 0  # on its own, an honest earlier state
    verdict = verify(snapshots[0], head=printed)
    assert verdict.exit_code == 3
    kept = len(log_lines(snapshots[0]))
    assert verdict.message.startswith(
        f"đầu nhật ký {printed} không có trong nhật ký (nhật ký dừng ở mục {kept}, "
    )
    assert "nhật ký đã bị cắt bớt" in verdict.message


def test_an_entry_edited_in_the_log_is_caught(counted: Counted) -> None:
    lines = log_lines(counted.folder)
    lines[2] = lines[2].replace(b'"pages":10', b'"pages":11')
    (counted.folder / "log.jsonl").write_bytes(b"".join(lines))
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message == "log.jsonl: mục 3: hash không khớp nội dung của mục (mục đã bị sửa)"


# ---------------------------------------------------------------------- decisions


def _reviewed(records: list[dict[str, Any]]) -> dict[str, Any]:
    return next(r for r in records if r["decisions"])


def test_a_decisions_author_changed_breaks_the_hash(counted: Counted) -> None:
    edit_records(counted.folder, lambda rs: _reviewed(rs)["decisions"][0].update(by="mallory"))
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message.startswith(
        f"tệp {SCANNED}records.json: SHA-256 khác với manifest (tệp đã bị sửa)"
    )


def test_a_decisions_author_changed_and_signed_again_is_not_in_the_log(
    counted: Counted,
) -> None:
    found: list[dict[str, Any]] = []

    def change(records: list[dict[str, Any]]) -> None:
        record = _reviewed(records)
        record["decisions"][0]["by"] = "mallory"
        record["adjudicated"]["by"] = sorted(
            "mallory" if b == "lan" else b for b in record["adjudicated"]["by"]
        )
        found.append(record)

    edit_records(counted.folder, change)
    resign(counted.folder, counted.key)
    verdict = _verdict(counted.folder)
    record = found[0]
    at = record["decisions"][0]["at"]
    assert verdict.exit_code == 3
    assert verdict.message == (
        f"{SCANNED}records.json: trang {record['image']['sha256'][:12]}…:1: quyết định của "
        f"“mallory” lúc {at} không có trong nhật ký"
    )


# ---------------------------------------------------------------------- keys and congresses


def test_a_manifest_signed_by_another_key_is_caught(counted: Counted, other_key) -> None:
    resign(counted.folder, other_key)
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message == (
        f"manifest.json được ký bằng khoá {other_key.fingerprint}, nhật ký bằng khoá "
        f"{counted.key.fingerprint}"
    )


def test_a_bundle_of_another_station_is_refused_with_the_expected_key(
    tmp_path: Path, other_key, station_key
) -> None:
    forged = count_into(tmp_path / "forged", other_key)
    assert verify(forged.folder).exit_code == 0  # says which key signed it …
    assert other_key.fingerprint in verify(forged.folder).message
    verdict = verify(forged.folder, key=station_key.fingerprint)  # … and is not the station's
    assert verdict.exit_code == 3
    assert verdict.message == (
        f"hồ sơ được ký bằng khoá {other_key.fingerprint}, không phải khoá "
        f"{station_key.fingerprint}"
    )


def test_a_head_signature_of_another_key_is_caught(counted: Counted, other_key) -> None:
    lines = log_lines(counted.folder)
    line = json.loads(lines[6])
    line["sig"] = other_key.sign(head_message("q1-2025", 7, line["hash"])).hex()
    from daihoi.record.canonical import canonical_json

    lines[6] = canonical_json(line) + b"\n"
    (counted.folder / "log.jsonl").write_bytes(b"".join(lines))
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message.startswith("log.jsonl: mục 7: chữ ký của đầu nhật ký không đúng")


def test_a_head_signed_for_another_congress_cannot_be_replayed(counted: Counted) -> None:
    # The same station key, the same entry: signed for congress "q2-2025" it does not stand.
    lines = log_lines(counted.folder)
    line = json.loads(lines[6])
    line["sig"] = counted.key.sign(head_message("q2-2025", 7, line["hash"])).hex()
    from daihoi.record.canonical import canonical_json

    lines[6] = canonical_json(line) + b"\n"
    (counted.folder / "log.jsonl").write_bytes(b"".join(lines))
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert "mục 7: chữ ký của đầu nhật ký không đúng" in verdict.message


def test_the_manifest_of_another_congress_is_caught(counted: Counted) -> None:
    resign(counted.folder, counted.key, congress={**CONGRESS, "id": "q2-2025"})
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message == (
        "manifest.json là của đại hội “q2-2025”, nhật ký của đại hội “q1-2025”"
    )


def test_the_station_refuses_a_folder_of_another_congress(counted: Counted) -> None:
    import pytest

    from daihoi.record import ForeignRecord

    with pytest.raises(ForeignRecord, match="đại hội “q1-2025”, không phải “q2-2025”"):
        Recorder([counted.folder], counted.key, {**CONGRESS, "id": "q2-2025"})


def test_the_station_refuses_a_folder_signed_by_another_key(counted: Counted, other_key) -> None:
    import pytest

    from daihoi.record import ForeignRecord

    with pytest.raises(
        ForeignRecord, match=f"không phải khoá của trạm này \\({other_key.fingerprint}\\)"
    ):
        Recorder([counted.folder], other_key, CONGRESS)


def test_an_extra_file_is_caught(counted: Counted) -> None:
    (counted.folder / "rounds" / "note.txt").write_text("thêm")
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message == "tệp rounds/note.txt không có trong manifest"


def test_entries_counted_by_hand_changed_and_signed_again_are_caught(counted: Counted) -> None:
    name = "rounds/q1-bithu-2025-1/manual.json"
    data = read_json(counted.folder, name)
    data["entries"][0]["marks"]["Trần Thị Bình"] = "disagree"
    data["entries"].sort(key=manual_order)  # in the order the bundle keeps
    write_json(counted.folder, name, data)
    resign(counted.folder, counted.key)
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message.startswith(f"{name}: tập “A” khác với tập đã nhập ghi ở mục ")


class _LyingKey(StationKey):
    """Mallory's own key, which states the fingerprint of the station the office trusts."""

    stated = ""

    @property
    def fingerprint(self) -> str:  # type: ignore[override]
        return self.stated


def test_a_log_stating_another_keys_fingerprint_is_caught(
    tmp_path: Path, other_key, station_key
) -> None:
    lying = _LyingKey.from_seed(bytes(range(2, 34)))
    lying.stated = station_key.fingerprint
    forged = count_into(tmp_path / "forged", lying)
    # With the station's fingerprint typed, the key itself is compared …
    assert verify(forged.folder, key=station_key.fingerprint).exit_code == 3
    # … and without it the fingerprint the log states is not taken on trust either.
    verdict = verify(forged.folder)
    assert verdict.exit_code == 3
    real = StationKey.from_seed(bytes(range(2, 34))).fingerprint
    # The manifest (read first) states the same lie: either statement is caught, naming both.
    assert verdict.message == (
        f"manifest.json ghi vân tay khoá {station_key.fingerprint}, nhưng hồ sơ được ký bằng "
        f"khoá {real}"
    )


def test_a_manifest_stating_another_fingerprint_is_caught(counted: Counted, other_key) -> None:
    manifest = read_json(counted.folder, "manifest.json")
    manifest["manifest"]["fingerprint"] = other_key.fingerprint
    from daihoi.record.bundle import manifest_message

    manifest["signature"] = counted.key.sign(manifest_message(manifest["manifest"])).hex()
    write_json(counted.folder, "manifest.json", manifest)
    verdict = _verdict(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message == (
        f"manifest.json ghi vân tay khoá {other_key.fingerprint}, nhưng hồ sơ được ký bằng "
        f"khoá {counted.key.fingerprint}"
    )


def test_a_log_stating_another_fingerprint_under_an_honest_manifest_is_caught(
    tmp_path: Path, station_key
) -> None:
    from daihoi.record.bundle import manifest_message

    lying = _LyingKey.from_seed(bytes(range(2, 34)))
    lying.stated = station_key.fingerprint
    forged = count_into(tmp_path / "forged", lying)
    real = StationKey.from_seed(bytes(range(2, 34))).fingerprint
    manifest = read_json(forged.folder, "manifest.json")
    manifest["manifest"]["fingerprint"] = real
    manifest["signature"] = lying.sign(manifest_message(manifest["manifest"])).hex()
    write_json(forged.folder, "manifest.json", manifest)
    verdict = verify(forged.folder)
    assert verdict.exit_code == 3
    assert verdict.message == (
        f"log.jsonl: mục 1 (record.opened) ghi vân tay khoá {station_key.fingerprint}, "
        f"nhưng khoá trong mục có vân tay {real}"
    )
