"""Scores of a registered page: how much of each name is struck, what else was drawn, the seal.

Scores only measure; ``decide`` turns them into struck / kept / unclear and a ballot status by
the thresholds of the rule set. Everything is measured on the page straightened onto the layout
at the template's scale (``WORK_SCALE`` px/pt, ``FINE_SCALE`` for small print), and only ink that the blank ballot does not have counts ("added ink").
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass, replace

import cv2
import numpy as np
import numpy.typing as npt

from daihoi.scan.components import Components, components
from daihoi.scan.images import Image, PageImage
from daihoi.scan.register import Registration, to_gray, warp_area, warp_page
from daihoi.scan.seal import SealScore, score_seal
from daihoi.scan.template import (
    ADDED_INK_LEVEL,
    FINE_SCALE,
    BallotTemplate,
    Box,
    NameGeometry,
    RowLayout,
)

Mask = npt.NDArray[np.bool_]

INK_LEVEL = ADDED_INK_LEVEL  # on the light-normalised page (paper = 255): darker is ink
FAINT_LEVEL = 232  # a little darker than paper: enough to suspect a faint stamp
BRIDGE_PT = 6.0  # gaps in a stroke's coverage this short are letters hiding the stroke
OVERSHOOT_PT = 8.0  # how far past the name's ends a strike is followed
PAST_NAME_PT = 40.0  # a stroke may run this far past the name and still be part of the strike
MARK_MIN_PT = 4.0  # outside the rows, a mark smaller than this every way is dust
UNDER_RULE_PT = 1.5  # small print: how far past the rule under a name its row is read
FINGERPRINT_SCALE = 1.0  # px/pt of the fingerprint used to recognise a page scanned twice


@dataclass(frozen=True)
class RowScore:
    """Measurements of one name row (coverage scores in [0, 1], ink in pt²)."""

    number: int
    candidate: str
    strike: float  # how much of the name's width a stroke crosses in its middle band
    cross: float  # how well the ink forms an X over the name
    underline: float  # how much of the name's width has ink just below the letters
    ink: float  # all added ink in the row
    stray: float  # added ink in the row further than PAST_NAME_PT from the name
    agree: float | None  # approve form: fraction of the "đồng ý" box inked
    disagree: float | None
    shared: bool  # a stroke here also reaches into another row's name

    @property
    def name_score(self) -> float:
        """The strike score used for deciding: a straight stroke or an X."""
        return max(self.strike, self.cross)


@dataclass(frozen=True)
class PageScores:
    """Everything measured on one registered page."""

    rows: tuple[RowScore, ...]
    seal: SealScore
    written_in: float  # pt² of added ink outside the rows, shaped like writing below the list
    other_marks: float  # pt² of other added ink outside the rows
    long_lines: int  # lines running across most of the page (folds, rulers): never read through
    printed_found: float  # fraction of the printed ink found where the layout puts it
    fingerprint: bytes  # compressed low-resolution map of the added ink (duplicate pages)
    added_ink: float  # pt² of added ink on the whole page


@dataclass(frozen=True)
class PageImages:
    """The registered page and its added ink, kept while one page is read (for crops)."""

    gray: Image
    added: Mask


def normalise_light(gray: Image) -> Image:
    """Divide out uneven light (a phone photo, a scanner's lamp): the paper becomes 255."""
    # A quarter of the size by halving twice: OpenCV's 2×2 averaging is several times faster
    # than its 4×4 one.
    half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    small = cv2.resize(half, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    background = cv2.dilate(small, np.ones((7, 7), np.uint8))
    background = np.maximum(cv2.GaussianBlur(background, (0, 0), 3), 1)
    # Interpolating keeps the floor of 1 (never a division by zero), at a sixteenth of the cost.
    background = cv2.resize(
        background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR
    )
    return np.asarray(cv2.divide(gray, background, scale=255), dtype=np.uint8)


def score_page(
    page: PageImage, registration: Registration, template: BallotTemplate
) -> tuple[PageScores, PageImages]:
    """Measure one page that registration placed on ``template``'s layout."""
    layout = template.layout
    scale = template.scale
    pt2 = scale * scale  # pixels per square point
    source = to_gray(page.pixels)
    registered = registration
    if registration.px_per_pt > 1.6 * scale:
        # A fine scan (300–600 dpi) is first averaged down: sampling it straight onto the coarser
        # page would alias thin strokes and letter edges.
        f = 1.25 * scale / registration.px_per_pt
        source = np.asarray(cv2.resize(source, None, fx=f, fy=f, interpolation=cv2.INTER_AREA))
        to_small = np.array([[f, 0, 0.5 * f - 0.5], [0, f, 0.5 * f - 0.5], [0, 0, 1.0]])
        registered = replace(
            registration,
            homography=np.asarray(to_small @ registration.homography, dtype=np.float64),
            px_per_pt=registration.px_per_pt * f,
        )
    gray = warp_page(source, registered, template.shape, scale)
    light = normalise_light(gray)
    core = template.printed_core
    printed_found = float(np.count_nonzero(light.ravel()[core] < INK_LEVEL)) / max(1, core.size)
    # Added ink: darker than the level the blank ballot allows at that pixel (never on print or
    # in the page's outer band, where the paper's own edge or the table under a photo shows).
    added_raw = np.asarray(cv2.compare(light, template.added_below, cv2.CMP_LT), np.uint8)
    found = components(added_raw)
    stats, of = found.stats, found.of
    # Scanner dust and speckle: tiny specks are not marks (a dot made on purpose is larger).
    areas = stats[:, cv2.CC_STAT_AREA]
    longest = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = (areas >= 10) | (longest >= 7)
    keep[0] = False
    # A fringe hugging the printed letters (every pixel within two pixels of print) is the
    # letters' own edge after blur and resampling; a pen's stroke always shows somewhere apart.
    # Fringes are small, so only small pieces are looked at.
    apart = template.blank_near[found.ys, found.xs] == 0
    shows_apart = np.bincount(of[apart], minlength=found.count) > 0
    keep &= ~((areas < 60) & ~shows_apart)
    # Amounts of ink leave out dust and toner specks (a blurred speck spreads a little); the
    # pieces of a stroke seen between letters stay in ``added`` for following the stroke.
    dust = (longest < MARK_MIN_PT * scale) & (areas < MARK_MIN_PT**2 * pt2 / 2)
    lut = keep.astype(np.uint8) + (keep & ~dust).astype(np.uint8)
    level = lut[of]  # per inked pixel: 0 dropped, 1 part of a stroke only, 2 also an amount
    added = _mask(template.shape, found, level > 0)
    marks = _mask(template.shape, found, level > 1)
    labels = found.labels

    long_lines = _long_lines(stats, keep, template)

    rows = _mark_shared(
        [
            _score_row(added, marks, row, geometry, template)
            for row, geometry in zip(layout.rows, template.names, strict=True)
        ],
        [_band_labels(labels, added, geometry) for geometry in template.names],
    )
    if page.is_colour:
        seal_pixels = warp_area(page.pixels, registration, layout.seal, scale)
    else:
        seal_pixels = None
    sx0, sy0, sx1, sy1 = layout.seal.pixels(scale)
    seal_light = cv2.blur(light[sy0:sy1, sx0:sx1], (3, 3))
    faint = (seal_light < FAINT_LEVEL) & (template.blank_near[sy0:sy1, sx0:sx1] == 0)
    seal = score_seal(added[sy0:sy1, sx0:sx1], faint, seal_pixels)
    written_in, other = _outside_marks(found, level > 1, template)
    fingerprint = _fingerprint(template.shape, found, level > 0, scale)
    scores = PageScores(
        rows=rows,
        seal=seal,
        written_in=written_in,
        other_marks=other,
        long_lines=long_lines,
        printed_found=printed_found,
        fingerprint=fingerprint,
        added_ink=float(np.count_nonzero(level)) / pt2,
    )
    return scores, PageImages(gray, added)


def _score_row(
    added: Mask,
    marks: Mask,
    row: RowLayout,
    g: NameGeometry,
    template: BallotTemplate,
) -> RowScore:
    scale = template.scale
    pt2 = scale * scale
    # The printed rules between rows are not part of either row (a pixel off is not a mark).
    inner = Box(row.row.x0, row.row.y0 + 1.5, row.row.x1, row.row.y1 - 1.5)
    if template.scale == FINE_SCALE:
        # Small print: an underline 1.5-3 pt under a 9 pt name lies on the rule below it, partly
        # hidden by the rule and partly in the next row. The row is read down to UNDER_RULE_PT
        # past that rule, so such a line is ink of this row (never read as kept) as well as of
        # the next (the rule itself is in the blank: it is never added ink).
        inner = Box(row.row.x0, row.row.y0 + 1.5, row.row.x1, row.row.y1 + UNDER_RULE_PT)
    rx0, ry0, rx1, ry1 = inner.pixels(scale)
    if _untouched(added, row, g, (rx0, ry0, rx1, ry1), scale):
        # Most rows of most ballots (every kept name) have no added ink at all: every score is 0.
        has_boxes = row.agree is not None and row.disagree is not None
        return RowScore(
            number=row.number,
            candidate=row.candidate,
            strike=0.0,
            cross=0.0,
            underline=0.0,
            ink=0.0,
            stray=0.0,
            agree=0.0 if has_boxes else None,
            disagree=0.0 if has_boxes else None,
            shared=False,
        )
    # Ink counted as an amount is ink away from the printed letters: the faint fringe of a letter
    # (resampling, blur) is never an amount of anything, while every real mark has ink apart.
    area = marks[ry0:ry1, rx0:rx1] & (template.blank_near[ry0:ry1, rx0:rx1] == 0)
    if template.scale == FINE_SCALE:
        # Within UNDER_RULE_PT of the rule under a small-print name, a mark (never dust) counts
        # even within two pixels of print: a light underline along the rule shows little else.
        by_rule = round((row.row.y1 - UNDER_RULE_PT) * scale) - ry0
        area[by_rule:] |= marks[ry0 + by_rule : ry1, rx0:rx1]
    ink = float(np.count_nonzero(area)) / pt2
    past = round(PAST_NAME_PT * scale)
    near0, near1 = max(rx0, g.x0 - past), min(rx1, g.x1 + past)
    stray = (
        float(np.count_nonzero(area[:, : near0 - rx0]) + np.count_nonzero(area[:, near1 - rx0 :]))
        / pt2
    )
    agree: float | None = None
    disagree: float | None = None
    if row.agree is not None and row.disagree is not None:
        agree = _box_fill(added, row.agree, scale)
        disagree = _box_fill(added, row.disagree, scale)
        stray = 0.0 if template.layout.form == "approve" else stray

    xheight = max(2, g.mid1 - g.mid0)
    band0 = g.mid0 - xheight // 3
    band1 = g.mid1
    cols = slice(g.x0, g.x1)
    # The stroke is followed a little beyond the name too: where it overshoots onto bare paper
    # it shows where it starts and ends, even if the first letters hide it.
    margin = round(OVERSHOOT_PT * scale)
    lead = min(margin, g.x0)
    wide = slice(g.x0 - lead, g.x1 + margin)
    covered_wide, observable_wide = _follow_stroke(
        added[band0:band1, wide], template.blank_near[band0:band1, wide] > 0
    )
    covered = covered_wide[lead : lead + (g.x1 - g.x0)]
    observable = observable_wide[lead : lead + (g.x1 - g.x0)]
    above = _any_column(added[ry0:band0, cols])
    below = _any_column(added[band1 + 2 : ry1, cols])
    bridge = round(BRIDGE_PT * scale) | 1
    width = max(1, g.x1 - g.x0)
    # A strike crosses the name from end to end: the stroke's seen extent bounds the score, so
    # a stroke through one word of three never scores high, however much the letters hide.
    # Its ends may hide behind the first and last letters: the extent runs on through columns
    # where the stroke could not be seen, up to the first bare paper it does not cross.
    # Letters hide at most about one letter's width of a stroke's end (and never more than a
    # tenth of the name on both sides together, so a stroke over half a name stays partial).
    hidden = round(min(1.0 * xheight, 0.08 * width))
    strike = min(
        _share(covered, observable),
        _span(
            covered_wide, observable_wide, tuple(lead + c for c in g.spaces), hidden, lead, width
        ),
        _words(covered, g.spaces),
    )

    quarter = width // 4
    ends = np.concatenate([above[:quarter] & below[:quarter], above[-quarter:] & below[-quarter:]])
    centre = slice(width * 7 // 20, width * 13 // 20)
    cross = 0.0
    # An X: both ends of the name have ink above and below the letters (the arms), and the arms
    # meet in the middle band at the centre. A circle is the other way round: at the centre its
    # arcs run above and below the letters.
    centre_rim = float(np.mean(above[centre] & below[centre])) if width > 8 else 1.0
    if ends.size and float(np.mean(covered[centre])) >= 0.1 and centre_rim <= 0.3:
        cross = min(float(np.mean(ends)) * 1.25, 1.0)
    underline = float(np.count_nonzero(_bridge(below, bridge))) / width

    return RowScore(
        number=row.number,
        candidate=row.candidate,
        strike=round(strike, 3),
        cross=round(cross, 3),
        underline=round(underline, 3),
        ink=round(ink, 1),
        stray=round(stray, 1),
        agree=None if agree is None else round(agree, 3),
        disagree=None if disagree is None else round(disagree, 3),
        shared=False,
    )


def _untouched(
    added: Mask, row: RowLayout, g: NameGeometry, bounds: tuple[int, int, int, int], scale: float
) -> bool:
    """No added ink anywhere ``_score_row`` looks: the row, the name's band and its X boxes."""
    rx0, ry0, rx1, ry1 = bounds
    xheight = max(2, g.mid1 - g.mid0)
    margin = round(OVERSHOOT_PT * scale)
    x0 = min(rx0, g.x0 - min(margin, g.x0))
    x1 = max(rx1, g.x1 + margin)
    y0 = min(ry0, g.mid0 - xheight // 3)
    y1 = max(ry1, g.mid1)
    for box in (row.agree, row.disagree):
        if box is not None:
            bx0, by0, bx1, by1 = box.pixels(scale)
            x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
    return not added[max(0, y0) : y1, max(0, x0) : x1].any()


def _band_labels(labels: npt.NDArray[np.int32], added: Mask, g: NameGeometry) -> set[int]:
    """The strokes (connected added ink) that cross the middle band of a name."""
    xheight = max(2, g.mid1 - g.mid0)
    window = (slice(g.mid0 - xheight // 3, g.mid1), slice(g.x0, g.x1))
    inked = added[window]
    if not inked.any():
        return set()
    found = set(np.unique(labels[window][inked]).tolist())
    found.discard(0)
    return found


def _mark_shared(rows: list[RowScore], bands: list[set[int]]) -> tuple[RowScore, ...]:
    """A stroke through the middle of two names was meant for one of them: both are doubtful."""
    seen: dict[int, int] = {}
    for band in bands:
        for label in band:
            seen[label] = seen.get(label, 0) + 1
    return tuple(
        replace(row, shared=True) if any(seen[label] > 1 for label in band) else row
        for row, band in zip(rows, bands, strict=True)
    )


def _follow_stroke(band: Mask, printed: Mask) -> tuple[Mask, Mask]:
    """Which columns of a name a stroke is seen to cross, and where it could be seen at all.

    Where a stroke passes over a printed letter it cannot be seen (ink on ink). Along the line of
    the stroke (interpolated between where it is seen, and carried on flat past its ends), a
    column is observable where that line runs over bare paper; the strike score is the share of
    observable columns that the stroke really crosses, so a stroke that stops short leaves bare,
    uncrossed columns behind it and scores low whatever letters hide.
    """
    covered = _any_column(band)
    idx = np.flatnonzero(covered)
    height, width = band.shape
    if idx.size == 0:
        middle = height // 2
        observable = ~_any_column(printed[max(0, middle - 1) : middle + 2])
        return covered, observable
    rows = np.arange(height, dtype=np.float64)[:, None]
    weights = band[:, idx].astype(np.float64)
    ys = (weights * rows).sum(axis=0) / weights.sum(axis=0)
    line = np.interp(np.arange(width), idx, ys).round().astype(np.intp)
    window = np.clip(line[None, :] + np.array([[-1], [0], [1]]), 0, height - 1)
    observable = ~_any_column(printed[window, np.arange(width)[None, :]])
    return covered, np.asarray(observable | covered, dtype=np.bool_)


def _any_column(area: Mask) -> Mask:
    """Columns of ``area`` with any pixel set."""
    return np.asarray(area.any(axis=0), dtype=np.bool_)


def _span(
    covered: Mask, observable: Mask, spaces: tuple[int, ...], hidden: int, lead: int, name: int
) -> float:
    """Share of the name's width between the stroke's ends (extended behind hiding letters).

    ``covered`` and ``observable`` run from ``lead`` columns before the name to a little after
    it; the name itself is ``name`` columns wide.

    The extension stops at bare paper the stroke does not cross: three bare columns in a row
    (a pencil's grain leaves single specks), or a space between two words of the name, and
    goes at most ``hidden`` columns (about a letter) past the last place the stroke is seen.
    """
    seen = np.flatnonzero(covered)
    if seen.size == 0:
        return 0.0
    width = covered.size
    bare_run = (
        np.convolve((observable & ~covered).astype(np.int8), np.ones(3, np.int8), "same") == 3
    )
    near = np.convolve(covered.astype(np.int8), np.ones(3, np.int8), "same") > 0
    for space in spaces:
        if 0 <= space < width and not near[space]:
            bare_run[space] = True
    bare = np.flatnonzero(bare_run)
    before = bare[bare < seen[0]]
    after = bare[bare > seen[-1]]
    start = max(int(before[-1]) + 2 if before.size else 0, int(seen[0]) - hidden, lead)
    end = min(int(after[0]) - 2 if after.size else width - 1, int(seen[-1]) + hidden)
    end = min(end, lead + name - 1)
    return max(0.0, float(end - start + 1) / name)


def _words(covered: Mask, spaces: tuple[int, ...]) -> float:
    """Share of the name's words in which the stroke is seen at all (a strike crosses them all)."""
    edges = [0, *spaces, covered.size]
    hits = [bool(covered[a:b].any()) for a, b in itertools.pairwise(edges) if b > a]
    return sum(hits) / len(hits) if hits else 0.0


def _share(covered: Mask, observable: Mask) -> float:
    """Share of the observable columns that are covered (0 when too few can be observed)."""
    seen = int(np.count_nonzero(observable))
    if seen < 8:
        return 0.0
    return float(np.count_nonzero(covered & observable)) / seen


def _bridge(covered: Mask, length: int) -> Mask:
    """Close gaps shorter than ``length`` in a row of covered columns."""
    if not covered.any():
        return covered
    line = covered.astype(np.uint8)[None, :]
    closed = cv2.morphologyEx(line, cv2.MORPH_CLOSE, np.ones((1, length), np.uint8))
    return np.asarray(closed[0] > 0)


def _box_fill(added: Mask, box: Box, scale: float) -> float:
    inner = box.grown(-2.5)
    x0, y0, x1, y1 = inner.pixels(scale)
    crop = added[y0:y1, x0:x1]
    return float(np.count_nonzero(crop)) / max(1, crop.size)


def _outside_marks(
    found: Components, is_mark: Mask, template: BallotTemplate
) -> tuple[float, float]:
    """Ink outside every row, the seal, the QR and the fiducials: (written-in-like, other) in pt².

    Only the part of a mark that lies outside those zones counts, so a signature that touches the
    last row is still seen. Dust is already left out (``is_mark``: per inked pixel of ``found``).
    """
    outside = is_mark & template.zone_free[found.ys, found.xs]
    if not outside.any():
        return 0.0, 0.0
    layout = template.layout
    scale = template.scale
    stats = found.stats
    counts = np.bincount(found.of[outside], minlength=stats.shape[0])
    rows_bottom = max(row.row.y1 for row in layout.rows) * scale
    name_starts = {round(row.name.x0 * scale) for row in layout.rows}
    written = other = 0.0
    for index in np.flatnonzero(counts):
        x, y = int(stats[index, 0]), int(stats[index, 1])
        amount = float(counts[index]) / (scale * scale)
        # Writing a name in goes where a name would be: below the list, starting where the
        # printed names start.
        if y >= rows_bottom - 2 and any(abs(x - start) <= 40 * scale for start in name_starts):
            written += amount
        else:
            other += amount
    return written, other


def _long_lines(stats: npt.NDArray[np.int32], keep: Mask, template: BallotTemplate) -> int:
    """Thin lines across most of the page: a fold, a ruler line. A reading through them is a guess."""
    width_px = template.layout.width * template.scale
    height_px = template.layout.height * template.scale
    wide = stats[:, cv2.CC_STAT_WIDTH] > 0.55 * width_px
    tall = stats[:, cv2.CC_STAT_HEIGHT] > 0.55 * height_px
    return int(np.count_nonzero(keep & (wide | tall)))


def _mask(shape: tuple[int, int], found: Components, which: Mask) -> Mask:
    """A page-sized mask of the inked pixels of ``found`` selected by ``which``."""
    mask = np.zeros(shape, dtype=np.bool_)
    mask[found.ys[which], found.xs[which]] = True
    return mask


def _fingerprint(shape: tuple[int, int], found: Components, which: Mask, scale: float) -> bytes:
    """The added ink at FINGERPRINT_SCALE px/pt: a cell is set when any of its pixels is inked."""
    step = round(scale / FINGERPRINT_SCALE)
    small = np.zeros((round(shape[0] / step), round(shape[1] / step)), dtype=np.bool_)
    small[found.ys[which] // step, found.xs[which] // step] = True
    return zlib.compress(np.packbits(small).tobytes(), 6)


def fingerprint_mask(fingerprint: bytes, shape: tuple[int, int], scale: float) -> Mask:
    """The added-ink map stored in a fingerprint, for a page of ``shape`` at ``scale`` px/pt."""
    height = round(shape[0] * FINGERPRINT_SCALE / scale)
    width = round(shape[1] * FINGERPRINT_SCALE / scale)
    bits = np.unpackbits(np.frombuffer(zlib.decompress(fingerprint), dtype=np.uint8))
    return np.asarray(bits[: height * width].reshape(height, width) > 0)
