"""Usage errors (a command line that cannot be run) in Vietnamese.

Typer 0.28 parses the command line with its own copy of click (``typer._click``): what it
raises is ``typer._click.exceptions.UsageError`` (and its kinds), not ``click``'s. ``main``
catches those and prints ``usage_text(exc)``: the command's usage line, where to find help,
and "Lỗi: …" naming the argument, the option or the value that is wrong. Exit status 2.
"""

from __future__ import annotations

import re

from typer._click import core, types
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._types import TyperChoice

from daihoi.engine.names import printable


def usage_text(exc: UsageError, command_path: str = "daihoi") -> str:
    """What to print for ``exc``: usage line, help hint and the problem, plain text.

    ``command_path`` (``daihoi count tally``) names the command for the help hint when the
    parser raised without a context (an option missing its value).
    """
    if isinstance(exc, NoArgsIsHelpError):  # a group typed alone: its help is the answer
        return exc.format_message()
    lines = []
    if exc.ctx is not None:
        usage = exc.ctx.get_usage().replace("Usage:", "Cách dùng:", 1)
        # typer writes a required argument as {election_file}: shown as ELECTION_FILE.
        lines.append(re.sub(r"\{(\w+)\}", lambda found: found[1].upper(), usage))
        command_path = exc.ctx.command_path
    lines.append(f"Xem “{command_path} --help” để biết thêm.")
    lines.append("")
    lines.append(f"Lỗi: {problem(exc)}")
    return "\n".join(lines)


def problem(exc: UsageError) -> str:
    """The problem of a usage error, in Vietnamese."""
    if isinstance(exc, MissingParameter):
        return _missing(exc)
    if isinstance(exc, BadParameter):
        return _bad_value(exc)
    if isinstance(exc, NoSuchOption):
        text = f"tùy chọn không có: {printable(exc.option_name)}"
        if exc.possibilities:
            text += f" (có phải là: {', '.join(sorted(exc.possibilities))}?)"
        return text
    if isinstance(exc, BadOptionUsage):
        if "requires" in exc.message:
            return f"tùy chọn {exc.option_name} cần một giá trị"
        if "does not take a value" in exc.message:
            return f"tùy chọn {exc.option_name} không nhận giá trị"
        return printable(exc.message)
    message = exc.message
    if found := re.match(r"No such command '(.*)'\.(?: Did you mean (.*)\?)?", message):
        text = f"không có lệnh “{printable(found[1])}”"
        return text + (f" (có phải là: {found[2]}?)" if found[2] else "")
    if found := re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", message):
        return f"thừa đối số: {printable(found[1])}"
    if message.startswith("Missing command"):
        return "thiếu lệnh con"
    return printable(message)


def _name(param: core.Parameter | None) -> str:
    if param is None:
        return "tham số"
    if param.param_type_name == "option":
        return " / ".join(param.opts)
    return (param.name or param.human_readable_name).upper()


def _missing(exc: MissingParameter) -> str:
    param = exc.param
    if param is not None and param.param_type_name == "option":
        return f"thiếu tùy chọn {_name(param)}"
    return f"thiếu đối số {_name(param)}"


def _bad_value(exc: BadParameter) -> str:
    name = _name(exc.param)
    kind = exc.param.type if exc.param is not None else None
    message = exc.message
    given = re.match(r"'?(.*?)'? is not (?:a valid|in the range|one of)", message)
    shown = f" (đã cho “{printable(given[1])}”)" if given else ""
    if isinstance(kind, types.IntParamType | types.FloatParamType):
        number = "số nguyên" if isinstance(kind, types.IntParamType) else "số"
        return f"{name} phải là {number}{_range(kind)}{shown}"
    if isinstance(kind, TyperChoice):
        choices = ", ".join(str(c) for c in kind.choices)
        return f"{name} phải là một trong: {choices}{shown}"
    return f"giá trị không hợp lệ cho {name}: {printable(message)}"


def _range(kind: types.ParamType) -> str:
    if not isinstance(kind, types.IntRange | types.FloatRange):
        return ""
    low = None if kind.min is None else ("> " if kind.min_open else "≥ ") + f"{kind.min}"
    high = None if kind.max is None else ("< " if kind.max_open else "≤ ") + f"{kind.max}"
    return " " + " và ".join(part for part in (low, high) if part)
