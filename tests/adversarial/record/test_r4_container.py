"""Class 4: the container (zip or folder) and the command's hygiene: names outside the
bundle, links, duplicate entries, bombs, deep and odd JSON; exit 2 for what is no bundle; the
folder and the zip give one verdict; verify never writes, never hangs, never shows a
traceback."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.adversarial.record._bundle import (
    SAMPLE_FINGERPRINT,
    SAMPLE_ZIP,
    Bundle,
    canonical,
    sha,
    snapshot,
    verify,
)
from tests.adversarial.record.conftest import passes, refused

BCH = "rounds/q1-bch-2025-1/"


def zip_of(entries: list[tuple[str | zipfile.ZipInfo, bytes]], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return path


def sample_entries(b: Bundle) -> list[tuple[str | zipfile.ZipInfo, bytes]]:
    return list(b.all_files().items())


# -- exit 2: not a bundle --------------------------------------------------------------------


@pytest.mark.parametrize(
    "what",
    [
        "missing",
        "empty-file",
        "text",
        "empty-folder",
        "other-folder",
        "zip-of-others",
        "truncated-zip",
        "dev-null",
    ],
)
def test_not_a_bundle(tmp_path: Path, what: str) -> None:
    target = tmp_path / "x.bundle.zip"
    if what == "empty-file":
        target.write_bytes(b"")
    elif what == "text":
        target.write_text("xin chào\n")
    elif what == "empty-folder":
        target.mkdir()
    elif what == "other-folder":
        target.mkdir()
        (target / "ghi-chu.txt").write_text("x")
    elif what == "zip-of-others":
        zip_of([("ghi-chu.txt", b"x")], target)
    elif what == "truncated-zip":
        target.write_bytes(SAMPLE_ZIP.read_bytes()[:5000])
    elif what == "dev-null":
        target = Path("/dev/null")
    refused(verify(target, timeout=30), code=2)


# -- files listed and present ----------------------------------------------------------------


def test_manifest_lists_missing_file(sample: Bundle, tmp_path: Path) -> None:
    sample.files[BCH + "extra.json"] = b"{}\n"
    sample.remanifest()
    del sample.files[BCH + "extra.json"]
    refused(verify(sample.write_zip(tmp_path / "b.zip")), BCH + "extra.json")


def test_manifest_omits_present_file(sample: Bundle, tmp_path: Path) -> None:
    listed = {
        n: {"sha256": sha(d), "size": len(d)}
        for n, d in sample.files.items()
        if n != BCH + "minutes.pdf"
    }
    sample.remanifest(files=listed)
    refused(verify(sample.write_zip(tmp_path / "b.zip")), BCH + "minutes.pdf")


def test_manifest_size_lies(sample: Bundle, tmp_path: Path) -> None:
    sample.remanifest()
    sample.signed["manifest"]["files"][BCH + "minutes.pdf"]["size"] += 1
    sample.resign_manifest()
    refused(verify(sample.write_zip(tmp_path / "b.zip")), BCH + "minutes.pdf")


@pytest.mark.parametrize(
    "name",
    [
        "extra.txt",
        "../evil.json",
        "/tmp/evil.json",
        "rounds\\q1-bch-2025-1\\x.json",
        ".pending/manifest.json",
        "__MACOSX/._manifest.json",
        "rounds/q1-bch-2025-1/.hidden",
        "images/deadbeef.png",
        "rounds/q1-bch-2025-1/records.json/",
    ],
)
def test_unlisted_entry_in_zip(sample: Bundle, tmp_path: Path, name: str) -> None:
    """A zip holds nothing the manifest does not list (a directory entry named like a file
    included)."""
    path = zip_of(
        [*sample_entries(sample), (name, b"" if name.endswith("/") else b"{}\n")],
        tmp_path / "b.zip",
    )
    refused(verify(path))


@pytest.mark.parametrize(
    "name",
    [
        "../evil.json",
        "/etc/hostname",
        "rounds/../../evil.json",
        "rounds\\..\\..\\evil.json",
        ".pending/x.json",
    ],
)
def test_manifest_lists_name_outside_bundle(sample: Bundle, tmp_path: Path, name: str) -> None:
    """The manifest (signed by the key holder) lists a file outside the bundle folder whose
    bytes are there with the right hash: refused (names are letters, digits, . _ - /, never
    beginning with .), never read outside the folder."""
    outside = Path("/etc/hostname") if name.startswith("/etc") else tmp_path / "evil.json"
    if not name.startswith("/etc"):
        outside.write_bytes(b"{}\n")
    folder = sample.write_folder(tmp_path / "bundle")
    data = outside.read_bytes()
    sample.remanifest()
    sample.signed["manifest"]["files"][name] = {"sha256": sha(data), "size": len(data)}
    sample.resign_manifest()
    sample.write_folder(folder)
    refused(verify(folder))


def test_duplicate_zip_entry(sample: Bundle, tmp_path: Path) -> None:
    """Two entries named results.json: the first genuine, the second with a vote more. One
    unzipper shows the one, another the other: refused."""
    r = sample.json(BCH + "results.json")
    r["candidates"][0]["votes"] += 1
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = zip_of(
            [*sample_entries(sample), (BCH + "results.json", canonical(r))], tmp_path / "b.zip"
        )
    refused(verify(path), BCH + "results.json")


def test_duplicate_zip_entry_identical(sample: Bundle, tmp_path: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = zip_of(
            [*sample_entries(sample), ("log.jsonl", sample.log_bytes())], tmp_path / "b.zip"
        )
    refused(verify(path), "log.jsonl")


def test_non_utf8_entry_name(sample: Bundle, tmp_path: Path) -> None:
    data = bytearray(
        zip_of(
            [*sample_entries(sample), ("rounds/Xx.json", b"{}")], tmp_path / "a.zip"
        ).read_bytes()
    )
    i = data.find(b"rounds/Xx.json")
    while i != -1:
        data[i + 7] = 0xFF
        i = data.find(b"rounds/Xx.json", i + 1)
    (tmp_path / "b.zip").write_bytes(
        bytes(data).replace(b"rounds/\xffx.json", b"rounds/\xffx.json")
    )
    refused(verify(tmp_path / "b.zip"))


def test_zip_bomb_unlisted(sample: Bundle, tmp_path: Path) -> None:
    """An unlisted entry of 1 GB of zeros (1 MB compressed): refused quickly."""
    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sample_entries(sample):
            z.writestr(name, data)
        with z.open("bomb.bin", "w", force_zip64=True) as f:
            block = bytes(1 << 20)
            for _ in range(1024):
                f.write(block)
    refused(verify(path, timeout=120, memory_mb=600))


def _bomb(sample: Bundle, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sample_entries(sample):
            if name != BCH + "records.json":
                z.writestr(name, data)
        with z.open(BCH + "records.json", "w", force_zip64=True) as f:
            block = b" " * (1 << 20)
            for _ in range(1024):
                f.write(block)
    return path


def test_zip_bomb_as_listed_file(sample: Bundle, tmp_path: Path) -> None:
    """records.json replaced by 1 GB of spaces (1 MB compressed), manifest left, on a PC with
    600 MB to spare: refused naming the file, no crash."""
    refused(
        verify(_bomb(sample, tmp_path / "b.zip"), timeout=120, memory_mb=600), BCH + "records.json"
    )


@pytest.mark.slow
def test_zip_bomb_not_inflated(sample: Bundle, tmp_path: Path) -> None:
    """The same 1 MB zip with no limit: the zip declares 1,073,741,824 bytes where the manifest
    lists 50,531, so verify owes no more than a bounded read; it must not take gigabytes."""
    import resource

    path = _bomb(sample, tmp_path / "b.zip")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    run = verify(path, timeout=120)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    refused(run, BCH + "records.json")
    assert peak_kb < 512 * 1024 or peak_kb == before, f"verify peaked at {peak_kb // 1024} MB"


def test_deeply_nested_records_resigned(sample: Bundle, tmp_path: Path) -> None:
    """records.json of 10 MB: a record nested 5 million deep, correctly listed and signed."""
    sample.files[BCH + "records.json"] = b"[" * 5_000_000 + b"]" * 5_000_000
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip"), timeout=60), BCH + "records.json")


def test_deeply_nested_manifest(sample: Bundle, tmp_path: Path) -> None:
    files = sample.all_files()
    files["manifest.json"] = b'{"manifest":' + b"[" * 200_000 + b"]" * 200_000 + b"}\n"
    refused(verify(zip_of(list(files.items()), tmp_path / "b.zip"), timeout=60), "manifest")


def test_deeply_nested_log_line(sample: Bundle, tmp_path: Path) -> None:
    files = sample.all_files()
    files["log.jsonl"] += b'{"data":' + b"[" * 200_000 + b"]" * 200_000 + b"}\n"
    line = str(len(sample.entries) + 1)  # the line after the sample's last entry
    refused(verify(zip_of(list(files.items()), tmp_path / "b.zip"), timeout=60), line)


def test_duplicate_key_in_log_line(sample: Bundle, tmp_path: Path) -> None:
    """pages.read with `total` twice (10 then 30): a reader keeping the first sees 10."""
    files = sample.all_files()
    lines = files["log.jsonl"].splitlines(keepends=True)
    lines[2] = lines[2].replace(b'"round":1,"total":10}', b'"round":1,"total":10,"total":10}')
    assert b'"total":10,"total"' in lines[2]
    files["log.jsonl"] = b"".join(lines)
    refused(verify(zip_of(list(files.items()), tmp_path / "b.zip")), "3")


def test_duplicate_key_in_manifest(sample: Bundle, tmp_path: Path) -> None:
    files = sample.all_files()
    m = files["manifest.json"]
    files["manifest.json"] = m.replace(
        b'"format":"daihoi-bundle/1",', b'"format":"daihoi-bundle/1","format":"daihoi-bundle/1",'
    )
    refused(verify(zip_of(list(files.items()), tmp_path / "b.zip")), "manifest")


def test_nan_in_log_entry(sample: Bundle, tmp_path: Path) -> None:
    """An export entry whose `at` is NaN, chained and signed over Python's json.dumps form
    (which writes NaN): the contract says no NaN."""
    sample.entries.insert(
        17, {"kind": "export", "data": {"at": float("nan"), "by": "hung", "what": "usb"}}
    )
    import tests.adversarial.record._bundle as B

    real = B.canonical
    B.canonical = lambda v: json.dumps(
        v,
        sort_keys=True,
        separators=(",", ":"),  # type: ignore
        ensure_ascii=False,
    ).encode()
    try:
        sample.rechain()
        sample.remanifest()
        path = sample.write_zip(tmp_path / "b.zip")
    finally:
        B.canonical = real
    refused(verify(path), "18")


def test_nan_score_in_records(sample: Bundle, tmp_path: Path) -> None:
    recs = json.loads(sample.files[BCH + "records.json"])
    rec = recs["records"][0]
    rec["scanned"]["rows"][0]["scores"] = {
        k: float("nan") for k in rec["scanned"]["rows"][0]["scores"]
    } or {"strike": float("nan")}
    sample.files[BCH + "records.json"] = json.dumps(recs, ensure_ascii=False).encode()
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), BCH + "records.json")


def _results_change(sample: Bundle, change) -> None:
    for name in ("results.json", "minutes.json"):
        r = sample.json(BCH + name)
        change(r)
        sample.put_json(BCH + name, r)


def test_vote_as_bool(sample: Bundle, tmp_path: Path) -> None:
    """Lê Văn Đức's 1 vote written `true` in the results (True == 1 in Python)."""

    def change(r: dict) -> None:
        next(c for c in r["candidates"] if c["name"] == "Lê Văn Đức")["votes"] = True

    _results_change(sample, change)
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), "results.json")


