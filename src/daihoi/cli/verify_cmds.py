"""``daihoi verify BUNDLE [--key FINGERPRINT] [--head HASH] [--partial]``: check a station's
results bundle and count every round again (``formats.md``; the layout in ``docs/bundle.md``).

Read the bundle → ``daihoi.record.verify`` → print its verdict: exit 0 with a summary when all
holds, 3 naming the first thing that does not, 2 when BUNDLE is not a bundle at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from daihoi.cli.apps import app
from daihoi.engine.names import printable
from daihoi.record import verify


@app.command("verify")
def verify_command(
    bundle: Annotated[
        Path, typer.Argument(help="Hồ sơ kết quả của trạm kiểm phiếu: tệp zip hoặc thư mục.")
    ],
    key: Annotated[
        str | None,
        typer.Option("--key", help="Dấu vân tay khoá của trạm (ví dụ 1a2b-3c4d-5e6f-7a8b)."),
    ] = None,
    head: Annotated[
        str | None,
        typer.Option(
            "--head", help="Đầu nhật ký in trong biên bản: đủ 64 chữ số hex (tám nhóm tám chữ số)."
        ),
    ] = None,
    partial: Annotated[
        bool,
        typer.Option("--partial", help="Chấp nhận hồ sơ dở dang (trạm dừng giữa chừng)."),
    ] = False,
) -> None:
    """Kiểm tra hồ sơ kết quả: chữ ký, nhật ký, các tệp, và kiểm lại mọi lần bầu."""
    verdict = verify(bundle, key=key, head=head, partial=partial)
    text = "\n".join(printable(line) for line in verdict.message.split("\n"))
    if verdict.exit_code == 0:
        Console(highlight=False, soft_wrap=True, emoji=False).print(Text(text))
        return
    console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    if verdict.exit_code != 2:
        label = "Hồ sơ không đạt"
    elif verdict.message.startswith(("--key", "--head")):
        label = "Tham số không đúng"  # bad input: the bundle was not judged
    else:
        label = "Không phải hồ sơ kết quả"
    console.print(Text(f"{label}: {text}"))
    raise typer.Exit(verdict.exit_code)
