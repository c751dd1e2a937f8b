"""The printed ballot of an election, from the paper module: layout, PDF and blank raster.

The scanner compares every page with exactly what the printer was given: the paper module's own
layout and PDF, rendered once per election and kept for the batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium

from daihoi.engine.election import Election
from daihoi.paper.layout import design_ballot, spec_from_election
from daihoi.paper.render import render_ballots
from daihoi.scan.images import Image
from daihoi.scan.template import BallotTemplate, build_template, layout_from_dict, working_scale


@dataclass(frozen=True)
class PrintedBallot:
    """One election's ballot as printed: the PDF of one copy and its scanner template."""

    pdf: bytes
    template: BallotTemplate


_CACHE: dict[tuple[object, ...], PrintedBallot] = {}


def _key(election: Election) -> tuple[object, ...]:
    return (
        election.id,
        election.round,
        election.title,
        election.congress,
        election.form.value,
        election.rules.name,
        tuple(c.name for c in election.candidates),
    )


def printed_ballot(election: Election) -> PrintedBallot:
    """The election's ballot, rendered once per process (the layout is the same for every copy)."""
    key = _key(election)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    design = design_ballot(spec_from_election(election))
    pdf = render_ballots(design, 1)
    layout = layout_from_dict(design.layout.to_dict())
    # Small print (the 120-name ballot) is read at a finer scale: its blank is rendered there.
    scale = working_scale(layout)
    blank = rasterise_pdf(pdf, scale * 72)
    printed = PrintedBallot(pdf, build_template(layout, blank, election.id, election.round, scale))
    _CACHE[key] = printed
    return printed


def rasterise_pdf(pdf: bytes, dpi: float, *, colour: bool = False) -> Image:
    """The first page of a PDF as pixels at ``dpi`` (grayscale, or BGR when ``colour``)."""
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72, grayscale=not colour)
        pixels = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
    finally:
        document.close()
    if pixels.ndim == 3 and not colour:
        pixels = pixels[:, :, 0]
    if pixels.ndim == 3 and pixels.shape[2] == 4:
        pixels = np.ascontiguousarray(pixels[:, :, :3])
    return pixels
