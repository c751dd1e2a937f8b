"""Settings of a rule set for machine counting (scanned ballots).

Image scoring is separate from deciding: the recogniser computes scores, these thresholds decide,
and they are stored with every result so that a recount can show why a ballot was read as it was.
Pure data: no image code lives here (the engine imports it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# What a partial strike (a stroke over part of a name) means for a rule set: the counting
# committee decides (review, the default), or it counts as kept, or as struck.
PARTIAL_STRIKE_MEANINGS = ("review", "kept", "struck")


@dataclass(frozen=True)
class ScanSettings:
    """Thresholds for reading a scanned ballot.

    Coverage scores are fractions in [0, 1] of the printed name's width; ink amounts are in
    square points of added ink (1 pt = 1/72 inch), so they do not depend on the scan resolution.
    """

    struck_min: float = 0.75  # a name whose middle band is covered at least this much is struck
    kept_max: float = 0.12  # a name covered at most this much (and no other ink in the row) is kept
    row_ink_max: float = 6.0  # pt² of added ink in a kept row, outside the name, tolerated (dust)
    partial_strike: str = "review"  # one of PARTIAL_STRIKE_MEANINGS
    # A strike crosses every word: each word along at least word_cover_min of its width in the
    # middle band, the whole name along at least name_cover_min (else a partial strike).
    word_cover_min: float = 0.9
    name_cover_min: float = 0.95
    # Anything in a row besides the strike: a loop or highlighter round the name (ink above and
    # below the letters over this share of its middle), or this much ink apart (pt²).
    loop_max: float = 0.3
    row_extra_max: float = 4.0
    x_cross_min: float = 0.6  # an X this well formed, crossing the name's band: struck
    # A struck name with ink just below its letters along more than 0.3 of its width: a
    # second line drawn under the strike (or an underline), never one plain stroke (review).
    struck_underline_max: float = 0.3
    row_tint_max: float = 8.0  # pt² of broad light colour (a highlighter) tolerated in a row
    x_box_marked_min: float = 0.12  # approve form: fraction of an X box inked for "marked"
    x_box_empty_max: float = 0.03  # approve form: at most this inked for "empty"; between: review
    seal_required: bool = True  # the convening committee's seal must be present (party)
    seal_present_min: float = 0.09  # fraction of the seal area covered by stamp ink: present
    seal_spread_min: float = 0.2  # and the ink fills this much of its extent (a stamp, not lines)
    seal_missing_max: float = 0.012  # at most this: missing (not issued); between: review
    seal_faint_max: float = 0.02  # and at most this faintly tinted: else a faint seal (review)
    # A seal by its shape: a ring closed this far round (share of angles), with this much of the
    # disc inside it inked (lettering, star), its strong ink this many grey levels below paper.
    seal_ring_min: float = 0.6
    seal_inside_min: float = 0.01
    seal_contrast_min: float = 75.0
    seal_colour_checked: bool = True  # colour scans: a stamp that is not red goes to review
    # With the committee's seal learnt from samples (--seal-sample): a page's seal agreeing with
    # it at least this much (size, ink ring by ring, ring closed) is the committee's.
    seal_match_min: float = 0.6
    other_marks_min: float = 10.0  # pt² of added ink outside the rows that sends a ballot to review
    # least correlation, in every inked region (seal, rows), of what the hand added to two pages
    # above which they are one paper (``scan.dupes``; older readings: their added ink's overlap)
    duplicate_min: float = 0.8
    blank_page_ink_max: float = 0.002  # fraction of a page inked below which the page is blank

    def __post_init__(self) -> None:
        if self.partial_strike not in PARTIAL_STRIKE_MEANINGS:
            allowed = ", ".join(PARTIAL_STRIKE_MEANINGS)
            raise ValueError(f"partial_strike must be one of {allowed}")

    def to_dict(self) -> dict[str, Any]:
        """The thresholds as JSON-ready data, recorded in every machine-count result."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScanSettings:
        """Thresholds from a rule set's ``scan`` section or a results file (unknown keys refused)."""
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown scan settings: {', '.join(unknown)}")
        return cls(**dict(data))
