"""Synthetic marked and scanned ballots with ground truth, for tests and benchmarks.

Each page starts from the real printed ballot (the paper module's PDF rasterised at the target
resolution), gets the committee's red stamp (or not), strokes drawn as a person draws them, and
the faults of office scanners or a phone camera. Everything is seeded and deterministic.
"""

from __future__ import annotations

import dataclasses
import math
import random
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from daihoi.engine.ballot import Mark
from daihoi.engine.election import Election, parse_election
from daihoi.scan.ballots import PrintedBallot, printed_ballot, rasterise_pdf
from daihoi.scan.images import Image
from daihoi.scan.template import (
    WORK_SCALE,
    BallotLayout,
    BallotTemplate,
    Box,
    NameGeometry,
    RowLayout,
    build_template,
)

Points = list[tuple[float, float]]


class Stroke(Enum):
    """How a voter strikes a name (each must read as struck)."""

    STRAIGHT = "straight"
    SLANTED = "slanted"
    WAVY = "wavy"
    DOUBLE = "double"
    PAST = "past"  # running well past both ends of the name
    CROSS = "cross"  # an X over the name
    SCRIBBLE = "scribble"


class Doubt(Enum):
    """Marks a person makes that do not say clearly "struck" (each must go to review)."""

    PARTIAL = "partial"
    UNDERLINE = "underline"
    CIRCLE = "circle"
    TICK = "tick"
    TWO_ROWS = "two_rows"


class Pen(Enum):
    BLUE_BALLPOINT = "blue_ballpoint"
    BLACK_BALLPOINT = "black_ballpoint"
    FELT = "felt"
    PENCIL = "pencil"


# colour (BGR), width in points, opacity
PENS: dict[Pen, tuple[tuple[int, int, int], float, float]] = {
    Pen.BLUE_BALLPOINT: ((160, 60, 25), 1.3, 0.95),
    Pen.BLACK_BALLPOINT: ((35, 35, 35), 1.2, 0.95),
    Pen.FELT: ((30, 25, 20), 2.8, 1.0),
    Pen.PENCIL: ((80, 80, 80), 1.3, 0.9),
}
STAMP_RED = (45, 35, 200)


class Extra(Enum):
    """Something on the paper besides the name marks."""

    NONE = "none"
    WRITTEN_IN = "written_in"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class Scan:
    """How the paper went through the scanner (or camera)."""

    dpi: int = 200
    colour: bool = False
    rotation: int = 0  # 0, 90, 180, 270
    skew: float = 0.0  # degrees
    shift: tuple[float, float] = (0.0, 0.0)  # points
    scale: float = 1.0
    noise: float = 0.0  # gaussian sigma in grey levels
    blur: float = 0.0  # gaussian sigma in pixels
    speckle: float = 0.0  # dots per square inch
    low_toner: float = 0.0  # 0 normal print … 0.5 pale print
    fold: float = 0.0  # darkening of a fold line across the page (grey levels)
    jpeg_quality: int | None = 85  # None for PNG
    perspective: float = 0.0  # phone photo: tilt of the camera in degrees
    uneven_light: float = 0.0  # 0 … 0.5 darker at one side


@dataclass(frozen=True)
class Truth:
    """What a careful person reads on the page."""

    status: str  # valid | invalid | review | rejected
    reason: str | None
    marks: dict[str, Mark] | None  # None when the page must not be read by machine alone
    doubtful: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """A ballot to synthesise: marks per row by candidate label, and how it is scanned."""

    election: Election
    strokes: dict[str, Stroke] = field(default_factory=dict)  # strike form: struck rows
    crosses: dict[str, Mark] = field(default_factory=dict)  # approve form: marks per row
    doubts: dict[str, Doubt] = field(default_factory=dict)
    pen: Pen = Pen.BLUE_BALLPOINT
    seal: bool = True
    faint_seal: bool = False
    extra: Extra = Extra.NONE
    scan: Scan = Scan()
    seed: int = 0


