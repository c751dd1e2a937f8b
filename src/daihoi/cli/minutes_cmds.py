"""``daihoi minutes results.json [--pdf F] [--docx F]``: the counting minutes (biên bản kiểm phiếu).

Read the results JSON → build the minutes → render every asked-for document in memory → write
each one atomically, so a failure anywhere leaves no half-written file behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from daihoi.cli.apps import app
from daihoi.cli.paths import refuse_overwrites
from daihoi.engine.errors import InputError
from daihoi.minutes.model import Minutes
from daihoi.minutes.output import read_results_for_minutes, write_minutes


def print_pending_notice(console: Console, minutes: Minutes) -> None:
    """Say on the terminal too that a result awaiting review is not final."""
    if not minutes.final:
        console.print(
            "[bold red]Chú ý: KẾT QUẢ CHƯA CHÍNH THỨC[/] — còn phiếu chờ Ban Kiểm phiếu xem xét; "
            "biên bản không công bố người trúng cử.",
            soft_wrap=True,
        )


@app.command("minutes")
def minutes_command(
    results: Annotated[Path, typer.Argument(help="Tệp kết quả kiểm phiếu (results.json).")],
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Ghi biên bản ra tệp PDF này.")] = None,
    docx: Annotated[
        Path | None, typer.Option("--docx", help="Ghi biên bản ra tệp Word (DOCX) này.")
    ] = None,
) -> None:
    """Lập biên bản kiểm phiếu (PDF và/hoặc DOCX) từ tệp kết quả."""
    if pdf is None and docx is None:
        raise InputError("cần ít nhất một tệp ra: --pdf TỆP và/hoặc --docx TỆP")
    refuse_overwrites([results], [path for path in (pdf, docx) if path is not None])
    minutes = read_results_for_minutes(results)
    written = write_minutes(minutes, pdf=pdf, docx=docx)
    console = Console(highlight=False)
    print_pending_notice(console, minutes)
    for path in written:
        console.print(f"Đã ghi biên bản: {path}", soft_wrap=True)
