"""Entry point of the ``daihoi`` console script."""

from __future__ import annotations

import importlib
import sys

from rich.console import Console
from rich.markup import escape
from typer import Abort
from typer._click.exceptions import ClickException, UsageError

from daihoi.cli.apps import app
from daihoi.cli.usage import usage_text
from daihoi.engine.errors import InputError
from daihoi.engine.names import printable

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
    ("station",): "daihoi.cli.station_cmds",
    ("verify",): "daihoi.cli.verify_cmds",
    ("package",): "daihoi.cli.package_cmds",
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


def _command_path(argv: list[str]) -> str:
    """``daihoi count tally`` for ``argv`` naming that command (for a usage message)."""
    words = [w for w in argv[:2] if not w.startswith("-")]
    for path in COMMAND_MODULES:
        if tuple(words[: len(path)]) == path:
            return " ".join(("daihoi", *path))
    return "daihoi"


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 done, 2 bad input or a usage error)."""
    args = sys.argv[1:] if argv is None else argv
    _load_commands(args)
    try:
        status = app(args=argv, prog_name="daihoi", standalone_mode=False)
    except InputError as exc:
        # Printed as text, not markup: a file name or a value with “[…]” is shown as it is.
        # No control character reaches the terminal raw (each line shown with U+XXXX).
        message = escape("\n".join(printable(line) for line in str(exc).split("\n")))
        Console(stderr=True, highlight=False).print(f"[bold red]Lỗi:[/] {message}", soft_wrap=True)
        return 2
    except UsageError as exc:  # typer's own copy of click: typer._click
        sys.stderr.write(usage_text(exc, _command_path(args)) + "\n")
        return 2
    except ClickException as exc:
        sys.stderr.write(f"Lỗi: {printable(exc.format_message())}\n")
        return exc.exit_code or 2
    except Abort:
        Console(stderr=True).print("Đã dừng.")
        return 130
    except SystemExit as exc:  # typer/click exit with a code
        return int(exc.code or 0)
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
