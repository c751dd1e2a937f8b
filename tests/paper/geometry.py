"""Box helpers shared by the paper tests."""

from __future__ import annotations

from daihoi.paper.fonts import ink_extent, text_width
from daihoi.paper.layout import Align, Box, TextLine


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share interior area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Box, outer: Box, slack: float = 0.0) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def grow(box: Box, margin: float) -> Box:
    return (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)


def text_box(line: TextLine) -> Box:
    """The ink box of a printed text line (top-left coordinates)."""
    width = text_width(line.text, line.face, line.size)
    if line.align is Align.CENTRE:
        x0 = line.x - width / 2
    elif line.align is Align.RIGHT:
        x0 = line.x - width
    else:
        x0 = line.x
    above, below = ink_extent(line.text, line.face, line.size)
    return (x0, line.baseline - above, x0 + width, line.baseline + below)
