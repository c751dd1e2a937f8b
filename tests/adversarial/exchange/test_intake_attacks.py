"""Attacks on the office's intake of results bundles (``daihoi.record.intake.decide``, contract
2 of issue 16): replayed, rolled back, forked, re-signed, of another congress, of a key nobody
registered, tampered, truncated, not a bundle at all, zip-bombed.

The bundles are written by a station through ``daihoi.record.Recorder`` (``conftest.chains``)
and changed by a forger holding the station's key (``tests/adversarial/record/_bundle.py``).
Expected outcomes are values: ``decide`` must never raise on hostile input.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import multiprocessing
import os
import resource
import time
import zipfile
from typing import Any

import pytest

from tests.adversarial.exchange._forge import (
    ELECTION_ID,
    Forged,
    Member,
    Snapshot,
    fingerprint_hex,
    is_vietnamese,
    raw_zip,
    sha,
    std_zip,
    zeros_deflated,
    zip_members,
)
from tests.adversarial.exchange.conftest import (
    CONGRESS,
    OFFICE_SEED,
    OTHER_CONGRESS,
    ROGUE_SEED,
    STATION2_SEED,
    STATION_SEED,
    signing,
)
from tests.adversarial.record._bundle import Bundle

intake = pytest.importorskip(
    "daihoi.record.intake", reason="daihoi.record.intake does not exist yet (issue 16)"
)
decide = intake.decide
Imported = intake.Imported

STATION_FP = fingerprint_hex(bytes(signing(STATION_SEED).verify_key))
STATION2_FP = fingerprint_hex(bytes(signing(STATION2_SEED).verify_key))
ROGUE_FP = fingerprint_hex(bytes(signing(ROGUE_SEED).verify_key))
REGISTERED = frozenset({STATION_FP, STATION2_FP})
OUTCOMES = {"imported", "unchanged", "refused"}
CODES = {
    "not_bundle",
    "tampered",
    "other_congress",
    "unregistered_key",
    "older",
    "fork",
    "too_large",
    "unconfirmed",
}


def _norm(fp: Any) -> str:
    return str(fp).replace("-", "").replace(" ", "").lower()


def run(
    bundle: bytes,
    *,
    congress_id: str = CONGRESS["id"],
    registered: Any = REGISTERED,
    last: Any = None,
) -> Any:
    try:
        result = decide(bundle, congress_id=congress_id, registered=registered, last=last)
    except Exception as exc:  # a crash is a finding: expected outcomes are values
        pytest.fail(f"decide raised {type(exc).__name__}: {exc}")
    assert dataclasses.is_dataclass(result), result
    assert result.outcome in OUTCOMES, result
    assert isinstance(result.message, str), result
    return result


def refused(result: Any, *codes: str) -> None:
    assert result.outcome == "refused", (
        f"outcome {result.outcome!r} ({result.code}: {result.message}); expected refused "
        f"{' or '.join(codes)}"
    )
    assert result.code in CODES, f"code {result.code!r} is not one of the contract's"
    if codes:
        assert result.code in codes, (
            f"code {result.code!r}, expected {' or '.join(codes)} ({result.message})"
        )
    assert is_vietnamese(result.message), f"message not Vietnamese: {result.message!r}"


def _results_empty(results: Any) -> bool:
    if results is None:
        return True
    try:
        return len(results) == 0
    except TypeError:
        return not results


def imported(result: Any, snap: Snapshot, fingerprint: str = STATION_FP) -> None:
    assert result.outcome == "imported", f"{result.outcome} ({result.code}: {result.message})"
    assert result.entries == snap.n, (result.entries, snap.n)
    assert result.head == snap.head
    assert _norm(result.fingerprint) == _norm(fingerprint)
    if snap.confirmed:
        assert not _results_empty(result.results), "imported a confirmed bundle with no results"
    else:
        assert _results_empty(result.results), (
            f"an unconfirmed bundle imported WITH results: {result.results!r}"
        )


def last_of(snap: Snapshot, fingerprint: str = STATION_FP) -> Any:
    return Imported(entries=snap.n, head=snap.head, fingerprint=fingerprint)


def snap_at(chains: dict[str, list[Snapshot]], chain: str, n: int) -> Snapshot:
    return next(s for s in chains[chain] if s.n == n)


MAIN_NS = [1, 2, 3, 4, 6, 7]
CONFIRMED = [6, 7]


# ------------------------------------------------------------------------ the good cases


@pytest.mark.parametrize("n", CONFIRMED)
def test_a_first_bundle_is_imported_with_its_results(chains: dict, n: int) -> None:
    snap = snap_at(chains, "main", n)
    imported(run(snap.zip), snap)


def test_the_intake_is_frozen(chains: dict) -> None:
    result = run(snap_at(chains, "main", 7).zip)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.outcome = "refused"


def test_the_imported_results_name_the_election(chains: dict) -> None:
    result = run(snap_at(chains, "main", 7).zip)
    assert ELECTION_ID in repr(result.results), result.results


@pytest.mark.parametrize("n", MAIN_NS)
def test_the_same_bundle_again_is_unchanged(chains: dict, n: int) -> None:
    snap = snap_at(chains, "main", n)
    result = run(snap.zip, last=last_of(snap))
    assert result.outcome == "unchanged", f"{result.outcome} ({result.code}: {result.message})"
    assert result.entries == snap.n and result.head == snap.head


@pytest.mark.parametrize("before,after", [(a, b) for a in MAIN_NS for b in CONFIRMED if a < b])
def test_a_bundle_that_goes_on_from_the_last_is_imported(
    chains: dict, before: int, after: int
) -> None:
    snap = snap_at(chains, "main", after)
    imported(run(snap.zip, last=last_of(snap_at(chains, "main", before))), snap)


@pytest.mark.parametrize("before", [1, 2, 3])
def test_a_branch_that_shares_the_last_entries_is_imported(chains: dict, before: int) -> None:
    """The fork branch has the same entries 1–3: against a last import at 1–3 it goes on."""
    snap = snap_at(chains, "fork", 7)
    imported(run(snap.zip, last=last_of(snap_at(chains, "main", before))), snap)


@pytest.mark.parametrize(
    "registered",
    [list(REGISTERED), tuple(REGISTERED), set(REGISTERED), frozenset({STATION_FP})],
    ids=["list", "tuple", "set", "only-this-station"],
)
def test_any_collection_of_registered_keys_works(chains: dict, registered: Any) -> None:
    snap = snap_at(chains, "main", 7)
    imported(run(snap.zip, registered=registered), snap)


def test_a_second_registered_station_is_imported(chains: dict) -> None:
    snap = snap_at(chains, "second", 7)
    imported(run(snap.zip), snap, STATION2_FP)


# --------------------------------------------------------------- replay, rollback, fork


@pytest.mark.parametrize("older,newer", [(a, b) for a in MAIN_NS for b in MAIN_NS if a < b])
def test_an_older_bundle_is_refused(chains: dict, older: int, newer: int) -> None:
    """Replay: a copy taken earlier (a USB stick from before) after a later one."""
    result = run(snap_at(chains, "main", older).zip, last=last_of(snap_at(chains, "main", newer)))
    refused(result, "older")


@pytest.mark.parametrize("n", [4, 6, 7])
def test_the_same_length_with_another_head_is_refused_as_older(chains: dict, n: int) -> None:
    result = run(snap_at(chains, "fork", n).zip, last=last_of(snap_at(chains, "main", n)))
    refused(result, "older")


@pytest.mark.parametrize("last_n,new_n", [(4, 6), (4, 7), (6, 7)])
def test_a_longer_bundle_of_another_history_is_a_fork(
    chains: dict, last_n: int, new_n: int
) -> None:
    result = run(snap_at(chains, "fork", new_n).zip, last=last_of(snap_at(chains, "main", last_n)))
    refused(result, "fork")


@pytest.mark.parametrize(
    "head",
    ["0" * 64, "f" * 64, sha(b"forged"), "", "not a head"],
    ids=["zeros", "fs", "random", "empty", "text"],
)
def test_a_last_head_the_bundle_does_not_hold_is_a_fork(chains: dict, head: str) -> None:
    snap = snap_at(chains, "main", 7)
    result = run(snap.zip, last=Imported(entries=3, head=head, fingerprint=STATION_FP))
    refused(result, "fork")


def test_a_last_head_of_another_position_is_a_fork(chains: dict) -> None:
    """The head of entry 6 recorded as if it were entry 4's."""
    six = snap_at(chains, "main", 6)
    result = run(
        snap_at(chains, "main", 7).zip,
        last=Imported(entries=4, head=six.head, fingerprint=STATION_FP),
    )
    refused(result, "fork")


