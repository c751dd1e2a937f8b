"""Class 2: forgeries signed with the station's key (the sample's seed is published): every
signature and hash holds, the content lies. Owed: the recount or the log's commitments catch
the lie (exit 3 naming file, round and candidate or page); where the lie is internally
consistent, the head printed in the minutes (``--head``) catches it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.record._bundle import Bundle, canonical, sha, verify
from tests.adversarial.record.conftest import passes, refused

BCH = "rounds/q1-bch-2025-1/"
BITHU = "rounds/q1-bithu-2025-1/"
HEAD = Bundle.from_zip().head  # the head printed in the sample's minutes (last entry: export)
CONFIRMED_BCH = Bundle.from_zip().entries[12]["hash"]  # the head after bch's confirmation
NONE_KEPT = "c2d4766eca2b74fd16e3125904a4143f94282cf658080785e0dfc98b479f7df2"
SETTLED = "6792cab12efed9b7664181a5149be76794876b986973de11d68f76d022f462bb"
AGREED = "0d4af350bb56d11b898bd4496364910bbec8b6a1e422bb5c78c34523f4f4e3b6"


def both(
    b: Bundle,
    folder: str,
    change: Callable[[dict[str, Any]], None],
    names: tuple[str, ...] = ("results.json", "minutes.json"),
) -> None:
    for name in names:
        value = b.json(folder + name)
        change(value)
        b.put_json(folder + name, value)


def records(b: Bundle, change: Callable[[list[dict[str, Any]]], None], folder: str = BCH) -> None:
    value = b.json(folder + "records.json")
    change(value["records"])
    b.put_json(folder + "records.json", value)


def record_of(recs: list[dict[str, Any]], sha256: str) -> dict[str, Any]:
    return next(r for r in recs if r["image"]["sha256"] == sha256)


def put_manual(b: Bundle, m: dict[str, Any], folder: str = BITHU) -> None:
    """manual.json in its order (by batch, then canonical JSON); each batch's manual.entry
    made to name its entries (the forger holds the key)."""
    m["entries"].sort(key=lambda e: (e["batch"], canonical(e)))
    b.put_json(folder + "manual.json", m)
    for entry in b.entries:
        if entry["kind"] == "manual.entry" and folder.endswith(
            f"{entry['data']['election']}-{entry['data']['round']}/"
        ):
            batch = [e for e in m["entries"] if e["batch"] == entry["data"]["batch"]]
            entry["data"]["entries"] = sha(canonical(batch))


def run(b: Bundle, tmp_path: Path, *args: str) -> Any:
    return verify(b.forge().write_zip(tmp_path / "forged.bundle.zip"), *args)


# -- the results lie about the records -------------------------------------------------------


def test_one_vote_more_in_results(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["candidates"][0]["votes"] += 1

    both(sample, BCH, change)
    refused(
        run(sample, tmp_path), "results.json", "q1-bch-2025", "Nguyễn Văn An (1970)", "27", "26"
    )


def test_one_vote_more_in_minutes_data_only(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["candidates"][5]["votes"] += 1

    both(sample, BCH, change, ("minutes.json",))
    refused(run(sample, tmp_path), "minutes.json", "Phạm Thị Dung")


def test_candidate_renamed(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["candidates"][6]["name"] = "Lê Văn Đúc"

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_elected_reordered(sample: Bundle, tmp_path: Path) -> None:
    """`elected` is in order of votes: the last and the first swapped."""

    def change(r: dict[str, Any]) -> None:
        r["elected"][0], r["elected"][-1] = r["elected"][-1], r["elected"][0]
        r["rounds"][0]["elected"] = list(r["elected"])

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_loser_made_elected(sample: Bundle, tmp_path: Path) -> None:
    """Phạm Thị Dung (15 votes, below 16) made elected in place of Nguyễn Văn An (1982)."""

    def change(r: dict[str, Any]) -> None:
        for c in r["candidates"]:
            if c["name"] == "Phạm Thị Dung":
                c["status"], c["elected_round"] = "elected", 1
            if c["name"] == "Nguyễn Văn An (1982)":
                c["status"], c["elected_round"] = "not_elected", None
        r["elected"] = [n if n != "Nguyễn Văn An (1982)" else "Phạm Thị Dung" for n in r["elected"]]
        r["rounds"][0]["elected"] = list(r["elected"])

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_outcome_changed_to_tie(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["outcome"] = "tie"

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_seats_unfilled_changed(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["seats_unfilled"] = 1

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_threshold_changed(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["threshold"]["votes_needed"] = 15

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_threshold_base_changed(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["threshold"]["base"] = 30

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_invalid_reasons_moved(sample: Bundle, tmp_path: Path) -> None:
    """Same number invalid, reasons moved: {none_kept 1, other_marks 1, too_many_kept 1} →
    {other_marks 3}."""

    def change(r: dict[str, Any]) -> None:
        r["ballots"]["invalid_reasons"] = {"other_marks": 3}

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_valid_invalid_shifted(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["ballots"]["valid"] += 1
        r["ballots"]["invalid"] -= 1
        r["ballots"]["invalid_reasons"].pop("none_kept")

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_counted_changed(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["ballots"]["counted"] = 29

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_percent_changed(sample: Bundle, tmp_path: Path) -> None:
    """A percent printed in the minutes that is not votes / base (formats.md: percent of
    threshold.base). Beyond the listed comparisons, but it is a printed lie."""

    def change(r: dict[str, Any]) -> None:
        r["candidates"][5]["percent"] = "51.61"

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "Phạm Thị Dung")


def test_results_swapped_between_elections(sample: Bundle, tmp_path: Path) -> None:
    """The secretary election's results and minutes data put in the committee's folder and
    the other way round."""
    for name in ("results.json", "minutes.json"):
        a, c = sample.files[BCH + name], sample.files[BITHU + name]
        sample.files[BCH + name], sample.files[BITHU + name] = c, a
    refused(run(sample, tmp_path), "results.json")


def test_results_of_another_round_number(sample: Bundle, tmp_path: Path) -> None:
    """The results claim to be round 2 of the election."""

    def change(r: dict[str, Any]) -> None:
        r["round"] = 2

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json", "q1-bch-2025")


def test_results_name_another_election(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict[str, Any]) -> None:
        r["election"] = "q1-bithu-2025"

    both(sample, BCH, change)
    refused(run(sample, tmp_path), "results.json")


# -- the records lie -------------------------------------------------------------------------


def test_scanned_reading_changed_final_kept(sample: Bundle, tmp_path: Path) -> None:
    """A machine-valid page: its scanned marks changed (a kept name now struck), the machine
    verdict and the adjudicated stage left as they were."""

    def change(recs: list[dict[str, Any]]) -> None:
        rec = next(r for r in recs if r["after_rules"]["status"] == "valid" and not r["decisions"])
        row = next(w for w in rec["scanned"]["rows"] if w["mark"] == "kept")
        row["mark"] = "struck"

    records(sample, change)
    refused(run(sample, tmp_path), "records.json")


def test_adjudicated_marks_changed(sample: Bundle, tmp_path: Path) -> None:
    """The counted marks of a machine-read page changed, its scanned stage left (and the
    results adjusted by the same vote, so only the record lies)."""
    moved = {}

    def change(recs: list[dict[str, Any]]) -> None:
        rec = next(
            r
            for r in recs
            if r["after_rules"]["status"] == "valid"
            and not r["decisions"]
            and r["adjudicated"]["marks"]["Phạm Thị Dung"] == "struck"
            and r["adjudicated"]["marks"]["Lê Văn Đức"] == "struck"
        )
        rec["adjudicated"]["marks"]["Phạm Thị Dung"] = "kept"
        moved["sha"] = rec["image"]["sha256"]

    records(sample, change)

    def results(r: dict[str, Any]) -> None:
        c = next(c for c in r["candidates"] if c["name"] == "Phạm Thị Dung")
        c["votes"] += 1
        c["percent"] = f"{c['votes'] * 100 / 31:.2f}"

    both(sample, BCH, results)
    refused(run(sample, tmp_path), "records.json", moved["sha"][:12])


def test_machine_verdict_changed(sample: Bundle, tmp_path: Path) -> None:
    """A page the scan read valid called invalid (other_marks is a reason no mark shows, so a
    verdict only the marks could contradict: too_many_kept on a page with names struck)."""

    def change(recs: list[dict[str, Any]]) -> None:
        rec = next(r for r in recs if r["after_rules"]["status"] == "valid" and not r["decisions"])
        rec["after_rules"] = {"detail": None, "reason": "too_many_kept", "status": "invalid"}
        rec["adjudicated"]["ruling"] = "too_many_kept"

    records(sample, change)
    refused(run(sample, tmp_path), "records.json")


def test_decision_author_changed_in_record_only(sample: Bundle, tmp_path: Path) -> None:
    def change(recs: list[dict[str, Any]]) -> None:
        rec = record_of(recs, AGREED)
        rec["decisions"][1]["by"] = "hung"
        rec["adjudicated"]["by"] = ["hung", "lan"]

    records(sample, change)
    refused(run(sample, tmp_path), "records.json", AGREED[:12])


def test_decision_time_changed_in_record_only(sample: Bundle, tmp_path: Path) -> None:
    def change(recs: list[dict[str, Any]]) -> None:
        record_of(recs, AGREED)["decisions"][0]["at"] = "2025-07-10T15:13:00+07:00"

    records(sample, change)
    refused(run(sample, tmp_path), "records.json", AGREED[:12])


def test_decision_author_changed_in_log_and_record(sample: Bundle, tmp_path: Path) -> None:
    """A consistent rewrite of who decided: only the printed head can catch it."""
    sample.entries[6]["data"]["by"] = "hung"

    def change(recs: list[dict[str, Any]]) -> None:
        rec = record_of(recs, AGREED)
        rec["decisions"][1]["by"] = "hung"
        rec["adjudicated"]["by"] = ["hung", "lan"]

    records(sample, change)
    refused(run(sample, tmp_path, "--head", HEAD), HEAD[:12])


def test_decision_dropped_from_record(sample: Bundle, tmp_path: Path) -> None:
    """The record forgets vinh's decision (the log has it); adjudicated left agreed."""
    records(sample, lambda recs: record_of(recs, AGREED)["decisions"].pop(1))
    refused(run(sample, tmp_path), "records.json", AGREED[:12])


