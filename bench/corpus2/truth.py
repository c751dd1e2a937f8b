"""Truth from the ink drawn.

For each row of the ballot we look only at the voter's marks (masks of pixels with alpha >=
INK_MIN, see ink.py) that put ink inside the row's box, and at where that ink lies over each
printed word's middle band (the middle half of the lowercase body, measured from the PDF's glyph
boxes).  The rules (party preset, domain.md and the issue):

strike form
- no ink in the row                                  -> ``kept``
- exactly one mark, a pen/pencil line, and every word of the name covered along >= 90% of its
  width in its middle band, and the whole name (first word's left edge to the last word's right
  edge, spaces included) >= 95%                          -> ``struck``
- anything else (a stroke that leaves a word clean, starts late, stops early or skips; a loop, a
  word, a highlighter, a second mark, a stray line)  -> ``review``

approve form
- ink outside both X boxes (1 pt of tolerance round each box) -> ``review``
- ink in "đồng ý" only -> ``agree``; in "không đồng ý" only -> ``disagree``; both -> ``both``;
  no ink in the row -> ``neither``

page
- not a ballot of this election and round (other election, other round, blank, back side) ->
  ``rejected`` (``invalid`` and ``review`` are also acceptable: the paper is not counted)
- no seal, or a photocopied one -> ``invalid`` ``not_issued`` (``review`` acceptable)
- voter's ink outside every row (writing below the list, a signature) -> ``review``
  (``invalid`` accepted: the committee may rule it written_in / other_marks)
- any row ``review`` -> ``review``
- strike form: kept > seats -> ``invalid`` ``too_many_kept``; nothing kept -> ``invalid`` ``none_kept``
- otherwise ``valid``
"""

from __future__ import annotations

import math

import numpy as np

from .ink import Canvas, Mark
from .paper import Row

WORD_MIN = 0.90
NAME_MIN = 0.95
ROW_MIN_PX = 3  # a mark with fewer ink pixels than this in a row is not in the row
LINE_KINDS = {"strike"}


