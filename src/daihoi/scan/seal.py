"""The convening committee's seal (dấu của Ban Tổ chức) in the seal area of a ballot.

A seal is recognised by its shape first: a round ring (a thin double ring is enough) of a seal's
size, with something inside it (lettering, a star), stamped with real contrast, wherever in and
around the seal area it landed (a stamp spilling onto the heading is still the seal). Where the
scan is in colour, the stamp's ink must be red: a blue or violet stamp, or a grey one (a
photocopy), is sent to the committee. Without a ring, the older measure of a stamp-sized blob
spread over much of the area (``stamp_like``) still applies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from daihoi.scan.components import components
from daihoi.scan.images import Image

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SealScore:
    """Measurements of the seal area: fractions of its surface, and the ink's extent."""

    red: float | None  # fraction of the area in stamp red (colour scans only)
    ink: float  # fraction of the area covered by added ink of any colour
    extent: float  # the inked region's size relative to the area's smaller side
    spread: float  # how much of the inked region's bounding box is inked (a line scores low)
    faint: float = 0.0  # fraction of the area a little darker (or a little red): a faint stamp
    ring: float = 0.0  # share of the angles round the found circle where its ring is inked
    radius: float = 0.0  # the ring's radius in points (0: no ring found)
    inside: float = 0.0  # fraction of the disc within the ring inked (lettering, star)
    contrast: float = 0.0  # how dark the ring's strong ink is (grey levels below paper)
    hue: str | None = None  # colour scans: "red", "other" or "neutral" (grey, black) stamp ink
    centre: tuple[float, float] = (0.0, 0.0)  # of the ring, in points on the page
    off_area: bool = False  # the ring was found beside the seal area, not touching it
    match: float | None = None  # agreement with the committee's learnt seal (None: no sample)

    def stamp_like(self) -> float:
        """How much seal there is: red coverage in colour, shaped ink coverage in grey."""
        if self.red is not None and self.red > 0:
            return self.red if self.extent >= 0.45 else self.red * self.extent
        if self.extent < 0.45 or self.spread < 0.08:
            return min(self.ink, 0.01)
        return self.ink


def score_seal(added: Mask, faint_mask: Mask, colour: Image | None) -> SealScore:
    """Measure the seal area: ``added`` is its added ink, ``faint_mask`` where it is slightly
    darker than paper and not printed, ``colour`` its BGR pixels if any."""
    area = max(1, added.size)
    ink = float(np.count_nonzero(added)) / area
    faint = float(np.count_nonzero(faint_mask)) / area
    red: float | None = None
    mask = added
    if colour is not None and colour.ndim == 3:
        hsv = cv2.cvtColor(colour, cv2.COLOR_BGR2HSV)
        hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
        red_mask = ((hue <= 12) | (hue >= 165)) & (sat >= 70) & (val >= 50)
        red = float(np.count_nonzero(red_mask)) / area
        pinkish = ((hue <= 12) | (hue >= 165)) & (sat >= 25)
        faint = max(faint, float(np.count_nonzero(pinkish)) / area)
        if red > 0:
            mask = red_mask
    ys, xs = np.nonzero(mask)
    if xs.size < 20:
        return SealScore(red=red, ink=ink, extent=0.0, spread=0.0, faint=round(faint, 4))
    # The bulk of the ink (2nd to 98th percentile) so that one stray dot does not count as size.
    x0, x1 = np.percentile(xs, [2, 98])
    y0, y1 = np.percentile(ys, [2, 98])
    side = min(added.shape)
    extent = float(min(x1 - x0, y1 - y0)) / max(1, side)
    box_area = max(1.0, float((x1 - x0 + 1) * (y1 - y0 + 1)))
    spread = float(xs.size) / box_area
    return SealScore(
        red=None if red is None else round(red, 4),
        ink=round(ink, 4),
        extent=round(extent, 3),
        spread=round(spread, 3),
        faint=round(faint, 4),
    )


# A seal's ring is at least this and at most this in radius (points): a 7-34 mm stamp (larger
# up to the circle round the printed seal area, ``find_ring``).
RING_RADIUS_PT = (10.0, 48.0)
RING_BINS = 48  # angular bins round the circle
STAMP_LEVEL = 225  # a stamp's ring is looked for in ink this light too (a pale or dry stamp)
STAMP_CHROMA = 12.0  # and, in colour, in pixels this far from the paper's colour (CIELAB)


