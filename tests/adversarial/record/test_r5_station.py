"""Class 5: a bundle counted through the real station (scripts/make_example_bundle.py, about
30 s once per session): it verifies, it keeps the secrecy promises of docs/bundle.md, and
forgeries of its tie round are caught."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.record._bundle import Bundle, verify
from tests.adversarial.record.conftest import passes, refused

pytestmark = pytest.mark.slow

TIMED_KINDS = {"review.decision", "results.confirmed", "reopened", "export"}
KINDS = TIMED_KINDS | {
    "record.opened",
    "round.created",
    "pages.read",
    "manual.entry",
    "minutes.printed",
}
RECORD_KEYS = {
    "source",
    "image",
    "registration",
    "scanned",
    "after_rules",
    "decisions",
    "adjudicated",
}
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
FILE_NAME = re.compile(r"[\w-]+\.(png|jpe?g|tiff?|bmp|gif|webp|heic)\b", re.IGNORECASE)


def test_station_bundle_verifies(station_made: tuple[Path, bytes, str]) -> None:
    path, _, fingerprint = station_made
    passes(verify(path, "--key", fingerprint), fingerprint)


def test_station_bundle_head_as_printed(
    station_made: tuple[Path, bytes, str], station: Bundle
) -> None:
    """The head after the last confirmation, in the eight groups the minutes print."""
    path, _, _ = station_made
    head = [e for e in station.entries if e["kind"] == "results.confirmed"][-1]["hash"]
    passes(verify(path, "--head", head))
    passes(verify(path, "--head", " ".join(head[i : i + 8] for i in range(0, 64, 8))))


def test_no_time_in_untimed_entries(station: Bundle) -> None:
    """Log entries carry no clock of their own: the only times are decisions, confirmations,
    reopenings, exports."""
    for e in station.entries:
        assert e["kind"] in KINDS, e["kind"]
        if e["kind"] not in TIMED_KINDS:
            assert not ISO_TIME.search(json.dumps(e["data"])), e
            assert "at" not in e["data"], e


def test_pages_read_counts_only(station: Bundle) -> None:
    for e in station.of_kind("pages.read"):
        assert set(e["data"]) == {"election", "round", "pages", "total"}, e
        assert all(isinstance(e["data"][k], int) for k in ("pages", "total", "round"))


def test_records_sorted_by_page_hash(station: Bundle) -> None:
    for name in station.files:
        if name.endswith("/records.json"):
            recs = station.json(name)["records"]
            keys = [(r["image"]["sha256"], r["image"]["page"], r["image"]["copy"]) for r in recs]
            assert keys == sorted(keys), name
            assert len(set(keys)) == len(keys), name


def test_records_hold_no_identifier(station: Bundle) -> None:
    """A record is its image's hash and page: no file name, sequence, time of scanning."""
    for name in station.files:
        if not name.endswith("/records.json"):
            continue
        doc = station.json(name)
        for r in doc["records"]:
            assert set(r) <= RECORD_KEYS, set(r) - RECORD_KEYS
            assert r["source"] == "scan"
            assert set(r["image"]) == {"sha256", "page", "copy"}
            assert set(r["registration"]) <= {"form", "rotation", "seal", "duplicate_of"}
            stripped = dict(r, decisions=[])
            text = json.dumps(stripped, ensure_ascii=False)
            assert not ISO_TIME.search(text), text[:300]
            assert not FILE_NAME.search(text), FILE_NAME.search(text)


def test_no_scan_file_names_anywhere(station_made: tuple[Path, bytes, str]) -> None:
    """No scanner file name (scan0007.png …) in any JSON file or the log."""
    with zipfile.ZipFile(station_made[0]) as z:
        for info in z.infolist():
            if info.filename.endswith((".json", ".jsonl")):
                text = z.read(info).decode()
                hit = FILE_NAME.search(text)
                assert hit is None, (info.filename, hit.group(0))
                assert '"readings"' not in text, info.filename


def test_manual_entries_no_ballot_number(station: Bundle) -> None:
    for name in station.files:
        if name.endswith("/manual.json"):
            for e in station.json(name)["entries"]:
                assert "ballot" not in e, e


def test_results_hold_no_per_page_list(station: Bundle) -> None:
    """The results and minutes data hold no list as long as the pages (a per-page trace)."""

    def lists(value: Any) -> list[list[Any]]:
        if isinstance(value, list):
            return [value] + [x for v in value for x in lists(v)]
        if isinstance(value, dict):
            return [x for v in value.values() for x in lists(v)]
        return []

    for name in station.files:
        if name.endswith(("/results.json", "/minutes.json")):
            pages = len(station.json(name.rsplit("/", 1)[0] + "/records.json")["records"])
            if pages:
                assert all(len(x) < pages for x in lists(station.json(name))), name


def test_zip_entries_carry_no_time(station_made: tuple[Path, bytes, str]) -> None:
    """The zip's own entries keep no time of writing (the order of commits would follow)."""
    with zipfile.ZipFile(station_made[0]) as z:
        stamps = {i.date_time for i in z.infolist()}
        assert stamps == {(1980, 1, 1, 0, 0, 0)}, stamps
        assert all(not i.extra for i in z.infolist())


def test_zip_entry_order_says_nothing(station_made: tuple[Path, bytes, str]) -> None:
    with zipfile.ZipFile(station_made[0]) as z:
        names = z.namelist()
    rest = [n for n in names if n not in ("manifest.json", "log.jsonl")]
    assert rest == sorted(rest), names


# -- forgeries of the station's tie round ----------------------------------------------------


def _both(b: Bundle, folder: str, change: Any) -> None:
    for name in ("results.json", "minutes.json"):
        r = b.json(folder + name)
        change(r)
        b.put_json(folder + name, r)


def test_tie_turned_into_a_win(station: Bundle, tmp_path: Path) -> None:
    """Round 1 of the inspection committee was a tie for the second seat: the forger elects
    one of the tied."""
    folder = "rounds/ubkt-1/"
    r = station.json(folder + "results.json")
    assert r["outcome"] == "tie", r["outcome"]
    tied = r["tied"][0]

    def change(r: dict[str, Any]) -> None:
        r["outcome"] = "complete"
        r["tied"] = []
        r["elected"] = r["elected"] + [tied]
        for c in r["candidates"]:
            if c["name"] == tied:
                c["status"] = "elected"
            elif c["status"] == "tied":
                c["status"] = "not_elected"

    _both(station, folder, change)
    refused(verify(station.forge().write_zip(tmp_path / "b.zip")), "results.json", "ubkt")


def test_rounds_swapped(station: Bundle, tmp_path: Path) -> None:
    """Round 1's and round 2's results (and minutes data) swapped between their folders."""
    for name in ("results.json", "minutes.json"):
        a, c = station.files["rounds/ubkt-1/" + name], station.files["rounds/ubkt-2/" + name]
        station.files["rounds/ubkt-1/" + name], station.files["rounds/ubkt-2/" + name] = c, a
    refused(verify(station.forge().write_zip(tmp_path / "b.zip")), "results.json", "ubkt")


def test_round_two_records_moved_to_round_one(station: Bundle, tmp_path: Path) -> None:
    """Round 2's records put in round 1's folder (same candidates but one)."""
    station.files["rounds/ubkt-1/records.json"] = station.files["rounds/ubkt-2/records.json"]
    refused(verify(station.forge().write_zip(tmp_path / "b.zip")), "ubkt")
