from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.world import PASSWORD, World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


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
def _mfa_not_enforced_by_default(settings: object) -> None:
    # Enforcement has its own tests (tests/accounts/test_mfa.py), which turn it on.
    settings.BACKCHANNEL_REQUIRE_MFA = False  # type: ignore[attr-defined]


# CI's PostgreSQL pass sets BACKCHANNEL_SECOND_PASS=1 and leaves out two kinds of
# tests that already ran, identically, in its SQLite pass (``DATABASE_URL=... make
# test`` on its own still runs everything):
# - tests that never touch a database (pytest-django refuses database access to a
#   test that does not ask for it, so these could not use one unnoticed): the pure
#   NumPy analysis, the gate engine and its corpus, the PDF helper;
# - checks of what the interface looks like rather than what it stores: axe,
#   keyboard, right-to-left, page weight, form wiring, the catalogues and the
#   browser journeys that re-walk pages tests/web and tests/api already drive
#   against PostgreSQL. Two browser journeys stay, end to end on PostgreSQL.
SECOND_PASS_LEAVES_OUT = (
    "analysis/test_analysis_clusters.py",
    "analysis/test_analysis_doctests.py",
    "analysis/test_analysis_matrix.py",
    "analysis/test_analysis_pca.py",
    "analysis/test_analysis_pipeline.py",
    "analysis/test_analysis_polis_io.py",
    "analysis/test_analysis_real_data.py",
    "analysis/test_analysis_stats.py",
    "analysis/test_network.py",
    "core/test_pdf.py",
    "hostile/test_roster_properties.py",
    "transfer/test_corpus.py",
    "transfer/test_gate_contacts_and_descriptions.py",
    "transfer/test_gate_disguise.py",
    "transfer/test_gate_names.py",
    "transfer/test_gate_properties.py",
    "core/test_i18n.py",
    # subprocesses on their own SQLite data directories, whatever DATABASE_URL says
    "cli/test_never_throws.py",
    "cli/test_first_day.py",
    "core/test_settings_syntax.py",
    "web/test_bandwidth.py",
    "web/test_form_a11y.py",
    "web/test_languages.py",
    "e2e/test_accessibility.py",
    "e2e/test_keyboard.py",
    "e2e/test_languages.py",
    "e2e/test_convener_journey.py",
    "e2e/test_consultation_journey.py",
    "e2e/test_evaluation_journey.py",
    "e2e/test_ideas_journey.py",
    "e2e/test_report_journey.py",
    "e2e/test_translations_journey.py",
)


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    if not os.environ.get("BACKCHANNEL_SECOND_PASS"):
        return
    here = Path(__file__).parent
    skip = {str(here / name) for name in SECOND_PASS_LEAVES_OUT}
    kept = [item for item in items if str(item.path) not in skip]
    left_out = [item for item in items if str(item.path) in skip]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
