"""Ballot records: the three stages of a page, the committee's decisions, manual entries, and
what a record never holds (the secrecy of the vote)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from daihoi.record import (
    ballot_record,
    final_decision,
    manual_batch_data,
    manual_entry,
    round_files,
)
from daihoi.record.records import page_key
from daihoi_testsupport.recordsample import scanned_round, to_review

from .conftest import SCANNED, Counted, entries, log_lines, read_json, unzip

ROUND = scanned_round()


def _valid_reading() -> dict[str, Any]:
    return next(r for r in ROUND.readings if r["status"] == "valid")


def _decision(by: str, at: str, ruling: str = "valid", **more: Any) -> dict[str, Any]:
    return {"by": by, "at": at, "ruling": ruling, "struck": [], "reason": "", **more}


def test_a_machine_read_valid_page_keeps_three_stages_and_no_file_name() -> None:
    reading = _valid_reading()
    record = ballot_record(reading, [])
    assert record["image"] == {"sha256": reading["sha256"], "page": 1, "copy": 0}
    assert [row["mark"] for row in record["scanned"]["rows"]] == [
        row["mark"] for row in reading["rows"]
    ]
    assert record["scanned"]["rows"][0]["scores"] == reading["rows"][0]["scores"]
    assert record["after_rules"]["status"] == "valid"
    assert record["adjudicated"]["status"] == "counted"
    assert record["adjudicated"]["how"] == "machine"
    assert record["adjudicated"]["marks"] == {r["candidate"]: r["mark"] for r in reading["rows"]}
    assert reading["source"] not in json.dumps(record, ensure_ascii=False)


def test_two_members_who_agree_decide_a_page_in_review() -> None:
    reading = to_review(_valid_reading(), row=0)
    name = reading["rows"][0]["candidate"]
    decisions = [
        _decision("lan", "2025-07-10T15:00:00+07:00", struck=[name]),
        _decision("vinh", "2025-07-10T15:01:00+07:00", struck=[name]),
    ]
    record = ballot_record(reading, decisions)
    assert record["after_rules"]["status"] == "review"
    assert record["adjudicated"]["how"] == "agreed"
    assert record["adjudicated"]["by"] == ["lan", "vinh"]
    assert record["adjudicated"]["marks"][name] == "struck"
    assert [d["by"] for d in record["decisions"]] == ["lan", "vinh"]
    assert record["decisions"][0]["at"] == "2025-07-10T15:00:00+07:00"


def test_two_members_who_differ_leave_the_page_in_review_until_the_head_settles() -> None:
    reading = to_review(_valid_reading(), row=0)
    differ = [
        _decision("lan", "2025-07-10T15:00:00+07:00"),
        _decision("vinh", "2025-07-10T15:01:00+07:00", "invalid", reason="other_marks"),
    ]
    assert final_decision(differ) == ("disagree", None)
    assert ballot_record(reading, differ)["adjudicated"]["status"] == "review"
    settled = [
        *differ,
        _decision(
            "hung", "2025-07-10T15:05:00+07:00", "invalid", reason="other_marks", settles=True
        ),
    ]
    record = ballot_record(reading, settled)
    assert record["adjudicated"]["how"] == "settled"
    assert record["adjudicated"]["ruling"] == "other_marks"
    assert record["adjudicated"]["by"] == ["hung", "lan", "vinh"]


def test_one_members_decision_alone_does_not_decide() -> None:
    reading = to_review(_valid_reading(), row=0)
    record = ballot_record(reading, [_decision("lan", "2025-07-10T15:00:00+07:00")])
    assert record["adjudicated"]["status"] == "review"
    assert record["adjudicated"]["how"] == "one"


def test_an_invalid_page_for_a_reason_its_marks_do_not_show_keeps_it_as_a_ruling() -> None:
    reading = {**_valid_reading(), "status": "invalid", "reason": "not_issued"}
    assert ballot_record(reading, [])["adjudicated"]["ruling"] == "not_issued"
    too_many = {**_valid_reading(), "status": "invalid", "reason": "too_many_kept"}
    assert ballot_record(too_many, [])["adjudicated"]["ruling"] is None  # the engine finds it


def test_a_copy_of_the_same_bytes_is_its_own_page() -> None:
    reading = _valid_reading()
    assert page_key(ballot_record(reading, [], copy=1)).endswith(":1#1")


def test_manual_entries_keep_batch_and_operators_but_no_ballot_number() -> None:
    typed = manual_entry(
        {
            "batch": "A",
            "operators": ["vinh", "lan"],
            "ballot": "017",
            "struck": ["Lê Văn Đức"],
            "invalid": "",
        }
    )
    assert typed == {
        "source": "manual",
        "batch": "A",
        "operators": ["lan", "vinh"],
        "struck": ["Lê Văn Đức"],
        "invalid": None,
    }
    totals = manual_entry(
        {
            "batch": "T",
            "operators": ["lan"],
            "totals": {
                "votes": {"Lê Văn Đức": 3},
                "valid": 4,
                "invalid": {"none_kept": 1},
                "collected": 5,
            },
        }
    )
    assert totals["totals"]["collected"] == 5
    with pytest.raises(ValueError, match="collected"):
        manual_entry({"batch": "T", "totals": {"valid": 4, "invalid": {}, "collected": 5}})


def test_a_batch_typed_in_any_order_commits_to_the_same_hash() -> None:
    rows = [
        {"batch": "A", "operators": ["lan"], "struck": [name], "invalid": ""}
        for name in ("Lê Văn Đức", "Võ Thị Anh", "Phạm Thị Dung")
    ]
    forwards = manual_batch_data("q1-bch-2025", 1, "A", rows)
    backwards = manual_batch_data("q1-bch-2025", 1, "A", rows[::-1])
    assert forwards == backwards
    assert forwards["ballots"] == 3


def test_round_files_sort_records_by_page_and_leave_out_the_readings(counted: Counted) -> None:
    records = [ballot_record(r, []) for r in ROUND.readings]
    results = {"election": "q1-bch-2025", "round": 1, "readings": ROUND.readings}
    files = round_files(ROUND.definition, records, [], results, b"%PDF", results)
    written = json.loads(files[SCANNED + "records.json"])["records"]
    shas = [r["image"]["sha256"] for r in written]
    assert shas == sorted(shas)
    assert shas != [r["sha256"] for r in ROUND.readings]  # the order of scanning is gone
    assert "readings" not in json.loads(files[SCANNED + "results.json"])
    assert set(files) == {
        SCANNED + n
        for n in (
            "election.json",
            "records.json",
            "manual.json",
            "results.json",
            "minutes.pdf",
            "minutes.json",
        )
    }


# ---------------------------------------------------------------------- secrecy


def test_no_file_name_of_a_scan_is_anywhere_in_the_bundle(counted: Counted) -> None:
    everything = b"".join(unzip(counted.recorder.zip()).values())
    for reading in ROUND.readings:
        assert reading["source"].encode() not in everything


def test_the_log_names_pages_only_in_the_committees_decisions(counted: Counted) -> None:
    page_hashes = {r["sha256"] for r in ROUND.readings}
    decided = set(ROUND.decisions)
    for entry in entries(counted.folder):
        text = json.dumps(entry.data)
        named = {sha for sha in page_hashes if sha in text}
        if entry.kind == "review.decision":
            assert named <= decided
        else:
            assert named == set(), entry.kind


def test_pages_read_carry_only_counts(counted: Counted) -> None:
    reads = [e.data for e in entries(counted.folder) if e.kind == "pages.read"]
    assert reads and all(set(d) == {"election", "round", "pages", "total"} for d in reads)
    assert [d["total"] for d in reads] == [10, 20, 30]


def test_a_pages_read_entry_with_anything_about_a_page_is_refused(counted: Counted) -> None:
    from daihoi.record import Recorder
    from daihoi_testsupport.recordsample import CONGRESS

    recorder = Recorder([counted.folder], counted.key, CONGRESS)
    with pytest.raises(ValueError, match="bí mật lá phiếu"):
        recorder.append(
            "pages.read",
            {
                "election": "q1-bch-2025",
                "round": 1,
                "pages": 1,
                "sha256": ROUND.readings[0]["sha256"],
            },
        )
    assert len(log_lines(counted.folder)) == recorder.head.n


def test_records_in_the_bundle_are_in_page_hash_order(counted: Counted) -> None:
    records = read_json(counted.folder, SCANNED + "records.json")["records"]
    keys = [(r["image"]["sha256"], r["image"]["page"]) for r in records]
    assert keys == sorted(keys)
