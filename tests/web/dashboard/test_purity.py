"""The season's lifecycle and arithmetic stay pure: no Django, no clock."""

from __future__ import annotations

import ast
from pathlib import Path

import daihoi.web as web

PURE = ["dashboard/forecast.py", "dashboard/chart.py", "season/lifecycle.py", "groups/lifecycle.py"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_lifecycle_forecast_chart_and_formatting_modules_import_no_django():
    folder = Path(web.__file__).parent
    for name in PURE:
        source = (folder / name).read_text(encoding="utf-8")
        modules = imported_modules(folder / name)
        assert not any(m.split(".")[0] == "django" for m in modules), name
        assert not any(m.startswith("daihoi.web") for m in modules), name
        # Nothing reads the clock: "today" is always passed in.
        assert "date.today(" not in source and "datetime.now(" not in source, name
