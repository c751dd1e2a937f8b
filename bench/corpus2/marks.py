"""What voters draw on a row: strikes (whole, late, early, skipping), loops, words, ticks,
highlighter swipes, X marks.  Every function draws with the pen model of ink.py on the row's
printed geometry (paper.Row, already moved by the printer's offset) and returns nothing: the
truth is read back from the canvas' marks."""

from __future__ import annotations

import numpy as np

from .ink import (
    HIGHLIGHTERS,
    Canvas,
    PenStyle,
    draw_handwriting,
    draw_highlight,
    draw_path,
    ellipse_path,
    line_path,
)
from .paper import Row


def _ends(row: Row):
    w0, wl = row.words[0], (row.extra[-1] if row.extra else row.words[-1])
    return w0.x0, wl.x1


def strike(cv: Canvas, row: Row, st: PenStyle, rng, mode: str = "clean", **meta) -> None:
    """mode: clean | late | early | skip | late_word | early_word."""
    a, b = _ends(row)
    x0 = a - rng.uniform(2, 12)
    x1 = b + rng.uniform(2, 14)
    words = row.words
    if mode == "late":  # starts inside the first word
        w = words[0]
        x0 = w.x0 + rng.uniform(0.3, 0.75) * (w.x1 - w.x0)
    elif mode == "late_word":  # leaves the first word clean
        x0 = words[1].x0 - rng.uniform(0.3, 1.5)
    elif mode == "early":  # stops inside the last word
        w = words[-1]
        x1 = w.x0 + rng.uniform(0.15, 0.65) * (w.x1 - w.x0)
    elif mode == "early_word":  # leaves the last word clean
        x1 = words[-2].x1 + rng.uniform(0.3, 1.5)
    y = row.mid_y + rng.uniform(-0.6, 0.6)
    slope = np.tan(np.radians(rng.uniform(-0.8, 0.8)))
    y0, y1 = y - slope * (row.mid_y - x0) * 0, y + slope * (x1 - x0)
    pts = line_path(x0, y0, x1, y1, bow=rng.uniform(-0.6, 0.6))
    if rng.random() < 0.5:
        pts = pts[::-1]  # drawn right to left
    skip_at = None
    if mode == "skip":  # the pen lifts or runs dry over most of one word
        i = int(rng.integers(0, len(words)))
        w = words[i]
        L = x1 - x0
        ga = w.x0 + rng.uniform(0.0, 0.3) * (w.x1 - w.x0)
        gb = ga + rng.uniform(0.4, 0.7) * (w.x1 - w.x0)
        fa, fb = (ga - x0) / L, (gb - x0) / L
        if pts[0, 0] > pts[-1, 0]:
            fa, fb = 1 - fb, 1 - fa
        skip_at = [(fa, fb)]
    draw_path(cv, pts, st, rng, "strike", skip_at=skip_at, row=row.number, mode=mode, **meta)


def loop(cv: Canvas, row: Row, st: PenStyle, rng) -> None:
    a, b = _ends(row)
    h = row.row[3] - row.row[1]
    cx, cy = (a + b) / 2, row.mid_y + rng.uniform(-0.5, 0.5)
    pts = ellipse_path(cx, cy, (b - a) / 2 + rng.uniform(5, 12), h / 2 - rng.uniform(2.5, 4.5), rng)
    draw_path(cv, pts, st, rng, "loop", row=row.number)


def word_beside(cv: Canvas, row: Row, st: PenStyle, rng, text: str | None = None) -> None:
    text = text or str(rng.choice(["giữ", "giữ lại", "đồng ý", "lấy", "ok"]))
    _a, b = _ends(row)
    base = row.words[0].baseline + rng.uniform(-1, 1)
    draw_handwriting(
        cv, text, b + rng.uniform(14, 45), base, rng.uniform(9, 12), st, rng, row=row.number
    )


def tick(cv: Canvas, row: Row, st: PenStyle, rng, x: float | None = None) -> None:
    _a, b = _ends(row)
    x = b + rng.uniform(12, 40) if x is None else x
    y = row.mid_y
    pts = np.array([[x, y - 1], [x + 2.5, y + 3], [x + 8, y - 5]]) + rng.normal(0, 0.3, (3, 2))
    draw_path(cv, pts, st, rng, "tick", row=row.number)


def second_strike(cv: Canvas, row: Row, st: PenStyle, rng) -> None:
    """A second line over an already struck name (struck twice, or a zigzag of scribble)."""
    a, b = _ends(row)
    if rng.random() < 0.5:
        y = row.mid_y + rng.uniform(1.5, 3.0) * rng.choice([-1, 1])
        pts = line_path(a - rng.uniform(0, 6), y, b + rng.uniform(0, 6), y + rng.uniform(-1, 1))
        draw_path(cv, pts, st, rng, "strike2", row=row.number)
    else:
        n = int(rng.integers(6, 12))
        xs = np.linspace(a, b, n)
        ys = row.mid_y + np.where(np.arange(n) % 2 == 0, -4, 4) + rng.normal(0, 0.5, n)
        draw_path(cv, np.stack([xs, ys], 1), st, rng, "scribble", row=row.number)


def highlight(cv: Canvas, row: Row, rng) -> None:
    a, b = _ends(row)
    col = HIGHLIGHTERS[str(rng.choice(list(HIGHLIGHTERS)))]
    x0 = a - rng.uniform(1, 6)
    x1 = b + rng.uniform(1, 8)
    draw_highlight(
        cv, x0, x1, row.mid_y - rng.uniform(0, 1.5), rng.uniform(9, 13), col, rng, row=row.number
    )


def x_mark(
    cv: Canvas, box, st: PenStyle, rng, size: float | None = None, centre=None, kind="x", **meta
) -> None:
    bx0, by0, bx1, by1 = box
    half = (bx1 - bx0) / 2
    r = half * rng.uniform(0.45, 0.72) if size is None else size
    if centre is None:
        cx = (bx0 + bx1) / 2 + rng.uniform(-1, 1) * (half - r) * 0.6
        cy = (by0 + by1) / 2 + rng.uniform(-1, 1) * (half - r) * 0.6
    else:
        cx, cy = centre

    def j():
        return rng.uniform(-0.12, 0.12) * r

    p1 = line_path(
        cx - r + j(), cy - r + j(), cx + r + j(), cy + r + j(), bow=rng.uniform(-0.4, 0.4)
    )
    p2 = line_path(
        cx + r + j(), cy - r + j(), cx - r + j(), cy + r + j(), bow=rng.uniform(-0.4, 0.4)
    )
    draw_path(cv, p1, st, rng, kind, pressure_ends=True, **meta)
    draw_path(cv, p2, st, rng, kind, pressure_ends=True, **meta)
