"""Completion over time as an inline SVG, drawn on the server (no JavaScript, no CDN).

Pure: takes the cumulative series of the forecast module and returns SVG markup as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from daihoi.vnformat import format_date

from .forecast import SeriesPoint

WIDTH = 720
HEIGHT = 260
LEFT = 48
RIGHT = 16
TOP = 16
BOTTOM = 40
COLOURS = ("#b91c1c", "#1d4ed8", "#047857", "#7c3aed", "#b45309")


@dataclass(frozen=True)
class ChartLine:
    """One level's held series and its projection from the planned dates."""

    label: str
    total: int
    held: Sequence[SeriesPoint]
    projected: Sequence[SeriesPoint]
    colour: str = COLOURS[0]


def level_colour(level: int) -> str:
    """One colour per level, the same on every page (a province's base line stays green)."""
    return COLOURS[level % len(COLOURS)]


@dataclass(frozen=True)
class ChartMarker:
    """A vertical line at a deadline."""

    day: date
    label: str


def _span(
    lines: Sequence[ChartLine], markers: Sequence[ChartMarker], today: date
) -> tuple[date, date]:
    days = [today, *(m.day for m in markers)]
    for line in lines:
        days.extend(p.day for p in line.held)
        days.extend(p.day for p in line.projected)
    first, last = min(days), max(days)
    if first == last:
        last = date.fromordinal(first.toordinal() + 1)
    return first, last


def month_starts(first: date, last: date) -> list[date]:
    """The first day of each month strictly after ``first`` up to ``last`` (axis ticks)."""
    out: list[date] = []
    year, month = first.year, first.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = date(year, month, 1)
        if day > last:
            return out
        out.append(day)


def render_completion_svg(
    lines: Sequence[ChartLine],
    markers: Sequence[ChartMarker],
    today: date,
    title: str,
    today_label: str = "hôm nay",
) -> str:
    """SVG of the share held (0–100 %) against time, one solid line per level for what is
    held and a dashed line for what the planned dates promise; deadlines as vertical rules."""
    first, last = _span(lines, markers, today)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span_days = last.toordinal() - first.toordinal()

    def x(day: date) -> float:
        return LEFT + plot_w * (day.toordinal() - first.toordinal()) / span_days

    def y(count: int, total: int) -> float:
        share = count / total if total else 0.0
        return TOP + plot_h * (1.0 - share)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="completion-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for pct in (0, 25, 50, 75, 100):
        gy = TOP + plot_h * (1 - pct / 100)
        parts.append(
            f'<line x1="{LEFT}" y1="{gy:.1f}" x2="{WIDTH - RIGHT}" y2="{gy:.1f}" '
            f'stroke="#e5e7eb" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{gy + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#374151">{pct}%</text>'
        )
    for day in month_starts(first, last):
        mx = x(day)
        parts.append(
            f'<line x1="{mx:.1f}" y1="{TOP + plot_h}" x2="{mx:.1f}" y2="{TOP + plot_h + 4}" '
            f'stroke="#6b7280"/>'
            f'<text x="{mx:.1f}" y="{HEIGHT - 20}" font-size="10" text-anchor="middle" '
            f'fill="#6b7280">{day.month:02d}/{day.year}</text>'
        )
    for day, anchor in ((first, "start"), (last, "end")):
        parts.append(
            f'<text x="{x(day):.1f}" y="{HEIGHT - 6}" font-size="11" text-anchor="{anchor}" '
            f'fill="#374151">{format_date(day)}</text>'
        )
    for marker in markers:
        mx = x(marker.day)
        parts.append(
            f'<line x1="{mx:.1f}" y1="{TOP}" x2="{mx:.1f}" y2="{TOP + plot_h}" '
            f'stroke="#6b7280" stroke-dasharray="2 3"/>'
        )
        parts.append(
            f'<text x="{mx - 3:.1f}" y="{TOP + 10}" font-size="10" text-anchor="end" '
            f'fill="#6b7280">{escape(marker.label)}</text>'
        )
    tx = x(today)
    parts.append(
        f'<line x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{TOP + plot_h}" stroke="#111827"/>'
    )
    parts.append(
        f'<text x="{tx + 3:.1f}" y="{TOP + plot_h - 4}" font-size="10" fill="#111827">'
        f"{escape(today_label)}</text>"
    )
    for index, line in enumerate(lines):
        colour = line.colour
        if line.held:
            points = [(x(first), y(0, line.total))]
            previous = 0
            for point in line.held:
                # A step line: the count only changes on the day a congress is held.
                points.append((x(point.day), y(previous, line.total)))
                points.append((x(point.day), y(point.held, line.total)))
                previous = point.held
            points.append((tx, y(previous, line.total)))
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>'
            )
        if len(line.projected) > 1:
            # A step line too: what the planned dates promise arrives on those days, not
            # evenly between them (one district's congress is a jump, not a slope).
            steps = [(x(line.projected[0].day), y(line.projected[0].held, line.total))]
            for before, point in zip(line.projected, line.projected[1:], strict=False):
                steps.append((x(point.day), y(before.held, line.total)))
                steps.append((x(point.day), y(point.held, line.total)))
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in steps)
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" '
                f'stroke-dasharray="5 4" points="{coords}"/>'
            )
        ly = TOP + 14 + 14 * index
        parts.append(
            f'<rect x="{LEFT + 8}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{LEFT + 22}" y="{ly + 1}" font-size="11" fill="#111827">'
            f"{escape(line.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