def test_settling_removed_adjudicated_kept(sample: Bundle, tmp_path: Path) -> None:
    """The head's settling dropped from the log and the record; the record still says settled."""
    del sample.entries[9]
    records(sample, lambda recs: record_of(recs, SETTLED)["decisions"].pop(2))
    refused(run(sample, tmp_path), "records.json", SETTLED[:12])


def test_settling_removed_page_back_in_review(sample: Bundle, tmp_path: Path) -> None:
    """The head's settling dropped and the record made consistent (the members disagree: the
    page is in review), the results left complete: the recount says pending review."""
    del sample.entries[9]

    def change(recs: list[dict[str, Any]]) -> None:
        rec = record_of(recs, SETTLED)
        rec["decisions"].pop(2)
        rec["adjudicated"] = {
            "by": ["lan", "vinh"],
            "how": "disagree",
            "marks": rec["adjudicated"]["marks"],
            "ruling": None,
            "status": "review",
        }

    records(sample, change)
    refused(run(sample, tmp_path), "q1-bch-2025")


def test_settling_turned_into_other_ruling(sample: Bundle, tmp_path: Path) -> None:
    """The head's settling changed (log and record) from valid to invalid other_marks, the
    adjudicated stage left counting the marks as valid: adjudicated does not follow."""
    d = sample.entries[9]["data"]
    d.update(ruling="invalid", reason="other_marks", struck=[])

    def change(recs: list[dict[str, Any]]) -> None:
        rec = record_of(recs, SETTLED)
        rec["decisions"][2].update(ruling="invalid", reason="other_marks", struck=[])

    records(sample, change)
    refused(run(sample, tmp_path), "records.json", SETTLED[:12])


