"""The groups' stories use the season's people and scenario (Dave's working group, Erin's unit)."""

from tests.web.season.conftest import dave, empty_cache, erin, scenario  # noqa: F401
