"""The congress package (gói đại hội): the office signs it, a hall station checks it.

Mallory, between the office and the hall, changes the package in the ways the tests name; the
station must refuse each with its code and a Vietnamese sentence, never with another error.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import pytest

from daihoi.cli.main import main
from daihoi.record import StationKey
from daihoi.record.canonical import canonical_json, sha256_hex
from daihoi.record.package import (
    MANIFEST,
    SIGNATURE,
    ZIP_TIME,
    PackageError,
    make_package,
    read_package,
    signed_message,
)

CONGRESS = {"id": "Q1-2025-2030-7", "name": "Đại hội Quận 1", "organisation": "Đảng bộ Quận 1"}
FILES = {
    "congress.json": canonical_json({"name": "Đại hội Quận 1", "term": [2025, 2030]}),
    "elections.json": canonical_json([{"slug": "bch", "seats": 3, "candidates": ["An", "Bình"]}]),
}


@pytest.fixture(scope="module")
def office() -> StationKey:
    return StationKey.from_seed(bytes(range(32)))


@pytest.fixture(scope="module")
def mallory() -> StationKey:
    return StationKey.from_seed(bytes(range(1, 33)))


def package(key: StationKey, sequence: int = 1) -> bytes:
    return make_package(
        FILES, congress=CONGRESS, sequence=sequence, issued_at="2026-12-01T08:00:00Z", key=key
    )


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def changed(data: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    found = members(data)
    change(found)
    return rezip(list(found.items()))


def refused(data: bytes, **options: object) -> PackageError:
    with pytest.raises(PackageError) as caught:
        read_package(data, **options)  # type: ignore[arg-type]
    assert caught.value.message and caught.value.message[0].isupper()
    return caught.value


def test_it_reads_back_what_the_office_signed(office: StationKey) -> None:
    got = read_package(package(office, 3), trusted_fingerprint=office.fingerprint.upper())
    assert got.congress == CONGRESS
    assert got.sequence == 3
    assert got.issued_at == "2026-12-01T08:00:00Z"
    assert got.key == office.public_hex
    assert got.fingerprint == office.fingerprint
    assert got.files == FILES


def test_the_manifest_and_signature_are_as_documented(office: StationKey) -> None:
    found = members(package(office))
    assert sorted(found) == [
        "data/congress.json",
        "data/elections.json",
        MANIFEST,
        SIGNATURE,
    ]
    manifest = json.loads(found[MANIFEST])
    assert canonical_json(manifest) == found[MANIFEST]
    assert manifest["format"] == "daihoi-package/1"
    assert manifest["files"]["congress.json"] == {
        "sha256": sha256_hex(FILES["congress.json"]),
        "size": len(FILES["congress.json"]),
    }
    message = b"daihoi-package/1\n" + sha256_hex(found[MANIFEST]).encode()
    assert message == signed_message(found[MANIFEST])
    import nacl.signing

    nacl.signing.VerifyKey(bytes.fromhex(office.public_hex)).verify(
        message, bytes.fromhex(found[SIGNATURE].decode().strip())
    )


def test_the_same_package_gives_the_same_bytes(office: StationKey) -> None:
    assert package(office) == package(office)


def test_a_tampered_byte_in_a_data_file_is_a_hash_mismatch(office: StationKey) -> None:
    def flip(found: dict[str, bytes]) -> None:
        data = bytearray(found["data/elections.json"])
        data[5] ^= 1
        found["data/elections.json"] = bytes(data)

    assert refused(changed(package(office), flip)).code == "hash_mismatch"


def test_a_longer_data_file_is_a_size_mismatch(office: StationKey) -> None:
    def grow(found: dict[str, bytes]) -> None:
        found["data/congress.json"] += b" "

    assert refused(changed(package(office), grow)).code == "size_mismatch"


def test_a_changed_manifest_breaks_the_signature(office: StationKey) -> None:
    def bump(found: dict[str, bytes]) -> None:
        manifest = json.loads(found[MANIFEST])
        manifest["sequence"] = 99
        found[MANIFEST] = canonical_json(manifest)

    assert refused(changed(package(office), bump)).code == "bad_signature"


def test_a_package_re_signed_by_another_key_is_refused_when_the_office_is_trusted(
    office: StationKey, mallory: StationKey
) -> None:
    forged = package(mallory)
    assert read_package(forged).fingerprint == mallory.fingerprint  # it holds on its own
    error = refused(forged, trusted_fingerprint=office.fingerprint)
    assert error.code == "wrong_key"
    assert mallory.fingerprint in error.message


def test_the_office_key_swapped_into_a_forged_manifest_does_not_verify(
    office: StationKey, mallory: StationKey
) -> None:
    def swap(found: dict[str, bytes]) -> None:
        manifest = json.loads(found[MANIFEST])
        manifest["key"] = office.public_hex
        manifest["fingerprint"] = office.fingerprint
        found[MANIFEST] = canonical_json(manifest)

    forged = changed(package(mallory), swap)
    assert refused(forged, trusted_fingerprint=office.fingerprint).code == "bad_signature"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../evil.json", "unsafe_name"),
        ("data/../../evil.json", "unsafe_name"),
        ("/etc/passwd", "unsafe_name"),
        ("data\\x.json", "unsafe_name"),
        ("data/extra.json", "extra_file"),
        ("notes.txt", "extra_file"),
    ],
)
def test_a_member_not_in_the_manifest_is_refused(office: StationKey, name: str, code: str) -> None:
    def add(found: dict[str, bytes]) -> None:
        found[name] = b"{}"

    assert refused(changed(package(office), add)).code == code


def test_a_duplicate_member_name_is_unsafe(office: StationKey) -> None:
    found = members(package(office))
    entries = [*found.items(), ("data/congress.json", found["data/congress.json"])]
    with pytest.warns(UserWarning):  # zipfile warns of the duplicate it writes
        data = rezip(entries)
    assert refused(data).code == "unsafe_name"


def test_a_missing_data_file_is_refused(office: StationKey) -> None:
    def drop(found: dict[str, bytes]) -> None:
        del found["data/elections.json"]

    assert refused(changed(package(office), drop)).code == "missing_file"


def test_a_missing_manifest_is_refused(office: StationKey) -> None:
    def drop(found: dict[str, bytes]) -> None:
        del found[MANIFEST]

    assert refused(changed(package(office), drop)).code == "missing_manifest"


def test_a_missing_signature_is_refused(office: StationKey) -> None:
    def drop(found: dict[str, bytes]) -> None:
        del found[SIGNATURE]

    assert refused(changed(package(office), drop)).code == "bad_signature"


@pytest.mark.parametrize(
    "manifest",
    [
        b"not json",
        b"[]",
        b'{"format":"daihoi-package/2"}',
        canonical_json({"format": "daihoi-package/1", "congress": "x"}),
    ],
)
def test_a_manifest_that_is_not_one_is_bad(office: StationKey, manifest: bytes) -> None:
    def put(found: dict[str, bytes]) -> None:
        found[MANIFEST] = manifest

    assert refused(changed(package(office), put)).code == "bad_manifest"


def resigned(found: dict[str, bytes], key: StationKey, manifest: bytes) -> None:
    """The manifest replaced and signed again with ``key`` (the office's own mistake)."""
    found[MANIFEST] = manifest
    found[SIGNATURE] = key.sign(signed_message(manifest)).hex().encode()


def test_a_manifest_with_a_sequence_as_text_is_bad(office: StationKey) -> None:
    def put(found: dict[str, bytes]) -> None:
        manifest = json.loads(found[MANIFEST])
        manifest["sequence"] = "1"
        resigned(found, office, canonical_json(manifest))

    assert refused(changed(package(office), put)).code == "bad_manifest"


def test_a_re_indented_manifest_fails_its_signature_or_else_its_form(office: StationKey) -> None:
    def indent(found: dict[str, bytes]) -> None:
        found[MANIFEST] = json.dumps(json.loads(found[MANIFEST]), indent=2).encode()

    def indent_and_sign(found: dict[str, bytes]) -> None:
        resigned(found, office, json.dumps(json.loads(found[MANIFEST]), indent=2).encode())

    assert refused(changed(package(office), indent)).code == "bad_signature"
    assert refused(changed(package(office), indent_and_sign)).code == "bad_manifest"


def test_the_signature_file_is_the_bare_hex(office: StationKey) -> None:
    signature = members(package(office))[SIGNATURE]
    assert len(signature) == 128 and bytes.fromhex(signature.decode())


@pytest.mark.parametrize("data", [b"", b"hello", b"PK\x03\x04garbage", b"\x00" * 100])
def test_what_is_not_a_zip_is_refused(data: bytes) -> None:
    assert refused(data).code == "not_zip"


def test_a_package_over_the_limit_is_too_large(office: StationKey) -> None:
    assert refused(package(office), max_bytes=100).code == "too_large"


def test_a_zip_bomb_is_refused_before_it_is_inflated(office: StationKey) -> None:
    def bomb(found: dict[str, bytes]) -> None:
        found["data/bomb.json"] = b"0" * 60_000_000  # deflates to about 60 KB

    data = changed(package(office), bomb)
    assert len(data) < 1_000_000
    assert refused(data).code == "too_large"


def test_a_member_that_lies_about_its_size_is_refused(office: StationKey) -> None:
    data = bytearray(package(office))
    # The central directory says congress.json is 1 byte long (and its data is longer).
    name = b"data/congress.json"
    at = data.find(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.find(b"PK\x01\x02", at + 4)
        assert at > 0
    data[at + 24 : at + 28] = (1).to_bytes(4, "little")
    assert refused(bytes(data)).code in ("size_mismatch", "not_zip")


def test_the_cli_says_a_good_package_holds(office: StationKey, tmp_path, capsys) -> None:
    path = tmp_path / "goi.zip"
    path.write_bytes(package(office, 2))
    assert main(["package", "verify", str(path), "--key", office.fingerprint]) == 0
    out = capsys.readouterr().out
    assert "Đại hội Quận 1" in out and office.fingerprint in out and "elections.json" in out


def test_the_cli_refuses_another_key_with_exit_1(
    office: StationKey, mallory: StationKey, tmp_path, capsys
) -> None:
    path = tmp_path / "goi.zip"
    path.write_bytes(package(mallory))
    assert main(["package", "verify", str(path), "--key", office.fingerprint]) == 1
    assert "wrong_key" in capsys.readouterr().err


def test_the_cli_usage_errors_exit_2(office: StationKey, tmp_path, capsys) -> None:
    path = tmp_path / "goi.zip"
    path.write_bytes(package(office))
    assert main(["package", "verify", str(tmp_path / "none.zip")]) == 2
    assert main(["package", "verify", str(path), "--key", "not-a-key"]) == 2
    assert "--key" in capsys.readouterr().err


def test_any_damage_to_a_package_is_a_package_error_or_nothing(office: StationKey) -> None:
    """Mallory flips, cuts and inserts bytes anywhere: the station either reads the package
    as the office signed it or refuses it with a code, never with another exception."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    good = package(office)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(
            st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255), st.sampled_from("fci")),
            min_size=1,
            max_size=4,
        )
    )
    def damaged(changes: list[tuple[int, int, str]]) -> None:
        data = bytearray(good)
        for at, value, how in changes:
            at = min(at, len(data) - 1)
            if how == "f":
                data[at] ^= value or 1
            elif how == "c":
                del data[at:]
            else:
                data[at:at] = bytes([value])
            if not data:
                data = bytearray(b"P")
        try:
            got = read_package(bytes(data))
        except PackageError as error:
            assert error.code in (
                "not_zip", "too_large", "missing_manifest", "bad_manifest", "bad_signature",
                "hash_mismatch", "missing_file", "extra_file", "unsafe_name", "wrong_key",
                "size_mismatch",
            )  # fmt: skip
        else:  # a change the zip does not read (a comment, padding): the package is intact
            assert got.files == FILES and got.congress == CONGRESS

    damaged()
