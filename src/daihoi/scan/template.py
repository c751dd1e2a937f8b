"""The printed ballot as the scanner sees it: the layout (boxes in PDF points) and the blank page.

``layout.json`` (``formats.md``) gives every box in points from the page's top-left corner. The
recogniser compares each scan with the blank ballot rendered once per election at the working
resolution, so only the ink a voter (or the stamp) added is scored.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

# The printed layout's contract (its boxes, hash and QR text) is the paper module's; the names
# stay importable from here for the scanner's modules.
from daihoi.paper.layout import QR_PREFIX as QR_PREFIX
from daihoi.paper.layout import Box as Box
from daihoi.paper.layout import layout_hash as layout_hash
from daihoi.paper.layout import qr_text_for as qr_text_for
from daihoi.scan.images import Image

WORK_SCALE = 2.0  # pixels per point of the registered page (144 dpi): enough for a ballpoint line
# Names printed this small or smaller (the 120-name delegates' ballot, 9 pt) are read on a page
# registered at FINE_SCALE instead: at 2 px/pt their letters sit 1-2 px apart, inside the zone
# next to print where added ink is not seen, so a stroke through a word hides behind it.
SMALL_PRINT_PT = 10.5
FINE_SCALE = 3.0  # 216 dpi; a whole number of pixels per FINGERPRINT_SCALE cell, like WORK_SCALE
# On the light-normalised page (paper = 255), darker than this is ink; within two pixels of
# printed letters (their blurred edge) only ink darker than the second level counts as added.
ADDED_INK_LEVEL = 200
ADDED_DARK_LEVEL = 150


@dataclass(frozen=True)
class RowLayout:
    """One numbered row of the ballot: the whole row, the printed name and (approve form) X boxes."""

    number: int
    candidate: str
    row: Box
    name: Box
    agree: Box | None
    disagree: Box | None


@dataclass(frozen=True)
class BallotLayout:
    """Everything the scanner needs to know about where things are printed."""

    width: float
    height: float
    form: str  # "strike" or "approve"
    rows: tuple[RowLayout, ...]
    seal: Box
    qr: Box
    fiducials: tuple[Box, Box, Box, Box]  # top-left, top-right, bottom-left, bottom-right
    hash: str
    font_size: float = 0.0  # of the printed names, in points (0 when the layout does not say)

    @property
    def fiducial_centres(self) -> list[tuple[float, float]]:
        return [box.centre for box in self.fiducials]


def _box(value: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in value)
    return Box(x0, y0, x1, y1)


def _maybe_box(value: Any) -> Box | None:
    return None if value is None else _box(value)


def layout_from_dict(data: Mapping[str, Any]) -> BallotLayout:
    """Read the ``layout.json`` structure of ``formats.md`` (as the paper module writes it)."""
    rows = tuple(
        RowLayout(
            number=int(r["number"]),
            candidate=str(r["candidate"]),
            row=_box(r["row"]),
            name=_box(r["name"]),
            agree=_maybe_box(r.get("agree")),
            disagree=_maybe_box(r.get("disagree")),
        )
        for r in data["rows"]
    )
    fid = [_box(b) for b in data["fiducials"]]
    if len(fid) != 4:
        raise ValueError("a layout has exactly four fiducials")
    # Order the fiducials by corner whatever order the file lists them in.
    fid.sort(key=lambda b: (b.centre[1], b.centre[0]))
    top = sorted(fid[:2], key=lambda b: b.centre[0])
    bottom = sorted(fid[2:], key=lambda b: b.centre[0])
    page = data["page"]
    stored_hash = data.get("hash")
    return BallotLayout(
        width=float(page["width"]),
        height=float(page["height"]),
        form=str(data["form"]),
        rows=rows,
        seal=_box(data["seal"]),
        qr=_box(data["qr"]),
        fiducials=(top[0], top[1], bottom[0], bottom[1]),
        hash=str(stored_hash) if stored_hash else layout_hash(data),
        font_size=float(data.get("font_size") or 0.0),
    )


@dataclass(frozen=True)
class NameGeometry:
    """Where the printed name's ink really is (from the blank page), in registered-page pixels."""

    x0: int  # first and last column of printed ink
    x1: int
    top: int  # top of the letters (accents included) and the baseline
    baseline: int
    mid0: int  # the middle band a strike must cross (the body of the lower-case letters)
    mid1: int
    spaces: tuple[int, ...] = ()  # columns (from x0) in the middle of the gaps between words
    # Each printed word's first and last+1 columns of ink (from x0): a strike must cross each.
    words: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class BallotTemplate:
    """A ballot layout with its blank page rendered at ``scale`` px/pt, ready for comparison."""

    layout: BallotLayout
    blank: Image  # grayscale blank ballot at ``scale``
    blank_ink: Image  # 255 where the blank has ink, grown by the registration tolerance
    blank_near: Image  # 255 within two pixels of printed ink
    zone_free: npt.NDArray[np.bool_]  # outside every row, the seal, the QR, fiducials, edge
    printed_core: npt.NDArray[np.intp]  # flat indices of pixels deep inside printed strokes
    names: tuple[NameGeometry, ...]  # one per row, same order as layout.rows
    qr_text: str
    # Per pixel, the light level below which ink there is *added* ink: 0 (never) on printed ink
    # and in the page's outer band, the dark level within two pixels of print, else the ink level.
    added_below: Image
    scale: float = WORK_SCALE  # px/pt of the registered page (``working_scale`` of the layout)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.blank.shape[0], self.blank.shape[1])


