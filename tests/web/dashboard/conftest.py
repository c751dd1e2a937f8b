from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import timezone

from daihoi.web.accounts.models import Role
from tests.web.season.scenario import SeasonScenario, build_scenario


@pytest.fixture
def dave(tree, make_user) -> User:  # type: ignore[no-untyped-def]
    """Dave is a member of Hà Nam's working group no. 1, which follows Phủ Lý."""
    return make_user("dave", tree.ha_nam, Role.WORKING_GROUP)


@pytest.fixture
def erin(tree, make_user) -> User:  # type: ignore[no-untyped-def]
    """Erin is the secretary of Minh Khai (a base under Phủ Lý)."""
    return make_user("erin", tree.minh_khai, Role.SECRETARY)


@pytest.fixture
def scenario(tree, dave) -> SeasonScenario:  # type: ignore[no-untyped-def]
    return build_scenario(tree, timezone.localdate(), dave)


@pytest.fixture(autouse=True)
def empty_cache():  # type: ignore[no-untyped-def]
    """Every story starts with no cached dashboard."""
    cache.clear()
    yield
    cache.clear()