def test_a_last_import_longer_than_any_bundle_is_older(chains: dict) -> None:
    result = run(
        snap_at(chains, "main", 7).zip,
        last=Imported(entries=1000, head=sha(b"x"), fingerprint=STATION_FP),
    )
    refused(result, "older")


def test_the_other_station_after_this_one_is_a_fork(chains: dict) -> None:
    """Another registered key for this congress: its entry 1 names another key, so its whole
    chain differs from what was imported."""
    result = run(snap_at(chains, "second", 7).zip, last=last_of(snap_at(chains, "main", 6)))
    refused(result, "fork")


def test_the_other_station_at_the_same_length_is_older(chains: dict) -> None:
    result = run(snap_at(chains, "second", 7).zip, last=last_of(snap_at(chains, "main", 7)))
    refused(result, "older")


def test_a_rewritten_history_signed_with_the_stations_key_is_a_fork(chains: dict) -> None:
    """The station's key stolen: batch B retyped, everything recomputed and re-signed, two
    entries more. It verifies, but it is not the history imported."""
    forged = _resigned(snap_at(chains, "main", 7), retype=True, extra_exports=2)
    assert _verify_ok(forged)
    result = run(forged, last=last_of(snap_at(chains, "main", 6)))
    refused(result, "fork")


def test_a_rewritten_history_of_the_same_length_is_older(chains: dict) -> None:
    forged = _resigned(snap_at(chains, "main", 7), retype=True)
    assert _verify_ok(forged)
    refused(run(forged, last=last_of(snap_at(chains, "main", 7))), "older")


