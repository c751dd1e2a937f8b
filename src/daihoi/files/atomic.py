"""Writing files so that they appear whole or not at all.

``write_atomic(path, data)`` writes through a temporary file in the same folder and
``os.replace``: a reader sees the old file or the whole new one, never a part, and a failure (a
full disk, a missing folder) leaves no half-written file behind. Every output of the commands
(results JSON, minutes, ballots, layout) is written this way.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from daihoi.engine.errors import InputError, Location


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and
    ``os.replace``, so readers see the old file or the whole new one, never a part."""
    target = Path(path)
    where = Location(file=str(path))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("thư mục để ghi tệp không tồn tại", where)
    if target.is_dir():
        raise InputError("đây là một thư mục; hãy cho tên tệp", where)
    umask = os.umask(0)
    os.umask(umask)
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"không ghi được tệp ({exc.strerror})", where) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"không ghi được tệp ({exc.strerror or exc})", where) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
