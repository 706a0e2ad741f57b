from __future__ import annotations

import pytest

from tests.world import PASSWORD, World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def password() -> str:
    return PASSWORD