def test_page_duplicated_with_other_copy(sample: Bundle, tmp_path: Path) -> None:
    """The none_kept page counted twice: the same image bytes as copy 1, the round's total 31,
    issued 31 and the results adjusted (counted 31, invalid 4). docs/scanning.md: a
    byte-identical page is rejected duplicate_page, never counted twice."""

    def change(recs: list[dict[str, Any]]) -> None:
        import copy as _copy

        rec = _copy.deepcopy(record_of(recs, NONE_KEPT))
        rec["image"]["copy"] = 1
        recs.append(rec)
        recs.sort(key=lambda r: (r["image"]["sha256"], r["image"]["page"], r["image"]["copy"]))

    records(sample, change)
    sample.entries[4]["data"].update(pages=11, total=31)
    for name in ("election.json",):
        e = sample.json(BCH + name)
        e["meeting"]["issued"] = e["meeting"]["present"] = 31
        e["meeting"]["absent"] = 0
        sample.put_json(BCH + name, e)

    def results(r: dict[str, Any]) -> None:
        r["meeting"]["issued"] = r["meeting"]["present"] = 31
        r["meeting"]["absent"] = 0
        r["ballots"]["counted"] += 1
        r["ballots"]["invalid"] += 1
        r["ballots"]["invalid_reasons"]["none_kept"] += 1

    both(sample, BCH, results)
    refused(run(sample, tmp_path), "records.json", NONE_KEPT[:12])


