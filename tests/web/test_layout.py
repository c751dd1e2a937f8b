"""Where things live in the web apps: one services.py per app, templates in their app."""

from __future__ import annotations

from pathlib import Path

import daihoi.web as web

ROOT = Path(web.__file__).parent
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))


def test_every_app_with_models_or_pages_has_its_services_module():
    # The demo app has neither: its whole job is seed.build_demo, which writes through the
    # models of every app below it.
    for app in APPS:
        if (ROOT / app / "models.py").exists() or (ROOT / app / "views.py").exists():
            assert (ROOT / app / "services.py").exists(), app


def test_the_project_templates_are_only_the_frame_the_errors_and_the_login():
    folder = ROOT / "templates"
    shared = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html"))
    assert shared == [
        "400.html",
        "403.html",
        "404.html",
        "500.html",
        "base.html",
        "plain.html",
        "registration/login.html",
    ]


def test_each_apps_templates_are_in_its_own_folder_under_its_name():
    for app in APPS:
        for template in (ROOT / app).glob("templates/**/*.html"):
            assert template.relative_to(ROOT / app / "templates").parts[0] == app, template