# --------------------------------------------------------------------- congress and key


@pytest.mark.parametrize("n", CONFIRMED)
def test_a_bundle_of_another_congress_is_refused(chains: dict, n: int) -> None:
    refused(run(snap_at(chains, "other", n).zip), "other_congress")


@pytest.mark.parametrize(
    "congress_id",
    [OTHER_CONGRESS["id"], "adv-202", "adv-2025x", "adv-2025 ", " adv-2025", "ADV-2025", "x"],
)
def test_a_bundle_is_only_for_its_own_congress(chains: dict, congress_id: str) -> None:
    refused(run(snap_at(chains, "main", 7).zip, congress_id=congress_id), "other_congress")


def test_another_congress_with_the_last_of_this_one_is_refused(chains: dict) -> None:
    result = run(snap_at(chains, "other", 7).zip, last=last_of(snap_at(chains, "main", 6)))
    refused(result, "other_congress")


@pytest.mark.parametrize(
    "registered",
    [
        frozenset(),
        frozenset({STATION2_FP}),
        frozenset({ROGUE_FP}),
        frozenset({STATION_FP[:9]}),
        frozenset({STATION_FP[:-1]}),
        frozenset({STATION_FP[:-1] + ("0" if STATION_FP[-1] != "0" else "1")}),
        frozenset({""}),
        frozenset({bytes(signing(STATION_SEED).verify_key).hex()}),
        frozenset({fingerprint_hex(bytes(signing(OFFICE_SEED).verify_key))}),
    ],
    ids=[
        "none",
        "other-station",
        "rogue",
        "prefix",
        "one-short",
        "last-digit",
        "empty-string",
        "public-key-not-fingerprint",
        "office",
    ],
)
def test_a_key_not_registered_is_refused(chains: dict, registered: Any) -> None:
    refused(run(snap_at(chains, "main", 7).zip, registered=registered), "unregistered_key")


def test_a_rogue_station_is_refused(chains: dict) -> None:
    refused(run(snap_at(chains, "rogue", 7).zip), "unregistered_key")


