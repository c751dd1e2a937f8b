"""The dashboard's stories use the season's people and scenario (Dave, Erin, Phủ Lý's season)."""

from __future__ import annotations

from tests.web.season.conftest import dave, empty_cache, erin, scenario

__all__ = ["dave", "empty_cache", "erin", "scenario"]
