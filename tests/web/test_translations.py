"""The English catalogues: every compiled message keeps its placeholders and reads once."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

import daihoi.web

CATALOGUES = sorted(Path(daihoi.web.__file__).parent.rglob("en/LC_MESSAGES/django.mo"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_each_english_message_keeps_its_placeholders_and_is_not_repeated(path: Path) -> None:
    with path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    messages = {k: v for k, v in catalogue.items() if isinstance(k, str) and k}
    assert len(messages) > 20
    for source, english in messages.items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(english)), source
        for times in (2, 3):
            size = len(english) // times
            assert not (size and english == english[:size] * times), f"repeated: {english[:60]}"


def test_there_is_a_catalogue_for_the_platform_the_season_the_groups_and_the_dashboard() -> None:
    assert {p.parts[-5] for p in CATALOGUES} >= {"web", "season", "groups", "dashboard"}


def test_the_menu_says_working_groups_and_one_group_is_a_working_group(settings) -> None:
    from django.utils import translation

    from daihoi.web.groups.models import GroupKind

    with translation.override("en"):
        assert translation.pgettext("menu", "Tổ công tác") == "Working groups"
        assert str(GroupKind.WORKING_GROUP.label) == "Working group"
