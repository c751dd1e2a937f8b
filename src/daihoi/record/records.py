"""Ballot records (hồ sơ từng lá phiếu) and the files of one round of one election.

A ballot record keeps the three stages of NIST's cast-vote-record format for one scanned page:

* ``scanned``: as scanned: each row's mark and scores, as the scanner read them;
* ``after_rules``: the machine's verdict under the rule set (valid, invalid with a reason, sent
  to review, rejected);
* ``adjudicated``: after the counting committee: what is counted (the marks per candidate and
  the committee's ruling), with the decisions (who and when) that made it so.

A record names the page by its image's SHA-256 and page number only: no file name, no time of
scanning, no sequence number, nothing printed on the paper. Records are written sorted by
SHA-256, so their order says nothing about the order of scanning (``docs/bundle.md``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from daihoi.engine.ballot import Ballot, Form, Mark
from daihoi.engine.batches import BatchTotals
from daihoi.engine.election import Election
from daihoi.engine.reasons import MARK_REASONS
from daihoi.record.canonical import canonical_json, sha256_hex

RECORD_FORMAT = "daihoi-records/1"
UNCLEAR = "unclear"
COUNTED = "counted"  # the engine judges its marks and ruling: a valid or an invalid ballot
REVIEW = "review"  # waits for the committee: holds the round's outcome
REJECTED = "rejected"  # not a ballot of this election (unreadable, another election, a copy)
DECISION_KEYS = ("by", "at", "ruling", "struck", "reason", "settles")


def page_key(record: Mapping[str, Any]) -> str:
    """How messages name a scanned page: ``<first 12 hex digits of SHA-256>…:<page>[#copy]``."""
    image = record["image"]
    copy = f"#{image['copy']}" if image.get("copy") else ""
    return f"{str(image['sha256'])[:12]}…:{image['page']}{copy}"


def _decision(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "by": str(raw["by"]),
        "at": str(raw["at"]),
        "ruling": str(raw["ruling"]),
        "struck": sorted(str(name) for name in raw.get("struck") or ()),
        "reason": str(raw.get("reason") or ""),
        "settles": bool(raw.get("settles", False)),
    }


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return (a["ruling"], a["struck"], a["reason"]) == (b["ruling"], b["struck"], b["reason"])


def final_decision(decisions: Sequence[Mapping[str, Any]]) -> tuple[str, dict[str, Any] | None]:
    """How the committee's decisions settle a page, and the one that decides it.

    The head's settling decides (the last one); else two members who agree (the first two
    decisions); two who differ, or one alone, leave the page in review. Returns ``settled``,
    ``agreed``, ``disagree``, ``one`` or ``open`` with the deciding decision or None.
    """
    ordered = sorted((_decision(d) for d in decisions), key=lambda d: (d["at"], d["by"]))
    settled = [d for d in ordered if d["settles"]]
    members = [d for d in ordered if not d["settles"]]
    if settled:
        return "settled", settled[-1]
    if len(members) >= 2:
        first, second = members[0], members[1]
        return ("agreed", first) if _same(first, second) else ("disagree", None)
    return ("one", None) if members else ("open", None)


def _filler(form: str) -> str:
    return Mark.KEPT.value if form == Form.STRIKE.value else Mark.NEITHER.value


def adjudicate(
    form: str,
    rows: Sequence[Mapping[str, Any]],
    after_rules: Mapping[str, Any],
    decisions: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The adjudicated stage of a page from its scanned rows, the machine's verdict and the
    committee's decisions (the rules of the counting station)."""
    status, reason = after_rules["status"], after_rules.get("reason")
    how, final = final_decision(decisions)
    by = (
        sorted({str(d["by"]) for d in decisions if not d.get("settles") or _decision(d) == final})
        if final is not None
        else []
    )
    if final is not None and rows:
        if final["ruling"] == "invalid":
            marks = {str(r["candidate"]): _mark_or(r, form) for r in rows}
            return _stage(COUNTED, marks, final["reason"], how, by)
        struck = set(final["struck"])
        strike = form == Form.STRIKE.value
        crossed, vote = (Mark.STRUCK, Mark.KEPT) if strike else (Mark.DISAGREE, Mark.AGREE)
        marks = {
            str(r["candidate"]): (crossed if r["candidate"] in struck else vote).value for r in rows
        }
        return _stage(COUNTED, marks, None, how, by)
    if status in ("valid", "invalid"):
        marks = {str(r["candidate"]): _mark_or(r, form) for r in rows}
        complete = bool(rows) and all(r["mark"] != UNCLEAR for r in rows)
        derived = reason in MARK_REASONS and complete
        ruling = str(reason) if status == "invalid" and reason and not derived else None
        return _stage(COUNTED, marks, ruling, "machine", [])
    if status == "review":
        return _stage(REVIEW, {}, None, how, [])
    return _stage(REJECTED, {}, None, "machine", [])


def _mark_or(row: Mapping[str, Any], form: str) -> str:
    mark = str(row["mark"])
    return _filler(form) if mark == UNCLEAR else mark


def _stage(
    status: str, marks: dict[str, str], ruling: str | None, how: str, by: list[str]
) -> dict[str, Any]:
    return {"status": status, "marks": marks, "ruling": ruling, "how": how, "by": by}


def ballot_record(
    reading: Mapping[str, Any], decisions: Sequence[Mapping[str, Any]], *, copy: int = 0
) -> dict[str, Any]:
    """One page's record from the scanner's reading (``PageReading.to_dict``: the machine's
    reading, before any decision) and the committee's decisions on it
    (``{"by", "at", "ruling", "struck", "reason", "settles"}``). ``copy`` counts the times the
    same bytes were given before (the station's page key). The reading's ``source`` (a file
    name) is left out: a file name may number the scans."""
    machine = reading.get("machine") or {
        "status": reading["status"],
        "reason": reading.get("reason"),
    }
    form = str(reading.get("form", Form.STRIKE.value))
    rows = [
        {
            "number": int(r["number"]),
            "candidate": str(r["candidate"]),
            "mark": str(r["mark"]),
            "why": r.get("why"),
            "scores": dict(r.get("scores") or {}),
        }
        for r in reading.get("rows") or ()
    ]
    if reading.get("decision") and not reading.get("machine"):
        raise ValueError(
            "the reading has a decision applied but no machine stage: pass the machine's reading"
        )
    after_rules = {
        "status": str(machine["status"]),
        "reason": machine.get("reason"),
        "detail": reading.get("detail") if not reading.get("machine") else None,
    }
    duplicate = reading.get("duplicate_of")
    cleaned = [_decision(d) for d in decisions]
    cleaned.sort(key=lambda d: (d["at"], d["by"], d["settles"]))
    return {
        "source": "scan",
        "image": {"sha256": str(reading["sha256"]), "page": int(reading["page"]), "copy": copy},
        "registration": {
            "form": form,
            "rotation": reading.get("rotation"),
            "seal": reading.get("seal"),
            "duplicate_of": (
                {"sha256": duplicate.get("sha256"), "page": duplicate.get("page")}
                if isinstance(duplicate, Mapping)
                else None
            ),
        },
        "scanned": {"rows": rows},
        "after_rules": after_rules,
        "decisions": cleaned,
        "adjudicated": adjudicate(form, rows, after_rules, cleaned),
    }


def record_order(record: Mapping[str, Any]) -> tuple[str, int, int]:
    image = record["image"]
    return (str(image["sha256"]), int(image["page"]), int(image.get("copy", 0)))


# ------------------------------------------------------------------------------ manual entry


def manual_entry(row: Mapping[str, Any]) -> dict[str, Any]:
    """One manual entry (nhập tay) in its record form: a ballot typed by operators (the
    ballots CSV's row: ``struck`` names or ``marks`` per candidate, ``invalid`` a reason) or
    a batch's totals (``totals``: ``votes`` per candidate, ``valid``, ``invalid`` by reason,
    ``collected``), with its ``batch`` and ``operators``. A ballot's id is left out."""
    entry: dict[str, Any] = {
        "source": "manual",
        "batch": str(row["batch"]),
        "operators": sorted(str(name) for name in row.get("operators") or ()),
    }
    if "totals" in row:
        totals = row["totals"]
        invalid = {str(k): int(v) for k, v in dict(totals.get("invalid") or {}).items()}
        valid = int(totals["valid"])
        collected = int(totals.get("collected", valid + sum(invalid.values())))
        if collected != valid + sum(invalid.values()):
            raise ValueError(
                f"batch {entry['batch']}: collected {collected} is not valid {valid} plus "
                f"invalid {sum(invalid.values())}"
            )
        entry["totals"] = {
            "votes": {str(k): int(v) for k, v in dict(totals.get("votes") or {}).items()},
            "valid": valid,
            "invalid": invalid,
            "collected": collected,
        }
        return entry
    if "marks" in row:
        entry["marks"] = {str(k): str(v) for k, v in dict(row["marks"]).items()}
    else:
        entry["struck"] = sorted(str(name) for name in row.get("struck") or ())
    entry["invalid"] = str(row.get("invalid") or "") or None
    return entry


def manual_order(entry: Mapping[str, Any]) -> tuple[str, bytes]:
    return (str(entry["batch"]), canonical_json(entry))


def manual_batch_data(
    election_id: str, round_no: int, batch: str, rows: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """The data of a ``manual.entry`` log entry for one batch as typed (or typed again): the
    count of ballots, and the SHA-256 of the canonical JSON of its entries in record order."""
    entries = sorted((manual_entry(r) for r in rows), key=manual_order)
    if any(e["batch"] != batch for e in entries):
        raise ValueError(f"rows of another batch than {batch}")
    ballots = sum(e["totals"]["collected"] if "totals" in e else 1 for e in entries)
    operators = sorted({name for e in entries for name in e["operators"]})
    return {
        "election": election_id,
        "round": round_no,
        "batch": batch,
        "operators": operators,
        "ballots": ballots,
        "entries": sha256_hex(canonical_json(entries)),
    }


def manual_ballot(entry: Mapping[str, Any], election: Election, number: int) -> Ballot:
    """The ballot a typed manual entry stands for (its id a number in record order)."""
    if "marks" in entry:
        marks = {
            label: Mark(entry["marks"].get(label, _filler(election.form.value)))
            for label in election.labels
        }
    else:
        struck = set(entry.get("struck") or ())
        crossed, vote = (
            (Mark.STRUCK, Mark.KEPT)
            if election.form is Form.STRIKE
            else (Mark.DISAGREE, Mark.AGREE)
        )
        marks = {label: crossed if label in struck else vote for label in election.labels}
    return Ballot(f"nhập tay {number}", marks, entry.get("invalid") or None)


def manual_totals(entry: Mapping[str, Any]) -> BatchTotals:
    totals = entry["totals"]
    return BatchTotals(
        batch=str(entry["batch"]),
        collected=int(totals["collected"]),
        valid=int(totals["valid"]),
        invalid_reasons=dict(totals["invalid"]),
        votes=dict(totals["votes"]),
    )


# ------------------------------------------------------------------------------ round files


def round_folder(election_id: str, round_no: int) -> str:
    """The folder of one round of one election inside the bundle."""
    return f"rounds/{election_id}-{round_no}/"


def _dumps(value: Any) -> str:
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )


def json_file(value: Any) -> bytes:
    """A bundle's JSON file: sorted keys, no spaces, UTF-8, a final newline; an object's keys
    one to a line, and a list of objects one object to a line (a record per line: readable,
    and written by the JSON module's C encoder, which indenting would not allow)."""
    if not isinstance(value, dict):
        return (_dumps(value) + "\n").encode("utf-8")
    parts = []
    for key in sorted(value):
        item = value[key]
        if isinstance(item, list) and item and all(isinstance(x, dict) for x in item):
            inner = ",\n".join(_dumps(x) for x in item)
            parts.append(f"{_dumps(key)}:[\n{inner}\n]")
        else:
            parts.append(f"{_dumps(key)}:{_dumps(item)}")
    return ("{" + ",\n".join(parts) + "}\n").encode("utf-8")


def election_file(definition: Mapping[str, Any]) -> bytes:
    """A round's ``election.json``: the election file's data (``formats.md``) as the bundle
    writes it; its SHA-256 is the ``definition`` of the ``round.created`` entry."""
    return json_file(dict(definition))


def round_created_data(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The data of the ``round.created`` log entry for an election file's data."""
    return {
        "election": str(definition["id"]),
        "round": int(definition.get("round", 1)),
        "definition": sha256_hex(election_file(definition)),
    }


def round_files(
    definition: Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    manual: Sequence[Mapping[str, Any]],
    results: Mapping[str, Any] | None,
    minutes_pdf: bytes | None,
    minutes_data: Mapping[str, Any] | None,
) -> dict[str, bytes]:
    """The files of one round of one election, named from the bundle's root: the election
    file's data (``election.json``), the ballot records sorted by page (``records.json``), the
    manual entries (``manual.json``), the results JSON without its per-page ``readings``
    (``results.json``: the records hold the pages), the minutes (``minutes.pdf``) and the
    results data they were made from (``minutes.json``); the last three once there are some.
    ``manual`` takes manual entries as typed (``manual_entry``) or already in record form."""
    election_id, round_no = str(definition["id"]), int(definition.get("round", 1))
    base = round_folder(election_id, round_no)
    scan = dict((results or {}).get("scan") or {})
    files = {
        base + "election.json": election_file(definition),
        base + "records.json": json_file(
            {
                "format": RECORD_FORMAT,
                "election": election_id,
                "round": round_no,
                "thresholds": scan.get("thresholds"),
                "layout": scan.get("layout"),
                "records": sorted((dict(r) for r in records), key=record_order),
            }
        ),
        base + "manual.json": json_file(
            {
                "format": RECORD_FORMAT,
                "election": election_id,
                "round": round_no,
                "entries": sorted((manual_entry(e) for e in manual), key=manual_order),
            }
        ),
    }
    if results is not None:
        files[base + "results.json"] = json_file(
            {k: v for k, v in results.items() if k != "readings"}
        )
    if minutes_pdf is not None:
        files[base + "minutes.pdf"] = bytes(minutes_pdf)
    if minutes_data is not None:
        files[base + "minutes.json"] = json_file(
            {k: v for k, v in minutes_data.items() if k != "readings"}
        )
    return files


def file_hashes(files: Mapping[str, bytes]) -> dict[str, str]:
    """The SHA-256 of each file: the ``files`` of a ``results.confirmed`` entry."""
    return {name: sha256_hex(data) for name, data in sorted(files.items())}
