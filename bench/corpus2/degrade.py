"""Printers and scanners.

Printer (on the printed layer only, before any hand ink or stamp): toner density, banding
(periodic light bands across the feed direction), a light streak from a worn drum, toner specks,
and the page printed off its nominal place (offset and a small scale error), which moves the
words the voter then strikes: the generator draws on the shifted geometry.

Scanner (on the finished paper): flatbed at 150-600 dpi, colour, grey or 1-bit, skew, the
paper shifted on the glass, any of the four orientations, optics blur, sensor noise, gamma, JPEG
q30-95, PNG, 1-bit TIFF (G4), pages of a multi-page PDF; or a phone photo: perspective, a desk
round the paper, uneven light and a shadow, a colour cast, JPEG.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

A4 = (595.28, 841.89)


@dataclass
class Printer:
    density: float = 0.95
    banding: float = 0.0  # amplitude of light bands
    band_period: float = 40.0  # pt
    streak: float = 0.0  # strength of a light vertical streak
    specks: int = 0
    dx: float = 0.0  # pt, where the printer put the page
    dy: float = 0.0
    scale: float = 1.0
    photocopy: bool = False  # a copy of a copy: grey toner, harder contrast, noise

    @staticmethod
    def random(rng: np.random.Generator, kind: str = "any") -> Printer:
        p = Printer(
            density=float(rng.uniform(0.78, 1.0)),
            dx=float(rng.uniform(-3, 3)),
            dy=float(rng.uniform(-3, 3)),
            scale=float(rng.uniform(0.992, 1.006)),
        )
        if rng.random() < 0.35:
            p.banding = float(rng.uniform(0.05, 0.25))
            p.band_period = float(rng.uniform(12, 60))
        if rng.random() < 0.15:
            p.streak = float(rng.uniform(0.2, 0.5))
        if rng.random() < 0.4:
            p.specks = int(rng.integers(3, 30))
        return p


def print_layer(gray: np.ndarray, s: float, pr: Printer, rng: np.random.Generator) -> np.ndarray:
    """The printed page (transmission, float32 HxW) after the printer's faults."""
    H, W = gray.shape
    M = np.float32([[pr.scale, 0, pr.dx * s], [0, pr.scale, pr.dy * s]])
    g = cv2.warpAffine(gray, M, (W, H), borderValue=1.0)
    dark = (1.0 - g) * pr.density
    if pr.banding:
        y = np.arange(H, dtype=np.float32) / s
        dark *= (1 - pr.banding * (0.5 + 0.5 * np.sin(2 * math.pi * y / pr.band_period)))[:, None]
    if pr.streak:
        x = rng.uniform(0.1, 0.9) * W
        wid = rng.uniform(2, 12) * s
        xs = np.arange(W, dtype=np.float32)
        dark *= (1 - pr.streak * np.exp(-(((xs - x) / wid) ** 2)))[None, :]
    if pr.photocopy:
        dark = cv2.GaussianBlur(dark, (0, 0), 0.5 * s)
        dark = np.clip(dark * 1.3 + rng.normal(0, 0.04, dark.shape).astype(np.float32), 0, 1)
        dark = np.where(dark > 0.12, dark, 0)
    for _ in range(pr.specks):
        x, y = int(rng.integers(0, W)), int(rng.integers(0, H))
        cv2.circle(
            dark, (x, y), max(int(rng.uniform(0.15, 0.4) * s), 1), float(rng.uniform(0.3, 0.8)), -1
        )
    return (1.0 - np.clip(dark, 0, 1)).astype(np.float32)


