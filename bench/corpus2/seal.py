"""Rubber stamps: several seal designs, pads from fresh to dry, stamped off-centre and askew.

Designs (all round, as the party's committees use):
- ``ring_text_star``: thin double ring, the committee's name in small capitals all round, a star.
- ``ring_text_date``: double ring, the name on the upper arc, the date on the lower, a star.
- ``thick_ring_band``: a thick outer ring and a thin inner one, the name round, a star over a
  straight line "BAN KIỂM PHIẾU".
- ``ring_dots_star``: double ring with a dotted circle inside the text and a large star.
- ``oval_date``: an oval with the name round and the date across the middle (an odd but real look).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import cv2
import fontpkg_be_vietnam_pro
import numpy as np
from PIL import Image, ImageDraw, ImageFont

# A face that ships with the project's own dependencies (a new machine has no system fonts).
FONT = str(
    Path(fontpkg_be_vietnam_pro.__file__).resolve().parent / "files" / "BeVietnamPro-Bold.ttf"
)
DESIGNS = ["ring_text_star", "ring_text_date", "thick_ring_band", "ring_dots_star", "oval_date"]
COLOURS = {
    "red": (0.88, 0.16, 0.20),
    "red_orange": (0.95, 0.35, 0.25),
    "blue": (0.25, 0.35, 0.80),
    "violet": (0.50, 0.28, 0.70),
    "photocopy": (0.30, 0.30, 0.30),  # toner grey: a photocopy of a stamped ballot
}


def _star(draw, cx, cy, r, fill=255):
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.40
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    draw.polygon(pts, fill=fill)


def _arc_text(img, text, cx, cy, radius, px, start_deg, span_deg, inward_top=True):
    """Characters along a circle, centred on start_deg (0 = top, clockwise), spread over span_deg."""
    font = ImageFont.truetype(FONT, px)
    n = len(text)
    for i, ch in enumerate(text):
        if ch == " ":
            continue
        if inward_top:
            deg = start_deg - span_deg / 2 + span_deg * (i + 0.5) / n
        else:  # lower arc, read left to right
            deg = start_deg + span_deg / 2 - span_deg * (i + 0.5) / n
        a = math.radians(deg)
        x, y = cx + radius * math.sin(a), cy - radius * math.cos(a)
        g = Image.new("L", (px * 2, px * 2), 0)
        ImageDraw.Draw(g).text((px // 2, px // 3), ch, fill=255, font=font)
        g = g.rotate(-deg if inward_top else 180 - deg, resample=Image.BILINEAR)
        img.paste(255, (int(x - px), int(y - px)), g)


@lru_cache(maxsize=64)
def seal_mask(design: str, name: str, date: str, diameter_px: int) -> np.ndarray:
    """The stamp's raised face as alpha in [0, 1], square, diameter_px wide."""
    D = diameter_px
    ss = 2
    S = D * ss
    img = Image.new("L", (S, S), 0)
    dr = ImageDraw.Draw(img)
    c = S / 2
    R = S / 2 - 2 * ss
    u = S / 100.0  # 1% of the diameter
    txt_px = max(int(7.5 * u), 6)
    if design == "oval_date":
        rx, ry = R, R * 0.72
        dr.ellipse([c - rx, c - ry, c + rx, c + ry], outline=255, width=max(int(1.6 * u), 2))
        dr.ellipse(
            [c - rx + 3 * u, c - ry + 3 * u, c + rx - 3 * u, c + ry - 3 * u],
            outline=255,
            width=max(int(0.7 * u), 1),
        )
        font = ImageFont.truetype(FONT, max(int(8 * u), 6))
        w = dr.textlength(date, font=font)
        dr.text((c - w / 2, c - 5 * u), date, font=font, fill=255)
        dr.line(
            [c - rx * 0.6, c - 8 * u, c + rx * 0.6, c - 8 * u], fill=255, width=max(int(0.6 * u), 1)
        )
        dr.line(
            [c - rx * 0.6, c + 7 * u, c + rx * 0.6, c + 7 * u], fill=255, width=max(int(0.6 * u), 1)
        )
        sq = Image.new("L", (S, S), 0)
        _arc_text(sq, name, c, c, R * 0.78, txt_px, 0, 200)
        sq = sq.resize((S, int(S * 0.72)))
        img.paste(255, (0, int(S * 0.14)), sq)
    else:
        w_out = (3.2 if design == "thick_ring_band" else 2.0) * u
        dr.ellipse([c - R, c - R, c + R, c + R], outline=255, width=max(int(w_out), 1))
        r2 = R - (6.0 if design == "thick_ring_band" else 3.0) * u
        dr.ellipse([c - r2, c - r2, c + r2, c + r2], outline=255, width=max(int(1.0 * u), 1))
        r_text = r2 - 6.0 * u
        if design == "ring_text_date":
            _arc_text(img, name, c, c, r_text, txt_px, 0, 230)
            _arc_text(img, date, c, c, r_text, txt_px, 180, 80, inward_top=False)
        else:
            _arc_text(img, name + " ★", c, c, r_text, txt_px, 0, 340)
        r_in = r_text - 6.5 * u
        if design == "ring_dots_star":
            for k in range(72):
                a = 2 * math.pi * k / 72
                x, y = c + r_in * math.cos(a), c + r_in * math.sin(a)
                dr.ellipse([x - 0.6 * u, y - 0.6 * u, x + 0.6 * u, y + 0.6 * u], fill=255)
            _star(dr, c, c, r_in * 0.7)
        elif design == "thick_ring_band":
            _star(dr, c, c - 6 * u, 12 * u)
            font = ImageFont.truetype(FONT, max(int(6.5 * u), 6))
            t = "BAN KIỂM PHIẾU"
            w = dr.textlength(t, font=font)
            dr.text((c - w / 2, c + 9 * u), t, font=font, fill=255)
        else:
            dr.ellipse(
                [c - r_in, c - r_in, c + r_in, c + r_in], outline=255, width=max(int(0.5 * u), 1)
            )
            _star(dr, c, c, r_in * 0.55)
    img = img.resize((D, D), Image.LANCZOS)
    return np.asarray(img, np.float32) / 255.0


