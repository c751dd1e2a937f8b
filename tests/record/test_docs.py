"""The "Verifying by hand" code of docs/bundle.md runs as written on the shipped sample."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_by_hand_check_of_the_docs_runs_on_the_sample(capsys) -> None:
    text = (ROOT / "docs" / "bundle.md").read_text("utf-8")
    section = text[text.index("## Verifying by hand") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code[1], "docs/bundle.md", "exec"), {})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    fingerprint = (ROOT / "examples" / "q1-2025.fingerprint").read_text().strip()
    assert f"fingerprint {fingerprint}" in out
    assert "chain, signatures and files hold up to" in out