def test_a_bundle_re_signed_by_a_rogue_key_is_refused(chains: dict) -> None:
    """The station's bundle, every signature remade with a rogue key (entry 1 names it)."""
    forged = _rekeyed(snap_at(chains, "main", 7), ROGUE_SEED)
    assert _verify_ok(forged)
    refused(run(forged), "unregistered_key")


@pytest.mark.parametrize("where", ["entry-1", "manifest", "both"])
def test_a_rogue_key_claiming_the_stations_fingerprint_is_refused(chains: dict, where: str) -> None:
    """Re-signed by a rogue key whose record.opened and/or manifest *say* the registered
    station's fingerprint (daihoi.record.verify does not check those fields against the key):
    the intake must compute the fingerprint from the key, never believe the text."""
    import nacl.signing

    b = _bundle(snap_at(chains, "main", 7), ROGUE_SEED)
    public = bytes(nacl.signing.SigningKey(ROGUE_SEED).verify_key).hex()
    opened = b.entries[0]["data"]
    opened["key"] = b.signed["manifest"]["key"] = public
    opened["fingerprint"] = STATION_FP if where != "manifest" else ROGUE_FP
    b.signed["manifest"]["fingerprint"] = STATION_FP if where != "entry-1" else ROGUE_FP
    b.forge()
    result = run(b.zip_bytes())
    refused(result, "unregistered_key", "tampered")


def test_the_imported_results_are_the_bundles(chains: dict) -> None:
    result = run(snap_at(chains, "main", 7).zip)
    assert "Trần Thị Bình" in repr(result.results), result.results


def test_a_rogue_bundle_after_a_real_import_is_refused(chains: dict) -> None:
    result = run(snap_at(chains, "rogue", 7).zip, last=last_of(snap_at(chains, "main", 4)))
    refused(result, "unregistered_key")


# ---------------------------------------------------------------------- tampered


def _verify_ok(data: bytes) -> bool:
    from daihoi.record import verify

    return verify(data).exit_code == 0


def _bundle(snap: Snapshot, seed: bytes = STATION_SEED) -> Bundle:
    return Bundle(zip_members(snap.zip), seed)


def _resigned(snap: Snapshot, *, retype: bool = False, extra_exports: int = 0) -> bytes:
    b = _bundle(snap)
    if retype:
        for entry in b.entries:
            if entry["kind"] == "manual.entry" and entry["data"]["batch"] == "B":
                entry["data"]["operators"] = ["hung", "vinh"]
        name = f"rounds/{ELECTION_ID}-1/manual.json"
        manual = b.json(name)
        for e in manual["entries"]:
            if e["batch"] == "B":
                e["operators"] = ["hung", "vinh"]
        b.put_json(name, manual)
        from daihoi.record.canonical import canonical_json

        entries = [e for e in manual["entries"] if e["batch"] == "B"]
        for entry in b.entries:
            if entry["kind"] == "manual.entry" and entry["data"]["batch"] == "B":
                entry["data"]["entries"] = sha(canonical_json(entries))
    for i in range(extra_exports):
        b.entries.append(
            {
                "kind": "export",
                "data": {"by": "hung", "at": f"2025-07-11T12:0{i}:00+07:00", "what": "usb"},
            }
        )
    b.forge()
    return b.zip_bytes()


def _rekeyed(snap: Snapshot, seed: bytes) -> bytes:
    import nacl.signing

    b = _bundle(snap, seed)
    key = nacl.signing.SigningKey(seed)
    opened = b.entries[0]["data"]
    opened["key"] = bytes(key.verify_key).hex()
    opened["fingerprint"] = fingerprint_hex(bytes(key.verify_key))
    b.signed["manifest"]["key"] = opened["key"]
    b.signed["manifest"]["fingerprint"] = opened["fingerprint"]
    b.forge()
    return b.zip_bytes()


def _results_changed(resign: bool) -> Any:
    def change(snap: Snapshot) -> bytes:
        b = _bundle(snap)
        name = f"rounds/{ELECTION_ID}-1/results.json"
        results = b.json(name)
        text = json.dumps(results, ensure_ascii=False)
        assert '"votes": 6' in text, text
        results = json.loads(text.replace('"votes": 6', '"votes": 8'))
        b.put_json(name, results)
        if resign:
            b.forge()
        return b.zip_bytes()

    return change