@dataclass(frozen=True)
class SyntheticPage:
    case: Case
    pixels: Image  # the "scanned" image (after encoding and decoding when JPEG)
    encoded: bytes  # the file bytes (JPEG or PNG)
    suffix: str
    truth: Truth


# ----------------------------------------------------------------------------------------------
# Elections


GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngọc",
    "Phong",
    "Phúc",
    "Quân",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thủy",
    "Trang",
    "Trung",
    "Tuấn",
    "Uyên",
    "Vân",
    "Việt",
    "Xuân",
    "Yến",
    "Ễnh",
    "Ổn",
]
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu", "Bảo"]


def make_election(
    seed: int,
    candidates: int,
    *,
    form: str = "strike",
    rules: str = "party",
    round_number: int = 1,
    election_id: str | None = None,
    electorate: int = 100000,
) -> Election:
    """A plausible election with ``candidates`` distinct Vietnamese names (seeded)."""
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < candidates:
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"
        if rng.random() < 0.2:
            name = f"{rng.choice(SURNAMES)} {name}"
        if name not in names:
            names.append(name)
    seats = candidates if form == "approve" else max(1, candidates - max(1, candidates // 8))
    data = {
        "id": election_id or f"synth-{seed}",
        "title": f"Bầu Ban Chấp hành Đảng bộ thử nghiệm số {seed}, nhiệm kỳ 2025–2030",
        "body": "committee",
        "seats": seats,
        "round": round_number,
        "rules": rules,
        "electorate": electorate,
        "candidates": names,
    }
    return parse_election(data, f"synth-{seed}.yaml")


# ----------------------------------------------------------------------------------------------
# Drawing


class _Sheet:
    """A page at ``dpi`` in colour, with pen and stamp drawing in page points.

    Strokes and the stamp are drawn into coverage layers and laid on the paper once, at the end.
    """

    def __init__(self, pixels: Image, dpi: int, rng: random.Random, pen: Pen) -> None:
        self.paper = pixels
        self.k = dpi / 72.0
        self.rng = rng
        self.pen = pen
        self.ink = np.zeros(pixels.shape[:2], np.float32)
        self.seal = np.zeros(pixels.shape[:2], np.float32)

    def stroke(self, points: Points, width_scale: float = 1.0) -> None:
        _, width, _ = PENS[self.pen]
        pts = np.array([[x * self.k * 16, y * self.k * 16] for x, y in points], np.int32)
        thickness = max(1, round(width * width_scale * self.k))
        cv2.polylines(self.ink, [pts], False, 1.0, thickness, cv2.LINE_AA, 4)

    def stamp(self, box: Box, faint: bool) -> None:
        rng = self.rng
        cx = (box.x0 + box.x1) / 2 + rng.uniform(-14, 14)
        cy = (box.y0 + box.y1) / 2 + rng.uniform(-6, 6)
        radius = min(box.width, box.height) / 2 * rng.uniform(0.72, 0.85)
        layer = self.seal
        k = self.k

        def p(x: float, y: float) -> tuple[int, int]:
            return (round(x * k * 16), round(y * k * 16))

        for r_pt, w_pt in ((radius, 2.2), (radius * 0.72, 1.2)):
            cv2.circle(
                layer, p(cx, cy), round(r_pt * k * 16), 1.0, max(1, round(w_pt * k)), cv2.LINE_AA, 4
            )
        # Lettering round the ring and the emblem in the middle: the texture of a seal.
        turn = rng.uniform(0, 2 * math.pi)
        for i in range(28):
            a = turn + i * 2 * math.pi / 28
            r0, r1 = radius * 0.78, radius * 0.93
            cv2.line(
                layer,
                p(cx + r0 * math.cos(a), cy + r0 * math.sin(a)),
                p(cx + r1 * math.cos(a + 0.05), cy + r1 * math.sin(a + 0.05)),
                1.0,
                max(1, round(1.0 * k)),
                cv2.LINE_AA,
                4,
            )
        star = []
        for i in range(10):
            a = turn + i * math.pi / 5
            r = radius * (0.45 if i % 2 == 0 else 0.2)
            star.append(p(cx + r * math.cos(a), cy + r * math.sin(a)))
        cv2.fillPoly(layer, [np.array(star, np.int32)], 1.0, cv2.LINE_AA, 4)
        self.seal_strength = rng.uniform(0.3, 0.45) if faint else rng.uniform(0.75, 0.95)

    def image(self) -> Image:
        nrng = np.random.default_rng(self.rng.randrange(1 << 30))
        out = self.paper.astype(np.float32)
        if self.seal.any():
            ys, xs = np.nonzero(self.seal)
            window = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
            alpha = self.seal[window] * nrng.uniform(0.6, 1.0, self.seal[window].shape).astype(
                np.float32
            )
            _blend(out, window, alpha * self.seal_strength, STAMP_RED)
        if self.ink.any():
            ys, xs = np.nonzero(self.ink)
            window = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
            colour, _, opacity = PENS[self.pen]
            alpha = self.ink[window] * opacity
            if self.pen is Pen.PENCIL:
                alpha = alpha * nrng.uniform(0.6, 1.0, alpha.shape).astype(np.float32)
            _blend(out, window, alpha, colour)
        return np.clip(out, 0, 255).astype(np.uint8)


def _blend(
    page: npt.NDArray[np.float32],
    window: tuple[slice, slice],
    alpha: npt.NDArray[np.float32],
    colour: tuple[int, int, int],
) -> None:
    """Lay ink of ``colour`` with coverage ``alpha`` on the page (ink multiplies: print stays dark)."""
    part = page[window]
    a = alpha[:, :, None]
    ink = np.array(colour, np.float32)[None, None, :]
    page[window] = part * (1 - a) + np.minimum(part, ink) * a


@dataclass(frozen=True)
class _Name:
    """Where a printed name's letters are, in points (from the blank ballot)."""

    x0: float
    x1: float
    mid: float  # middle of the lower-case letters
    xheight: float
    baseline: float


def _name_of(g: NameGeometry, scale: float = WORK_SCALE) -> _Name:
    return _Name(
        x0=g.x0 / scale,
        x1=g.x1 / scale,
        mid=(g.mid0 + g.mid1) / 2 / scale,
        xheight=max(1.0, (g.mid1 - g.mid0) / scale),
        baseline=g.baseline / scale,
    )


def _name_line(n: _Name, rng: random.Random) -> tuple[float, float, float]:
    """Left end, right end and height (points) of a stroke through the middle of a name."""
    y = n.mid + rng.uniform(-0.2, 0.2) * n.xheight
    x0 = n.x0 - rng.uniform(-0.5, 6.0)
    x1 = n.x1 + rng.uniform(-0.5, 8.0)
    return x0, x1, y


def _jitter(points: Points, rng: random.Random, amount: float) -> Points:
    return [
        (x + rng.uniform(-amount, amount) * 0.3, y + rng.uniform(-amount, amount))
        for x, y in points
    ]


def _line(x0: float, y0: float, x1: float, y1: float, steps: int = 12) -> Points:
    return [(x0 + (x1 - x0) * t / steps, y0 + (y1 - y0) * t / steps) for t in range(steps + 1)]


def draw_stroke(sheet: _Sheet, row: RowLayout, n: _Name, style: Stroke) -> None:
    rng = sheet.rng
    x0, x1, y = _name_line(n, rng)
    h = n.xheight
    if style is Stroke.STRAIGHT:
        tilt = rng.uniform(-0.15, 0.15) * h
        sheet.stroke(_jitter(_line(x0, y - tilt, x1, y + tilt), rng, 0.25))
    elif style is Stroke.SLANTED:
        rise = rng.choice([-1, 1]) * rng.uniform(0.25, 0.4) * h
        sheet.stroke(_line(x0, y + rise, x1, y - rise))
    elif style is Stroke.WAVY:
        amp = rng.uniform(0.15, 0.3) * h
        waves = rng.uniform(2, 5)
        pts = [
            (x0 + (x1 - x0) * i / 60, y + amp * math.sin(2 * math.pi * waves * i / 60))
            for i in range(61)
        ]
        sheet.stroke(pts)
    elif style is Stroke.DOUBLE:
        gap = rng.uniform(0.18, 0.28) * h
        sheet.stroke(_line(x0, y - gap, x1, y - gap))
        sheet.stroke(_line(x0 + rng.uniform(-3, 3), y + gap, x1 + rng.uniform(-3, 3), y + gap))
    elif style is Stroke.PAST:
        left = max(row.row.x0 + 2, x0 - rng.uniform(12, 30))
        right = min(row.row.x1 - 2, x1 + rng.uniform(12, 35))
        sheet.stroke(_line(left, y, right, y + rng.uniform(-0.1, 0.1) * h))
    elif style is Stroke.CROSS:
        top, bottom = row.row.y0 + 2, row.row.y1 - 2
        sheet.stroke(_line(x0 - 2, top, x1 + 2, bottom))
        sheet.stroke(_line(x0 - 2, bottom, x1 + 2, top))
    elif style is Stroke.SCRIBBLE:
        zigzag: Points = []
        steps = max(10, int((x1 - x0) / 3))
        lo, hi = n.mid - 0.8 * h, n.mid + 0.6 * h
        for i in range(steps + 1):
            zigzag.append((x0 + (x1 - x0) * i / steps, lo if i % 2 == 0 else hi))
        sheet.stroke(zigzag, 1.2)
        sheet.stroke(_line(x0, y, x1, y), 1.4)


def draw_doubt(
    sheet: _Sheet, row: RowLayout, n: _Name, below: tuple[RowLayout, _Name] | None, style: Doubt
) -> None:
    rng = sheet.rng
    x0, x1, y = _name_line(n, rng)
    name = row.name
    if style is Doubt.PARTIAL:
        span = (n.x1 - n.x0) * rng.uniform(0.25, 0.55)
        start = n.x0 + rng.uniform(0, (n.x1 - n.x0) - span)
        sheet.stroke(_line(start, y, start + span, y))
    elif style is Doubt.UNDERLINE:
        yb = n.baseline + rng.uniform(1.5, 3.0)
        sheet.stroke(_line(x0, yb, x1, yb + rng.uniform(-0.5, 0.5)))
    elif style is Doubt.CIRCLE:
        cx, cy = name.centre
        ax, ay = name.width / 2 + rng.uniform(5, 10), name.height / 2 + rng.uniform(3, 5)
        ay = min(ay, row.row.height / 2 - 0.5)
        pts = [
            (cx + ax * math.cos(t / 40 * 2 * math.pi), cy + ay * math.sin(t / 40 * 2 * math.pi))
            for t in range(43)
        ]
        sheet.stroke(pts)
    elif style is Doubt.TICK:
        tx = name.x0 - rng.uniform(6, 14)
        ty = name.y1 - 1
        sheet.stroke([(tx - 4, ty - 4), (tx, ty), (tx + 7, ty - 10)])
    elif style is Doubt.TWO_ROWS:
        target = below[1] if below is not None else n
        sheet.stroke(_line(x0, y, max(x1, target.x1 + 4), target.mid))


def draw_cross_in_box(sheet: _Sheet, box: Box) -> None:
    rng = sheet.rng
    m = min(box.width, box.height) * rng.uniform(0.12, 0.22)
    sheet.stroke(_line(box.x0 + m, box.y0 + m, box.x1 - m, box.y1 - m, 4))
    sheet.stroke(_line(box.x0 + m, box.y1 - m, box.x1 - m, box.y0 + m, 4))


def draw_extra(sheet: _Sheet, layout: BallotLayout, extra: Extra) -> None:
    rng = sheet.rng
    if extra is Extra.WRITTEN_IN:
        last = max(layout.rows, key=lambda r: r.row.y1)
        x = last.name.x0
        y = last.row.y1 + 14
        if y > layout.height - 32:
            # The list fills the page: the voter writes at the top, beside the heading.
            x, y = layout.seal.x1 + 20, layout.seal.y0 + 8
        pts: Points = []
        for i in range(40):
            pts.append((x + i * 2.6, y + 5 * math.sin(i * 1.7) + rng.uniform(-1.5, 1.5)))
        sheet.stroke(pts)
    elif extra is Extra.SIGNATURE:
        x, y = rng.uniform(400, 450), layout.height - rng.uniform(50, 70)
        pts = [(x + i * 2.0, y + 9 * math.sin(i * 0.9) * math.cos(i * 0.23)) for i in range(45)]
        sheet.stroke(pts)


# ----------------------------------------------------------------------------------------------
# Scanner


def _degrade(page: Image, scan: Scan, layout: BallotLayout, rng: random.Random) -> Image:
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    img: npt.NDArray[Any] = page.astype(np.float32)
    h, w = img.shape[:2]
    if scan.fold:
        if rng.random() < 0.5:
            pos = int(h * rng.uniform(0.3, 0.7))
            img[max(0, pos - 2) : pos + 2, :] -= scan.fold
        else:
            pos = int(w * rng.uniform(0.3, 0.7))
            img[:, max(0, pos - 2) : pos + 2] -= scan.fold
    # Geometry: scale, skew, shift; then a phone's perspective; then the page turned.
    k = scan.dpi / 72.0
    centre = (w / 2, h / 2)
    matrix = cv2.getRotationMatrix2D(centre, scan.skew, scan.scale)
    matrix[0, 2] += scan.shift[0] * k
    matrix[1, 2] += scan.shift[1] * k
    border = (255, 255, 255) if img.ndim == 3 else 255
    if scan.perspective:
        margin = 0.12
        out_w, out_h = int(w * (1 + 2 * margin)), int(h * (1 + 2 * margin))
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
        t = math.tan(math.radians(scan.perspective)) * 0.35
        side = rng.choice([-1, 1])
        dst = np.array(
            [
                [w * margin + w * t * (side > 0) * 0.5, h * margin],
                [w * (1 + margin) - w * t * (side < 0) * 0.5, h * margin + h * t * 0.2],
                [w * (1 + margin), h * (1 + margin)],
                [w * margin, h * (1 + margin) - h * t * 0.2],
            ],
            dtype=np.float32,
        )
        full = np.vstack([matrix, [0, 0, 1]])
        persp = cv2.getPerspectiveTransform(src, dst) @ full
        table = (120, 135, 150) if img.ndim == 3 else 135
        img = cv2.warpPerspective(
            img, persp, (out_w, out_h), flags=cv2.INTER_LINEAR, borderValue=table
        )
    else:
        # A skewed sheet on the scanner bed: the bed is a little larger than the paper.
        pad = int(w * math.sin(math.radians(abs(scan.skew)))) + int(abs(scan.shift[0]) * k) + 4
        if scan.skew or scan.shift != (0.0, 0.0) or scan.scale != 1.0:
            matrix[0, 2] += pad
            matrix[1, 2] += pad
            size = (w + 2 * pad, h + 2 * pad)
        else:
            size = (w, h)
        img = cv2.warpAffine(img, matrix, size, flags=cv2.INTER_LINEAR, borderValue=border)
    if scan.uneven_light:
        hh, ww = img.shape[:2]
        ramp = np.linspace(1 - scan.uneven_light, 1.0, ww, dtype=np.float32)[None, :]
        ramp = ramp * np.linspace(1.0, 1 - scan.uneven_light / 2, hh, dtype=np.float32)[:, None]
        img = img * (ramp[:, :, None] if img.ndim == 3 else ramp)
    if scan.blur:
        img = cv2.GaussianBlur(img, (0, 0), scan.blur)
    if scan.speckle:
        hh, ww = img.shape[:2]
        count = int(scan.speckle * (ww / scan.dpi) * (hh / scan.dpi))
        for _ in range(count):
            x, y = int(nrng.integers(0, ww)), int(nrng.integers(0, hh))
            cv2.circle(
                img, (x, y), int(nrng.integers(0, 2)), (40, 40, 40) if img.ndim == 3 else 40, -1
            )
    if scan.noise:
        img = img + nrng.normal(0, scan.noise, img.shape).astype(np.float32)
    out: npt.NDArray[Any] = np.clip(img, 0, 255).astype(np.uint8)
    if scan.rotation:
        turns = {
            90: cv2.ROTATE_90_CLOCKWISE,
            180: cv2.ROTATE_180,
            270: cv2.ROTATE_90_COUNTERCLOCKWISE,
        }
        out = cv2.rotate(out, turns[scan.rotation])
    return np.asarray(out, dtype=np.uint8)


_PAGES: dict[tuple[object, ...], Image] = {}


def _blank_at(election: Election, dpi: int) -> tuple[Image, BallotTemplate]:
    printed = printed_ballot(election)
    key = (id(printed), dpi)
    if key not in _PAGES:
        _PAGES[key] = rasterise_pdf(printed.pdf, dpi, colour=True)
    return _PAGES[key], _drawing_template(printed)


_DRAWING: dict[int, BallotTemplate] = {}


def _drawing_template(printed: PrintedBallot) -> BallotTemplate:
    """Where names are, for drawing strokes: always measured at WORK_SCALE, so that a corpus
    is drawn the same whatever scale the reader works at."""
    template = printed.template
    if template.scale == WORK_SCALE:
        return template
    key = id(printed)
    if key not in _DRAWING:
        blank = rasterise_pdf(printed.pdf, WORK_SCALE * 72)
        _DRAWING[key] = build_template(template.layout, blank, "", 0, WORK_SCALE)
    return _DRAWING[key]


def render_case(case: Case) -> SyntheticPage:
    """Draw, stamp, mark and scan one ballot; the truth says how it must be read."""
    rng = random.Random(case.seed)
    blank, template = _blank_at(case.election, case.scan.dpi)
    layout = template.layout
    names = [_name_of(g) for g in template.names]
    if case.scan.low_toner:
        # Pale print from a printer low on toner (the voter's pen is not affected).
        blank = (255 - (255 - blank.astype(np.float32)) * (1 - case.scan.low_toner)).astype(
            np.uint8
        )
    sheet = _Sheet(blank, case.scan.dpi, rng, case.pen)
    if case.seal:
        sheet.stamp(layout.seal, case.faint_seal)
    rows = list(layout.rows)
    for index, row in enumerate(rows):
        label = row.candidate
        if label in case.doubts:
            # A stroke wandering into the next row (or the one above, under the last name).
            below = None
            if index + 1 < len(rows) and rows[index + 1].row.x0 == row.row.x0:
                below = (rows[index + 1], names[index + 1])
            elif index > 0 and rows[index - 1].row.x0 == row.row.x0:
                below = (rows[index - 1], names[index - 1])
            draw_doubt(sheet, row, names[index], below, case.doubts[label])
        elif label in case.strokes:
            draw_stroke(sheet, row, names[index], case.strokes[label])
        elif label in case.crosses and row.agree is not None and row.disagree is not None:
            mark = case.crosses[label]
            if mark in (Mark.AGREE, Mark.BOTH):
                draw_cross_in_box(sheet, row.agree)
            if mark in (Mark.DISAGREE, Mark.BOTH):
                draw_cross_in_box(sheet, row.disagree)
    if case.extra is not Extra.NONE:
        draw_extra(sheet, layout, case.extra)
    page = sheet.image()
    if not case.scan.colour:
        page = np.asarray(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    scanned = _degrade(page, case.scan, layout, rng)
    if case.scan.jpeg_quality is None:
        ok, data = cv2.imencode(".png", scanned)
        suffix = ".png"
    else:
        ok, data = cv2.imencode(".jpg", scanned, [cv2.IMWRITE_JPEG_QUALITY, case.scan.jpeg_quality])
        suffix = ".jpg"
    if not ok:
        raise RuntimeError("could not encode a synthetic page")
    encoded = data.tobytes()
    decoded = cv2.imdecode(np.frombuffer(encoded, np.uint8), cv2.IMREAD_UNCHANGED)
    return SyntheticPage(case, np.asarray(decoded, np.uint8), encoded, suffix, truth_of(case))


def truth_of(case: Case) -> Truth:
    """How the page must be read: review for anything doubtful, else the engine's verdict."""
    from daihoi.engine.ballot import Ballot
    from daihoi.engine.tally import judge_ballot

    election = case.election
    required = election.rules.scan.seal_required
    if required and not case.seal:
        return Truth("invalid", "not_issued", None)
    if case.extra is Extra.WRITTEN_IN:
        return Truth("review", "written_in", None)
    if case.extra is Extra.SIGNATURE:
        return Truth("review", "other_marks", None)
    if required and case.faint_seal:
        return Truth("review", "seal_doubtful", None)
    if case.doubts:
        return Truth("review", "unclear_mark", None, tuple(case.doubts))
    if election.form.value == "approve":
        marks = {c.label: case.crosses.get(c.label, Mark.NEITHER) for c in election.candidates}
    else:
        marks = {
            c.label: Mark.STRUCK if c.label in case.strokes else Mark.KEPT
            for c in election.candidates
        }
    verdict = judge_ballot(election, Ballot("truth", marks))
    if verdict.valid:
        return Truth("valid", None, marks)
    return Truth("invalid", verdict.reason, marks)


# ----------------------------------------------------------------------------------------------
# Random cases


def random_scan(rng: random.Random, *, degraded: bool = False, dpi: int | None = None) -> Scan:
    """An office scan: small faults always, larger ones when ``degraded``."""
    return Scan(
        dpi=dpi or rng.choice([150, 200, 200, 300]),
        colour=rng.random() < 0.4,
        rotation=rng.choice([0, 0, 0, 90, 180, 270]),
        skew=rng.uniform(-5, 5) if degraded else rng.uniform(-1.5, 1.5),
        shift=(rng.uniform(-8, 8), rng.uniform(-8, 8)),
        scale=rng.uniform(0.97, 1.03) if degraded else 1.0,
        noise=rng.uniform(2, 8) if degraded else rng.uniform(0, 3),
        blur=rng.uniform(0.3, 1.0) if degraded else 0.0,
        speckle=rng.uniform(5, 40) if degraded else 0.0,
        low_toner=rng.uniform(0.2, 0.4) if degraded and rng.random() < 0.5 else 0.0,
        fold=rng.uniform(10, 30) if degraded and rng.random() < 0.5 else 0.0,
        jpeg_quality=rng.choice([None, 60, 75, 90]) if degraded else rng.choice([None, 85, 90]),
    )


def random_marked_case(
    election: Election,
    seed: int,
    *,
    degraded: bool = False,
    pen: Pen | None = None,
    scan: Scan | None = None,
) -> Case:
    """An ordinary ballot: a valid number of names struck (or X marks), in one hand and pen."""
    rng = random.Random(seed)
    labels = [c.label for c in election.candidates]
    pen = pen or rng.choice(list(Pen))
    scan = scan or random_scan(rng, degraded=degraded)
    if election.form.value == "approve":
        crosses = {label: rng.choice([Mark.AGREE, Mark.AGREE, Mark.DISAGREE]) for label in labels}
        return Case(election, crosses=crosses, pen=pen, scan=scan, seed=seed)
    must_strike = len(labels) - election.to_keep
    count = rng.randint(must_strike, min(len(labels) - 1, must_strike + 2))
    struck = rng.sample(labels, count)
    style = rng.choice(list(Stroke))
    strokes = {
        label: (style if rng.random() < 0.8 else rng.choice(list(Stroke))) for label in struck
    }
    return Case(election, strokes=strokes, pen=pen, scan=scan, seed=seed)


def random_doubtful_case(election: Election, seed: int) -> Case:
    """A ballot the machine must not decide alone: a doubtful mark, writing, a faint seal."""
    rng = random.Random(seed)
    base = random_marked_case(election, seed)
    labels = [c.label for c in election.candidates]
    kind = rng.choice(["doubt", "doubt", "doubt", "written_in", "signature", "faint_seal"])
    if kind == "written_in":
        return dataclasses.replace(base, extra=Extra.WRITTEN_IN)
    if kind == "signature":
        return dataclasses.replace(base, extra=Extra.SIGNATURE)
    if kind == "faint_seal" and election.rules.scan.seal_required:
        return dataclasses.replace(base, faint_seal=True)
    if election.form.value == "approve":
        return dataclasses.replace(base, extra=Extra.SIGNATURE)
    free = [label for label in labels if label not in base.strokes] or labels
    target = rng.choice(free)
    doubts = {target: rng.choice(list(Doubt))}
    strokes = {k: v for k, v in base.strokes.items() if k != target}
    return dataclasses.replace(base, strokes=strokes, doubts=doubts)


def random_invalid_case(election: Election, seed: int) -> Case:
    """An invalid paper: no seal, every name struck, or too many names kept."""
    rng = random.Random(seed)
    base = random_marked_case(election, seed)
    labels = [c.label for c in election.candidates]
    kind = rng.choice(["no_seal", "all_struck", "too_many_kept"])
    if kind == "no_seal" and election.rules.scan.seal_required:
        return dataclasses.replace(base, seal=False)
    if kind == "all_struck" and election.form.value == "strike":
        style = rng.choice(list(Stroke))
        return dataclasses.replace(base, strokes=dict.fromkeys(labels, style))
    return dataclasses.replace(base, strokes={}, crosses={})


def phone_scan(rng: random.Random) -> Scan:
    """A phone photo of a ballot on a table: perspective up to ~20°, uneven light."""
    return Scan(
        dpi=rng.choice([150, 200]),
        colour=True,
        rotation=rng.choice([0, 0, 90, 270]),
        skew=rng.uniform(-4, 4),
        perspective=rng.uniform(5, 20),
        uneven_light=rng.uniform(0.1, 0.45),
        noise=rng.uniform(2, 6),
        blur=rng.uniform(0.3, 0.9),
        jpeg_quality=rng.choice([70, 85]),
    )


def read_outcome(truth: Truth, status: str, marks: dict[str, str] | None) -> str:
    """How a reading compares with the truth: right, review, rejected or silent_error.

    A silent error is a page accepted (valid or invalid) with a reading that differs from what a
    careful person reads: the one outcome that must never happen.
    """
    expected = None if truth.marks is None else {k: v.value for k, v in truth.marks.items()}
    if status == truth.status and (
        status not in ("valid", "invalid") or truth.marks is None or marks == expected
    ):
        return "right"
    if status == "review":
        return "review"
    if status == "rejected":
        return "rejected"
    if status == "invalid" and truth.status == "invalid" and truth.marks is None:
        return "right"
    return "silent_error"