@dataclass(frozen=True)
class RingScore:
    """A round ring of stamp ink found around the seal area (all zero when there is none)."""

    ring: float = 0.0
    radius: float = 0.0  # points
    inside: float = 0.0
    contrast: float = 0.0
    hue: str | None = None
    centre: tuple[float, float] = (0.0, 0.0)  # points on the page
    off_area: bool = False  # the stamp lies beside the seal area, not touching it


def stamp_ink(added: Mask, light: Image, printed: Mask, colour: Image | None) -> Mask:
    """Pixels of stamp ink in a region: added ink, and in colour any pixel whose colour stands
    clearly apart from the paper's (a red ring can be light in grey yet strongly coloured)."""
    mask = added | ((cv2.blur(light, (3, 3)) < STAMP_LEVEL) & ~printed)
    if colour is not None and colour.ndim == 3:
        lab = cv2.cvtColor(colour, cv2.COLOR_BGR2LAB).astype(np.int16)
        da = lab[:, :, 1] - int(np.median(lab[:, :, 1]))
        db = lab[:, :, 2] - int(np.median(lab[:, :, 2]))
        chroma = np.hypot(da, db)
        mask |= (chroma >= STAMP_CHROMA) & ~printed
    return mask


def find_ring(
    ink: Mask,
    light: Image,
    colour: Image | None,
    seal_box: tuple[int, int, int, int],
    origin: tuple[float, float],
    scale: float,
) -> RingScore:
    """Look for a seal's round ring in ``ink`` (a region around the seal area at ``scale`` px/pt).

    ``seal_box`` is the printed seal area inside the region (pixels), ``origin`` the region's
    top-left corner on the page (points). The ring is the outline of the largest blob of stamp
    ink touching the seal area: a circle fitted to its outer pixels, then how much of the circle
    is inked all the way round (a seal's ring is closed; a pen's loop or a blot is not round).
    """
    if np.count_nonzero(ink) < 40:
        return RingScore()
    step = max(1, round(3.0 * scale))
    joined = cv2.dilate(ink.astype(np.uint8), np.ones((2 * step + 1, 2 * step + 1), np.uint8))
    pieces = components(np.asarray(joined, np.uint8))
    count, labels, stats = pieces.count, pieces.labels, pieces.stats
    bx0, by0, bx1, by1 = seal_box
    touching = [
        index
        for index in range(1, count)
        if not (
            stats[index, 0] + stats[index, 2] < bx0
            or stats[index, 0] > bx1
            or stats[index, 1] + stats[index, 3] < by0
            or stats[index, 1] > by1
        )
    ]
    off_area = not touching
    if off_area:
        # A stamp beside the area, not on it: found, but for the committee to judge.
        touching = list(range(1, count))
        if not touching:
            return RingScore()
    # Every piece touching the seal area (a dry stamp leaves its ring in pieces), but not the
    # small ones (a pen's dot) unless the stamp is all pieces.
    biggest = max(int(stats[index, cv2.CC_STAT_AREA]) for index in touching)
    chosen = [i for i in touching if int(stats[i, cv2.CC_STAT_AREA]) >= 0.05 * biggest]
    lut = np.zeros(count, dtype=np.bool_)
    lut[chosen] = True
    blob = lut[labels] & ink
    ys, xs = np.nonzero(blob)
    if xs.size < 40:
        return RingScore()
    fitted = _fit_outer_circle(xs.astype(np.float64), ys.astype(np.float64))
    if fitted is None:
        return RingScore()
    cx, cy, radius = fitted
    lo, hi = RING_RADIUS_PT
    # A stamp larger than the usual (a 40–42 mm seal) may still cover the printed area: up to the
    # circle round the whole area is a seal's size.
    hi_px = max(hi * scale, 0.5 * math.hypot(bx1 - bx0, by1 - by0))
    if not lo * scale <= radius <= hi_px:
        return RingScore()
    r = np.hypot(xs - cx, ys - cy)
    band = np.abs(r - radius) <= max(2.0, 0.07 * radius)
    angles = np.arctan2(ys[band] - cy, xs[band] - cx)
    bins = np.unique(((angles + np.pi) / (2 * np.pi) * RING_BINS).astype(int) % RING_BINS)
    ring = bins.size / RING_BINS
    # The ring's full circle may run out of the region (a stamp far off the area): the share is of
    # the angles whose ring point lies inside the region, so a cut ring is not a broken one.
    theta = (np.arange(RING_BINS) + 0.5) / RING_BINS * 2 * np.pi - np.pi
    px, py = cx + radius * np.cos(theta), cy + radius * np.sin(theta)
    height, width = ink.shape
    visible = (px >= 0) & (px < width) & (py >= 0) & (py < height)
    if np.count_nonzero(visible) < RING_BINS // 2:
        return RingScore()
    ring = min(1.0, bins.size / int(np.count_nonzero(visible)))
    disc = r < 0.8 * radius
    inside = float(np.count_nonzero(disc)) / max(1.0, math.pi * (0.8 * radius) ** 2)
    darkness = 255.0 - light[ys[band], xs[band]].astype(np.float64)
    contrast = float(np.percentile(darkness, 90)) if darkness.size else 0.0
    hue: str | None = None
    if colour is not None and colour.ndim == 3:
        hue = _hue(colour, blob, ink)
    return RingScore(
        ring=round(ring, 3),
        radius=round(radius / scale, 1),
        inside=round(inside, 4),
        contrast=round(contrast, 1),
        hue=hue,
        centre=(round(origin[0] + cx / scale, 1), round(origin[1] + cy / scale, 1)),
        off_area=off_area,
    )