def _clip(m: Mark, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    """The mark's mask restricted to a canvas rectangle (returned in that rectangle's frame)."""
    out = np.zeros((max(y1 - y0, 0), max(x1 - x0, 0)), bool)
    h, w = m.mask.shape
    ax0, ay0 = max(x0, m.x0), max(y0, m.y0)
    ax1, ay1 = min(x1, m.x0 + w), min(y1, m.y0 + h)
    if ax1 > ax0 and ay1 > ay0:
        out[ay0 - y0 : ay1 - y0, ax0 - x0 : ax1 - x0] = m.mask[
            ay0 - m.y0 : ay1 - m.y0, ax0 - m.x0 : ax1 - m.x0
        ]
    return out


def _px(box, s):
    return (
        math.floor(box[0] * s),
        math.floor(box[1] * s),
        math.ceil(box[2] * s),
        math.ceil(box[3] * s),
    )


def word_coverage(m: Mark, row: Row, s: float) -> tuple[list[float], float]:
    """Per word, the fraction of its columns where the mark has ink in the word's middle band;
    and the same over the whole name (spaces included)."""
    fr = []
    for w in row.words:
        b0, b1 = w.band
        x0, y0, x1, y1 = _px((w.x0, b0, w.x1, b1), s)
        c = _clip(m, x0, y0, x1, y1).any(axis=0)
        fr.append(float(c.mean()) if c.size else 0.0)
    nx0, nx1 = row.words[0].x0, row.words[-1].x1
    b0 = min(w.band[0] for w in row.words)
    b1 = max(w.band[1] for w in row.words)
    # whole name: a column counts when the ink crosses the band of the word under it (or, between
    # words, the row's band)
    x0, y0, x1, y1 = _px((nx0, b0, nx1, b1), s)
    c = _clip(m, x0, y0, x1, y1).any(axis=0)
    return fr, (float(c.mean()) if c.size else 0.0)


def row_truth(canvas: Canvas, row: Row, form: str) -> dict:
    s = canvas.s
    rx0, ry0, rx1, ry1 = _px(row.row, s)
    inrow = [m for m in canvas.marks if _clip(m, rx0, ry0, rx1, ry1).sum() >= ROW_MIN_PX]
    info: dict = {"marks": [m.kind for m in inrow]}
    if form == "approve":
        tol = 1.0
        inside = {"agree": False, "disagree": False}
        outside = 0
        for m in inrow:
            rm = _clip(m, rx0, ry0, rx1, ry1).copy()
            for key in ("agree", "disagree"):
                bx = row.agree if key == "agree" else row.disagree
                bx0, by0, bx1, by1 = _px((bx[0] - tol, bx[1] - tol, bx[2] + tol, bx[3] + tol), s)
                sub = rm[max(by0 - ry0, 0) : by1 - ry0, max(bx0 - rx0, 0) : bx1 - rx0]
                if sub.sum() >= ROW_MIN_PX:
                    inside[key] = True
                sub[...] = False
            outside += int(rm.sum())
        info["outside_px"] = outside
        if outside >= ROW_MIN_PX:
            return {"reading": "review", "why": "ink outside the boxes", **info}
        if inside["agree"] and inside["disagree"]:
            return {"reading": "both", **info}
        if inside["agree"]:
            return {"reading": "agree", **info}
        if inside["disagree"]:
            return {"reading": "disagree", **info}
        return {"reading": "neither", **info}
    if not inrow:
        return {"reading": "kept", **info}
    if len(inrow) == 1 and inrow[0].kind in LINE_KINDS:
        fr, whole = word_coverage(inrow[0], row, s)
        info.update(words=[round(f, 3) for f in fr], name=round(whole, 3))
        if min(fr) >= WORD_MIN and whole >= NAME_MIN:
            return {"reading": "struck", **info}
        return {"reading": "review", "why": "partial strike", **info}
    return {"reading": "review", "why": "other ink in the row", **info}


def _outside_rows(m: Mark, rows: list[Row], s: float) -> int:
    """Pixels of a mark that fall in no row's box."""
    keep = m.mask.copy()
    h, w = keep.shape
    for r in rows:
        x0, y0, x1, y1 = _px(r.row, s)
        ax0, ay0 = max(x0 - m.x0, 0), max(y0 - m.y0, 0)
        ax1, ay1 = min(x1 - m.x0, w), min(y1 - m.y0, h)
        if ax1 > ax0 and ay1 > ay0:
            keep[ay0:ay1, ax0:ax1] = False
    return int(keep.sum())


def page_truth(
    canvas: Canvas,
    rows: list[Row],
    form: str,
    seats: int,
    *,
    identity: str | None = None,
    seal: str = "real",
) -> dict:
    """identity: None for a ballot of this election, else why it is not one. seal: real | none | photocopy."""
    if identity:
        return {
            "status": "rejected",
            "accept": ["rejected", "invalid", "review"],
            "reason": identity,
            "rows": {},
        }
    rt = {r.candidate: row_truth(canvas, r, form) for r in rows}
    readings = {k: v["reading"] for k, v in rt.items()}
    if seal != "real":
        return {
            "status": "invalid",
            "accept": ["invalid", "review"],
            "reason": "not_issued",
            "rows": rt,
            "readings": readings,
        }
    outside = sum(_outside_rows(m, rows, canvas.s) for m in canvas.marks)
    if outside >= ROW_MIN_PX:  # writing below the list, a signature, a mark in the margin
        return {
            "status": "review",
            "accept": ["review", "invalid"],
            "reason": "ink outside the rows",
            "rows": rt,
            "readings": readings,
            "outside_px": int(outside),
        }
    if any(v == "review" for v in readings.values()):
        why = sorted({v.get("why", "") for v in rt.values() if v["reading"] == "review"})
        return {
            "status": "review",
            "accept": ["review"],
            "reason": "; ".join(why),
            "rows": rt,
            "readings": readings,
        }
    if form == "strike":
        kept = sum(1 for v in readings.values() if v == "kept")
        if kept > seats:
            return {
                "status": "invalid",
                "accept": ["invalid"],
                "reason": "too_many_kept",
                "rows": rt,
                "readings": readings,
            }
        if kept == 0:
            return {
                "status": "invalid",
                "accept": ["invalid"],
                "reason": "none_kept",
                "rows": rt,
                "readings": readings,
            }
    return {"status": "valid", "accept": ["valid"], "reason": "", "rows": rt, "readings": readings}
