"""Checks on the paths a command writes, made before it writes anything.

* ``refuse_overwrites(inputs, outputs)``: an output that is one of the inputs (the same file,
  whatever it is called: ``./x``, a symbolic link, a hard link) is refused, so a command never
  writes its results over the election file, a scan or a decisions file; and two outputs that
  are one file are refused too (the second would silently replace the first).
* ``os_error_text(exc)``: why the system refused to write, in Vietnamese.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from daihoi.engine.errors import InputError, Location

_REASONS = {
    errno.ENOSPC: "đĩa đã đầy",
    errno.EDQUOT: "đã hết hạn mức dung lượng đĩa",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EEXIST: "đã có một tệp cùng tên",
}


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)  # follows symbolic links: a link to an input is that input
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _place(path: Path) -> Path:
    # Where a file that may not exist yet would be written: links and ``..`` followed.
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symbolic-link loop: compare the name as given
        return Path(os.path.abspath(path))


def refuse_overwrites(inputs: Iterable[Path], outputs: Iterable[Path]) -> None:
    """Raise ``InputError`` (exit 2) when an output is the same file as an input, or as
    another output.

    Existing files are compared by identity (device and inode), not by name: ``./x``, a
    symbolic link and a hard link are the same file. Outputs that do not exist yet are
    compared by the place they would be written (the resolved path).
    """
    given: dict[tuple[int, int], Path] = {}
    for path in inputs:
        identity = _identity(path)
        if identity is not None:
            given.setdefault(identity, path)
    written: dict[tuple[int, int] | Path, Path] = {}
    for output in outputs:
        identity = _identity(output)
        if identity is not None and identity in given:
            raise InputError(
                f"tệp ghi ra chính là tệp đầu vào “{given[identity]}”: ghi vào đó sẽ mất tệp "
                "đầu vào; hãy chọn tên khác",
                Location(file=str(output)),
            )
        for key in (identity, _place(output)):
            if key is not None and key in written:
                raise InputError(
                    f"hai tệp ghi ra là cùng một tệp (“{written[key]}” và “{output}”): tệp sau "
                    "sẽ ghi đè tệp trước; hãy chọn hai tên khác nhau",
                    Location(file=str(output)),
                )
        for key in (identity, _place(output)):
            if key is not None:
                written[key] = output


def os_error_text(exc: OSError) -> str:
    """The reason of an ``OSError`` in Vietnamese (the system's words when there is none)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc)
