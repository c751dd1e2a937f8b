"""Hard ballots the reader was never tuned on: drawn independently of ``scan/synth.py``'s styles.

Each helper draws on the real printed ballot (the paper module's PDF, rasterised) with inks of a
given colour, width and opacity, hand tremor and skips, seals of another make (thin double ring,
small lettering round it, a star; any colour, pale, spilling onto the heading), and goes through
the same scanner faults as the synthetic corpus. Everything is seeded.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np
import numpy.typing as npt

from daihoi.engine.election import Election
from daihoi.scan.images import Image, PageImage
from daihoi.scan.reader import PageResult, read_page
from daihoi.scan.template import BallotLayout, BallotTemplate, Box, NameGeometry
from daihoi_testsupport.synth import Scan, _blank_at, _degrade, _name_of

Points = list[tuple[float, float]]
OFFICE = Scan(dpi=200, jpeg_quality=90)
BGR = tuple[int, int, int]

# Inks (BGR) as they come off real pens and pads.
BLUE_PEN: BGR = (170, 70, 30)
LIGHT_BLUE_PEN: BGR = (235, 180, 120)  # a light-blue ballpoint running dry
BLACK_PEN: BGR = (40, 40, 40)
LIGHT_PENCIL: BGR = (165, 165, 165)
YELLOW_HIGHLIGHTER: BGR = (110, 245, 255)
GREEN_HIGHLIGHTER: BGR = (150, 250, 170)
SEAL_RED: BGR = (60, 40, 210)
SEAL_BLUE: BGR = (170, 60, 40)
SEAL_VIOLET: BGR = (150, 50, 120)
SEAL_GREY: BGR = (90, 90, 90)  # a photocopy's toner


@dataclass
class Canvas:
    """A ballot at ``dpi`` with ink layers (coverage, colour) laid on once, in order."""

    paper: npt.NDArray[np.float32]
    dpi: int
    rng: random.Random
    layers: list[tuple[npt.NDArray[np.float32], BGR]] = field(default_factory=list)

    @property
    def k(self) -> float:
        return self.dpi / 72.0

    def _layer(self, colour: BGR) -> npt.NDArray[np.float32]:
        layer = np.zeros(self.paper.shape[:2], np.float32)
        self.layers.append((layer, colour))
        return layer

    def pen(
        self,
        points: Points,
        colour: BGR = BLUE_PEN,
        width: float = 1.2,
        opacity: float = 0.95,
        tremor: float = 0.0,
        skips: float = 0.0,
    ) -> None:
        """A pen line through ``points`` (pt), with hand tremor (pt) and skipped bits (share)."""
        rng = self.rng
        dense: Points = []
        for (xa, ya), (xb, yb) in itertools.pairwise(points):
            steps = max(1, int(math.hypot(xb - xa, yb - ya) / 1.5))
            dense += [
                (xa + (xb - xa) * t / steps, ya + (yb - ya) * t / steps) for t in range(steps)
            ]
        dense.append(points[-1])
        if tremor:
            phase = rng.uniform(0, 6.3)
            dense = [
                (x, y + tremor * math.sin(phase + i * 0.7) + rng.uniform(-0.3, 0.3) * tremor)
                for i, (x, y) in enumerate(dense)
            ]
        layer = self._layer(colour)
        k16 = self.k * 16
        thickness = max(1, round(width * self.k))
        piece: Points = []
        for point in dense:
            if skips and rng.random() < skips / 3:
                self._polyline(layer, piece, k16, thickness, opacity)
                piece = []
                continue
            piece.append(point)
        self._polyline(layer, piece, k16, thickness, opacity)

    @staticmethod
    def _polyline(
        layer: npt.NDArray[np.float32], piece: Points, k16: float, thickness: int, value: float
    ) -> None:
        if len(piece) < 2:
            return
        pts = np.array([[x * k16, y * k16] for x, y in piece], np.int32)
        cv2.polylines(layer, [pts], False, value, thickness, cv2.LINE_AA, 4)

    def highlight(self, box: Box, colour: BGR = YELLOW_HIGHLIGHTER, opacity: float = 0.85) -> None:
        layer = self._layer(colour)
        x0, y0, x1, y1 = (round(v * self.k) for v in (box.x0, box.y0, box.x1, box.y1))
        layer[y0:y1, x0:x1] = opacity

    def seal(
        self,
        centre: tuple[float, float],
        radius: float,
        colour: BGR = SEAL_RED,
        strength: float = 0.9,
        dry: float = 0.0,
        ring_width: float = 0.8,
    ) -> None:
        """A round seal: thin double ring, small lettering between the rings, a star."""
        rng = self.rng
        layer = self._layer(colour)
        k = self.k

        def p(x: float, y: float) -> tuple[int, int]:
            return (round(x * k * 16), round(y * k * 16))

        cx, cy = centre
        w = max(1, round(ring_width * k))
        cv2.circle(layer, p(cx, cy), round(radius * k * 16), 1.0, w, cv2.LINE_AA, 4)
        cv2.circle(layer, p(cx, cy), round(radius * 0.93 * k * 16), 1.0, w, cv2.LINE_AA, 4)
        cv2.circle(layer, p(cx, cy), round(radius * 0.62 * k * 16), 1.0, w, cv2.LINE_AA, 4)
        # Small lettering round between the outer and inner rings: short strokes in letter shapes.
        turn = rng.uniform(0, 2 * math.pi)
        letters = 34
        for i in range(letters):
            a = turn + i * 2 * math.pi / letters
            if i % 17 == 16:
                continue  # the gap between the two lines of text
            r0, r1 = radius * 0.68, radius * 0.86
            for dx in (-0.02, 0.02):
                cv2.line(
                    layer,
                    p(cx + r0 * math.cos(a + dx), cy + r0 * math.sin(a + dx)),
                    p(cx + r1 * math.cos(a + dx * 0.5), cy + r1 * math.sin(a + dx * 0.5)),
                    1.0,
                    max(1, round(0.5 * k)),
                    cv2.LINE_AA,
                    4,
                )
        star = []
        for i in range(10):
            a = -math.pi / 2 + i * math.pi / 5
            r = radius * (0.36 if i % 2 == 0 else 0.15)
            star.append(p(cx + r * math.cos(a), cy + r * math.sin(a)))
        cv2.fillPoly(layer, [np.array(star, np.int32)], 1.0, cv2.LINE_AA, 4)
        nrng = np.random.default_rng(rng.randrange(1 << 30))
        texture = nrng.uniform(0.75, 1.0, layer.shape).astype(np.float32)
        if dry:
            # A dry pad: blotches where the stamp left little or nothing.
            small = nrng.uniform(0, 1, (max(2, layer.shape[0] // 24), max(2, layer.shape[1] // 24)))
            blotch = cv2.resize(small.astype(np.float32), (layer.shape[1], layer.shape[0]))
            texture *= np.clip((blotch - dry) / max(1e-3, 1 - dry) * 2.5, 0.25, 1.0)
        layer *= texture * strength

    def image(self) -> Image:
        out = self.paper.copy()
        for alpha, colour in self.layers:
            ys, xs = np.nonzero(alpha)
            if ys.size == 0:
                continue
            window = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
            part = out[window]
            a = alpha[window][:, :, None]
            ink = np.array(colour, np.float32)[None, None, :]
            out[window] = part * (1 - a) + np.minimum(part, ink) * a
        return np.clip(out, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class Drawn:
    """A hard page: its scanned pixels, and the reading."""

    pixels: Image
    result: PageResult

    @property
    def status(self) -> str:
        return self.result.reading.status.value

    @property
    def reason(self) -> str | None:
        return self.result.reading.reason

    @property
    def marks(self) -> dict[str, str]:
        return {row.candidate: row.mark for row in self.result.reading.rows}


Drawing = Callable[[Canvas, BallotTemplate], None]


def names_pt(template: BallotTemplate) -> list[tuple[NameGeometry, float, float, float, float]]:
    """Per row: the geometry, and x0, x1, middle height and x-height of the name in points."""
    out = []
    for g in template.names:
        n = _name_of(g, template.scale)
        out.append((g, n.x0, n.x1, n.mid, n.xheight))
    return out


def word_spans(template: BallotTemplate, index: int) -> list[tuple[float, float]]:
    """The printed words of row ``index`` as (x0, x1) in points, measured on the blank."""
    g = template.names[index]
    s = template.scale
    edges = [g.x0, *[g.x0 + c for c in g.spaces], g.x1]
    spans = []
    for a, b in itertools.pairwise(edges):
        crop = template.blank_ink[g.top : g.baseline, a:b] > 0
        cols = np.flatnonzero(crop.any(axis=0))
        if cols.size:
            spans.append(((a + int(cols[0])) / s, (a + int(cols[-1]) + 1) / s))
    return spans


def default_seal(canvas: Canvas, layout: BallotLayout, **kw: float | BGR) -> None:
    box = layout.seal
    radius = min(box.width, box.height) / 2 * canvas.rng.uniform(0.78, 0.9)
    centre = (
        box.centre[0] + canvas.rng.uniform(-10, 10),
        box.centre[1] + canvas.rng.uniform(-4, 4),
    )
    canvas.seal(centre, radius, **kw)  # type: ignore[arg-type]


def draw_page(
    election: Election,
    seed: int,
    drawing: Drawing,
    *,
    scan: Scan = OFFICE,
    photocopy: bool = False,
) -> Drawn:
    """Print ``election``'s ballot, let ``drawing`` mark it, scan it and read it."""
    rng = random.Random(seed)
    blank, _ = _blank_at(election, scan.dpi)
    from daihoi.scan.ballots import printed_ballot

    template = printed_ballot(election).template
    canvas = Canvas(blank.astype(np.float32), scan.dpi, rng)
    drawing(canvas, template)
    page = canvas.image()
    if photocopy:
        # A photocopy: everything in toner grey on slightly grey paper, then scanned in colour.
        grey = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY).astype(np.float32)
        grey = np.clip(grey * 0.95 + 4, 0, 255).astype(np.uint8)
        page = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
        # The colour sensor's own faint noise.
        noise = np.random.default_rng(seed).normal(0, 1.5, page.shape)
        page = np.clip(page + noise, 0, 255).astype(np.uint8)
    if not scan.colour:
        page = np.asarray(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    scanned = _degrade(page, scan, template.layout, rng)
    if scan.jpeg_quality is None:
        ok, data = cv2.imencode(".png", scanned)
    else:
        ok, data = cv2.imencode(".jpg", scanned, [cv2.IMWRITE_JPEG_QUALITY, scan.jpeg_quality])
    assert ok
    pixels = np.asarray(cv2.imdecode(data, cv2.IMREAD_UNCHANGED), np.uint8)
    result = read_page(PageImage(f"kho-{seed}.png", 1, f"sha-kho-{seed}", pixels), election)
    return Drawn(pixels, result)


# ----------------------------------------------------------------------------------------------
# Marks


def stroke_through(
    canvas: Canvas,
    template: BallotTemplate,
    index: int,
    x0: float | None = None,
    x1: float | None = None,
    **pen: float | BGR,
) -> None:
    """A hand stroke through row ``index``'s name from ``x0`` to ``x1`` (pt; default: from just
    before the name to just past it), slightly slanted, with the pen's tremor and skips."""
    rng = canvas.rng
    _, nx0, nx1, mid, h = names_pt(template)[index]
    start = nx0 - rng.uniform(1.5, 5) if x0 is None else x0
    end = nx1 + rng.uniform(1.5, 6) if x1 is None else x1
    y = mid + rng.uniform(-0.15, 0.15) * h
    tilt = rng.uniform(-0.12, 0.12) * h
    steps = 10
    points = [
        (start + (end - start) * t / steps, y - tilt + 2 * tilt * t / steps)
        for t in range(steps + 1)
    ]
    canvas.pen(points, **pen)  # type: ignore[arg-type]


def loop_round(canvas: Canvas, template: BallotTemplate, index: int, **pen: float | BGR) -> None:
    """A loop drawn round row ``index``'s name (a voter keeping a name they had struck)."""
    rng = canvas.rng
    row = template.layout.rows[index]
    cx, cy = row.name.centre
    ax = row.name.width / 2 + rng.uniform(4, 9)
    ay = min(row.name.height / 2 + rng.uniform(2.5, 4.5), row.row.height / 2 - 0.8)
    turn = rng.uniform(0, 6.28)
    pts = [
        (
            cx + ax * math.cos(turn + t / 36 * 2 * math.pi),
            cy + ay * math.sin(turn + t / 36 * 2 * math.pi),
        )
        for t in range(40)
    ]
    canvas.pen(pts, **pen)  # type: ignore[arg-type]


def write_giu(
    canvas: Canvas, x: float, baseline: float, size: float = 9.0, **pen: float | BGR
) -> None:
    """The word "giữ" (keep) written by hand at ``x``, ``baseline`` (pt)."""
    rng = canvas.rng
    h = size * 0.5
    # g: a bowl and a descender with a hook.
    bowl = [
        (
            x + h * 0.45 + h * 0.45 * math.cos(t / 10 * 6.28),
            baseline - h * 0.5 + h * 0.5 * math.sin(t / 10 * 6.28),
        )
        for t in range(11)
    ]
    canvas.pen(bowl, **pen)  # type: ignore[arg-type]
    canvas.pen(
        [
            (x + h * 0.9, baseline - h),
            (x + h * 0.9, baseline + h * 0.7),
            (x + h * 0.4, baseline + h),
            (x, baseline + h * 0.6),
        ],
        **pen,
    )  # type: ignore[arg-type]
    # i with its dot.
    xi = x + h * 1.5
    canvas.pen([(xi, baseline - h), (xi, baseline)], **pen)  # type: ignore[arg-type]
    canvas.pen([(xi, baseline - h * 1.6), (xi + 0.3, baseline - h * 1.5)], **pen)  # type: ignore[arg-type]
    # ư with a hook and a tilde above.
    xu = xi + h * 0.6
    canvas.pen(
        [
            (xu, baseline - h),
            (xu, baseline - h * 0.2),
            (xu + h * 0.4, baseline),
            (xu + h * 0.8, baseline - h * 0.2),
            (xu + h * 0.8, baseline - h),
        ],
        **pen,
    )  # type: ignore[arg-type]
    canvas.pen([(xu + h * 0.8, baseline - h), (xu + h * 1.1, baseline - h * 1.3)], **pen)  # type: ignore[arg-type]
    canvas.pen(
        [
            (xu, baseline - h * 1.7),
            (xu + h * 0.3, baseline - h * 1.95),
            (xu + h * 0.6, baseline - h * 1.7),
            (xu + h * 0.9, baseline - h * 1.95),
        ],
        **pen,
    )  # type: ignore[arg-type]
    _ = rng


def cross_in(canvas: Canvas, box: Box, **pen: float | BGR) -> None:
    m = min(box.width, box.height) * canvas.rng.uniform(0.12, 0.22)
    canvas.pen([(box.x0 + m, box.y0 + m), (box.x1 - m, box.y1 - m)], **pen)  # type: ignore[arg-type]
    canvas.pen([(box.x0 + m, box.y1 - m), (box.x1 - m, box.y0 + m)], **pen)  # type: ignore[arg-type]


def circle_round(canvas: Canvas, box: Box, grow: float = 3.0, **pen: float | BGR) -> None:
    cx, cy = box.centre
    ax, ay = box.width / 2 + grow, box.height / 2 + grow
    pts = [
        (cx + ax * math.cos(t / 30 * 6.28), cy + ay * math.sin(t / 30 * 6.28)) for t in range(33)
    ]
    canvas.pen(pts, **pen)  # type: ignore[arg-type]