def working_scale(layout: BallotLayout) -> float:
    """Pixels per point at which pages of ``layout`` are registered and scored."""
    small = 0 < layout.font_size <= SMALL_PRINT_PT
    return FINE_SCALE if small and layout.form == "strike" else WORK_SCALE


def build_template(
    layout: BallotLayout,
    blank: Image,
    election_id: str,
    round_number: int,
    scale: float = WORK_SCALE,
) -> BallotTemplate:
    """Prepare a template from a blank ballot already rendered at ``scale`` px/pt."""
    expected = (round(layout.height * scale), round(layout.width * scale))
    if blank.shape[:2] != expected:
        blank = np.asarray(
            cv2.resize(blank, (expected[1], expected[0]), interpolation=cv2.INTER_AREA), np.uint8
        )
    ink = np.where(blank < 170, 255, 0).astype(np.uint8)
    # The registered page may sit up to a pixel off the blank (measured: under 1 px at every
    # resolution, skew and orientation): printed ink, down to its faint anti-aliased edge, grown
    # by one pixel is never counted as added.
    printed = np.where(blank < 215, 255, 0).astype(np.uint8)
    grown = np.asarray(cv2.dilate(printed, np.ones((3, 3), np.uint8)), np.uint8)
    # One pixel further out, a blurred or resampled letter edge can still look like ink: there
    # only really dark ink counts as added.
    near = np.asarray(cv2.dilate(printed, np.ones((5, 5), np.uint8)), np.uint8)
    names = tuple(
        _name_geometry(ink, row.name, len(row.candidate.split()), layout.font_size, scale)
        for row in layout.rows
    )
    # Pixels deep inside printed strokes (still printed a pixel off): a sample of them tells
    # whether the page really lies where registration put it.
    core = np.flatnonzero(cv2.erode((blank < 100).astype(np.uint8), np.ones((3, 3), np.uint8)))
    step = max(1, core.size // 20000)
    added_below = np.full(blank.shape[:2], ADDED_INK_LEVEL, np.uint8)
    added_below[near > 0] = ADDED_DARK_LEVEL
    added_below[grown > 0] = 0
    if scale == FINE_SCALE:
        # Small print: along the light grey rules between rows (not by the letters), ink darker
        # than the rule itself is added ink, so that a pencil line drawn on a rule is seen.
        added_below[_rule_zone(blank, near, scale)] = RULE_LEVEL
    edge = round(EDGE_PT * scale)
    added_below[:edge, :] = added_below[-edge:, :] = 0
    added_below[:, :edge] = added_below[:, -edge:] = 0
    return BallotTemplate(
        added_below=added_below,
        layout=layout,
        blank=blank,
        blank_ink=grown,
        blank_near=near,
        printed_core=core[::step],
        zone_free=_zone_free(layout, blank.shape[:2], scale),
        names=names,
        qr_text=qr_text_for(election_id, round_number, layout.hash),
        scale=scale,
    )


# The rules between rows are light grey (about 195 at their darkest on the blank): within two
# pixels of them, ink darker than this is added ink on small-print ballots.
RULE_LEVEL = 170
RULE_MIN_PT = 20.0  # a printed grey line at least this long is a rule, not part of a letter


def _rule_zone(blank: Image, near: Image, scale: float) -> npt.NDArray[np.bool_]:
    """Pixels within two pixels of a grey rule and further than that from any other print."""
    grey = np.where((blank < 215) & (blank >= RULE_LEVEL), 255, 0).astype(np.uint8)
    length = round(RULE_MIN_PT * scale)
    rules = np.asarray(cv2.morphologyEx(grey, cv2.MORPH_OPEN, np.ones((1, length), np.uint8)))
    # Printed ink that is not a rule (letters, numbers, the grey type in the seal box), with
    # its own two-pixel zone: there the usual levels stay.
    other = np.where((blank < 215) & (rules == 0), 255, 0).astype(np.uint8)
    # The rule's anti-aliased edge pixels, lighter than the open kept, belong to it too.
    rule_near = cv2.dilate(rules, np.ones((7, 7), np.uint8)) > 0
    other = np.where(other.astype(bool) & ~rule_near, 255, 0).astype(np.uint8)
    other_near = cv2.dilate(other, np.ones((5, 5), np.uint8)) > 0
    return np.asarray((cv2.dilate(rules, np.ones((5, 5), np.uint8)) > 0) & ~other_near & (near > 0))


# Height of the lower-case letters of the ballot face (Be Vietnam Pro), as a share of its size.
X_HEIGHT_EM = 0.53


EDGE_PT = 10.0  # the outer band of the page where nothing is printed or read


def _zone_free(layout: BallotLayout, shape: tuple[int, ...], scale: float) -> npt.NDArray[np.bool_]:
    """Where ink belongs to nothing printed: neither a row, the seal, the QR nor a fiducial."""
    free = np.ones(shape[:2], dtype=np.bool_)
    zones = [row.row.grown(2) for row in layout.rows]
    zones += [layout.seal.grown(6), layout.qr.grown(10)]
    zones += [f.grown(8) for f in layout.fiducials]
    for zone in zones:
        x0, y0, x1, y1 = zone.pixels(scale)
        free[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = False
    edge = round(EDGE_PT * scale)
    free[:edge, :] = free[-edge:, :] = False
    free[:, :edge] = free[:, -edge:] = False
    return free


def _name_geometry(
    ink: Image, box: Box, words: int, font_size: float, scale: float
) -> NameGeometry:
    x0, y0, x1, y1 = box.pixels(scale)
    crop = ink[y0:y1, x0:x1] > 0
    cols = np.flatnonzero(crop.any(axis=0))
    rows_profile = crop.sum(axis=1)
    if cols.size == 0 or rows_profile.max(initial=0) == 0:
        height = y1 - y0
        return NameGeometry(x0, x1, y0, y1, y0 + height // 3, y1 - height // 3)
    filled = np.flatnonzero(rows_profile > 0)
    # The body of the letters (x-height) is where most columns are inked; accents and descenders
    # are thin rows above and below it.
    dense = np.flatnonzero(rows_profile >= 0.45 * rows_profile.max())
    body0, body1 = int(dense[0]), int(dense[-1])
    if body1 - body0 < 4:
        body0, body1 = int(filled[0]), int(filled[-1])
    if font_size > 0:
        # Capitals and tall letters can fill as many rows as the lower-case body: the font's own
        # x-height, up from the baseline, says where the body is.
        body0 = max(int(filled[0]), body1 + 1 - round(X_HEIGHT_EM * font_size * scale))
    # Spaces between words: the widest runs of columns without printed ink, one fewer than the
    # name has words (letters are closer together than words).
    inked = np.asarray(crop.any(axis=0))[int(cols[0]) : int(cols[-1]) + 1]
    gaps: list[tuple[int, int]] = []  # (width, centre)
    run = 0
    for index, has_ink in enumerate(inked.tolist()):
        if not has_ink:
            run += 1
            continue
        if run >= 4:
            gaps.append((run, index - run // 2 - 1))
        run = 0
    gaps.sort(reverse=True)
    spaces = sorted(centre for _, centre in gaps[: max(0, words - 1)])
    return NameGeometry(
        spaces=tuple(spaces),
        words=_word_extents(inked, spaces),
        x0=x0 + int(cols[0]),
        x1=x0 + int(cols[-1]) + 1,
        top=y0 + int(filled[0]),
        baseline=y0 + body1 + 1,
        mid0=y0 + body0,
        mid1=y0 + body1 + 1,
    )


def _word_extents(inked: npt.NDArray[np.bool_], spaces: list[int]) -> tuple[tuple[int, int], ...]:
    """The printed words between the spaces: first and last+1 inked column of each."""
    edges = [0, *spaces, inked.size]
    words: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(edges):
        cols = np.flatnonzero(inked[a:b])
        if cols.size:
            words.append((a + int(cols[0]), a + int(cols[-1]) + 1))
    return tuple(words)


def sorted_corners(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Four points as top-left, top-right, bottom-left, bottom-right (by image position)."""
    pts = list(points)
    tl = min(pts, key=lambda p: p[0] + p[1])
    br = max(pts, key=lambda p: p[0] + p[1])
    tr = max(pts, key=lambda p: p[0] - p[1])
    bl = min(pts, key=lambda p: p[0] - p[1])
    return [tl, tr, bl, br]
