"""The entry point imports only the command module a user asks for, and help lists them all."""

from __future__ import annotations

import subprocess
import sys

from daihoi.cli.main import _modules_for, main


def test_it_loads_only_the_count_commands_for_a_tally() -> None:
    assert _modules_for(["count", "tally", "e.yaml", "b.csv"]) == ["daihoi.cli.count_cmds"]
    assert _modules_for(["count", "scan", "--crops", "d"]) == ["daihoi.cli.scan_cmds"]
    assert _modules_for(["web", "serve"]) == ["daihoi.cli.web_cmds"]
    assert _modules_for(["verify", "q1.bundle.zip"]) == ["daihoi.cli.verify_cmds"]


def test_verify_does_not_import_the_pdf_or_image_libraries_or_django() -> None:
    code = (
        "import sys; from daihoi.cli.main import _load_commands; "
        "_load_commands(['verify']); "
        "print(sorted(m for m in ('reportlab', 'cv2', 'docx', 'django') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_package_verify_loads_only_its_module_and_no_django() -> None:
    assert _modules_for(["package", "verify", "goi.zip"]) == ["daihoi.cli.package_cmds"]
    code = (
        "import sys; from daihoi.cli.main import _load_commands; "
        "_load_commands(['package', 'verify']); "
        "print(sorted(m for m in ('reportlab', 'cv2', 'docx', 'django') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_it_loads_every_command_module_for_help() -> None:
    for argv in ([], ["--help"], ["count"], ["count", "--help"], ["nonsense"]):
        assert len(_modules_for(argv)) == 9, argv


def test_a_tally_does_not_import_the_pdf_or_image_libraries() -> None:
    code = (
        "import sys; from daihoi.cli.main import _load_commands; "
        "_load_commands(['count', 'tally']); "
        "print(sorted(m for m in ('reportlab', 'cv2', 'docx', 'django') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_names_every_area(capsys) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for command in ("count", "ballot", "minutes", "demo", "web", "verify"):
        assert command in text