def test_page_duplicated_same_copy(sample: Bundle, tmp_path: Path) -> None:
    """The same record twice (same sha256, page, copy): each page once."""

    def change(recs: list[dict[str, Any]]) -> None:
        import copy as _copy

        recs.insert(0, _copy.deepcopy(recs[0]))

    records(sample, change)
    sample.entries[4]["data"].update(pages=11, total=31)
    refused(run(sample, tmp_path), "records.json")


def test_records_out_of_order(sample: Bundle, tmp_path: Path) -> None:
    records(sample, lambda recs: recs.reverse())
    refused(run(sample, tmp_path), "records.json")


def test_page_dropped_and_count_adjusted(sample: Bundle, tmp_path: Path) -> None:
    """The none_kept page removed, the round's total 29 and the results made to match: a
    consistent forgery; the head printed in the minutes catches it."""
    records(sample, lambda recs: recs.remove(record_of(recs, NONE_KEPT)))
    sample.entries[4]["data"].update(pages=9, total=29)

    def results(r: dict[str, Any]) -> None:
        r["ballots"]["counted"] -= 1
        r["ballots"]["invalid"] -= 1
        del r["ballots"]["invalid_reasons"]["none_kept"]

    both(sample, BCH, results)
    forged = sample.forge().write_zip(tmp_path / "b.zip")
    passes(verify(forged))  # control: consistent on its own
    refused(verify(forged, "--head", HEAD), HEAD[:12])


def test_page_dropped_count_not_adjusted(sample: Bundle, tmp_path: Path) -> None:
    records(sample, lambda recs: recs.remove(record_of(recs, NONE_KEPT)))
    refused(run(sample, tmp_path), "records.json", "30")


@pytest.mark.slow
def test_records_of_another_congress_spliced(
    sample: Bundle, station: Bundle, tmp_path: Path
) -> None:
    """The station-made congress's committee records put in the sample's committee round."""
    sample.files[BCH + "records.json"] = station.files["rounds/bch-1/records.json"]
    refused(run(sample, tmp_path), "records.json")


def test_record_names_unknown_candidate(sample: Bundle, tmp_path: Path) -> None:
    def change(recs: list[dict[str, Any]]) -> None:
        rec = recs[0]
        rec["adjudicated"]["marks"]["Người Lạ"] = rec["adjudicated"]["marks"].pop("Lê Văn Đức")
        for w in rec["scanned"]["rows"]:
            if w["candidate"] == "Lê Văn Đức":
                w["candidate"] = "Người Lạ"

    records(sample, change)
    refused(run(sample, tmp_path), "records.json")


def test_rejected_page_counted(sample: Bundle, tmp_path: Path) -> None:
    """A page the machine rejected (unreadable) is adjudicated counted."""

    def change(recs: list[dict[str, Any]]) -> None:
        rec = next(r for r in recs if r["after_rules"]["status"] == "valid" and not r["decisions"])
        rec["after_rules"] = {"detail": None, "reason": "unreadable_file", "status": "rejected"}

    records(sample, change)
    refused(run(sample, tmp_path), "records.json")


# -- manual entries --------------------------------------------------------------------------


def test_typed_ballot_changed(sample: Bundle, tmp_path: Path) -> None:
    """A typed ballot changed in manual.json; the log's manual.entry hash left."""
    m = sample.json(BITHU + "manual.json")
    m["entries"][5]["marks"]["Trần Thị Bình"] = "disagree"
    m["entries"].sort(key=lambda e: (e["batch"], canonical(e)))
    sample.put_json(BITHU + "manual.json", m)
    refused(run(sample, tmp_path), "manual.json", "B")