def paper_tint(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(0.93, 1.0)
    return np.array(
        [base, base * rng.uniform(0.98, 1.0), base * rng.uniform(0.94, 1.0)], np.float32
    )


@dataclass
class Scanner:
    dpi: int = 200
    mode: str = "color"  # color | gray | bw
    fmt: str = "png"  # png | jpg | tif | pdf
    quality: int = 90
    angle: float = 0.0  # skew, degrees
    orient: int = 0  # quarter turns (0..3)
    dx: float = 0.0  # pt, paper shifted on the glass
    dy: float = 0.0
    blur: float = 0.5  # px
    noise: float = 2.0  # grey levels
    gamma: float = 1.0
    bw_threshold: int = 160
    phone: bool = False
    meta: dict = field(default_factory=dict)

    @staticmethod
    def random(rng: np.random.Generator, kind: str = "flatbed") -> Scanner:
        if kind == "phone":
            return Scanner(
                dpi=int(rng.choice([130, 150, 170])),
                mode="color",
                fmt="jpg",
                quality=int(rng.integers(60, 92)),
                phone=True,
                angle=float(rng.uniform(-4, 4)),
                blur=float(rng.uniform(0.6, 1.4)),
                noise=float(rng.uniform(3, 7)),
            )
        dpi = int(
            rng.choice(
                [150, 150, 200, 200, 240, 300, 300, 400, 600],
                p=[0.15, 0.1, 0.2, 0.15, 0.1, 0.12, 0.08, 0.06, 0.04],
            )
        )
        mode = str(rng.choice(["color", "gray", "bw"], p=[0.5, 0.38, 0.12]))
        if mode == "bw":
            fmt = "tif"
            dpi = max(dpi, 200)
        else:
            fmt = str(rng.choice(["png", "jpg", "jpg", "pdf"]))
        return Scanner(
            dpi=dpi,
            mode=mode,
            fmt=fmt,
            quality=int(rng.integers(30, 96)),
            angle=float(rng.uniform(-2.5, 2.5)),
            dx=float(rng.uniform(-8, 8)),
            dy=float(rng.uniform(-8, 8)),
            blur=float(rng.uniform(0.3, 1.1)),
            noise=float(rng.uniform(0.5, 4)),
            gamma=float(rng.uniform(0.85, 1.2)),
            bw_threshold=int(rng.integers(165, 196)),
        )


def scan(paper: np.ndarray, s: float, sc: Scanner, rng: np.random.Generator) -> np.ndarray:
    """The finished paper (transmission HxWx3 at s px/pt) as the scanner's uint8 image (RGB or L)."""
    img8 = cv2.convertScaleAbs(paper, alpha=255.0)
    if sc.mode in ("gray", "bw") and not sc.phone:
        img8 = cv2.cvtColor(img8, cv2.COLOR_RGB2GRAY)
    k = sc.dpi / 72.0 / s
    if sc.phone:
        out = _phone(img8, k, sc, rng)
    else:
        W, H = int(A4[0] * sc.dpi / 72), int(A4[1] * sc.dpi / 72)
        c = (img8.shape[1] / 2, img8.shape[0] / 2)
        M = cv2.getRotationMatrix2D(c, sc.angle, k)
        M[0, 2] += W / 2 - c[0] + sc.dx * sc.dpi / 72
        M[1, 2] += H / 2 - c[1] + sc.dy * sc.dpi / 72
        lid = int(rng.integers(235, 256))
        out = cv2.warpAffine(
            img8,
            M,
            (W, H),
            flags=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR,
            borderValue=(lid, lid, lid) if img8.ndim == 3 else lid,
        )
    if sc.mode in ("gray", "bw") and out.ndim == 3:
        out = cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)
    if sc.blur > 0.05:
        out = cv2.GaussianBlur(out, (0, 0), sc.blur)
    if sc.gamma != 1.0:
        lut = np.clip(((np.arange(256) / 255.0) ** sc.gamma) * 255 + 0.5, 0, 255).astype(np.uint8)
        out = cv2.LUT(out, lut)
    if sc.noise > 0:
        noise = np.empty(out.shape[:2], np.int16)
        cv2.setRNGSeed(int(rng.integers(1 << 30)))
        cv2.randn(noise, 0, sc.noise)
        o16 = out.astype(np.int16)
        o16 += noise if out.ndim == 2 else noise[..., None]
        out = np.clip(o16, 0, 255).astype(np.uint8)
    if sc.mode == "bw":
        out = np.where(out >= sc.bw_threshold, 255, 0).astype(np.uint8)
    if sc.orient:
        out = np.ascontiguousarray(np.rot90(out, sc.orient))
    return out