def test_vote_as_float(sample: Bundle, tmp_path: Path) -> None:
    """26 votes written 26.0 (integers as written)."""

    def change(r: dict) -> None:
        r["candidates"][0]["votes"] = 26.0

    _results_change(sample, change)
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), "results.json")


def test_vote_as_string(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict) -> None:
        r["candidates"][0]["votes"] = "26"

    _results_change(sample, change)
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), "results.json")


def test_counted_as_float(sample: Bundle, tmp_path: Path) -> None:
    def change(r: dict) -> None:
        r["ballots"]["counted"] = 30.0

    _results_change(sample, change)
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), "results.json")


def test_pages_total_as_string(sample: Bundle, tmp_path: Path) -> None:
    sample.entries[4]["data"]["total"] = "30"
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), "5")


def test_pages_total_as_float(sample: Bundle, tmp_path: Path) -> None:
    sample.entries[4]["data"]["total"] = 30.0
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), "5")


def test_round_as_bool(sample: Bundle, tmp_path: Path) -> None:
    """round.created with round `true` (== 1 in Python) for round 1."""
    sample.entries[1]["data"]["round"] = True
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), "2")


def test_image_copy_as_bool(sample: Bundle, tmp_path: Path) -> None:
    recs = sample.json(BCH + "records.json")
    recs["records"][0]["image"]["copy"] = False
    sample.put_json(BCH + "records.json", recs)
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), BCH + "records.json")