def test_typed_ballot_changed_and_hash_updated(sample: Bundle, tmp_path: Path) -> None:
    """A typed ballot changed and the log's manual.entry made to match; the results not: the
    recount differs. With the results changed too, only --head catches it."""
    m = sample.json(BITHU + "manual.json")
    m["entries"][7]["marks"]["Trần Thị Bình"] = "agree"
    put_manual(sample, m)
    refused(run(sample, tmp_path), "results.json", "Trần Thị Bình", "q1-bithu-2025")

    def results(r: dict[str, Any]) -> None:
        r["candidates"][0]["votes"] = 7
        r["candidates"][0]["percent"] = "77.78"

    both(sample, BITHU, results)
    forged = sample.forge().write_zip(tmp_path / "c.zip")
    passes(verify(forged))  # control: consistent
    refused(verify(forged, "--head", HEAD), HEAD[:12])


def test_manual_batch_count_lies(sample: Bundle, tmp_path: Path) -> None:
    """manual.entry says batch A has 6 papers; manual.json holds 5."""
    batch_a = next(e for e in sample.of_kind("manual.entry") if e["data"]["batch"] == "A")
    batch_a["data"]["ballots"] = 6
    refused(run(sample, tmp_path), "manual.json", "A")


def test_manual_batch_without_log_entry(sample: Bundle, tmp_path: Path) -> None:
    """A third batch C typed into manual.json that the log never saw (results adjusted)."""
    m = sample.json(BITHU + "manual.json")
    m["entries"].append(
        {
            "batch": "C",
            "invalid": None,
            "marks": {"Trần Thị Bình": "agree"},
            "operators": ["lan", "vinh"],
            "source": "manual",
        }
    )
    sample.put_json(BITHU + "manual.json", m)
    refused(run(sample, tmp_path), "manual.json", "C")


def test_manual_totals_collected_not_sum(sample: Bundle, tmp_path: Path) -> None:
    """A batch's totals whose collected is not valid + invalid."""
    m = sample.json(BITHU + "manual.json")
    m["entries"] = [e for e in m["entries"] if e["batch"] != "B"] + [
        {
            "batch": "B",
            "operators": ["lan", "vinh"],
            "source": "manual",
            "totals": {"votes": {"Trần Thị Bình": 1}, "valid": 4, "invalid": {}, "collected": 5},
        }
    ]
    put_manual(sample, m)
    refused(run(sample, tmp_path), "manual.json")


def test_manual_votes_exceed_valid(sample: Bundle, tmp_path: Path) -> None:
    """Batch totals giving the one candidate more votes than valid papers (7 of 4)."""
    m = sample.json(BITHU + "manual.json")
    m["entries"] = [e for e in m["entries"] if e["batch"] != "B"] + [
        {
            "batch": "B",
            "operators": ["lan", "vinh"],
            "source": "manual",
            "totals": {"votes": {"Trần Thị Bình": 7}, "valid": 4, "invalid": {}, "collected": 4},
        }
    ]
    put_manual(sample, m)

    def results(r: dict[str, Any]) -> None:
        r["candidates"][0]["votes"] = 12
        r["candidates"][0]["percent"] = "133.33"

    both(sample, BITHU, results)
    refused(run(sample, tmp_path), "q1-bithu-2025", "B")


# -- the definition and the confirmation -----------------------------------------------------


def test_election_changed_round_created_not(sample: Bundle, tmp_path: Path) -> None:
    """election.json changed (seats 4) with results.confirmed and the manifest updated, but
    round.created left naming the old definition."""
    e = sample.json(BCH + "election.json")
    e["seats"] = 4
    sample.put_json(BCH + "election.json", e)
    old = sample.entries[1]["data"]["definition"]
    sample.reconfirm()
    sample.entries[1]["data"]["definition"] = old
    sample.rechain()
    sample.remanifest()
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "election.json")


def test_electorate_changed_everywhere(sample: Bundle, tmp_path: Path) -> None:
    """electorate 31 → 29 in the definition (round.created updated), results left with the
    old threshold: the recount's threshold differs."""
    e = sample.json(BCH + "election.json")
    e["electorate"] = 29
    sample.put_json(BCH + "election.json", e)
    refused(run(sample, tmp_path), "q1-bch-2025")


