"""The heading of the briefing as an official party document (thể thức văn bản của Đảng).

Hướng dẫn 36-HD/VPTW sets where each part goes: the issuing body top left (the body above it on
the first line, the body itself in bold under it, a star, then the number and sign), the party's
name "ĐẢNG CỘNG SẢN VIỆT NAM" top right, underlined, and under it in italics the place and date,
"Hà Nam, ngày 01 tháng 12 năm 2026". Every organisation the app keeps is a party organisation
(đảng bộ, chi bộ), so the party's name is the only heading it prints.

Pure text: the report lays it out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import formats, translation
from django.utils.translation import gettext as _

from daihoi.vnformat import format_long_date
from daihoi.web.orgs.models import Level, Organisation

# The place a body dates its documents from is the locality it sits in: "Đảng bộ huyện Nam Hà"
# writes "Nam Hà, ngày …"; a bloc or a school takes the locality of the first body above it
# that names one. The central bodies sit in the capital.
_LOCALITY = re.compile(
    r"^(?:Đảng bộ|Chi bộ)\s+(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|phường|xã|đặc khu)\s+"
    r"(?P<place>\S.*)$",
    re.IGNORECASE,
)
CAPITAL = "Hà Nội"
BLANK = "……"


@dataclass(frozen=True)
class Letterhead:
    above: str  # the body above the issuer ("" at the top)
    issuer: str  # the issuing body, in capitals
    number: str  # "Số ……-BC/……": filled in by hand when the office registers it
    party: str
    place_date: str


def place_of(lineage: Sequence[Organisation]) -> str:
    """The place a body dates its documents from; ``lineage`` is the body and the bodies above
    it, nearest first. ``BLANK`` when none of them names a locality (written in by hand)."""
    if lineage and lineage[0].level == Level.CENTRAL:
        return CAPITAL
    for org in lineage:
        match = _LOCALITY.match(org.name.strip())
        if match:
            return match["place"].strip()
    return BLANK  # not the capital: a province is never dated from the centre's seat


def dated(place: str, day: date) -> str:
    """ "Hà Nam, ngày 01 tháng 12 năm 2026" (in English "Hà Nam, 1 December 2026")."""
    if translation.get_language() in (None, "vi"):
        when = format_long_date(day)
    else:
        when = formats.date_format(day, "j F Y")
    return _("%(place)s, %(date)s") % {"place": place, "date": when}


def letterhead(lineage: Sequence[Organisation], day: date) -> Letterhead:
    """The heading of a document issued by ``lineage[0]`` on ``day``."""
    issuer, parents = lineage[0], lineage[1:]
    above = ""
    if parents and parents[0].level != Level.CENTRAL:
        above = parents[0].name.upper()
    return Letterhead(
        above=above,
        issuer=issuer.name.upper(),
        number=_("Số %(blank)s-BC/%(blank)s") % {"blank": BLANK},
        party=_("ĐẢNG CỘNG SẢN VIỆT NAM"),
        place_date=dated(place_of(lineage), day),
    )
