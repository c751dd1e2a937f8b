"""Rasterising printed ballots for the tests (pypdfium2), in top-left point coordinates."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
from numpy.typing import NDArray

from daihoi.paper.layout import Box

DPI = 100
SCALE = DPI / 72


def pages(pdf: bytes, dpi: int = DPI) -> list[NDArray[np.uint8]]:
    """Every page of ``pdf`` as a grayscale array (0 black … 255 white)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [
            np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            for page in document
        ]
    finally:
        document.close()


def crop(image: NDArray[np.uint8], box: Box, inset: float = 0.0) -> NDArray[np.uint8]:
    """The pixels of ``box`` (points from the top-left), shrunk by ``inset`` points each side."""
    x0, y0, x1, y1 = box
    return image[
        round((y0 + inset) * SCALE) : round((y1 - inset) * SCALE),
        round((x0 + inset) * SCALE) : round((x1 - inset) * SCALE),
    ]


def ink_bounds(image: NDArray[np.uint8], box: Box, level: int = 128) -> Box | None:
    """The bounding box, in points, of dark pixels inside ``box``; ``None`` when blank."""
    x0, y0 = round(box[0] * SCALE), round(box[1] * SCALE)
    region = crop(image, box)
    ys, xs = np.nonzero(region < level)
    if len(xs) == 0:
        return None
    return (
        (x0 + xs.min()) / SCALE,
        (y0 + ys.min()) / SCALE,
        (x0 + xs.max() + 1) / SCALE,
        (y0 + ys.max() + 1) / SCALE,
    )