def stamp(
    canvas,
    rng: np.random.Generator,
    centre_pt: tuple[float, float],
    *,
    design: str,
    colour: str = "red",
    pad: str = "normal",
    diameter_pt: float = 95.0,
    angle: float = 0.0,
    name: str = "BAN KIỂM PHIẾU ĐẠI HỘI ĐẢNG BỘ QUẬN 1",
    date: str = "10.07.2025",
) -> None:
    """Press the stamp on the canvas. pad: fresh | normal | dry | very_dry | uneven | double."""
    s = canvas.s
    D = int(diameter_pt * s) | 1
    face = seal_mask(design, name, date, D)
    M = cv2.getRotationMatrix2D((D / 2, D / 2), angle, 1.0)
    face = cv2.warpAffine(face, M, (D, D))
    h = w = D
    low = cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), max(D / 25, 1))
    low = (low - low.mean()) / (low.std() + 1e-6)
    fine = cv2.GaussianBlur(rng.random((h, w)).astype(np.float32), (0, 0), 0.8)
    fine = (fine - fine.mean()) / (fine.std() + 1e-6)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32) / D - 0.5
    if pad == "fresh":
        a = cv2.GaussianBlur(face, (0, 0), 0.6 * s) * 1.15
        a = a * (0.92 + 0.05 * low)
    elif pad == "normal":
        a = face * (0.80 + 0.08 * low + 0.05 * fine)
    elif pad == "dry":
        a = face * np.clip(0.55 + 0.25 * low + 0.15 * fine, 0, 1)
        a *= low + 0.4 * fine > -0.9
    elif pad == "very_dry":
        a = face * np.clip(0.40 + 0.25 * low + 0.2 * fine, 0, 1)
        a *= low + 0.5 * fine > -0.4
    elif pad == "uneven":
        g = math.radians(rng.uniform(0, 360))
        grad = 0.75 + 0.8 * (xx * math.cos(g) + yy * math.sin(g))
        a = face * np.clip(0.85 * grad + 0.06 * low + 0.04 * fine, 0.25, 1)
    elif pad == "double":  # stamped twice, the second press slightly moved
        off = rng.uniform(1.0, 2.5) * s
        M2 = np.float32([[1, 0, off], [0, 1, off * rng.uniform(-0.5, 0.5)]])
        a = np.maximum(face * 0.8, cv2.warpAffine(face, M2, (w, h)) * 0.55)
    else:
        raise ValueError(pad)
    a = np.clip(a, 0, 1).astype(np.float32)
    x0 = int(centre_pt[0] * s - D / 2)
    y0 = int(centre_pt[1] * s - D / 2)
    canvas.apply(a, x0, y0, COLOURS[colour])
