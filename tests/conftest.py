"""Suite-wide options.

Tests marked ``nightly`` (long corpus and campaign runs) run only with ``--nightly``
(``make test-nightly``). ``--db-only`` keeps only the tests that touch the database. ``make test`` runs the whole suite
once on SQLite and then only these on PostgreSQL: the pure tests (engine, paper, scan, minutes,
CLI) give the same answer whatever the database, so running them twice proved nothing.
"""

from __future__ import annotations

import pytest

_DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_setup",
    "live_server",
    "django_db_reset_sequences",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--nightly",
        action="store_true",
        default=False,
        help="also run the long corpus and campaign tests (marked nightly)",
    )
    parser.addoption(
        "--db-only",
        action="store_true",
        default=False,
        help="run only the tests that use the database (the second database's run)",
    )


def uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & _DB_FIXTURES)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "nightly: long corpus or campaign run (make test-nightly)")


def _wanted(config: pytest.Config, item: pytest.Item) -> bool:
    if item.get_closest_marker("nightly") is not None and not config.getoption("--nightly"):
        return False
    return not config.getoption("--db-only") or uses_database(item)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep = [item for item in items if _wanted(config, item)]
    dropped = [item for item in items if not _wanted(config, item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    tmp_path_factory: pytest.TempPathFactory, django_db_modify_db_settings_parallel_suffix: None
) -> None:
    """On SQLite, the test database is a file, as `daihoi web serve` uses (./var/daihoi.sqlite3),
    not Django's shared-cache in-memory database: concurrent posts then meet SQLite's real
    locking (a busy timeout), not the in-memory cache's table locks that never wait."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def _own_record_folder(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test that counts at a station writes its results record (and makes its station
    key) in a folder of its own, never in the checkout's ``var/``."""
    if "settings" not in request.fixturenames and not uses_database(request.node):
        return
    settings = request.getfixturevalue("settings")
    folder = tmp_path_factory.mktemp("record")
    settings.RECORD_DIR = folder / "records"
    settings.STATION_KEY_FILE = folder / "station.key"
    settings.OFFICE_KEY_FILE = folder / "office.key"
    settings.RECORD_COPY = ""