def _fit_outer_circle(
    xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64]
) -> tuple[float, float, float] | None:
    """The circle through the outermost ink all round (a seal's outer ring), fitted robustly:
    per angle, the farthest pixel from the ink's centre; points far off the fit (a gap in a dry
    ring shows the inner ring there) are dropped and the circle is fitted again."""
    cx, cy = float(np.mean(xs)), float(np.mean(ys))
    for _ in range(2):
        angle = np.arctan2(ys - cy, xs - cx)
        r = np.hypot(xs - cx, ys - cy)
        bins = ((angle + np.pi) / (2 * np.pi) * RING_BINS).astype(int) % RING_BINS
        far = np.full(RING_BINS, -1.0)
        np.maximum.at(far, bins, r)
        keep = np.zeros(xs.size, dtype=np.bool_)
        for b in np.flatnonzero(far > 0):
            keep |= (bins == b) & (r >= far[b] - 0.5)
        px, py = xs[keep], ys[keep]
        if px.size < 12:
            return None
        use = np.ones(px.size, dtype=np.bool_)
        for _ in range(3):
            a = np.column_stack([px[use], py[use], np.ones(int(np.count_nonzero(use)))])
            rhs = px[use] ** 2 + py[use] ** 2
            sol = np.linalg.lstsq(a, rhs, rcond=None)[0]
            cx, cy = float(sol[0] / 2), float(sol[1] / 2)
            radius = float(np.sqrt(max(1.0, sol[2] + cx * cx + cy * cy)))
            residual = np.abs(np.hypot(px - cx, py - cy) - radius)
            use = residual <= max(2.0, 2.5 * float(np.median(residual)))
            if np.count_nonzero(use) < 12:
                return None
    return cx, cy, radius


# Hue angles (degrees, CIELAB a*/b* plane) of a red stamp: crimson to vermilion.
RED_HUE = (-30.0, 75.0)
NEUTRAL_CHROMA = 9.0  # below this the stamp ink is grey or black (a photocopy, a black pad)