def _members_changed(edit: Any) -> Any:
    def change(snap: Snapshot) -> bytes:
        members = zip_members(snap.zip)
        edit(members)
        return std_zip(members)

    return change


def _log_lines(edit: Any) -> Any:
    def change(members: dict[str, bytes]) -> None:
        lines = members["log.jsonl"].splitlines(keepends=True)
        members["log.jsonl"] = b"".join(edit(lines))

    return _members_changed(change)


def _flip_json(member: str, key: str) -> Any:
    def change(members: dict[str, bytes]) -> None:
        text = members[member].decode()
        at = text.index(f'"{key}":"') + len(key) + 5
        swap = "0" if text[at] != "0" else "1"
        members[member] = (text[:at] + swap + text[at + 1 :]).encode()

    return _members_changed(change)


def _appended_entry(snap: Snapshot) -> bytes:
    """One entry more in the log, signed, after the manifest's head: incomplete."""
    b = _bundle(snap)
    manifest = json.loads(json.dumps(b.signed))
    b.entries.append({"kind": "export", "data": {"by": "hung", "at": "x", "what": "usb"}})
    b.rechain()
    b.signed = manifest
    return b.zip_bytes()


def _duplicate(member_of: Any) -> Any:
    def change(snap: Snapshot) -> bytes:
        members = zip_members(snap.zip)
        name = member_of(members)
        pairs = [Member(n, d) for n, d in members.items()]
        pairs.append(Member(name, members[name] + b" "))
        return raw_zip(pairs)

    return change


TAMPERED = {
    "results-changed": _results_changed(resign=False),
    "results-changed-and-resigned-by-the-station": _results_changed(resign=True),
    "last-entry-dropped": _log_lines(lambda lines: lines[:-1]),
    "middle-entry-dropped": _log_lines(lambda lines: lines[:2] + lines[3:]),
    "entries-swapped": _log_lines(lambda lines: [lines[0], lines[2], lines[1], *lines[3:]]),
    "log-emptied": _log_lines(lambda lines: []),
    "torn-line": _log_lines(lambda lines: [*lines, b'{"data":{},"hash":"']),
    "entry-after-the-head": _appended_entry,
    "manifest-signature-flipped": _flip_json("manifest.json", "signature"),
    "entry-signature-flipped": _flip_json("log.jsonl", "sig"),
    "file-removed": _members_changed(lambda m: m.pop(f"rounds/{ELECTION_ID}-1/manual.json")),
    "manifest-removed": _members_changed(lambda m: m.pop("manifest.json")),
    "file-added": _members_changed(lambda m: m.update({"notes.txt": b"x"})),
    "traversal-added": _members_changed(lambda m: m.update({"../../evil.txt": b"x"})),
    "absolute-added": _members_changed(lambda m: m.update({"/etc/cron.d/x": b"x"})),
    "directory-added": _members_changed(lambda m: m.update({"rounds/": b""})),
    "image-not-its-hash": _members_changed(lambda m: m.update({f"images/{'0' * 64}.png": b"x"})),
    "minutes-changed": _members_changed(
        lambda m: m.update({f"rounds/{ELECTION_ID}-1/minutes.pdf": b"%PDF-1.4 forged"})
    ),
    "duplicate-results": _duplicate(lambda m: f"rounds/{ELECTION_ID}-1/results.json"),
    "duplicate-manifest": _duplicate(lambda m: "manifest.json"),
    "duplicate-log": _duplicate(lambda m: "log.jsonl"),
}


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_a_tampered_bundle_is_refused(chains: dict, name: str) -> None:
    data = TAMPERED[name](snap_at(chains, "main", 7))
    refused(run(data), "tampered", *(("not_bundle",) if name == "manifest-removed" else ()))


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_a_tampered_bundle_is_refused_even_after_an_import(chains: dict, name: str) -> None:
    data = TAMPERED[name](snap_at(chains, "main", 7))
    result = run(data, last=last_of(snap_at(chains, "main", 6)))
    refused(result, "tampered", *(("not_bundle",) if name == "manifest-removed" else ()))


# ---------------------------------------------------------------------- not a bundle