def test_records_not_json(sample: Bundle, tmp_path: Path) -> None:
    sample.files[BCH + "records.json"] = b"\xff\xfe not json"
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), BCH + "records.json")


def test_records_json_is_a_list(sample: Bundle, tmp_path: Path) -> None:
    sample.files[BCH + "records.json"] = b"[]\n"
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), BCH + "records.json")


def test_image_not_named_by_its_hash(sample: Bundle, tmp_path: Path) -> None:
    recs = sample.json(BCH + "records.json")
    page = recs["records"][0]["image"]["sha256"]
    sample.files[f"images/{page}.png"] = b"\x89PNG not the page"
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), f"images/{page}.png")


def test_image_of_no_page(sample: Bundle, tmp_path: Path) -> None:
    data = b"\x89PNG an image of no page"
    sample.files[f"images/{sha(data)}.png"] = data
    refused(verify(sample.forge().write_zip(tmp_path / "b.zip")), f"images/{sha(data)}.png")


# -- the folder ------------------------------------------------------------------------------


def test_symlink_to_dev_zero_in_folder(sample: Bundle, tmp_path: Path) -> None:
    """records.json a symlink to /dev/zero: refused, never read forever."""
    folder = sample.write_folder(tmp_path / "bundle")
    (folder / BCH / "records.json").unlink()
    (folder / BCH / "records.json").symlink_to("/dev/zero")
    refused(verify(folder, timeout=30), BCH + "records.json")


