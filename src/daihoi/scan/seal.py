"""The convening committee's seal (dấu của Ban Tổ chức) in the seal area of a ballot.

In a colour scan the stamp is red; in a grayscale scan it is only grey, so it is also recognised
by ink and shape: a stamp-sized blob spread over much of the area with the texture of a ring and
lettering, not a pen line.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

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
