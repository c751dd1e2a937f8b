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
from daihoi.scan.dupes import signature
from daihoi.scan.images import Image, PageImage
from daihoi.scan.register import Registration, to_gray, warp_area, warp_page
from daihoi.scan.seal import SealModel, SealScore, find_ring, match_seal, score_seal, stamp_ink
from daihoi.scan.template import (
    ADDED_INK_LEVEL,
    FINE_SCALE,
    BallotTemplate,
    Box,
    NameGeometry,
    RowLayout,
)
from daihoi.scan.template import (
    EDGE_PT as EDGE_BAND_PT,
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
    # How much of the least-crossed printed word a stroke crosses, and of the whole name (the
    # stroke's line counted as crossing where letters hide it, never over bare paper it skips).
    word_cover: float = 0.0
    name_cover: float = 0.0
    loop: float = 0.0  # share of the name's middle with ink both above and below the letters
    extra: float = 0.0  # pt² of ink in the row apart from the strokes through the name
    extra_x: float = 0.0  # the same, letting an X's arms run further past the name's ends
    tint: float = 0.0  # pt² of broad, light colour or grey in the row (a highlighter)
    both_ends: bool = False  # ink in the name's middle band just before and just after it
    second_line: float = 0.0  # share of the name with ink just below the letters (normal print)
    outside_boxes: float = 0.0  # approve form: pt² of ink in the row away from both X boxes
    agree_rim: float = 0.0  # approve form: pt² of ink round the "đồng ý" box, not inside it
    disagree_rim: float = 0.0

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
    signature: bytes = b""  # what the hand added, per region (``scan.dupes``: duplicate pages)


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
    page: PageImage,
    registration: Registration,
    template: BallotTemplate,
    seal_model: SealModel | None = None,
) -> tuple[PageScores, PageImages]:
    """Measure one page that registration placed on ``template``'s layout (and, given the
    committee's learnt seal, how well the page's seal matches it)."""
    layout = template.layout
    scale = template.scale
    pt2 = scale * scale  # pixels per square point
    source = to_gray(page.pixels)
    chroma_source = _chroma(page.pixels) if page.is_colour else None
    registered = registration
    if registration.px_per_pt > 1.6 * scale:
        # A fine scan (300–600 dpi) is first averaged down: sampling it straight onto the coarser
        # page would alias thin strokes and letter edges.
        f = 1.25 * scale / registration.px_per_pt
        source = np.asarray(cv2.resize(source, None, fx=f, fy=f, interpolation=cv2.INTER_AREA))
        if chroma_source is not None:
            chroma_source = np.asarray(
                cv2.resize(chroma_source, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
            )
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
    # Between letters (off the printed ink, within two pixels of it) a faint stroke is grey,
    # not dark: it only says where a stroke seen elsewhere runs on behind the letters.
    # Right against the letters, only ink far darker than any letter's edge can be (where the
    # blank itself is paper): a dark pen between letters set close together.
    soft = (light < FAINT_STROKE_LEVEL) & (template.blank_ink == 0)
    soft |= (light < CLOSE_STROKE_LEVEL) & (template.blank >= 215)
    # Light inks (a pencil, a ballpoint running dry, seen lighter still at the working scale):
    # on bare paper, lines a little darker than the page's own paper and noise.
    # (Not in the seal area: a faint stamp is measured there as it is, never made darker.)
    sx0, sy0, sx1, sy1 = layout.seal.grown(6).pixels(scale)
    seal_zone = np.zeros(template.shape, dtype=np.bool_)
    seal_zone[max(0, sy0) : sy1, max(0, sx0) : sx1] = True
    # Light lines are looked for in the name rows only (elsewhere a scan's noise, a fold's
    # shadow would be "marks"): they matter for reading a name.
    added_raw[_light_strokes(light, template) & ~template.zone_free & ~seal_zone] = 255
    tint = np.zeros(template.shape, dtype=np.bool_)
    if chroma_source is None:
        # In grey, a highlighter is a broad band a little darker than the paper (by more than
        # the paper's own noise), too light to be ink: looked for in the name rows only.
        tint = _grey_tint(light, template) & ~template.zone_free & ~seal_zone
    if chroma_source is not None:
        # In colour, ink is also what stands apart from the paper by its colour: coloured inks
        # and a highlighter, which can be as light as paper in grey.
        chroma = warp_page(chroma_source, registered, template.shape, scale)
        coloured = (chroma >= CHROMA_INK) & (template.added_below > 0) & ~seal_zone
        added_raw[coloured] = 255
        # A band of light colour several points wide: a highlighter, never a pen's stroke.
        broad = round(BROAD_PT * scale) | 1
        pale = (coloured & (light >= INK_LEVEL)).astype(np.uint8)
        tint = cv2.morphologyEx(pale, cv2.MORPH_OPEN, np.ones((broad, broad), np.uint8)) > 0
    paper = _paper_level(light, template)
    paper_white = 255.0 if paper is None else paper[0]
    found = components(added_raw)
    stats, of = found.stats, found.of
    # Scanner dust and speckle: tiny specks are not marks (a dot made on purpose is larger).
    areas = stats[:, cv2.CC_STAT_AREA]
    longest = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = (areas >= 10) | (longest >= 7)
    # A thin light stroke through a name is seen only in bits between the letters, each as small
    # as a speck: bits lined up along one line are a stroke, not dust.
    keep |= _lined_up(added_raw, found, scale)
    keep[0] = False
    # A fringe hugging the printed letters (every pixel within two pixels of print) is the
    # letters' own edge after blur and resampling; a pen's stroke always shows somewhere apart.
    # Fringes are small, so only small pieces are looked at.
    apart = template.blank_near[found.ys, found.xs] == 0
    shows_apart = np.bincount(of[apart], minlength=found.count) > 0
    keep &= ~((areas < 60) & ~shows_apart)
    # Outside the rows, the same fringe beside large print (a bold title shifted by a printer's
    # scale or a scan's blur) shows apart from the letters by a pixel or two along its length:
    # a small piece lying mostly within two pixels of print, and not in a row, is that fringe.
    near_share = 1.0 - np.bincount(of[apart], minlength=found.count) / np.maximum(areas, 1)
    in_rows = np.bincount(of[~template.zone_free[found.ys, found.xs]], minlength=found.count)
    hugging = (areas < 60) & (near_share >= 0.5)
    keep &= ~(hugging & (in_rows == 0))
    # The scanner's lid or bed round a sheet shifted or turned on the glass: dark along the
    # page's edge, never reaching in past the fiducials. That is not ink on the paper.
    keep &= ~_paper_edge(found, template)
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
            _score_row(added, marks, row, geometry, template, tint, soft, light, paper_white)
            for row, geometry in zip(layout.rows, template.names, strict=True)
        ],
        [_band_labels(labels, added, geometry) for geometry in template.names],
    )
    seal, seal_disc = _score_seal_area(page, registration, template, light, added)
    if seal_model is not None:
        crop = seal_region(page, registration, template, light)
        seal = replace(seal, match=match_seal(crop, seal_model, scale))
    written_in, other = _outside_marks(
        found, (level > 1) & ~seal_disc[found.ys, found.xs], template
    )
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
        # Where a rescan is registered a pixel off, such fringes come and go along the letters:
        # the signature of what the hand added leaves them out.
        signature=signature(
            light, _mask(template.shape, found, (level > 0) & ~hugging[of]), template
        ),
    )
    return scores, PageImages(gray, added)