def _hue(colour: Image, blob: Mask, ink: Mask) -> str:
    lab = cv2.cvtColor(colour, cv2.COLOR_BGR2LAB).astype(np.float64)
    paper = ~cv2.dilate(ink.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    if np.count_nonzero(paper) < 50:
        paper = np.ones(ink.shape, dtype=np.bool_)
    a0, b0 = float(np.median(lab[:, :, 1][paper])), float(np.median(lab[:, :, 2][paper]))
    # The strongest half of the stamp's pixels (thin lines lose colour to the JPEG's chroma).
    da = lab[:, :, 1][blob] - a0
    db = lab[:, :, 2][blob] - b0
    chroma = np.hypot(da, db)
    strong = chroma >= np.percentile(chroma, 50)
    ma, mb = float(np.median(da[strong])), float(np.median(db[strong]))
    if math.hypot(ma, mb) < NEUTRAL_CHROMA:
        return "neutral"
    angle = math.degrees(math.atan2(mb, ma))
    return "red" if RED_HUE[0] <= angle <= RED_HUE[1] else "other"


# ----------------------------------------------------------------------------------------------
# Learning the committee's own seal from stamped blank ballots (``--seal-sample``): pure parts.

RADIAL_BANDS = 24  # the seal's ink, ring by ring, from its centre to 1.1 radii


@dataclass(frozen=True)
class SealModel:
    """The committee's seal as learnt from samples: its size, how its ink lies ring by ring
    (double ring, lettering, star), and its colour where the samples are in colour."""

    radius: float  # points
    radial: tuple[float, ...]  # share of each of RADIAL_BANDS rings' area that is inked
    hue: str | None  # "red", "other", "neutral"; None when every sample is grey
    samples: int


def _seal_area_ink(area: Image, scale: float) -> tuple[RingScore, Mask]:
    """The stamp's ink and ring in a seal-area crop (light-normalised grey or BGR)."""
    colour = area if area.ndim == 3 else None
    grey = np.asarray(area if area.ndim == 2 else cv2.cvtColor(area, cv2.COLOR_BGR2GRAY), np.uint8)
    printed = np.zeros(grey.shape, dtype=np.bool_)
    ink = stamp_ink(grey < 200, grey, printed, colour)
    height, width = grey.shape
    ring = find_ring(ink, grey, colour, (0, 0, width, height), (0.0, 0.0), scale)
    return ring, ink


def _radial(ink: Mask, ring: RingScore, scale: float) -> tuple[float, ...]:
    ys, xs = np.mgrid[0 : ink.shape[0], 0 : ink.shape[1]]
    cx, cy = ring.centre[0] * scale, ring.centre[1] * scale
    r = np.hypot(xs - cx, ys - cy) / max(1e-6, ring.radius * scale)
    band = np.minimum((r / 1.1 * RADIAL_BANDS).astype(int), RADIAL_BANDS)
    inked = np.bincount(band[ink], minlength=RADIAL_BANDS + 1)[:RADIAL_BANDS]
    total = np.bincount(band.ravel(), minlength=RADIAL_BANDS + 1)[:RADIAL_BANDS]
    return tuple(round(float(i) / max(1, int(t)), 4) for i, t in zip(inked, total, strict=True))


def learn_seal(areas: list[Image], scale: float) -> SealModel | None:
    """The seal common to ``areas`` (seal-area crops of stamped blank ballots, straightened at
    ``scale`` px/pt); None when no sample shows a seal's ring."""
    found = []
    for area in areas:
        ring, ink = _seal_area_ink(area, scale)
        if ring.radius > 0 and ring.ring >= 0.6:
            found.append((ring, _radial(ink, ring, scale)))
    if not found:
        return None
    radius = float(np.median([ring.radius for ring, _ in found]))
    radial = tuple(round(float(v), 4) for v in np.median([p for _, p in found], axis=0))
    hues = {ring.hue for ring, _ in found if ring.hue is not None}
    hue = hues.pop() if len(hues) == 1 else (None if not hues else "other")
    return SealModel(radius=round(radius, 1), radial=radial, hue=hue, samples=len(found))


def match_seal(area: Image, model: SealModel, scale: float) -> float:
    """How well the seal in ``area`` (a page's seal-area crop) matches ``model``, in [0, 1]:
    0 without a ring; else the ring's closure times the agreement of size and of the ink's
    layout ring by ring (correlation), and 0 when the colour differs from the samples'."""
    ring, ink = _seal_area_ink(area, scale)
    if ring.radius <= 0:
        return 0.0
    if model.hue is not None and ring.hue is not None and ring.hue != model.hue:
        return 0.0
    size = max(0.0, 1.0 - abs(ring.radius - model.radius) / max(1.0, 0.15 * model.radius))
    mine = np.asarray(_radial(ink, ring, scale))
    theirs = np.asarray(model.radial)
    if float(np.std(mine)) == 0 or float(np.std(theirs)) == 0:
        return 0.0
    corr = float(np.corrcoef(mine, theirs)[0, 1])
    return round(max(0.0, corr) * size * min(1.0, ring.ring / 0.9), 3)
