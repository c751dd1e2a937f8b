"""The Typer applications that every command module registers on.

Command modules live beside this one (one per area) and are imported by ``main`` so that
their ``@count_app.command()`` decorators run. Bad input raises ``InputError`` anywhere below;
``run`` turns it into one message on stderr and exit status 2, as ``formats.md`` requires.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="daihoi",
    help="daihoi: chuẩn bị, tổ chức và kiểm phiếu đại hội.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
count_app = typer.Typer(
    help="Kiểm phiếu: nhập tay, quét máy, vòng bầu tiếp theo.", no_args_is_help=True
)
ballot_app = typer.Typer(help="Phiếu bầu giấy: in phiếu.", no_args_is_help=True)
app.add_typer(count_app, name="count")
app.add_typer(ballot_app, name="ballot")
