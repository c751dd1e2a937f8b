"""A counted example congress written into a results record: the tests', the bench's and
``examples/make_sample_bundle.py``'s one way to make a bundle from real engine data.

The Quận 1 congress of ``examples/``: its committee election (``q1-bch-2025``) is scanned (each
row of the ballots CSV becomes a page reading as the scanner writes it, a few sent to review
and decided by the committee), its secretary election (``q1-bithu-2025``) is typed in by hand
in two batches. ``extra_pages`` adds generated ballots to the scanned election (the bench).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from daihoi.engine.ballot import Ballot, Mark, VerdictStatus
from daihoi.engine.election import Election, election_to_dict, parse_election
from daihoi.engine.results import result_to_dict
from daihoi.engine.tally import count_election, judge_ballot
from daihoi.files import load_data, load_election, read_ballot_list
from daihoi.record import (
    Recorder,
    ballot_record,
    file_hashes,
    manual_batch_data,
    round_created_data,
    round_files,
)
from daihoi.record.canonical import sha256_hex

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONGRESS = {
    "id": "q1-2025",
    "name": "Đại hội đại biểu Đảng bộ Quận 1 lần thứ XII",
    "organisation": "Đảng bộ Quận 1",
}
COMMITTEE = ("Lê Văn Hùng", "Phạm Thị Lan", "Đỗ Quang Vinh")  # the counting committee
USERS = ("hung", "lan", "vinh")  # their accounts; hung is the head
MINUTES_PDF = b"%PDF-1.4\n% bien ban kiem phieu (sample)\n%%EOF\n"


def image_bytes(election_id: str, number: int) -> bytes:
    """A stand-in for the scanned image of one paper (its bytes give the page's SHA-256)."""
    return f"scan of a paper of {election_id}, {number}".encode()


def _scores(mark: str) -> dict[str, Any]:
    struck = mark == Mark.STRUCK.value
    return {
        "strike": 0.82 if struck else 0.03,
        "cross": 0.0,
        "underline": 0.0,
        "ink": 0.21 if struck else 0.01,
        "stray": 0.0,
    }


def reading_of(election: Election, ballot: Ballot, sha256: str) -> dict[str, Any]:
    """The scanner's reading (``PageReading.to_dict``) of a paper marked as ``ballot``."""
    verdict = judge_ballot(election, ballot)
    rows = [
        {
            "number": i,
            "candidate": label,
            "mark": ballot.marks[label].value,
            "scores": _scores(ballot.marks[label].value),
        }
        for i, label in enumerate(election.labels, start=1)
    ]
    status = "valid" if verdict.status is VerdictStatus.VALID else "invalid"
    return {
        "source": f"scan{ballot.id}.png",
        "page": 1,
        "sha256": sha256,
        "status": status,
        "reason": verdict.reason,
        "form": election.form.value,
        "struck": [r["candidate"] for r in rows if r["mark"] == "struck"],
        "kept": [r["candidate"] for r in rows if r["mark"] == "kept"],
        "unclear": [],
        "rows": rows,
        "seal": {"state": "present", "score": 0.91},
        "rotation": 0,
    }


def to_review(reading: dict[str, Any], row: int) -> dict[str, Any]:
    """The reading with one row unclear: the machine sends the page to review."""
    doubtful = copy.deepcopy(reading)
    doubtful["rows"][row]["mark"] = "unclear"
    doubtful.update(status="review", reason="doubtful_mark")
    return doubtful


@dataclass
class ScannedRound:
    election: Election
    definition: dict[str, Any]
    readings: list[dict[str, Any]]  # in the order of scanning
    decisions: dict[str, list[dict[str, Any]]]  # by the page's SHA-256
    truth: list[Ballot]


def scanned_round(extra_pages: int = 0, seed: int = 1) -> ScannedRound:
    """The committee election, scanned: 30 papers of the example (and ``extra_pages`` more,
    random, on a larger electorate); three go to review and are decided."""
    definition = dict(load_data(EXAMPLES / "q1-bch-2025.yaml"))
    if extra_pages:
        definition["electorate"] = definition["electorate"] + extra_pages
        definition["meeting"] = {
            **definition["meeting"],
            "issued": 30 + extra_pages,
            "present": 30 + extra_pages,
        }
    election = parse_election(definition, "q1-bch-2025.yaml")
    definition = election_to_dict(election)
    truth = read_ballot_list(EXAMPLES / "q1-bch-2025-ballots.csv", election)
    rng = random.Random(seed)
    for number in range(extra_pages):
        kept = set(rng.sample(election.labels, rng.randint(3, 5)))
        marks = {label: Mark.KEPT if label in kept else Mark.STRUCK for label in election.labels}
        truth.append(Ballot(f"x{number}", marks))
    readings: list[dict[str, Any]] = []
    decisions: dict[str, list[dict[str, Any]]] = {}
    for index, ballot in enumerate(truth):
        sha = sha256_hex(image_bytes(election.id, index))
        reading = reading_of(election, ballot, sha)
        struck = sorted(n for n, m in ballot.marks.items() if m is Mark.STRUCK)
        if index in (1, 4) and reading["status"] == "valid":
            reading = to_review(reading, row=index)
            decisions[sha] = [
                _decision(USERS[1], f"2025-07-10T15:{10 + index:02d}:00+07:00", "valid", struck),
                _decision(USERS[2], f"2025-07-10T15:{11 + index:02d}:00+07:00", "valid", struck),
            ]
        elif index == 7 and reading["status"] == "valid":
            reading = to_review(reading, row=0)
            decisions[sha] = [
                _decision(USERS[1], "2025-07-10T15:20:00+07:00", "valid", struck),
                _decision(USERS[2], "2025-07-10T15:21:00+07:00", "invalid", [], "other_marks"),
                _decision(USERS[0], "2025-07-10T15:25:00+07:00", "valid", struck, settles=True),
            ]
        readings.append(reading)
    return ScannedRound(election, definition, readings, decisions, truth)


def _decision(
    by: str, at: str, ruling: str, struck: Sequence[str], reason: str = "", *, settles: bool = False
) -> dict[str, Any]:
    return {
        "by": by,
        "at": at,
        "ruling": ruling,
        "struck": list(struck),
        "reason": reason,
        "settles": settles,
    }


def typed_round() -> tuple[Election, dict[str, Any], list[dict[str, Any]]]:
    """The secretary election typed in by hand: two batches of its 9 ballots."""
    election = load_election(EXAMPLES / "q1-bithu-2025.yaml")
    ballots = read_ballot_list(EXAMPLES / "q1-bithu-2025-ballots.csv", election)
    rows = []
    for index, ballot in enumerate(ballots):
        batch = "A" if index < 5 else "B"
        rows.append(
            {
                "batch": batch,
                "operators": ["lan", "vinh"],
                "marks": {label: mark.value for label, mark in ballot.marks.items()},
                "invalid": ballot.ruling or "",
            }
        )
    return election, election_to_dict(election), rows


Tamper = Callable[[str, dict[str, Any]], dict[str, Any]]


def _keep(_: str, value: dict[str, Any]) -> dict[str, Any]:
    return value


@dataclass
class SampleCount:
    """What ``count_sample`` wrote, for the tests: the head after each round's confirmation."""

    confirmed_heads: dict[str, str] = field(default_factory=dict)
    pages: int = 0


def count_sample(
    recorder: Recorder,
    *,
    batch_size: int = 10,
    extra_pages: int = 0,
    tamper: Tamper = _keep,
    confirm: bool = True,
    on_commit: Callable[[], None] | None = None,
    minutes_pdf: Callable[[dict[str, Any]], bytes] | None = None,
) -> SampleCount:
    """Count the example congress into ``recorder`` as a station does: round created, pages
    read batch by batch (records written and committed after each), decisions, manual batches,
    results confirmed with the minutes (``minutes_pdf`` renders them; a stand-in PDF without),
    an export. ``tamper(what, value)`` may change a page's
    reading, the results or the minutes data before they are written (``what``: ``reading``,
    ``results`` or ``minutes``): a station that records something other than what it counted."""
    done = SampleCount()
    scanned = scanned_round(extra_pages)
    election, definition = scanned.election, scanned.definition
    eid, rnd = election.id, election.round

    def render(minutes: dict[str, Any]) -> bytes:
        return minutes_pdf(minutes) if minutes_pdf is not None else MINUTES_PDF

    def write(
        records: list[dict[str, Any]],
        results: dict[str, Any] | None = None,
        minutes: dict[str, Any] | None = None,
    ) -> dict[str, bytes]:
        files = round_files(
            definition,
            records,
            [],
            results,
            render(minutes) if minutes is not None else None,
            minutes,
        )
        for name, data in files.items():
            recorder.put(name, data)
        recorder.commit()
        if on_commit is not None:
            on_commit()
        return files

    def printed(head: Any) -> dict[str, Any]:
        return {"entry": head.n, "head": head.hash, "key": recorder.key.fingerprint}

    def put_minutes(of: dict[str, Any], minutes: dict[str, Any]) -> None:
        """The minutes put, then logged (``minutes.printed``): the log pins the printed page."""
        printed_files = {
            name: data
            for name, data in round_files(of, [], [], None, render(minutes), minutes).items()
            if name.endswith(("minutes.pdf", "minutes.json"))
        }
        for name, data in printed_files.items():
            recorder.put(name, data)
        recorder.append(
            "minutes.printed",
            {
                "election": of["id"],
                "round": int(of.get("round", 1)),
                "files": file_hashes(printed_files),
            },
        )

    recorder.append("round.created", round_created_data(definition))
    write([])
    records: dict[str, dict[str, Any]] = {}
    for start in range(0, len(scanned.readings), batch_size):
        batch = scanned.readings[start : start + batch_size]
        for reading in batch:
            records[reading["sha256"]] = ballot_record(tamper("reading", reading), [])
        recorder.append("pages.read", {"election": eid, "round": rnd, "pages": len(batch)})
        write(list(records.values()))
    readings = {r["sha256"]: r for r in scanned.readings}
    for sha, decisions in sorted(scanned.decisions.items()):
        for decision in decisions:
            recorder.append(
                "review.decision",
                {
                    "election": eid,
                    "round": rnd,
                    "page": {"sha256": sha, "page": 1, "copy": 0},
                    **decision,
                },
            )
            so_far = decisions[: decisions.index(decision) + 1]
            records[sha] = ballot_record(readings[sha], so_far)
        write(list(records.values()))
    done.pages += len(records)
    if confirm:
        result = count_election(election, scanned.truth)
        results = tamper("results", result_to_dict(result))
        files = write(list(records.values()), results)
        head = recorder.append(
            "results.confirmed",
            {
                "election": eid,
                "round": rnd,
                "by": USERS[0],
                "at": "2025-07-10T16:00:00+07:00",
                "files": file_hashes(files),
            },
        )
        # The minutes come after the confirmation and print its head.
        minutes = tamper("minutes", {**result_to_dict(result), "record": printed(head)})
        put_minutes(definition, minutes)
        recorder.commit()
        done.confirmed_heads[eid] = head.hash

    typed, typed_definition, rows = typed_round()
    tid = typed.id
    recorder.append("round.created", round_created_data(typed_definition))
    for letter in ("A", "B"):
        in_batch = [r for r in rows if r["batch"] == letter]
        recorder.append("manual.entry", manual_batch_data(tid, 1, letter, in_batch))
    ballots = []
    for index, row in enumerate(rows):
        marks = {label: Mark(value) for label, value in row["marks"].items()}
        ballots.append(Ballot(str(index), marks, row["invalid"] or None))
    typed_result = result_to_dict(count_election(typed, ballots))
    files = round_files(typed_definition, [], rows, typed_result, None, None)
    for name, data in files.items():
        recorder.put(name, data)
    recorder.commit()
    if confirm:
        head = recorder.append(
            "results.confirmed",
            {
                "election": tid,
                "round": 1,
                "by": USERS[0],
                "at": "2025-07-11T10:00:00+07:00",
                "files": file_hashes(files),
            },
        )
        put_minutes(typed_definition, {**typed_result, "record": printed(head)})
        recorder.commit()
        done.confirmed_heads[tid] = head.hash
        recorder.append(
            "export", {"by": USERS[0], "at": "2025-07-11T10:05:00+07:00", "what": "bundle.zip"}
        )
        recorder.commit()
    return done
