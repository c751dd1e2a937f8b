"""Ink on paper: a canvas of light transmission and the voters' marks drawn on it.

The canvas holds, per pixel and RGB channel, the fraction of light the paper sends back (1 = white).
Every ink multiplies it by ``1 - alpha * (1 - colour)`` (subtractive, so a highlighter over
print stays transparent and a red seal over black text keeps the text).  Every voter's mark is
also kept as a boolean mask (alpha >= INK_MIN) with its kind, which is what the truth is computed
from: nothing about a mark's meaning is assumed, only where its ink landed.

Pen model: a path in points, sampled densely; along it a pressure profile (ramps at the ends, slow
wobble), tremor (smooth perpendicular jitter), skips (stretches where the ball runs dry and the
ink drops to a trace), width and darkness following the pressure, and a grain texture
(ballpoint: fine, pencil: coarse paper tooth).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import fontpkg_be_vietnam_pro
import numpy as np

INK_MIN = 0.2  # alpha from which a pixel counts as ink for the truth

PENS = {
    #            colour (reflectance of full ink)   alpha range    width pt    grain
    "ballpoint_blue": ((0.16, 0.22, 0.58), (0.80, 0.95), (0.9, 1.5), 0.15),
    "ballpoint_black": ((0.12, 0.12, 0.15), (0.80, 0.95), (0.9, 1.5), 0.15),
    "gel_black": ((0.08, 0.08, 0.10), (0.90, 0.98), (1.2, 2.0), 0.05),
    "felt_blue": ((0.20, 0.25, 0.65), (0.85, 0.97), (1.8, 2.8), 0.05),
    "ballpoint_lightblue": ((0.50, 0.66, 0.93), (0.55, 0.75), (0.8, 1.2), 0.30),
    "pencil": ((0.42, 0.42, 0.45), (0.40, 0.65), (0.8, 1.4), 0.55),
    "red_pen": ((0.80, 0.15, 0.18), (0.80, 0.95), (0.9, 1.5), 0.15),
}
HIGHLIGHTERS = {
    "yellow": (1.00, 0.93, 0.22),
    "green": (0.55, 0.97, 0.45),
    "pink": (1.00, 0.55, 0.78),
    "orange": (1.00, 0.72, 0.35),
}


@dataclass
class Mark:
    kind: str  # strike, loop, word, x, highlight, tick, scribble, dot...
    mask: np.ndarray  # bool, canvas pixels (patch)
    x0: int  # patch offset on the canvas (px)
    y0: int
    meta: dict = field(default_factory=dict)


class Canvas:
    def __init__(self, height_px: int, width_px: int, px_per_pt: float):
        self.s = px_per_pt
        self.t = np.ones((height_px, width_px, 3), np.float32)
        self.marks: list[Mark] = []

    def apply(self, alpha: np.ndarray, x0: int, y0: int, colour) -> tuple[np.ndarray, int, int]:
        """Multiply a patch of ink into the canvas (clipped to the page); returns the clipped alpha."""
        h, w = alpha.shape
        H, W = self.t.shape[:2]
        cx0, cy0, cx1, cy1 = max(x0, 0), max(y0, 0), min(x0 + w, W), min(y0 + h, H)
        if cx1 <= cx0 or cy1 <= cy0:
            return np.zeros((0, 0), np.float32), cx0, cy0
        a = alpha[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0]
        k = 1.0 - np.asarray(colour, np.float32)
        self.t[cy0:cy1, cx0:cx1] *= 1.0 - a[..., None] * k
        return a, cx0, cy0

    def add_mark(self, kind: str, alpha: np.ndarray, x0: int, y0: int, colour, **meta) -> Mark:
        a, cx, cy = self.apply(alpha, x0, y0, colour)
        m = Mark(kind, a >= INK_MIN, cx, cy, meta)
        self.marks.append(m)
        return m


# ---------------------------------------------------------------------------------------- paths


def smooth_noise(rng: np.random.Generator, n: int, scale: float, corr: int) -> np.ndarray:
    """n samples of smooth noise (std ~ scale) with a correlation length of ~corr samples."""
    if n <= 0:
        return np.zeros(0)
    m = n // max(corr, 1) + 3
    knots = rng.normal(0, scale, m)
    xs = np.linspace(0, m - 1, n) if n > 1 else np.zeros(1)
    i = np.floor(xs).astype(int).clip(0, m - 2)
    f = xs - i
    f = f * f * (3 - 2 * f)
    return knots[i] * (1 - f) + knots[i + 1] * f


def resample(points: np.ndarray, step: float) -> np.ndarray:
    seg = np.diff(points, axis=0)
    d = np.hypot(seg[:, 0], seg[:, 1])
    cum = np.concatenate([[0], np.cumsum(d)])
    n = max(int(cum[-1] / step), 2)
    t = np.linspace(0, cum[-1], n)
    return np.stack([np.interp(t, cum, points[:, 0]), np.interp(t, cum, points[:, 1])], 1)


def line_path(x0, y0, x1, y1, bow: float = 0.0) -> np.ndarray:
    t = np.linspace(0, 1, 24)
    x = x0 + (x1 - x0) * t
    y = y0 + (y1 - y0) * t + bow * 4 * t * (1 - t)
    return np.stack([x, y], 1)


def ellipse_path(cx, cy, rx, ry, rng, start=None, sweep=None) -> np.ndarray:
    start = rng.uniform(0, 2 * math.pi) if start is None else start
    sweep = rng.uniform(2.05, 2.25) * math.pi if sweep is None else sweep
    t = np.linspace(start, start + sweep, 90)
    wob = 1 + smooth_noise(rng, t.size, 0.05, 15)
    return np.stack([cx + rx * wob * np.cos(t), cy + ry * wob * np.sin(t)], 1)


# ------------------------------------------------------------------------------------------ pen


@dataclass
class PenStyle:
    name: str
    colour: tuple
    alpha: float
    width: float  # pt
    grain: float
    tremor: float = 0.15  # pt
    skips: int = 0  # how many dry stretches
    skip_len: tuple = (0.5, 1.5)  # pt
    skip_floor: float = 0.05  # alpha kept in a skip (a trace)


def pen_style(rng: np.random.Generator, name: str | None = None, **over) -> PenStyle:
    name = name or str(
        rng.choice(
            ["ballpoint_blue", "ballpoint_blue", "ballpoint_black", "gel_black", "felt_blue"]
        )
    )
    colour, ar, wr, grain = PENS[name]
    st = PenStyle(
        name,
        colour,
        float(rng.uniform(*ar)),
        float(rng.uniform(*wr)),
        grain,
        tremor=float(rng.uniform(0.05, 0.35)),
    )
    for k, v in over.items():
        setattr(st, k, v)
    return st


def draw_path(
    canvas: Canvas,
    pts_pt: np.ndarray,
    st: PenStyle,
    rng: np.random.Generator,
    kind: str,
    pressure_ends: bool = True,
    skip_at: list[tuple[float, float]] | None = None,
    **meta,
) -> Mark:
    """Draw a pen path (points in pt).  skip_at: explicit dry stretches as fractions of the length."""
    s = canvas.s
    p = resample(np.asarray(pts_pt, float), 0.3 / s) * s  # px, ~0.3 px apart
    n = len(p)
    d = np.gradient(p, axis=0)
    nrm = np.stack([-d[:, 1], d[:, 0]], 1)
    nrm /= np.maximum(np.hypot(nrm[:, 0], nrm[:, 1]), 1e-6)[:, None]
    corr = max(int(6 * s / 0.3), 4)
    p = (
        p
        + nrm
        * (
            smooth_noise(rng, n, st.tremor * s, corr)
            + smooth_noise(rng, n, st.tremor * s * 0.3, corr // 5 + 1)
        )[:, None]
    )
    t = np.linspace(0, 1, n)
    pressure = 1 + smooth_noise(rng, n, 0.12, corr * 3)
    if pressure_ends:
        ramp = max(2.5 * s / max(n * 0.3, 1), 0.01)  # ~2.5 pt ramps (in fraction of length)
        pressure *= np.clip(0.45 + 0.55 * np.minimum(t / ramp, 1), 0, 1)
        pressure *= np.clip(0.35 + 0.65 * np.minimum((1 - t) / ramp, 1), 0, 1)
    alpha = np.clip(st.alpha * (0.6 + 0.4 * pressure), 0, 1)
    width = np.clip(st.width * (0.75 + 0.25 * pressure), 0.4, 6) * s
    length_pt = float(np.sum(np.hypot(*np.diff(p, axis=0).T))) / s
    stretches = list(skip_at or [])
    for _ in range(st.skips):
        L = rng.uniform(*st.skip_len) / max(length_pt, 1e-6)
        a = rng.uniform(0.05, 0.95 - L)
        stretches.append((a, a + L))
    for a, b in stretches:
        sel = (t >= a) & (t <= b)
        alpha[sel] = st.skip_floor * rng.uniform(0.3, 1.0)
    pad = int(np.ceil(width.max())) + 3
    x0, y0 = int(np.floor(p[:, 0].min())) - pad, int(np.floor(p[:, 1].min())) - pad
    x1, y1 = int(np.ceil(p[:, 0].max())) + pad, int(np.ceil(p[:, 1].max())) + pad
    patch = np.zeros((y1 - y0, x1 - x0), np.float32)
    q = ((p - [x0, y0]) * 8).astype(np.int32)
    step = max(int(0.6 * s / 0.3), 1)
    for i in range(0, n - 1, step):
        j = min(i + step, n - 1)
        a = float(alpha[i : j + 1].mean())
        if a <= 0:
            continue
        th = max(round(width[i]), 1)
        tmp_val = a
        cv2.line(patch, tuple(q[i]), tuple(q[j]), tmp_val, th, cv2.LINE_AA, 3)
    if st.grain > 0:
        g = rng.random(patch.shape).astype(np.float32)
        g = cv2.GaussianBlur(g, (0, 0), 0.6)
        g = (g - g.mean()) / (g.std() + 1e-6)
        patch *= np.clip(1 - st.grain * 0.5 + st.grain * 0.5 * g, 0, 1.2)
        np.clip(patch, 0, 1, out=patch)
    return canvas.add_mark(kind, patch, x0, y0, st.colour, pen=st.name, **meta)


def draw_highlight(
    canvas: Canvas, x0, x1, yc, height, colour, rng, kind="highlight", **meta
) -> Mark:
    """A chisel highlighter swipe: flat, wide, see-through, darker where it overlaps itself."""
    s = canvas.s
    pts = line_path(x0, yc, x1, yc + rng.uniform(-1.5, 1.5), bow=rng.uniform(-1, 1))
    p = resample(pts, 0.5 / s) * s
    pad = int(height * s) + 4
    bx0, by0 = int(p[:, 0].min()) - pad, int(p[:, 1].min()) - pad
    bx1, by1 = int(p[:, 0].max()) + pad, int(p[:, 1].max()) + pad
    patch = np.zeros((by1 - by0, bx1 - bx0), np.float32)
    hh = height * s / 2
    for x, y in p[::3]:
        cv2.rectangle(
            patch,
            (int(x - 1 - bx0), int(y - hh - by0)),
            (int(x + 1 - bx0), int(y + hh - by0)),
            1.0,
            -1,
        )
    patch = cv2.GaussianBlur(patch, (0, 0), 0.7 * s)
    streak = smooth_noise(rng, patch.shape[0], 0.12, max(int(s), 2))[:, None]
    a = np.clip(patch * (rng.uniform(0.55, 0.75) + streak), 0, 1).astype(np.float32)
    return canvas.add_mark(kind, a, bx0, by0, colour, **meta)


# A face that ships with the project's own dependencies (a new machine has no system fonts).
HAND_FONT = str(
    Path(fontpkg_be_vietnam_pro.__file__).resolve().parent / "files" / "BeVietnamPro-Italic.ttf"
)
_FONT_CACHE: dict = {}


def draw_handwriting(
    canvas: Canvas,
    text: str,
    x: float,
    y_base: float,
    size_pt: float,
    st: PenStyle,
    rng: np.random.Generator,
    kind="word",
    **meta,
) -> Mark:
    """A few handwritten words: an oblique typeface, warped, with the pen's colour and grain."""
    from PIL import Image, ImageDraw, ImageFont

    s = canvas.s
    px = max(int(size_pt * s), 8)
    key = (px,)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(HAND_FONT, px)
    font = _FONT_CACHE[key]
    w = int(font.getlength(text)) + px
    img = Image.new("L", (w, int(px * 1.8)), 0)
    ImageDraw.Draw(img).text(
        (px // 3, int(px * 0.35)),
        text,
        fill=255,
        font=font,
        stroke_width=max(int(st.width * s * 0.25), 0),
        stroke_fill=255,
    )
    a = np.asarray(img, np.float32) / 255.0
    h0, w0 = a.shape
    sh = rng.uniform(-0.25, 0.1)
    ang = rng.uniform(-6, 6)
    M = cv2.getRotationMatrix2D((w0 / 2, h0 / 2), ang, rng.uniform(0.9, 1.1))
    M[0, 1] += sh
    a = cv2.warpAffine(a, M, (w0, h0))
    dx = cv2.GaussianBlur(rng.normal(0, 1, a.shape).astype(np.float32), (0, 0), px / 4) * px * 0.5
    dy = cv2.GaussianBlur(rng.normal(0, 1, a.shape).astype(np.float32), (0, 0), px / 4) * px * 0.5
    gx, gy = np.meshgrid(np.arange(w0, dtype=np.float32), np.arange(h0, dtype=np.float32))
    a = cv2.remap(a, gx + dx, gy + dy, cv2.INTER_LINEAR)
    a = np.clip(a * st.alpha, 0, 1)
    return canvas.add_mark(
        kind, a, int(x * s), int(y_base * s - px * 1.2), st.colour, pen=st.name, **meta
    )