def test_fifo_as_log_in_folder(sample: Bundle, tmp_path: Path) -> None:
    """log.jsonl a named pipe nobody writes to: refused, never blocks."""
    folder = sample.write_folder(tmp_path / "bundle")
    (folder / "log.jsonl").unlink()
    os.mkfifo(folder / "log.jsonl")
    refused(verify(folder, timeout=30), "log.jsonl")


def test_symlink_outside_same_bytes(sample: Bundle, tmp_path: Path) -> None:
    """minutes.pdf a symlink to a copy outside the folder (same bytes): either refused as not
    a file of the bundle or accepted; never a crash."""
    folder = sample.write_folder(tmp_path / "bundle")
    target = tmp_path / "outside.pdf"
    target.write_bytes((folder / BCH / "minutes.pdf").read_bytes())
    (folder / BCH / "minutes.pdf").unlink()
    (folder / BCH / "minutes.pdf").symlink_to(target)
    run = verify(folder)
    assert "Traceback" not in run.text and run.code in (0, 3), run


def test_folder_symlink_loop(sample: Bundle, tmp_path: Path) -> None:
    """An unlisted directory symlink pointing at its parent (a loop) in the folder: ignored
    or refused, never followed forever."""
    folder = sample.write_folder(tmp_path / "bundle")
    (folder / "rounds" / "loop").symlink_to(folder / "rounds")
    run = verify(folder, timeout=30)
    assert "Traceback" not in run.text and run.code in (0, 3), run


