"""The sample bundle shipped in examples/ verifies with its fingerprint, and its command makes
the same bytes again."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from daihoi.record import verify

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_shipped_sample_verifies_with_the_fingerprint_beside_it() -> None:
    fingerprint = (EXAMPLES / "q1-2025.fingerprint").read_text().strip()
    verdict = verify(EXAMPLES / "q1-2025.bundle.zip", key=fingerprint)
    assert verdict.exit_code == 0, verdict.message
    assert verdict.summary["congress"]["id"] == "q1-2025"


def test_the_documented_command_makes_the_same_sample_again(tmp_path: Path, monkeypatch) -> None:
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", rl_config.invariant)  # restored afterwards
    spec = importlib.util.spec_from_file_location(
        "make_sample_bundle", EXAMPLES / "make_sample_bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in ("q1-2025.bundle.zip", "q1-2025.fingerprint"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name
