"""The migrations that replace the clear login links (participants 0004-0006,
transfer 0003-0005) move the links of a database holding linked persons,
invitations and managers' rows, and give them back when reversed."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from backchannel.participants.logins import is_login_of, login_index, login_of
from backchannel.participants.models import Invitation, Person
from backchannel.processes.access import access_process_by_id
from backchannel.transfer.models import Output, Transfer, Uptake
from backchannel.transfer.services import (
    output_create,
    output_release,
    transfer_create,
    uptake_create,
)
from tests.world import build_world

BEFORE = [
    ("participants", "0003_seat_access_invitation"),
    ("transfer", "0002_output_language"),
]
AFTER = [
    ("participants", "0006_drop_clear_login_links"),
    ("transfer", "0005_drop_clear_managers"),
]


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _column(table: str, column: str, pk: uuid.UUID) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE id = %s",  # noqa: S608
            [pk.hex if connection.vendor == "sqlite" else pk],
        )
        value = cursor.fetchone()[0]
    return uuid.UUID(str(value)) if value is not None else None


@pytest.fixture
def _back_to_the_latest_schema() -> object:
    """Whatever this test leaves, later tests need every migration applied."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_the_migrations_move_every_link_and_reverse() -> None:
    world = build_world()
    convener = access_process_by_id(world.users["convener"], world.process.pk)
    output = output_create(
        access=convener,
        kind="memo_to_mediators",
        audience="mediators",
        title="Memo",
        body="The flows fell.",
    )
    output_release(access=convener, output=output)
    transfer = transfer_create(
        access=convener,
        output=output,
        recipient="The mediation team",
        channel="memo",
        transferred_on=dt.date(2026, 5, 2),
    )
    uptake = uptake_create(
        access=convener,
        transfer=transfer,
        kind="acknowledged",
        observed_on=dt.date(2026, 5, 9),
    )
    linked = {
        role: (Person.objects.get(pk=person.pk), world.users[role])
        for role, person in world.people.items()
    }
    invitations = list(Invitation.objects.filter(seat__process=world.process))
    assert len(invitations) == len(linked)

    _migrate(BEFORE)  # reversed: the clear foreign keys come back, filled
    for person, user in linked.values():
        assert _column("participants_person", "user_id", person.pk) == user.pk
    for invitation in invitations:
        assert (
            _column("participants_invitation", "created_by_id", invitation.pk)
            == world.users["org_convener"].pk
        )
    convener_id = world.users["convener"].pk
    assert _column("transfer_output", "created_by_id", output.pk) == convener_id
    assert _column("transfer_output", "released_by_id", output.pk) == convener_id
    assert _column("transfer_transfer", "recorded_by_id", transfer.pk) == convener_id
    assert _column("transfer_uptake", "recorded_by_id", uptake.pk) == convener_id

    _migrate(AFTER)  # forward: the links from the clear columns, sealed again
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(
                cursor, "participants_person"
            )
        ]
    assert "user_id" not in columns
    for person, user in linked.values():
        again = Person.objects.get(pk=person.pk)
        assert again.login_index == login_index(user.pk)
        assert login_of(again).pk == user.pk  # type: ignore[union-attr]
        assert login_of(again).username == user.username  # type: ignore[union-attr]
        assert is_login_of(again, user)
    for invitation in invitations:
        again = Invitation.objects.get(pk=invitation.pk)
        assert again.data_key_id == world.process.data_key_id
        assert again.created_by.pk == world.users["org_convener"].pk
    assert Output.objects.get(pk=output.pk).created_by.pk == convener_id
    assert Output.objects.get(pk=output.pk).released_by.pk == convener_id
    assert Transfer.objects.get(pk=transfer.pk).recorded_by.pk == convener_id
    assert Uptake.objects.get(pk=uptake.pk).recorded_by.pk == convener_id
    # And the logins work as before: each opens its process with its role.
    for role, (_person, user) in linked.items():
        assert access_process_by_id(user, world.process.pk).role == role
