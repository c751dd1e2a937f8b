"""The core app's services, its bridge to the engines: orders people read (Vietnamese alphabetical
order from ``daihoi.engine.names``, with numbers by their value)."""

from __future__ import annotations

import re
from typing import Any

from daihoi.engine.names import vietnamese_key

_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """``Tổ công tác số 2`` before ``số 10``; ``Đ`` after ``D``, ``Anh`` before ``Ánh``."""
    parts = _NUMBER.split(text)
    # split() with a group alternates text (even places) and digits (odd places), so a text is
    # only ever compared with a text and a number with a number.
    return tuple(int(p) if i % 2 else vietnamese_key(p) for i, p in enumerate(parts))
