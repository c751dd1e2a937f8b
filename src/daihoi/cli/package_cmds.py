"""``daihoi package verify FILE [--key FINGERPRINT]``: check a congress package (gói đại hội)
as a hall station would before importing it (``docs/package.md``).

Exit 0 with a summary when it holds, 1 with the reason (and its code) when it is refused, 2
for a command line that cannot run (a missing file, a malformed ``--key``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from daihoi.cli.apps import app
from daihoi.engine.names import printable
from daihoi.record.package import MAX_BYTES, PackageError, is_fingerprint, read_package
from daihoi.vnformat import format_int

package_app = typer.Typer(help="Gói đại hội gửi trạm kiểm phiếu.", no_args_is_help=True)
app.add_typer(package_app, name="package")


@package_app.command("verify")
def verify_command(
    file: Annotated[Path, typer.Argument(help="Tệp gói đại hội (.zip) văn phòng gửi.")],
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            help="Dấu vân tay khoá của văn phòng, như in trên công văn (xxxx-xxxx-xxxx-xxxx).",
        ),
    ] = None,
) -> None:
    """Kiểm tra gói đại hội: chữ ký, khoá của văn phòng, từng tệp."""
    err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    if key is not None and not is_fingerprint(key):
        err.print(
            Text(
                f"Tham số không đúng: --key “{printable(key)}” không phải dấu vân tay "
                "(16 chữ số hex, như 1a2b-3c4d-5e6f-7a8b)."
            )
        )
        raise typer.Exit(2)
    try:
        if file.stat().st_size > MAX_BYTES:
            err.print(
                Text(
                    f"Gói bị từ chối (too_large): gói lớn hơn giới hạn {format_int(MAX_BYTES)} byte."
                )
            )
            raise typer.Exit(1)
        data = file.read_bytes()
    except OSError as exc:
        err.print(Text(f"Không đọc được tệp {printable(str(file))}: {exc.strerror or exc}"))
        raise typer.Exit(2) from None
    try:
        package = read_package(data, trusted_fingerprint=key)
    except PackageError as exc:
        err.print(Text(f"Gói bị từ chối ({exc.code}): {printable(exc.message)}"))
        raise typer.Exit(1) from None
    congress = package.congress
    lines = [
        "Gói đại hội hợp lệ.",
        f"Đại hội: {congress['name']} ({congress['organisation']})",
        f"Mã đại hội: {congress['id']}",
        f"Số thứ tự gói: {package.sequence}",
        f"Phát hành lúc: {package.issued_at}",
        f"Dấu vân tay khoá văn phòng: {package.fingerprint}"
        + ("" if key else " (chưa so với công văn: dùng --key)"),
        f"Các tệp ({len(package.files)}):",
        *(
            f"  {name} ({format_int(len(data))} byte)"
            for name, data in sorted(package.files.items())
        ),
    ]
    text = "\n".join(printable(line) for line in lines)
    Console(highlight=False, soft_wrap=True, emoji=False).print(Text(text))
