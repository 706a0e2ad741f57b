"""Schemathesis against the OpenAPI schema: no server errors, no off-schema responses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from backchannel.accounts.services import api_token_create
from backchannel.wsgi import application
from tests.world import World

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def token(world: World) -> Iterator[str]:
    # The WSGI handler closes database connections when a request ends; inside a
    # test transaction that would close the test database (Django's test client
    # disconnects these signals the same way).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield api_token_create(user=world.users["org_convener"])[1]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_within_its_schema(
    case: schemathesis.Case, token: str
) -> None:
    # Every check but "schema-valid data is accepted": the schema cannot express
    # business rules (an organisation you convene, two distinct sides), which
    # rightly answer 422 with the field and the fix.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[checks.positive_data_acceptance],
    )