SEAL_SPILL_PT = 70.0  # a stamp is looked for this far around the seal area (it may spill out)
SEAL_DISC_MARGIN = 1.12  # ink within this many radii of a found seal's centre is the seal's
SEAL_DISC_RING = 0.6  # only a ring closed this far round is a seal whose spill is not a mark


def _seal_region_box(template: BallotTemplate) -> Box:
    layout = template.layout
    seal_box = layout.seal
    return Box(
        max(0.0, seal_box.x0 - SEAL_SPILL_PT),
        max(0.0, seal_box.y0 - SEAL_SPILL_PT),
        min(layout.width, seal_box.x1 + SEAL_SPILL_PT),
        min(layout.height, seal_box.y1 + SEAL_SPILL_PT),
    )


def seal_region(
    page: PageImage, registration: Registration, template: BallotTemplate, light: Image
) -> Image:
    """The page around its seal area as ``seal.learn_seal`` and ``seal.match_seal`` take it
    (straightened at the template's scale, light-normalised grey or BGR, the printed letters
    and lines whitened): the same crop for the committee's samples and for every page."""
    region = _seal_region_box(template)
    rx0, ry0, rx1, ry1 = region.pixels(template.scale)
    printed = template.blank_near[ry0:ry1, rx0:rx1] > 0
    if page.is_colour:
        crop = warp_area(page.pixels, registration, region, template.scale)
        if crop.shape[:2] != (ry1 - ry0, rx1 - rx0):
            crop = np.asarray(cv2.resize(crop, (rx1 - rx0, ry1 - ry0)), np.uint8)
        crop = np.array(crop, np.uint8)
    else:
        crop = np.array(light[ry0:ry1, rx0:rx1], np.uint8)
    crop[printed] = 255
    return crop


