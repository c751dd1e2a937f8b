"""The same paper scanned twice, told by what the hand added to it (pure numpy/OpenCV).

A page's *signature* is the registered grey difference from the blank ballot (how much darker
than the blank each pixel is where the reader found added ink) at ``SIG_SCALE`` px/pt, cut per
region: the seal area (grown: a stamp spills) and each row. Only each region's inked box is
kept, quantised, so a signature is a few kilobytes. Two signatures are the same paper when every
region inked on either is inked on both and the two differences correlate (normalised, after a
one-pixel blur; the seal's after taking away its mean by distance from its centre, so that the
rings of one make of stamp do not match by themselves) at least the rule set's
``duplicate_min`` (0.8) in each. No shift is searched (``SHIFT_PX``): registration puts a rescan
within a pixel, and a one-pixel search let two stamps a point apart match. A rescan repeats the
stamp and each stroke as they are; another voter's paper never has a hand stamp at the same
place and angle, nor the same stroke.

A pixel's blur hides what tells two stamps half a point apart: pages that correlate are also
compared by geometry measured finer than a pixel. The seal must lie at the same angle (the turn
that best lays one stamp on the other, within ``ROTATION_MAX_DEG``: rescans 0.08° at most, two
hand stamps of a seal with a five-fold star 0.25° and more) and every row's ink must spread as
far (``SPREAD_MAX_PT``: an X drawn 1 pt longer is another hand's). The seal's middle (its
emblem) must correlate as well as every region on its own (``_emblem_correlation``): on two
stamps whose evenly spaced lettering lined up, the lettering outweighed an emblem turned 7.7°.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from daihoi.scan.template import BallotTemplate

Image = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float32]

SIG_SCALE = 2.0  # px/pt of a signature
SEAL_GROW_PT = 24.0  # the seal region: the seal area and this much around it
INK_MIN = 40  # grey levels darker than the blank: a region's inked box
REGION_INK_MIN = 12  # pixels of such ink for a region to count as inked
QUANT = 8  # grey levels per stored step
SHIFT_PX = 0  # shift searched every way (pixels at SIG_SCALE): registration is finer than a pixel
BLUR_PX = 1.0  # both differences are blurred this much (pixels) before comparing
NEAR_PT = 4.0  # inked boxes further apart than this (any side) are not the same paper
# Two papers whose differences correlate this well are also compared by geometry, which the
# one-pixel blur of the correlation cannot see: a stamp's angle, a stroke's extent.
GEOMETRY_FROM = 0.6
ROTATION_SEARCH_DEG = 2.0  # the seal's turn is looked for this far either way
ROTATION_STEP_DEG = 0.1
ROTATION_MAX_DEG = 0.2  # a rescan's seal lies within this angle of the original's
SPREAD_MAX_PT = (
    0.6  # a row's ink spreads (standard deviation, x and y) alike within this (more than a
)
# pixel of the coarsest scan read, 150 dpi: 0.48 pt, so that a rescan at 150 dpi is still one)
# The seal's middle (its emblem, inside the lettering) is compared as a region of its own:
# lettering set evenly round the ring can line up on two stamps turned apart, and then weighs
# more than the emblem in the whole seal's correlation.
EMBLEM_SHARE = 0.6  # the middle: within this share of the stamp's radius from its centre
EMBLEM_INK_MIN = 0.08  # … compared when it holds at least this share of the seal's ink
VERSION = 1

_HEADER = struct.Struct("<BH")
_REGION = struct.Struct("<HHHHH")


@dataclass(frozen=True)
class Region:
    """One inked region of a signature: its index, where its box is (pixels at SIG_SCALE, page
    coordinates) and the quantised difference in it."""

    index: int
    x: int
    y: int
    diff: Image


def regions_of(template: BallotTemplate) -> list[tuple[int, int, int, int]]:
    """The regions compared (pixels at SIG_SCALE): the seal's, then each row's."""
    layout = template.layout
    boxes = [layout.seal.grown(SEAL_GROW_PT)] + [row.row for row in layout.rows]
    return [box.pixels(SIG_SCALE) for box in boxes]


def signature(light: Image, added: npt.NDArray[np.bool_], template: BallotTemplate) -> bytes:
    """The signature of a registered, light-normalised page (``template``'s scale), where
    ``added`` is the ink the reader found added (print's own fringe and dust left out)."""
    diff = np.asarray(cv2.subtract(template.blank, light), dtype=np.uint8)
    near = cv2.dilate(added.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    diff[~near | (template.blank_near > 0)] = 0
    if template.scale != SIG_SCALE:
        f = SIG_SCALE / template.scale
        diff = np.asarray(cv2.resize(diff, None, fx=f, fy=f, interpolation=cv2.INTER_AREA))
    height, width = diff.shape
    parts: list[bytes] = []
    count = 0
    for index, (x0, y0, x1, y1) in enumerate(regions_of(template)):
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
        if x1 <= x0 or y1 <= y0:
            continue
        area = diff[y0:y1, x0:x1]
        ys, xs = np.nonzero(area >= INK_MIN)
        if ys.size < REGION_INK_MIN:
            continue
        by0, by1, bx0, bx1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
        crop = np.asarray(area[by0:by1, bx0:bx1] // QUANT, dtype=np.uint8)
        parts.append(_REGION.pack(index, x0 + bx0, y0 + by0, bx1 - bx0, by1 - by0))
        parts.append(crop.tobytes())
        count += 1
    return zlib.compress(_HEADER.pack(VERSION, count) + b"".join(parts), 6)


def read_signature(data: bytes) -> dict[int, Region]:
    """The inked regions of a signature, by region index."""
    raw = zlib.decompress(data)
    version, count = _HEADER.unpack_from(raw, 0)
    if version != VERSION:
        raise ValueError(f"signature version {version}")
    offset = _HEADER.size
    out: dict[int, Region] = {}
    for _ in range(count):
        index, x, y, w, h = _REGION.unpack_from(raw, offset)
        offset += _REGION.size
        pixels = np.frombuffer(raw, dtype=np.uint8, count=w * h, offset=offset).reshape(h, w)
        offset += w * h
        out[index] = Region(index, x, y, pixels)
    return out


def similarity(a: dict[int, Region], b: dict[int, Region]) -> float:
    """How surely two signatures are the same paper: the least correlation over the regions
    inked on either (0 when a region is inked on one only, or neither has any ink)."""
    if not a or set(a) != set(b):
        return 0.0
    near = round(NEAR_PT * SIG_SCALE)
    for index in a:  # cheap first: inked boxes in the same place
        p, q = a[index], b[index]
        ph, pw = p.diff.shape
        qh, qw = q.diff.shape
        if (
            abs(p.x - q.x) > near
            or abs(p.y - q.y) > near
            or abs((p.x + pw) - (q.x + qw)) > near
            or abs((p.y + ph) - (q.y + qh)) > near
        ):
            return 0.0
    least = 1.0
    for index in a:
        least = min(least, _correlation(a[index], b[index]))
        if least <= 0.0:
            break
    if 0 in a and least > 0.0:
        least = min(least, _emblem_correlation(a[0], b[0]))
    if least < GEOMETRY_FROM:
        return least
    # Alike at a pixel's blur: the same paper only if the stamp lies at the same angle (a
    # rescan is registered to a small fraction of a degree, a hand stamps at any angle, and a
    # seal of one make looks alike in place, turned or not) and every stroke reaches as far.
    # Measured both ways and averaged: one way alone is off by up to a quarter of a degree on
    # a rescan (877 of the bench's seed 1 at 150 dpi, colour, turned: 0.21° one way, 0.05° the
    # other), the whole of ROTATION_MAX_DEG.
    if 0 in a and abs(_turn(a[0], b[0]) - _turn(b[0], a[0])) / 2 > ROTATION_MAX_DEG:
        return 0.0
    for index in a:
        if index != 0 and _spread_apart(a[index], b[index]) > SPREAD_MAX_PT:
            return 0.0
    return least


def _canvas(p: Region, q: Region) -> tuple[Floats, Floats]:
    """Both regions' differences on one canvas (page pixels at SIG_SCALE), as floats."""
    x0, y0 = min(p.x, q.x), min(p.y, q.y)
    x1 = max(p.x + p.diff.shape[1], q.x + q.diff.shape[1])
    y1 = max(p.y + p.diff.shape[0], q.y + q.diff.shape[0])
    out = []
    for r in (p, q):
        image = np.zeros((y1 - y0, x1 - x0), np.float32)
        image[r.y - y0 : r.y - y0 + r.diff.shape[0], r.x - x0 : r.x - x0 + r.diff.shape[1]] = r.diff
        out.append(image)
    return out[0], out[1]


def _turn(p: Region, q: Region) -> float:
    """The angle (degrees) by which ``q``'s stamp is turned from ``p``'s about their common
    centre: the best of the turns within ROTATION_SEARCH_DEG, refined between steps."""
    a, b = _canvas(p, q)
    a, b = _blur(a), _blur(b)
    total = a + b
    weight = float(total.sum())
    if weight <= 0.0:
        return 0.0
    ys, xs = np.indices(total.shape, dtype=np.float32)
    centre = (float((xs * total).sum()) / weight, float((ys * total).sum()) / weight)
    a = _angular(a)
    norm_a = float(np.sqrt(np.sum(a * a)))
    steps = round(ROTATION_SEARCH_DEG / ROTATION_STEP_DEG)
    angles = [ROTATION_STEP_DEG * k for k in range(-steps, steps + 1)]
    scores: list[float] = []
    for angle in angles:
        turn = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = np.asarray(
            cv2.warpAffine(b, turn, (b.shape[1], b.shape[0]), flags=cv2.INTER_LINEAR),
            dtype=np.float32,
        )
        turned = _angular(turned)
        norm = norm_a * float(np.sqrt(np.sum(turned * turned)))
        scores.append(float(np.sum(a * turned)) / norm if norm > 0 else 0.0)
    best = int(np.argmax(scores))
    if best in (0, len(angles) - 1):
        return angles[best]
    before, peak, after = scores[best - 1], scores[best], scores[best + 1]
    curve = before - 2 * peak + after
    offset = 0.0 if curve == 0 else 0.5 * (before - after) / curve
    return angles[best] + offset * ROTATION_STEP_DEG


def _spread_apart(p: Region, q: Region) -> float:
    """How much (points) the two regions' ink differs in its spread along x or y (the standard
    deviation of its darkness about its centre): a longer or shorter stroke."""
    a, b = _canvas(p, q)
    spreads = []
    for image in (a, b):
        weight = float(image.sum())
        if weight <= 0.0:
            return 0.0
        ys, xs = np.indices(image.shape, dtype=np.float32)
        cx = float((xs * image).sum()) / weight
        cy = float((ys * image).sum()) / weight
        sx = float(np.sqrt(((xs - cx) ** 2 * image).sum() / weight))
        sy = float(np.sqrt(((ys - cy) ** 2 * image).sum() / weight))
        spreads.append((sx, sy))
    (ax, ay), (bx, by) = spreads
    return max(abs(ax - bx), abs(ay - by)) / SIG_SCALE


def _correlation(p: Region, q: Region) -> float:
    """Normalised correlation of two regions' differences, best over shifts of SHIFT_PX."""
    m = SHIFT_PX
    x0, y0 = min(p.x, q.x) - m, min(p.y, q.y) - m
    x1 = max(p.x + p.diff.shape[1], q.x + q.diff.shape[1]) + m
    y1 = max(p.y + p.diff.shape[0], q.y + q.diff.shape[0]) + m
    big = np.zeros((y1 - y0, x1 - x0), np.float32)
    big[p.y - y0 : p.y - y0 + p.diff.shape[0], p.x - x0 : p.x - x0 + p.diff.shape[1]] = p.diff
    small = np.zeros((y1 - y0 - 2 * m, x1 - x0 - 2 * m), np.float32)
    qy, qx = q.y - y0 - m, q.x - x0 - m
    small[qy : qy + q.diff.shape[0], qx : qx + q.diff.shape[1]] = q.diff
    big = _blur(big)
    small = _blur(small)
    if p.index == 0:
        # A seal's rings look alike wherever a stamp of the same make lands within a point; its
        # lettering and emblem turn with the hand: compare what is left once each stamp's mean
        # by distance from its own centre is taken away.
        big = _angular(big)
        small = _angular(small)
    norm = float(np.sqrt(np.sum(small * small)))
    if norm == 0.0:
        return 0.0
    # Cosine of the two differences at each shift (both are zero off the ink).
    products = cv2.matchTemplate(big, small, cv2.TM_CCORR)
    energy = cv2.matchTemplate(big * big, np.ones_like(small), cv2.TM_CCORR)
    scores = products / (np.sqrt(np.maximum(energy, 1e-6)) * norm)
    return float(np.max(scores))


def _emblem_correlation(p: Region, q: Region) -> float:
    """Normalised correlation of the middle of two seals (the disc of EMBLEM_SHARE of the
    stamp's radius, half the smaller side of the two inked boxes, about their common centre),
    each less its mean by distance from its centre; 1 when the middle holds too little ink to
    compare (a seal with no emblem)."""
    a, b = _canvas(p, q)
    a, b = _blur(a), _blur(b)
    total = a + b
    weight = float(total.sum())
    if weight <= 0.0:
        return 1.0
    ys, xs = np.indices(total.shape, dtype=np.float32)
    cx = float((xs * total).sum()) / weight
    cy = float((ys * total).sum()) / weight
    radius = EMBLEM_SHARE * min(*p.diff.shape, *q.diff.shape) / 2
    outside = (xs - cx) ** 2 + (ys - cy) ** 2 > radius * radius
    a[outside] = 0.0
    b[outside] = 0.0
    if float((a + b).sum()) < EMBLEM_INK_MIN * weight:
        return 1.0
    a, b = _angular(a), _angular(b)
    norm = float(np.sqrt(np.sum(a * a) * np.sum(b * b)))
    return float(np.sum(a * b)) / norm if norm > 0.0 else 0.0


def _angular(image: Floats) -> Floats:
    """``image`` less its mean at each distance from its (ink-weighted) centre."""
    total = float(image.sum())
    if total <= 0.0:
        return image
    ys, xs = np.indices(image.shape, dtype=np.float32)
    cy = float((ys * image).sum()) / total
    cx = float((xs * image).sum()) / total
    radius = np.sqrt((ys - cy) ** 2 + (xs - cx) ** 2).astype(np.int32).ravel()
    sums = np.bincount(radius, weights=image.ravel())
    counts = np.maximum(np.bincount(radius), 1)
    mean = (sums / counts).astype(np.float32)
    return np.asarray(image - mean[radius].reshape(image.shape), dtype=np.float32)


def _blur(image: Floats) -> Floats:
    return np.asarray(cv2.GaussianBlur(image, (0, 0), BLUR_PX), dtype=np.float32)
