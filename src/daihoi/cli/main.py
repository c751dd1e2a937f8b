"""Entry point of the ``daihoi`` console script."""

from __future__ import annotations

import importlib
import sys

from rich.console import Console

from daihoi.cli.apps import app
from daihoi.engine.errors import InputError

# Each module registers its commands on the apps when imported. Listed here, in one place,
# so that a new area of the CLI is one line.
COMMAND_MODULES = (
    "daihoi.cli.count_cmds",
    "daihoi.cli.scan_cmds",
    "daihoi.cli.paper_cmds",
    "daihoi.cli.minutes_cmds",
    "daihoi.cli.demo_cmds",
    "daihoi.cli.web_cmds",
)


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # A module not written yet must not break the commands that exist.
            if exc.name != name:
                raise


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 done, 2 bad input)."""
    _load_commands()
    try:
        status = app(args=argv, standalone_mode=False)
    except InputError as exc:
        Console(stderr=True, highlight=False).print(f"[bold red]Lỗi:[/] {exc}", soft_wrap=True)
        return 2
    except SystemExit as exc:  # typer/click exit with a code
        return int(exc.code or 0)
    except Exception as exc:
        import click

        if isinstance(exc, click.exceptions.Abort):
            Console(stderr=True).print("Đã dừng.")
            return 130
        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            return 2
        raise
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