def _score_seal_area(
    page: PageImage,
    registration: Registration,
    template: BallotTemplate,
    light: Image,
    added: Mask,
) -> tuple[SealScore, Mask]:
    """The seal's scores, and where on the page its stamp lies (never counted as other marks).

    The area's own measures (``score_seal``) are taken inside the printed seal area; the ring is
    looked for in a wider region around it, since a stamp may spill out onto the heading.
    """
    layout = template.layout
    scale = template.scale
    seal_box = layout.seal
    region = _seal_region_box(template)
    rx0, ry0, rx1, ry1 = region.pixels(scale)
    colour = warp_area(page.pixels, registration, region, scale) if page.is_colour else None
    if colour is not None and colour.shape[:2] != (ry1 - ry0, rx1 - rx0):
        colour = np.asarray(cv2.resize(colour, (rx1 - rx0, ry1 - ry0)), np.uint8)
    sx0, sy0, sx1, sy1 = seal_box.pixels(scale)
    inner = (slice(sy0 - ry0, sy1 - ry0), slice(sx0 - rx0, sx1 - rx0))
    seal_light = cv2.blur(light[sy0:sy1, sx0:sx1], (3, 3))
    faint = (seal_light < FAINT_LEVEL) & (template.blank_near[sy0:sy1, sx0:sx1] == 0)
    seal_pixels = None if colour is None else np.ascontiguousarray(colour[inner])
    seal = score_seal(added[sy0:sy1, sx0:sx1], faint, seal_pixels)
    region_light = light[ry0:ry1, rx0:rx1]
    printed = template.blank_near[ry0:ry1, rx0:rx1] > 0
    ink = stamp_ink(added[ry0:ry1, rx0:rx1], region_light, printed, colour)
    ring = find_ring(
        ink,
        region_light,
        colour,
        (sx0 - rx0, sy0 - ry0, sx1 - rx0, sy1 - ry0),
        (region.x0, region.y0),
        scale,
    )
    seal = replace(
        seal,
        ring=ring.ring,
        radius=ring.radius,
        inside=ring.inside,
        contrast=ring.contrast,
        # A colour scan with no colour anywhere: whatever stamp is there is not red.
        hue="neutral" if page.colourless and ring.hue is None else ring.hue,
        centre=ring.centre,
        off_area=ring.off_area,
    )
    disc = np.zeros(template.shape, dtype=np.uint8)
    if ring.radius > 0 and ring.ring >= SEAL_DISC_RING:
        cx, cy = ring.centre[0] * scale, ring.centre[1] * scale
        radius = round(ring.radius * SEAL_DISC_MARGIN * scale)
        cv2.circle(disc, (round(cx), round(cy)), radius, 1, -1)
    return seal, disc > 0


