"""The printed ballot as the generator sees it: the PDF and layout.json from `daihoi ballot print`,
the words' boxes taken from the PDF's text layer, and the page rendered at a chosen resolution.

Nothing here imports `daihoi`; the ballot is printed by running the CLI, exactly as a counting
committee would.  Coordinates are PDF points from the page's top-left corner (layout.json's frame).
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]


def daihoi_cmd() -> list[str]:
    """The `daihoi` CLI of the environment running this script (same venv as the interpreter)."""
    exe = Path(sys.executable).with_name("daihoi")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "daihoi"]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    return env


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float  # tight top of the word's ink (tone marks included)
    bottom: float  # tight bottom (descenders included)
    baseline: float
    xheight: float  # height of the lowercase body above the baseline

    @property
    def band(self) -> tuple[float, float]:
        """The word's middle band: the middle half of the lowercase body (x-height zone)."""
        return (self.baseline - 0.75 * self.xheight, self.baseline - 0.25 * self.xheight)


@dataclass
class Row:
    number: int
    candidate: str
    row: list[float]
    name: list[float]
    agree: list[float] | None
    disagree: list[float] | None
    words: list[Word] = field(default_factory=list)  # the words of the name (truth)
    extra: list[Word] = field(default_factory=list)  # printed tokens after it, e.g. "(1970)"

    @property
    def mid_y(self) -> float:
        b = [w.band for w in self.words]
        return sum((a + c) / 2 for a, c in b) / len(b)


@dataclass
class Ballot:
    election_file: Path
    pdf: Path
    layout: dict
    rows: list[Row]

    @property
    def form(self) -> str:
        return self.layout["form"]

    @property
    def size(self) -> tuple[float, float]:
        return self.layout["page"]["width"], self.layout["page"]["height"]


def print_ballot(election_file: Path, out_dir: Path) -> Ballot:
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / (election_file.stem + ".pdf")
    lay = out_dir / (election_file.stem + ".layout.json")
    if not (pdf.exists() and lay.exists()):
        subprocess.run(
            [
                *daihoi_cmd(),
                "ballot",
                "print",
                str(election_file),
                "-o",
                str(pdf),
                "--layout",
                str(lay),
            ],
            check=True,
            env=cli_env(),
            stdout=subprocess.DEVNULL,
        )
    layout = json.loads(lay.read_text(encoding="utf-8"))
    return Ballot(election_file, pdf, layout, _rows_with_words(pdf, layout))


def _rows_with_words(pdf_path: Path, layout: dict) -> list[Row]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(pdf_path))
    page = pdf[0]
    height = page.get_size()[1]
    tp = page.get_textpage()
    n = tp.count_chars()
    chars = []
    for i in range(n):
        ch = tp.get_text_range(i, 1)
        left, b, r, t = tp.get_charbox(i)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        chars.append((ch, left, height - t, r, height - b, height - oy.value))
    rows = []
    for r in layout["rows"]:
        nx0, ny0, nx1, ny1 = r["name"]
        inside = [
            c
            for c in chars
            if nx0 - 1 <= (c[1] + c[3]) / 2 <= nx1 + 1 and ny0 - 1 <= c[5] <= ny1 + 1
        ]
        words: list[list] = [[]]
        for c in inside:  # text order; a space or a line end splits words
            if not c[0].strip():
                if words[-1]:
                    words.append([])
            else:
                words[-1].append(c)
        words = [w for w in words if w]
        toks = []
        for w in words:
            text = "".join(c[0] for c in w)
            base = float(np.median([c[5] for c in w]))
            lower = [base - c[2] for c in w if c[0] in "acemnorsuvwxz"]
            xh = float(np.median(lower)) if lower else 0.54 * layout["font_size"]
            toks.append(
                Word(text, w[0][1], w[-1][3], min(c[2] for c in w), max(c[4] for c in w), base, xh)
            )
        name_words = r["candidate"].split(" (")[0].split()
        row = Row(
            r["number"], r["candidate"], r["row"], r["name"], r.get("agree"), r.get("disagree")
        )
        row.words = [t for t in toks[: len(name_words)]]
        row.extra = toks[len(name_words) :]
        assert [w.text for w in row.words] == name_words, (row.candidate, [t.text for t in toks])
        rows.append(row)
    return rows


@lru_cache(maxsize=8)
def render_gray(pdf_path: str, px_per_pt: float) -> np.ndarray:
    """The printed page as float32 transmission in [0, 1] (1 = white paper)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    img = pdf[0].render(scale=px_per_pt, grayscale=True).to_numpy()
    if img.ndim == 3:
        img = img[..., 0]
    return img.astype(np.float32) / 255.0
