from __future__ import annotations

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


@pytest.fixture(autouse=True)
def _mfa_not_enforced_by_default(settings: object) -> None:
    # Enforcement has its own tests (tests/accounts/test_mfa.py), which turn it on.
    settings.BACKCHANNEL_REQUIRE_MFA = False  # type: ignore[attr-defined]