def _package() -> bytes:
    return Forged(signing(OFFICE_SEED), dict(CONGRESS), files={"a": b"x"}).ready().zip()


NOT_BUNDLES = {
    "empty": lambda s: b"",
    "one-byte": lambda s: b"P",
    "random": lambda s: os.urandom(4096),
    "text": lambda s: "hồ sơ kết quả".encode(),
    "nul": lambda s: b"\0" * 4096,
    "pdf": lambda s: b"%PDF-1.4\n%%EOF\n",
    "gzip-of-bundle": lambda s: gzip.compress(s.zip),
    "zip-of-a-text": lambda s: std_zip({"hello.txt": b"xin chao"}),
    "empty-zip": lambda s: std_zip({}),
    "office-package": lambda s: _package(),
    "zip-in-a-zip": lambda s: std_zip({"q1.bundle.zip": s.zip}),
    "cut-1-byte": lambda s: s.zip[:-1],
    "cut-22-bytes": lambda s: s.zip[:-22],
    "cut-half": lambda s: s.zip[: len(s.zip) // 2],
    "cut-to-100": lambda s: s.zip[:100],
}


@pytest.mark.parametrize("name", sorted(NOT_BUNDLES))
def test_what_is_not_a_bundle_is_refused(chains: dict, name: str) -> None:
    refused(run(NOT_BUNDLES[name](snap_at(chains, "main", 7))), "not_bundle")


# ---------------------------------------------------------------------- unconfirmed


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_an_unconfirmed_bundle_is_never_imported_with_results(chains: dict, n: int) -> None:
    snap = snap_at(chains, "unconfirmed", n)
    result = run(snap.zip)
    if result.outcome == "refused":
        refused(result, "unconfirmed")
    else:
        imported(result, snap)


def test_a_reopened_round_is_not_imported_as_results(chains: dict) -> None:
    """Confirmed, then reopened: nothing stands confirmed in the last bundle."""
    snap = chains["reopened"][-1]
    assert snap.n == 8 and not snap.confirmed
    for last in (None, last_of(snap_at(chains, "main", 7))):
        result = run(snap.zip, last=last)
        if result.outcome == "refused":
            refused(result, "unconfirmed")
        else:
            imported(result, snap)


# ---------------------------------------------------------------------- fuzzing


def _positions(size: int, count: int) -> list[int]:
    return sorted({int(size * i / count) for i in range(count)})


@pytest.mark.parametrize("at", range(0, 40))
def test_a_flipped_byte_never_crashes(chains: dict, at: int) -> None:
    snap = snap_at(chains, "main", 7)
    where = _positions(len(snap.zip), 40)[at]
    data = bytearray(snap.zip)
    data[where] ^= 0x41
    result = run(bytes(data), last=last_of(snap_at(chains, "main", 6)))
    if result.outcome != "refused":  # a byte the bundle does not depend on (a zip date…)
        imported(result, snap)
    else:
        refused(result, "tampered", "not_bundle")


@pytest.mark.parametrize("at", range(0, 20))
def test_a_truncated_bundle_never_crashes(chains: dict, at: int) -> None:
    snap = snap_at(chains, "main", 7)
    keep = _positions(len(snap.zip), 20)[at]
    refused(run(snap.zip[:keep]), "not_bundle", "tampered")


# ---------------------------------------------------------------------- too large


def _bomb(snap: Snapshot, members: int = 4) -> bytes:
    """The station's bundle and ``members`` images of 2 GiB of zeros each, listed in the
    manifest with that size and signed with the station's key (a stolen key, or a station
    gone wrong): 8 GiB to inflate, 8 MB on the wire."""
    stream, size, _ = zeros_deflated(2048, False)  # CRC left 0: a careful intake never inflates it
    b = _bundle(snap)
    listed = dict(b.signed["manifest"]["files"])
    names = [f"images/{sha(bytes([i]))}.png" for i in range(members)]
    for name in names:
        listed[name] = {"sha256": name[7:71], "size": size}
    b.remanifest(files=listed)
    parts = [Member(n, d) for n, d in b.all_files().items()]
    parts += [Member(n, stream, raw=True, size=size, crc=0) for n in names]
    return raw_zip(parts)


def _in_child(conn: Any, data: bytes, limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = decide(data, congress_id=CONGRESS["id"], registered=REGISTERED, last=None)
        conn.send(("ok", result.outcome, result.code, result.message))
    except BaseException as exc:
        conn.send(("crash", type(exc).__name__, str(exc)[:200], ""))


def test_a_zip_bomb_is_refused_as_too_large(chains: dict) -> None:
    """Run in a child process whose address space is capped at 1.5 GB above what it has, with
    a deadline: an intake that inflates the bomb runs out of memory or time there."""
    data = _bomb(snap_at(chains, "main", 7))
    assert len(data) < 20_000_000
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[0])
    limit = pages * resource.getpagesize() + (1536 << 20)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_in_child, args=(child, data, limit))
    started = time.monotonic()
    proc.start()
    try:
        if not parent.poll(30):
            pytest.fail("decide took more than 30 s on a zip bomb (it is inflating it)")
        status, outcome, code, message = parent.recv()
    finally:
        proc.kill()
        proc.join()
    assert status == "ok", f"decide crashed on a zip bomb: {outcome}: {code}"
    assert outcome == "refused" and code == "too_large", f"{outcome} {code}: {message}"
    assert time.monotonic() - started < 30


