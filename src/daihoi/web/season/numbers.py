"""Kept for the imports of the apps above (``elections.forms``): the fields live in
``daihoi.web.core.vn_numbers`` now, so that the organisation forms (below the season) use them
too."""

from daihoi.web.core.vn_numbers import (
    NumberProblem,
    VnDecimalField,
    VnIntegerField,
    VnNumberInput,
    read_vn_number,
    vn_formfield,
    write_vn_number,
)

__all__ = [
    "NumberProblem",
    "VnDecimalField",
    "VnIntegerField",
    "VnNumberInput",
    "read_vn_number",
    "vn_formfield",
    "write_vn_number",
]
