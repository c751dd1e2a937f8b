"""The engine is pure: no Django, no images, no files, no clock, no other layer of daihoi."""

import ast
from pathlib import Path

import daihoi.engine

ENGINE = Path(daihoi.engine.__file__).parent
FORBIDDEN_MODULES = {
    "os",
    "io",
    "pathlib",
    "shutil",
    "tempfile",
    "glob",
    "socket",
    "subprocess",
    "time",
    "django",
    "cv2",
    "numpy",
    "PIL",
    "reportlab",
    "docx",
    "yaml",
    "json",
    "csv",
    "requests",
}
FORBIDDEN_DAIHOI = (
    "daihoi.web",
    "daihoi.cli",
    "daihoi.scan",
    "daihoi.paper",
    "daihoi.minutes",
    "daihoi.files",
)
FORBIDDEN_CALLS = {"open", "input", "print", "exec", "eval", "__import__"}
CLOCK_ATTRIBUTES = {"now", "today", "utcnow", "time"}


def engine_modules() -> list[Path]:
    return sorted(ENGINE.glob("*.py"))


def problems_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            names = []
        for name in names:
            if name.split(".")[0] in FORBIDDEN_MODULES or name.startswith(FORBIDDEN_DAIHOI):
                found.append(f"{path.name}:{node.lineno} imports {name}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FORBIDDEN_CALLS
        ):
            found.append(f"{path.name}:{node.lineno} calls {node.func.id}()")
        if isinstance(node, ast.Attribute) and node.attr in CLOCK_ATTRIBUTES:
            found.append(f"{path.name}:{node.lineno} reads the clock ({node.attr})")
    return found


def test_the_engine_has_modules_to_check():
    assert {"tally.py", "election.py", "names.py", "rules.py"} <= {p.name for p in engine_modules()}


def test_no_engine_module_touches_files_clock_or_other_layers():
    problems = [problem for path in engine_modules() for problem in problems_in(path)]
    assert problems == []


def test_the_checker_catches_what_it_should(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\nfrom datetime import datetime\nfrom daihoi.files import x\n"
        "t = datetime.now()\nopen('f')\n",
        encoding="utf-8",
    )
    assert len(problems_in(bad)) == 4
