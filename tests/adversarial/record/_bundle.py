"""Forging results bundles from the outside: only what docs/bundle.md says (canonical JSON,
the chain, the two signed texts, the manifest), PyNaCl for the signatures. Nothing here imports
``daihoi.record``: the forger is an outsider holding the station's key."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.signing

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
SAMPLE_ZIP = EXAMPLES / "q1-2025.bundle.zip"
SAMPLE_FINGERPRINT = (EXAMPLES / "q1-2025.fingerprint").read_text().strip()
# published in examples/make_sample_bundle.py
SAMPLE_SEED = hashlib.sha256(b"daihoi sample station: not a secret").digest()
PYTHON = sys.executable
ZERO = "0" * 64


def canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def json_file(value: dict[str, Any]) -> bytes:
    """The bundle's file form: keys sorted one per line, a list of objects one per line."""
    parts = []
    for key in sorted(value):
        item = value[key]
        if isinstance(item, list) and item and all(isinstance(x, dict) for x in item):
            text = "[\n" + ",\n".join(canonical(x).decode() for x in item) + "\n]"
        else:
            text = canonical(item).decode()
        parts.append(canonical(key).decode() + ":" + text)
    return ("{" + ",\n".join(parts) + "}\n").encode()


def fingerprint_of(key: nacl.signing.VerifyKey) -> str:
    digits = sha(bytes(key))[:16]
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def verify(
    target: Path | str,
    *args: str,
    cwd: Path | None = None,
    timeout: float = 60,
    memory_mb: int | None = None,
) -> Run:
    """``daihoi verify`` as an auditor types it: a real process, with a timeout (and, for the
    bombs, its address space limited as on an office PC)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))

    def limit() -> None:
        if memory_mb is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    proc = subprocess.run(
        [
            PYTHON,
            "-c",
            "import sys; from daihoi.cli.main import main; sys.exit(main())",
            "verify",
            str(target),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=cwd,
        preexec_fn=limit,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


class Bundle:
    """A bundle in memory: files by name, the log as entries; re-signed on demand."""

    def __init__(self, files: dict[str, bytes], seed: bytes | None = SAMPLE_SEED) -> None:
        self.files = dict(files)
        self.entries: list[dict[str, Any]] = [
            json.loads(line) for line in self.files.pop("log.jsonl").splitlines()
        ]
        self.signed = json.loads(self.files.pop("manifest.json"))
        self.key = nacl.signing.SigningKey(seed) if seed is not None else None
        self.congress = self.entries[0]["data"]["congress"]["id"]

    @classmethod
    def from_zip(cls, path: Path = SAMPLE_ZIP, seed: bytes | None = SAMPLE_SEED) -> Bundle:
        with zipfile.ZipFile(path) as z:
            return cls({n: z.read(n) for n in z.namelist() if not n.endswith("/")}, seed)

    def copy(self) -> Bundle:
        return copy.deepcopy(self)

    # -- reading and changing files
    def json(self, name: str) -> Any:
        return json.loads(self.files[name])

    def put_json(self, name: str, value: Any) -> None:
        self.files[name] = json_file(value)

    def rounds(self) -> list[str]:
        return sorted({n.split("/")[1] for n in self.files if n.startswith("rounds/")})

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.entries if e["kind"] == kind]

    # -- signing
    def sign_text(self, text: bytes) -> str:
        assert self.key is not None
        return self.key.sign(text).signature.hex()

    def rechain(self, renumber: bool = True) -> None:
        prev = ZERO
        for i, entry in enumerate(self.entries, start=1):
            if renumber:
                entry["n"] = i
            n = entry["n"]
            entry["prev"] = prev
            body = {"data": entry["data"], "kind": entry["kind"], "n": n}
            entry["hash"] = sha(prev.encode() + b"\n" + canonical(body))
            entry["sig"] = self.sign_text(
                f"daihoi-record-head/1\n{self.congress}\n{n}\n{entry['hash']}".encode()
            )
            prev = entry["hash"]

    def reconfirm(self) -> None:
        """Every results.confirmed and round.created made to name the files as they now are."""
        for entry in self.entries:
            data = entry["data"]
            folder = f"rounds/{data.get('election')}-{data.get('round')}/"
            if entry["kind"] == "results.confirmed":
                data["files"] = {
                    name: sha(self.files[name]) for name in data["files"] if name in self.files
                }
            if entry["kind"] == "round.created" and folder + "election.json" in self.files:
                data["definition"] = sha(self.files[folder + "election.json"])

    def remanifest(self, head_n: int | None = None, files: dict[str, Any] | None = None) -> None:
        manifest = self.signed["manifest"]
        manifest["files"] = (
            files
            if files is not None
            else {
                name: {"sha256": sha(data), "size": len(data)} for name, data in self.files.items()
            }
        )
        entry = self.entries[(head_n or len(self.entries)) - 1]
        manifest["head"] = {"hash": entry["hash"], "n": entry["n"]}
        self.resign_manifest()

    def resign_manifest(self) -> None:
        self.signed["signature"] = self.sign_text(
            b"daihoi-record-manifest/1\n" + canonical(self.signed["manifest"])
        )

    def reprint(self) -> None:
        """The minutes made again after the (rechained) confirmations, as a station makes them:
        each confirmed round's minutes.json prints its latest confirmation's head and the key's
        fingerprint, and each minutes.printed entry names the minutes' files as they now are."""
        fingerprint = str(self.entries[0]["data"].get("fingerprint"))
        latest: dict[str, dict[str, Any]] = {}
        for entry in self.entries:
            data = entry["data"]
            folder = f"rounds/{data.get('election')}-{data.get('round')}/"
            if entry["kind"] == "results.confirmed":
                latest[folder] = entry
            elif entry["kind"] == "reopened":
                latest.pop(folder, None)
        for folder, entry in latest.items():
            name = folder + "minutes.json"
            if name not in self.files:
                continue
            try:
                minutes = json.loads(self.files[name])
            except ValueError:
                continue
            if isinstance(minutes, dict) and isinstance(minutes.get("record"), dict):
                minutes["record"] = {"entry": entry["n"], "head": entry["hash"], "key": fingerprint}
                self.put_json(name, minutes)
        for entry in self.entries:
            data = entry["data"]
            if entry["kind"] == "minutes.printed" and isinstance(data.get("files"), dict):
                data["files"] = {
                    name: sha(self.files[name]) for name in data["files"] if name in self.files
                }

    def forge(self) -> Bundle:
        """A correctly signed bundle of the current contents (the minutes made again)."""
        self.reconfirm()
        self.rechain()
        # Minutes printed again change the heads of the later confirmations: one pass per
        # confirmation, in the log's order, settles them all.
        for _ in self.of_kind("results.confirmed"):
            self.reprint()
            self.rechain()
        self.remanifest()
        return self

    @property
    def head(self) -> str:
        return self.entries[-1]["hash"]

    # -- writing
    def log_bytes(self) -> bytes:
        return b"".join(canonical(e) + b"\n" for e in self.entries)

    def all_files(self) -> dict[str, bytes]:
        return {
            "manifest.json": json_file(self.signed),
            "log.jsonl": self.log_bytes(),
            **self.files,
        }

    def zip_bytes(self, extra: dict[str, bytes] | None = None) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in {**self.all_files(), **(extra or {})}.items():
                z.writestr(name, data)
        return buf.getvalue()

    def write_zip(self, path: Path, extra: dict[str, bytes] | None = None) -> Path:
        path.write_bytes(self.zip_bytes(extra))
        return path

    def write_folder(self, path: Path) -> Path:
        for name, data in self.all_files().items():
            target = path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return path


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every path under folder with its size and hash (a directory: -1)."""
    out: dict[str, tuple[int, str]] = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if p.is_symlink():
            out[rel] = (-2, os.readlink(p))
        elif p.is_dir():
            out[rel] = (-1, "")
        else:
            data = p.read_bytes()
            out[rel] = (len(data), sha(data))
    return out