def _phone(img8: np.ndarray, k: float, sc: Scanner, rng: np.random.Generator) -> np.ndarray:
    h, w = img8.shape[:2]
    pw, ph = w * k, h * k
    W, H = int(pw * rng.uniform(1.08, 1.25)), int(ph * rng.uniform(1.06, 1.15))
    mx, my = (W - pw) / 2, (H - ph) / 2
    j = 0.035
    dst = np.float32([[mx, my], [mx + pw, my], [mx + pw, my + ph], [mx, my + ph]])
    dst += rng.uniform(-j, j, (4, 2)).astype(np.float32) * [pw, ph]
    ang = math.radians(sc.angle)
    cen = dst.mean(0)
    R = np.float32([[math.cos(ang), -math.sin(ang)], [math.sin(ang), math.cos(ang)]])
    dst = (dst - cen) @ R.T + cen
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    Hm = cv2.getPerspectiveTransform(src, dst)
    desk = np.array(
        rng.choice([[120, 95, 70], [90, 90, 95], [160, 140, 110], [60, 60, 62]]), np.float32
    )
    bg = np.ones((H, W, 3), np.float32) * desk
    bg += cv2.GaussianBlur(rng.normal(0, 25, (H, W)).astype(np.float32), (0, 0), 3)[..., None]
    warped = cv2.warpPerspective(img8, Hm, (W, H), flags=cv2.INTER_AREA)
    m = cv2.warpPerspective(np.ones((h, w), np.uint8) * 255, Hm, (W, H)) / 255.0
    out = warped.astype(np.float32) * m[..., None] + bg * (1 - m[..., None])
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    g = rng.uniform(0, 2 * math.pi)
    light = 1.0 - rng.uniform(0.1, 0.35) * (
        0.5 + 0.5 * ((xx / W - 0.5) * math.cos(g) + (yy / H - 0.5) * math.sin(g)) * 2
    )
    light -= rng.uniform(0.05, 0.2) * (((xx / W - 0.5) ** 2 + (yy / H - 0.5) ** 2) * 2)
    if rng.random() < 0.6:  # the phone's or the hand's shadow
        a, b = rng.uniform(0, W), rng.uniform(0, H)
        th = rng.uniform(0, math.pi)
        d = (xx - a) * math.cos(th) + (yy - b) * math.sin(th)
        light -= rng.uniform(0.1, 0.3) * (1 / (1 + np.exp(-d / (0.03 * W))))
    cast = np.float32([rng.uniform(0.97, 1.05), 1.0, rng.uniform(0.85, 0.98)])
    out = out * np.clip(light, 0.3, 1.1)[..., None] * cast
    return np.clip(out, 0, 255).astype(np.uint8)


def encode(img: np.ndarray, sc: Scanner) -> tuple[str, bytes]:
    """(extension, bytes) of one page as the scanner writes it."""
    pil = Image.fromarray(img)
    buf = io.BytesIO()
    if sc.fmt == "tif":
        pil.convert("1").save(buf, format="TIFF", compression="group4", dpi=(sc.dpi, sc.dpi))
        return "tif", buf.getvalue()
    if sc.fmt == "jpg":
        pil.save(buf, format="JPEG", quality=sc.quality, dpi=(sc.dpi, sc.dpi))
        return "jpg", buf.getvalue()
    if sc.fmt == "pdf":
        pil.save(buf, format="PDF", resolution=float(sc.dpi))
        return "pdf", buf.getvalue()
    pil.save(buf, format="PNG", dpi=(sc.dpi, sc.dpi), compress_level=1)
    return "png", buf.getvalue()


def write_pdf(pages: list[np.ndarray], dpi: int, quality: int) -> bytes:
    """A multi-page PDF as a scanner's 'scan to PDF' writes it (JPEG per page)."""
    ims = [Image.fromarray(p).convert("RGB" if p.ndim == 3 else "L") for p in pages]
    buf = io.BytesIO()
    jpgs = []
    for im in ims:
        b = io.BytesIO()
        im.save(b, format="JPEG", quality=quality)
        jpgs.append(Image.open(io.BytesIO(b.getvalue())))
    jpgs[0].save(buf, format="PDF", save_all=True, append_images=jpgs[1:], resolution=float(dpi))
    return buf.getvalue()
