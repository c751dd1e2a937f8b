"""Settings of a rule set for machine counting (scanned ballots).

Image scoring is separate from deciding: the recogniser computes scores, these thresholds decide,
and they are stored with every result so that a recount can show why a ballot was read as it was.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScanSettings:
    """Thresholds for reading a scanned ballot (scores are in [0, 1])."""

    struck_min: float = 0.60  # a row scoring at least this is struck
    kept_max: float = 0.20  # a row scoring at most this is kept; between the two: review
    seal_required: bool = True  # the convening committee's seal must be present (party)
    partial_strike: str = "review"  # what a partial strike means: review | kept | struck