def test_folder_symlinked_directory_with_unlisted_file(sample: Bundle, tmp_path: Path) -> None:
    """An unlisted directory reached through a symlink, holding a file: a file the manifest
    does not list."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.json").write_text("{}")
    folder = sample.write_folder(tmp_path / "bundle")
    (folder / "rounds" / "extra").symlink_to(other)
    refused(verify(folder, timeout=30))


def test_folder_unlisted_file(sample: Bundle, tmp_path: Path) -> None:
    folder = sample.write_folder(tmp_path / "bundle")
    (folder / BCH / "ghi-chu.txt").write_text("x")
    refused(verify(folder), BCH + "ghi-chu.txt")


def test_folder_hidden_file_ignored(sample: Bundle, tmp_path: Path) -> None:
    """A verifier of a folder ignores names beginning with `.` (a .DS_Store)."""
    folder = sample.write_folder(tmp_path / "bundle")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / BCH / ".~lock.minutes.pdf#").write_text("x")
    passes(verify(folder, "--key", SAMPLE_FINGERPRINT))


def test_folder_stale_pending_put(sample: Bundle, tmp_path: Path) -> None:
    """A pending put not yet committed (`.pending/rounds/…/records.json`, no pending
    manifest): not part of the bundle, the committed one verifies."""
    folder = sample.write_folder(tmp_path / "bundle")
    (folder / ".pending" / BCH).mkdir(parents=True)
    (folder / ".pending" / BCH / "records.json").write_bytes(b"garbage")
    passes(verify(folder))


def test_folder_with_log_and_no_manifest(sample: Bundle, tmp_path: Path) -> None:
    """bundle.md: a folder with a log and no manifest yet is incomplete at entry 0."""
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "log.jsonl").write_bytes(sample.log_bytes())
    refused(verify(folder), "0")


VERDICTS = {
    "genuine": lambda b: b,
    "one-vote": lambda b: _one_vote(b),
    "tail": lambda b: _tail(b),
    "flipped-record": lambda b: _flip(b),
}


def _one_vote(b: Bundle) -> Bundle:
    _results_change(b, lambda r: r["candidates"][0].__setitem__("votes", 27))
    return b.forge()


def _tail(b: Bundle) -> Bundle:
    b.entries.append({"kind": "export", "data": {"at": "x", "by": "hung", "what": "usb"}})
    b.rechain()
    return b


def _flip(b: Bundle) -> Bundle:
    b.files[BCH + "records.json"] = b.files[BCH + "records.json"].replace(b'"kept"', b'"struk"', 1)
    return b


@pytest.mark.parametrize("case", sorted(VERDICTS))
def test_folder_and_zip_same_verdict(sample: Bundle, tmp_path: Path, case: str) -> None:
    b = VERDICTS[case](sample)
    z = verify(b.write_zip(tmp_path / "b.zip"))
    f = verify(b.write_folder(tmp_path / "b"))
    assert "Traceback" not in z.text + f.text
    assert (z.code, z.text) == (f.code, f.text), (z, f)


# -- verify writes nothing -------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(VERDICTS))
def test_writes_nothing(sample: Bundle, tmp_path: Path, case: str) -> None:
    """Neither in the bundle folder, nor beside the zip, nor in the working directory (even
    with --partial on an incomplete folder, which a station would repair)."""
    b = VERDICTS[case](sample)
    b.write_zip(tmp_path / "b.zip")
    b.write_folder(tmp_path / "b")
    (tmp_path / "b" / "log.jsonl").write_bytes(
        (tmp_path / "b" / "log.jsonl").read_bytes() + b'{"torn'
    )
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    before = snapshot(tmp_path)
    for target in (tmp_path / "b.zip", tmp_path / "b"):
        for args in ((), ("--partial",), ("--head", sample.head)):
            verify(target, *args, cwd=cwd)
    assert snapshot(tmp_path) == before