def test_a_lying_zip_bomb_is_refused(chains: dict) -> None:
    """The zip's header says 100 bytes, the manifest too; it inflates to 2 GiB."""
    snap = snap_at(chains, "main", 7)
    stream, _, _ = zeros_deflated(2048, False)
    b = _bundle(snap)
    name = f"images/{'1' * 64}.png"
    listed = dict(b.signed["manifest"]["files"])
    listed[name] = {"sha256": "1" * 64, "size": 100}
    b.remanifest(files=listed)
    parts = [Member(n, d) for n, d in b.all_files().items()]
    parts.append(Member(name, stream, raw=True, size=100, crc=0))
    started = time.process_time()
    result = run(raw_zip(parts))
    assert time.process_time() - started < 10
    refused(result, "tampered", "too_large")


# ---------------------------------------------------------------- what the contract leaves open


@pytest.mark.parametrize(
    "form",
    [STATION_FP.upper(), STATION_FP.replace("-", ""), STATION_FP.replace("-", " ")],
    ids=["upper", "no-dashes", "spaces"],
)
def test_ambiguous_registered_fingerprints_are_compared_normalised(chains: dict, form: str) -> None:
    snap = snap_at(chains, "main", 7)
    imported(run(snap.zip, registered=frozenset({form})), snap)


def test_ambiguous_imported_and_unchanged_say_so_in_vietnamese(chains: dict) -> None:
    snap = snap_at(chains, "main", 7)
    for last in (None, last_of(snap)):
        result = run(snap.zip, last=last)
        assert is_vietnamese(result.message), (result.outcome, result.message)


def test_ambiguous_a_last_head_in_upper_case_is_the_same_head(chains: dict) -> None:
    snap = snap_at(chains, "main", 7)
    last = Imported(entries=snap.n, head=snap.head.upper(), fingerprint=STATION_FP)
    assert run(snap.zip, last=last).outcome == "unchanged"


def test_ambiguous_an_unconfirmed_bundle_after_a_confirmed_import(chains: dict) -> None:
    """Confirmed at 7 and imported; the station reopens (8): may the office import that?"""
    snap = chains["reopened"][-1]
    result = run(snap.zip, last=last_of(snap_at(chains, "main", 7)))
    assert result.outcome != "imported" or _results_empty(result.results)


def test_ambiguous_a_bundle_with_deflate64_member_is_refused_cleanly(chains: dict) -> None:
    snap = snap_at(chains, "main", 7)
    members = zip_members(snap.zip)
    parts = [Member(n, d, method=9 if n.endswith("manual.json") else 8) for n, d in members.items()]
    refused(run(raw_zip(parts)), "tampered", "not_bundle")


def test_ambiguous_a_stored_bundle_is_imported(chains: dict) -> None:
    snap = snap_at(chains, "main", 7)
    imported(run(std_zip(zip_members(snap.zip), zipfile.ZIP_STORED)), snap)