def test_issued_fewer_than_counted(sample: Bundle, tmp_path: Path) -> None:
    """The definition says 25 papers were issued; 30 were counted (bundle.md: the count checks
    against issued)."""
    e = sample.json(BCH + "election.json")
    e["meeting"]["issued"] = e["meeting"]["present"] = 25
    sample.put_json(BCH + "election.json", e)

    def results(r: dict[str, Any]) -> None:
        r["meeting"]["issued"] = r["meeting"]["present"] = 25

    both(sample, BCH, results)
    refused(run(sample, tmp_path), "q1-bch-2025")


def test_confirmed_files_changed_after_confirmation(sample: Bundle, tmp_path: Path) -> None:
    """results.json changed after results.confirmed (manifest re-signed, log left)."""

    def change(r: dict[str, Any]) -> None:
        r["candidates"][0]["votes"] += 1

    both(sample, BCH, change)
    sample.remanifest()
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "rounds/q1-bch-2025-1/", "13")


def test_minutes_pdf_replaced_after_confirmation(sample: Bundle, tmp_path: Path) -> None:
    """The printed minutes swapped for the other election's (manifest re-signed, log left)."""
    sample.files[BCH + "minutes.pdf"] = sample.files[BITHU + "minutes.pdf"]
    sample.remanifest()
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "minutes.pdf")


def test_reopened_then_changed_not_reconfirmed(sample: Bundle, tmp_path: Path) -> None:
    """A `reopened` entry appended and the results changed without a new confirmation: the
    round is no longer confirmed, and the summary must not say it is; its results still lie
    about the records."""
    sample.entries.append(
        {
            "kind": "reopened",
            "data": {
                "election": "q1-bch-2025",
                "round": 1,
                "by": "hung",
                "at": "2025-07-11T11:00:00+07:00",
                "reason": "thử",
            },
        }
    )

    def change(r: dict[str, Any]) -> None:
        r["candidates"][0]["votes"] += 1

    both(sample, BCH, change)
    sample.rechain()
    sample.remanifest()
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "results.json", "Nguyễn Văn An (1970)")


def test_reopened_round_not_called_confirmed(sample: Bundle, tmp_path: Path) -> None:
    """A `reopened` entry after the committee's confirmation, no new confirmation: the summary
    must not call the round's results confirmed."""
    sample.entries.append(
        {
            "kind": "reopened",
            "data": {
                "election": "q1-bch-2025",
                "round": 1,
                "by": "hung",
                "at": "2025-07-11T11:00:00+07:00",
                "reason": "kiểm tra lại",
            },
        }
    )
    sample.rechain()
    sample.remanifest()
    out = verify(sample.write_zip(tmp_path / "b.zip"))
    assert "Traceback" not in out.text and out.code == 0, out
    line = next(x for x in out.out.splitlines() if "q1-bch-2025" in x)
    assert "đã xác nhận" not in line or "chưa" in line, line


def test_confirmation_omits_minutes_pdf(sample: Bundle, tmp_path: Path) -> None:
    """The minutes' log entry (minutes.printed, after the confirmation whose head they print:
    design change by the lead) names every file but minutes.pdf, and the printed minutes are
    then swapped: the log must pin all of the round's files."""
    sample.files[BCH + "minutes.pdf"] = sample.files[BITHU + "minutes.pdf"]
    sample.forge()
    printed = next(
        e for e in sample.of_kind("minutes.printed") if e["data"]["election"] == "q1-bch-2025"
    )
    del printed["data"]["files"][BCH + "minutes.pdf"]
    sample.rechain()
    sample.remanifest()
    refused(verify(sample.write_zip(tmp_path / "b.zip")), BCH + "minutes.pdf")


def test_confirmation_names_foreign_file(sample: Bundle, tmp_path: Path) -> None:
    """results.confirmed of q1-bch-2025 names the other election's results instead of its own."""
    sample.reconfirm()
    files = sample.entries[12]["data"]["files"]
    files[BCH + "results.json"] = sha(sample.files[BITHU + "results.json"])
    sample.rechain()
    sample.remanifest()
    refused(verify(sample.write_zip(tmp_path / "b.zip")), "results.json")
