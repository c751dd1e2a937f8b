"""Entry point of the ``daihoi`` console script."""

from __future__ import annotations

import importlib
import sys

from rich.console import Console

from daihoi.cli.apps import app
from daihoi.engine.errors import InputError

# Each module registers its commands on the apps when imported. Listed here, in one place,
# so that a new area of the CLI is one line. The key is the command path a user types; only
# the module of the command asked for is imported (reportlab, OpenCV and Django load slowly,
# and ``count tally`` on a large file must not pay for them).
COMMAND_MODULES: dict[tuple[str, ...], str] = {
    ("count", "tally"): "daihoi.cli.count_cmds",
    ("count", "next-round"): "daihoi.cli.count_cmds",
    ("count", "scan"): "daihoi.cli.scan_cmds",
    ("count", "resolve"): "daihoi.cli.scan_cmds",
    ("ballot", "print"): "daihoi.cli.paper_cmds",
    ("minutes",): "daihoi.cli.minutes_cmds",
    ("demo",): "daihoi.cli.demo_cmds",
    ("web",): "daihoi.cli.web_cmds",
}


def _modules_for(argv: list[str]) -> list[str]:
    """The command modules needed for ``argv``: one when it names a command, else all (help)."""
    words = [w for w in argv[:2] if not w.startswith("-")]
    for path, module in COMMAND_MODULES.items():
        if tuple(words[: len(path)]) == path:
            return [module]
    return list(dict.fromkeys(COMMAND_MODULES.values()))


def _load_commands(argv: list[str]) -> None:
    for name in _modules_for(argv):
        importlib.import_module(name)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 done, 2 bad input)."""
    _load_commands(sys.argv[1:] if argv is None else argv)
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