def _score_row(
    added: Mask,
    marks: Mask,
    row: RowLayout,
    g: NameGeometry,
    template: BallotTemplate,
    tint: Mask,
    soft: Mask,
    light: Image,
    paper_white: float,
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
    tinted = float(np.count_nonzero(tint[ry0:ry1, rx0:rx1])) / pt2
    if tinted == 0.0 and _untouched(added, row, g, (rx0, ry0, rx1, ry1), scale):
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
    rims: list[float] = []
    outside_boxes = 0.0
    if row.agree is not None and row.disagree is not None:
        agree = _box_fill(added, row.agree, scale)
        disagree = _box_fill(added, row.disagree, scale)
        stray = 0.0 if template.layout.form == "approve" else stray
        # Ink in the row away from both boxes (a mark on the name, a tick beside), and round each
        # box but not in it (a circle round "đồng ý"): never a reading of the boxes.
        rest = area.copy()
        for box in (row.agree, row.disagree):
            bx0, by0, bx1, by1 = box.grown(BOX_RIM_PT).pixels(scale)
            ix0, iy0, ix1, iy1 = box.grown(-2.5).pixels(scale)
            ring = np.zeros_like(area)
            ring[max(0, by0 - ry0) : by1 - ry0, max(0, bx0 - rx0) : bx1 - rx0] = True
            ring[max(0, iy0 - ry0) : iy1 - ry0, max(0, ix0 - rx0) : ix1 - rx0] = False
            rims.append(float(np.count_nonzero(area & ring)) / pt2)
            rest[max(0, by0 - ry0) : by1 - ry0, max(0, bx0 - rx0) : bx1 - rx0] = False
        outside_boxes = float(np.count_nonzero(rest)) / pt2

    xheight = max(2, g.mid1 - g.mid0)
    band0 = g.mid0 - xheight // 3
    band1 = g.mid1
    cols = slice(g.x0, g.x1)
    # The stroke is followed a little beyond the name too: where it overshoots onto bare paper
    # it shows where it starts and ends, even if the first letters hide it.
    margin = round(OVERSHOOT_PT * scale)
    lead = min(margin, g.x0)
    wide = slice(g.x0 - lead, g.x1 + margin)
    # Within two pixels of a letter a stroke is hidden by the letter's blurred edge, unless the
    # pixel there (off the letter) is nearer the paper's brightness than the stroke's own
    # darkness where it is seen: then this stroke does not run through it (a skip, a stop).
    band_light = light[band0:band1, wide]
    band_ink = band_light[added[band0:band1, wide]]
    hiding = template.blank_near[band0:band1, wide] > 0
    stroke_level = float(np.median(band_ink)) if band_ink.size else paper_white
    # Only for a stroke far darker than paper (a ballpoint, a felt pen: 130-160 levels below
    # it): midway to a light ink (a light-blue ballpoint 80 below, a pencil) lies within a
    # blurred letter's edge and the scan's noise, and its own small skips would count.
    if paper_white - stroke_level >= 4 * LIGHT_DELTA_MIN:
        midway = (stroke_level + paper_white) / 2
        hiding &= ~((band_light >= midway) & (template.blank_ink[band0:band1, wide] == 0))
    covered_wide, observable_wide = _follow_stroke(added[band0:band1, wide], hiding)
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

    # A stroke too light to be seen between the letters still shows on the bare paper just
    # before and after the name: ink in the band at both ends is a stroke the letters hide.
    both_ends = bool(covered_wide[: max(0, lead - 1)].any()) and bool(
        covered_wide[lead + width + 2 :].any()
    )
    faint = _faint_along(added[band0:band1, wide], soft[band0:band1, wide])
    # Per word, behind the letters only half a letter is taken on trust; further, the stroke
    # must still show faintly between them.
    trust = round(min(0.5 * xheight, 0.05 * width))
    crossed = _crossed(covered_wide, observable_wide, trust, faint)[lead : lead + width]
    spans = g.words or ((0, width),)
    word_cover = min(float(np.mean(crossed[a:b])) if b > a else 1.0 for a, b in spans)
    name_cover = float(np.mean(crossed)) if width else 0.0
    bounds = (rx0, ry0, rx1, ry1)
    extra = _extra_ink(marks, template, g, bounds, band0, band1, BESIDE_PT) / pt2
    extra_x = _extra_ink(marks, template, g, bounds, band0, band1, BESIDE_X_PT) / pt2

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
    # A loop round the name (or a band of colour over it): ink clear above the highest accent
    # and below the lowest descender, right across the middle of the name. A scribble's or an
    # X's ink stays nearer the letters there.
    top = round((row.name.y0 - LOOP_CLEAR_PT) * scale)
    bottom = round((row.name.y1 + LOOP_CLEAR_PT) * scale)
    # The loop may run over the row's rules: it is looked for up to a point past them.
    out0, out1 = round((row.row.y0 - 1.0) * scale), round((row.row.y1 + 1.0) * scale)
    loop = 0.0
    if width > 8 and top > out0 and bottom < out1:
        far = _any_column(added[out0:top, cols]) & _any_column(added[bottom:out1, cols])
        loop = float(np.mean(far[width // 4 : width - width // 4]))

    return RowScore(
        number=row.number,
        candidate=row.candidate,
        strike=round(strike, 3),
        cross=round(cross, 3),
        underline=round(underline, 3),
        # Small print: a whole stroke through a 9 pt name reaches the rule under it, where its
        # underline is read: there a second line cannot be told from the strike.
        second_line=0.0 if template.scale == FINE_SCALE else round(underline, 3),
        ink=round(ink, 1),
        stray=round(stray, 1),
        agree=None if agree is None else round(agree, 3),
        disagree=None if disagree is None else round(disagree, 3),
        shared=False,
        word_cover=round(word_cover, 3),
        name_cover=round(name_cover, 3),
        loop=round(loop, 3),
        extra=round(extra, 1),
        extra_x=round(extra_x, 1),
        tint=round(tinted, 1),
        both_ends=both_ends,
        outside_boxes=round(outside_boxes, 1),
        agree_rim=round(rims[0], 1) if rims else 0.0,
        disagree_rim=round(rims[1], 1) if rims else 0.0,
    )


FAINT_STROKE_LEVEL = 185  # between letters, a stroke seen elsewhere shows this dark
CLOSE_STROKE_LEVEL = 90  # … and a pixel from a letter, this dark
CHROMA_INK = 40  # colour scans: channel spread (max - min) of coloured ink on white paper
BROAD_PT = 3.0  # a band of colour at least this wide every way is a highlighter's
TINT_DELTA_MIN = 8  # grey scans: a highlighter's band is at least this much darker than paper
TINT_NOISE_K = 4.0  # … and this many times the paper's own noise
TINT_GAP_PT = 12.0  # … its slivers between letters at most this far apart, on for as far
LIGHT_DELTA_MIN = 24  # a light stroke is at least this much darker than paper (grey levels)
LIGHT_NOISE_K = 5.0  # … and this many times the paper's own noise
LIGHT_MIN_PT = 6.0  # … and runs on at least this far (a line, not a speck of noise)
LIGHT_CLEAR_PX = 1  # … and lies this many pixels clear of print (a letter's blurred fringe)
LONG_SHARE = 0.55  # a line across more than this share of the page is a fold, not a stroke


LINE_JOIN_PT = 3.5  # bits of ink this close side by side are looked at as one line
LINE_MIN_PT = 10.0  # a line of bits at least this long is a stroke


def _lined_up(raw: npt.NDArray[np.uint8], found: Components, scale: float) -> Mask:
    """Per piece of ``found``: whether it lies on a line of pieces LINE_MIN_PT long or more."""
    join = max(3, round(LINE_JOIN_PT * scale))
    closed = cv2.morphologyEx(raw, cv2.MORPH_CLOSE, np.ones((1, join), np.uint8))
    lines = components(np.asarray(closed, np.uint8))
    labels, stats = lines.labels, lines.stats
    long = stats[:, cv2.CC_STAT_WIDTH] >= LINE_MIN_PT * scale
    # Thin: a line, not a cloud of speckle.
    thin = stats[:, cv2.CC_STAT_HEIGHT] <= 0.5 * stats[:, cv2.CC_STAT_WIDTH]
    good = long & thin
    good[0] = False
    group = np.zeros(found.count, dtype=np.intp)
    group[found.of] = labels[found.ys, found.xs]
    return np.asarray(good[group], dtype=np.bool_)


def _chroma(pixels: Image) -> Image:
    """Per pixel of a BGR page, the spread of its channels (0 on grey, high on colour)."""
    b, g, r = cv2.split(pixels)
    high = cv2.max(cv2.max(b, g), r)
    low = cv2.min(cv2.min(b, g), r)
    return np.asarray(cv2.subtract(high, low), np.uint8)


def _paper_level(light: Image, template: BallotTemplate) -> tuple[float, float] | None:
    """The paper's level and noise (robust sigma) on bare paper well clear of print."""
    bare = template.added_below == ADDED_INK_LEVEL
    clear = cv2.erode(bare.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=LIGHT_CLEAR_PX)
    paper = light[::7, ::7][clear[::7, ::7] > 0]
    if paper.size < 100:
        return None
    median = float(np.median(paper))
    noise = 1.4826 * float(np.median(np.abs(paper.astype(np.float64) - median)))
    return median, noise


def _grey_tint(light: Image, template: BallotTemplate) -> Mask:
    """Broad light bands on bare paper (a highlighter in a grey scan): pixels darker than the
    paper by several times its noise but lighter than ink, in runs at least ``BROAD_PT`` tall,
    side by side along at least ``TINT_GAP_PT``."""
    level = _paper_level(light, template)
    if level is None:
        return np.zeros(template.shape, dtype=np.bool_)
    median, noise = level
    below = median - max(TINT_DELTA_MIN, TINT_NOISE_K * noise)
    pale = (light < below) & (light >= INK_LEVEL) & (template.blank_near == 0)
    # The letters under the band cut it into slivers between them, each as tall as the band: a
    # pen's stroke, or the pale edge of one, is never that tall over bare paper along a row.
    tall = round(BROAD_PT * template.scale) | 1
    opened = cv2.morphologyEx(pale.astype(np.uint8), cv2.MORPH_OPEN, np.ones((tall, 1), np.uint8))
    # … and the slivers run on along the row, letter after letter (a swipe along the name), where
    # the pale edge of a pen's stroke or a blurred letter gives one sliver here and there.
    gap = round(TINT_GAP_PT * template.scale)
    joined = cv2.morphologyEx(opened, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8))
    run = cv2.morphologyEx(joined, cv2.MORPH_OPEN, np.ones((1, gap), np.uint8))
    return np.asarray((opened > 0) & (run > 0))


def _light_strokes(light: Image, template: BallotTemplate) -> Mask:
    """Light lines on bare paper: pixels darker than the paper by more than its noise, in
    pieces long enough to be a line (a pencil or a pale ballpoint) and not across the page."""
    bare = template.added_below == ADDED_INK_LEVEL
    clear = cv2.erode(bare.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=LIGHT_CLEAR_PX)
    paper = light[::7, ::7][clear[::7, ::7] > 0]
    if paper.size < 100:
        return np.zeros(template.shape, dtype=np.bool_)
    median = float(np.median(paper))
    noise = 1.4826 * float(np.median(np.abs(paper.astype(np.float64) - median)))
    level = median - max(LIGHT_DELTA_MIN, LIGHT_NOISE_K * noise)
    candidate = ((light < level) & (clear > 0)).astype(np.uint8)
    pieces = components(candidate)
    count, labels, stats = pieces.count, pieces.labels, pieces.stats
    if count <= 1:
        return np.zeros(template.shape, dtype=np.bool_)
    longest = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    wide = stats[:, cv2.CC_STAT_WIDTH] > LONG_SHARE * template.shape[1]
    tall = stats[:, cv2.CC_STAT_HEIGHT] > LONG_SHARE * template.shape[0]
    keep = (longest >= LIGHT_MIN_PT * template.scale) & ~wide & ~tall
    keep[0] = False
    return np.asarray(keep[labels], dtype=np.bool_)


def _crossed(covered: Mask, observable: Mask, hidden: int, faint: Mask, gap: int = 7) -> Mask:
    """Columns a stroke crosses: from where it is first seen to where it is last seen, every
    column but bare paper it does not cover (where the line runs over a letter it is hidden, so
    it is taken to go on); past its ends, through letters for at most ``hidden`` columns, or
    further while the stroke still shows faintly between the letters on its line (``faint``,
    at least every ``gap`` columns)."""
    crossed = np.zeros(covered.size, dtype=np.bool_)
    seen = np.flatnonzero(covered)
    if seen.size == 0:
        return crossed
    first, last = int(seen[0]), int(seen[-1])
    crossed[first : last + 1] = covered[first : last + 1] | ~observable[first : last + 1]
    for step, start in ((-1, first - 1), (1, last + 1)):
        column, gone, since = start, 0, 0
        # Bare paper the stroke does not cross ends it (beyond its ends, nothing is assumed).
        while 0 <= column < covered.size and not observable[column]:
            since = 0 if faint[column] or gone < hidden else since + 1
            if since > gap:
                break
            crossed[column] = True
            column += step
            gone += 1
    return crossed


# Pieces of ink in a row closer than this (points) are one mark: a stroke is cut by the letters
# it crosses (ink on print is never added ink) but is still one stroke.
JOIN_PT = 2.5
BOX_RIM_PT = 5.0  # approve form: ink this far round an X box belongs to the box
LOOP_CLEAR_PT = 1.0
BESIDE_PT = 3.0  # a strike's ends may leave the band this close to the name
BESIDE_X_PT = 14.0  # … and an X's arms this close
BESIDE_BAND_PT = 2.5  # beside the name, ink this close above or below the band is the strike's  # how far beyond the printed name's box a loop's ink runs


def _extra_ink(
    marks: Mask,
    template: BallotTemplate,
    g: NameGeometry,
    bounds: tuple[int, int, int, int],
    band0: int,
    band1: int,
    beside_pt: float,
) -> float:
    """Pixels of ink in the row that belong to no stroke through the name's middle band.

    A loop round a name, a word written beside it, a tick, an underline drawn apart: each is a
    mark of its own. A stroke's bits seen between letters, or a pencil stroke's skipped pieces
    along the band, are parts of the strike.
    """
    rx0, ry0, rx1, ry1 = bounds
    area = marks[ry0:ry1, rx0:rx1] & (template.blank_near[ry0:ry1, rx0:rx1] == 0)
    if not area.any():
        return 0.0
    join = max(3, round(JOIN_PT * template.scale) | 1)
    joined = cv2.dilate(area.astype(np.uint8), np.ones((join, join), np.uint8))
    # A stroke is hidden where it crosses a letter: the printed name joins the pieces of every
    # stroke that runs through its letters (the arms of an X, a scribble), while a loop round
    # the name, or a word written beside it, touches no letter.
    b0, b1 = max(0, band0 - ry0), max(0, band1 - ry0)
    margin_px = round(OVERSHOOT_PT * template.scale)
    n0, n1 = max(0, g.x0 - rx0 - margin_px), max(0, g.x1 - rx0 + margin_px)
    letters = template.blank_near[ry0:ry1, rx0:rx1] > 0
    letters[:, : max(0, g.x0 - rx0)] = False
    letters[:, max(0, g.x1 - rx0) :] = False
    joined[letters] = 1
    count, labels = cv2.connectedComponents(joined, connectivity=8)
    if count <= 1:
        return 0.0
    strike = np.zeros(count, dtype=np.bool_)
    strike[np.unique(labels[b0:b1, n0:n1][joined[b0:b1, n0:n1] > 0])] = True
    # Bits lying along the band (a pencil's skips, a stroke running on past the name) too.
    top = np.full(count, area.shape[0], dtype=np.intp)
    bottom = np.full(count, -1, dtype=np.intp)
    flat = np.asarray((labels * (joined > 0)).ravel(), dtype=np.intp)
    ys = np.repeat(np.arange(area.shape[0], dtype=np.intp), area.shape[1])
    np.minimum.at(top, flat, ys)
    np.maximum.at(bottom, flat, ys)
    margin = round(1.5 * template.scale)
    strike |= (top >= b0 - margin) & (bottom <= b1 + margin)
    strike[0] = True
    apart = area & ~strike[labels]
    # Beside the name and off its band, ink is a mark of its own even when it touches the
    # strike (a word written on from the stroke's end): a strike runs along the band there.
    beside = np.zeros_like(area)
    side = round(beside_pt * template.scale)
    beside[:, : max(0, g.x0 - rx0 - side)] = True
    beside[:, max(0, g.x1 - rx0 + side) :] = True
    off = round(BESIDE_BAND_PT * template.scale)
    beside[max(0, b0 - off) : b1 + off, :] = False
    return float(np.count_nonzero(apart | (area & beside)))


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


def _faint_along(band: Mask, soft: Mask) -> Mask:
    """Columns where a faint stroke shows between letters, at the height of the stroke seen in
    the nearest column where it is seen (both lines of a double stroke, a wave as it goes)."""
    idx = np.flatnonzero(_any_column(band))
    width = band.shape[1]
    if idx.size == 0:
        return np.zeros(width, dtype=np.bool_)
    columns = np.arange(width)
    right = np.clip(np.searchsorted(idx, columns), 0, idx.size - 1)
    left = np.clip(right - 1, 0, idx.size - 1)
    nearest = np.where(
        np.abs(idx[left] - columns) < np.abs(idx[right] - columns), idx[left], idx[right]
    )
    seen = cv2.dilate(band[:, nearest].astype(np.uint8), np.ones((5, 1), np.uint8)) > 0
    return np.asarray((seen & soft).any(axis=0), dtype=np.bool_)


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


def _paper_edge(found: Components, template: BallotTemplate) -> Mask:
    """Per piece: True for what lies off the sheet (the scanner's lid round a shifted sheet).

    Such a piece touches the page's outer band, where nothing is read, and lies wholly in the
    margin outside the fiducials (nothing is printed or written there), stretched along the edge.
    """
    scale = template.scale
    height, width = template.shape
    ys, xs = found.ys, found.xs
    depth = np.minimum(np.minimum(xs, width - 1 - xs), np.minimum(ys, height - 1 - ys))
    layout = template.layout
    # The margin: the least distance from the page's side to the far side of a fiducial.
    margin = min(
        min(f.x1, f.y1, layout.width - f.x0, layout.height - f.y0) for f in layout.fiducials
    )
    edge = round(EDGE_BAND_PT * scale)
    touches = np.bincount(found.of[depth <= edge + 1], minlength=found.count) > 0
    deep = np.bincount(found.of[depth >= margin * scale], minlength=found.count) > 0
    stats = found.stats
    longest = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    thickest = np.minimum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    along = (longest >= 3 * thickest) | (longest >= margin * scale)
    return np.asarray(touches & ~deep & along)


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
