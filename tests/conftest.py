from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.snapshot import Snapshot
from tests.world import PASSWORD, World, build_world

if TYPE_CHECKING:
    from backchannel.demo import DemoInfo


@pytest.fixture(scope="session")
def _world_snapshot(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Snapshot:
    """The world of tests/world.py, built once per session (tests/snapshot.py)."""
    with django_db_blocker.unblock():
        return Snapshot.take(build_world, tmp_path_factory.mktemp("world-snapshot"))


@pytest.fixture
def world(
    _world_snapshot: Snapshot, db: None, _own_key_store: None, settings: Any
) -> World:
    """A fresh copy of the test world in this test's own transaction and key store."""
    return _world_snapshot.restore(settings)


@pytest.fixture(scope="session")
def _demo_snapshot(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Snapshot:
    """The demo workspace, loaded once per session (tests/snapshot.py)."""
    from backchannel.demo import load_demo

    with django_db_blocker.unblock():
        return Snapshot.take(load_demo, tmp_path_factory.mktemp("demo-snapshot"))


@pytest.fixture
def demo(
    _demo_snapshot: Snapshot, db: None, _own_key_store: None, settings: Any
) -> DemoInfo:
    """The demo workspace as ``load_demo()`` left it (``created`` is true), copied
    into this test's own transaction and key store: loading it per test took
    seconds. tests/cli/test_demo.py still loads it for real."""
    return _demo_snapshot.restore(settings)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database that ``backchannel migrate`` built, once per
    session, for the tests that run deployments of their own in subprocesses
    (``Harness.seed_schema`` in tests/reliability/durability.py): each fresh
    migrate took over a minute on the loaded CI machine. It holds the schema
    and Django's content types and permissions, no key and no data."""
    from tests.reliability.durability import Harness

    harness = Harness(data_dir=tmp_path_factory.mktemp("migrated-sqlite"))
    harness.manage("migrate", "--noinput", "-v0")
    harness.close()
    return harness.data_dir / "backchannel.sqlite3"


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    # Argon2 is the production hasher (tested in tests/accounts); MD5 keeps the
    # many users of the test world cheap.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def _keystores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keystores")


_keystore_count = iter(range(1_000_000))


@pytest.fixture(autouse=True)
def _own_key_store(_keystores: Path, settings: object) -> object:
    """A key store per test (backchannel/core/keystore.py), as the database is
    per test: it lives outside the database, so pytest-django's rollback would
    not reach it. Opened lazily: tests that encrypt nothing never create it."""
    from backchannel.core import crypto, keystore

    n = next(_keystore_count)
    settings.BACKCHANNEL_KEYSTORE_URL = f"sqlite:///{_keystores / f'{n}.sqlite3'}"  # type: ignore[attr-defined]
    settings.BACKCHANNEL_KEY_BACKUP_DIR = _keystores / f"{n}-backups"  # type: ignore[attr-defined]
    crypto.reset_caches()
    yield
    keystore.close()
    crypto.reset_caches()


@pytest.fixture(autouse=True)
def _default_language() -> object:
    """Each test starts in the default language and leaves it so: a request
    served in Arabic leaves Arabic active in the thread (the language
    middleware activates per request, as Django's does), and a later test's
    command or service would then speak Arabic."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _mfa_not_enforced_by_default(settings: object) -> None:
    # Enforcement has its own tests (tests/accounts/test_mfa.py), which turn it on.
    settings.BACKCHANNEL_REQUIRE_MFA = False  # type: ignore[attr-defined]


# CI's PostgreSQL pass (`.ci/run`) runs `-m "not no_db_difference"`: it leaves out
# the modules marked ``pytestmark = pytest.mark.no_db_difference``, which already
# ran, identically, in its SQLite pass. Two kinds carry the mark:
# - tests that never touch a database (pytest-django refuses database access to a
#   test that does not ask for it, so these could not use one unnoticed): the pure
#   NumPy analysis, the gate engine and its corpus, the PDF helper; and the CLI
#   tests that run subprocesses on their own SQLite data directories, whatever
#   DATABASE_URL says;
# - checks of what the interface looks like rather than what it stores: axe,
#   keyboard, right-to-left, page weight, form wiring, the catalogues and the
#   browser journeys that re-walk pages tests/web and tests/api already drive
#   against PostgreSQL. Two browser journeys stay, end to end on PostgreSQL.
# `DATABASE_URL=... make test` on its own still runs everything.
