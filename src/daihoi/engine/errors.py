"""Errors for bad input: each says what is wrong and where (file, row, column or field).

Expected outcomes (an invalid ballot, a tie) are values, never exceptions; ``InputError`` is for
input the program refuses to work on. The CLI turns it into exit status 2 and one clear message.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, and optionally a row (1-based, as a spreadsheet shows it),
    a column name and a field path such as ``candidates[3].born``."""

    file: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột “{self.column}”")
        if self.field:
            parts.append(f"trường “{self.field}”")
        return ", ".join(parts)


class InputError(Exception):
    """Input the program refuses, with a human-readable message (Vietnamese) and its location."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location or Location()
        where = self.location.describe()
        super().__init__(f"{where}: {message}" if where else message)


class InputErrors(InputError):
    """Several problems found in one pass (an import validates everything before refusing)."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = list(errors)
        first = self.errors[0] if self.errors else InputError("lỗi không xác định")
        super().__init__(first.message, first.location)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
