"""A person's login through ``participants.logins`` (issue 15, the last finding):
the invitation still links it, the login still opens its process, a convener
still sees and unlinks it, a master-key rotation keeps it, and destroying the
process leaves its managers' sealed logins unreadable."""

from __future__ import annotations

import base64
import io
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from backchannel.accounts.models import User
from backchannel.core import crypto
from backchannel.core.errors import KeyDestroyed, NotFound
from backchannel.core.fields import LoginRef
from backchannel.participants.links import login_link_get, person_login_unlink
from backchannel.participants.logins import (
    is_login_of,
    login_index,
    login_of,
    person_for_user,
)
from backchannel.participants.models import Invitation, Person, Seat
from backchannel.participants.services import (
    invitation_accept,
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.processes.access import Operator, access_process_by_id
from backchannel.processes.rules import ground_rules_version
from backchannel.processes.services import process_destroy
from backchannel.transfer.models import Output
from backchannel.transfer.services import output_create
from tests.world import PASSWORD, World


def _raw(table: str, column: str, pk: uuid.UUID) -> object:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column}, data_key_id FROM {table} WHERE id = %s",  # noqa: S608
            [pk.hex if connection.vendor == "sqlite" else pk],
        )
        return cursor.fetchone()


def _newcomer(world: World) -> tuple[Person, Seat, str]:
    access = world.access()
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Mira Osei",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    seat = seat_create(
        access=access,
        person=person,
        role="participant",
        side=world.process.sides.order_by("position")[0],
    )
    _, code = invitation_create(access=access, seat=seat)
    return person, seat, code


def test_an_accepted_invitation_links_the_login_and_opens_the_process(
    world: World,
) -> None:
    person, seat, code = _newcomer(world)
    assert person_for_user(world.users["staff"], world.org) is None
    invitation_accept(
        code=code,
        user=None,
        username="mira-o",
        password=PASSWORD,
        accept_rules=True,
        rules_version=ground_rules_version(world.process),
    )
    person.refresh_from_db()
    user = User.objects.get(username="mira-o")
    assert person_for_user(user, world.org) == person
    assert person_for_user(user, world.rival) is None
    assert is_login_of(person, user)
    assert login_of(person) == LoginRef(user.pk, "mira-o")
    # In the database: an HMAC and ciphertext, not the login's id or name.
    index, _key = _raw("participants_person", "login_index", person.pk)
    sealed, key = _raw("participants_person", "login", person.pk)
    assert index == login_index(user.pk) and user.pk.hex not in str(index)
    assert b"mira-o" not in bytes(sealed) and user.pk.hex.encode() not in bytes(sealed)
    assert uuid.UUID(str(key)) == world.org.data_key_id  # the registry's key
    # The login opens its process, on the web too.
    assert access_process_by_id(user, world.process.pk).seat_id == seat.pk
    client = Client()
    assert client.login(username="mira-o", password=PASSWORD)
    page = client.get(reverse("processes:process-list"))
    assert str(world.process.title) in page.content.decode()
    # The roster's managers see which login took the seat up.
    managers = Client()
    assert managers.login(username="org-convener", password=PASSWORD)
    roster = managers.get(reverse("participants:seat-list", args=[world.process.pk]))
    assert "mira-o" in roster.content.decode()


def test_unlinking_ends_the_access_and_frees_the_person(world: World) -> None:
    person = Person.objects.get(pk=world.people["participant"].pk)
    user = world.users["participant"]
    convener = world.users["org_convener"]
    link = login_link_get(convener, person)
    assert link is not None and link.username == "participant"
    assert person_login_unlink(actor=convener, person=person) == 1
    person.refresh_from_db()
    assert person.login_index is None and login_of(person) is None
    assert person_for_user(user, world.org) is None
    with pytest.raises(NotFound):
        access_process_by_id(user, world.process.pk)
    # Another login may now take the person's next invitation.
    seat = Seat.objects.select_related("person").get(pk=world.seats["participant"].pk)
    _, code = invitation_create(access=world.access(), seat=seat)
    seat = invitation_accept(
        code=code,
        user=world.users["staff"],
        accept_rules=True,
        rules_version=ground_rules_version(world.process),
    )
    assert person_for_user(world.users["staff"], world.org).pk == person.pk
    assert access_process_by_id(world.users["staff"], world.process.pk).seat_id == (
        seat.pk
    )


def test_destroying_the_process_leaves_its_sealed_logins_unreadable(
    world: World,
) -> None:
    output = output_create(
        access=world.access("facilitator"),
        kind="non_paper",
        audience="mediators",
        title="Options",
        body="Three options for the dry season.",
    )
    facilitator = world.users["facilitator"]
    # Who created it reads back for those with the key...
    assert Output.objects.get(pk=output.pk).created_by == LoginRef(
        facilitator.pk, "facilitator"
    )
    invitation = Invitation.objects.filter(seat__process=world.process).first()
    assert invitation is not None
    assert invitation.created_by is not None
    copies = [
        ("participants_invitation", "created_by", invitation.pk),
        ("transfer_output", "created_by", output.pk),
    ]
    kept = [
        (table, column, pk, _raw(table, column, pk)) for table, column, pk in copies
    ]
    process_destroy(process=world.process, actor=Operator())
    crypto.reset_caches()
    # ...and, from a copy taken before the destruction, for nobody after it.
    for table, column, pk, (blob, key) in kept:
        key_id = uuid.UUID(str(key))
        assert key_id == world.process.data_key_id
        with pytest.raises(KeyDestroyed):
            crypto.decrypt_value(
                bytes(blob),
                key_id=key_id,
                aad=crypto.aad_for(table, column, pk, key_id),
            )
    # The person stays in the registry, with their login (the organisation's key).
    person = Person.objects.get(pk=world.people["participant"].pk)
    assert is_login_of(person, world.users["participant"])


def test_a_master_key_rotation_keeps_every_login_on_its_person(
    world: World, settings: object
) -> None:
    user = world.users["participant"]
    person = world.people["participant"]
    before = Person.objects.get(pk=person.pk).login_index
    old = base64.b64encode(crypto.master_key().key).decode()
    settings.BACKCHANNEL_MASTER_KEY = crypto.generate_master_key_text()  # type: ignore[attr-defined]
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = [old]  # type: ignore[attr-defined]
    crypto.reset_caches()
    # During the rotation, the index under the previous key still finds it.
    assert access_process_by_id(user, world.process.pk).role == "participant"
    out = io.StringIO()
    call_command("keys", "rotate", stdout=out)
    linked = Person.objects.filter(login_index__isnull=False).count()
    assert linked >= 6 and f"recomputed {linked} login indexes" in out.getvalue()
    after = Person.objects.get(pk=person.pk).login_index
    assert after != before and after == login_index(user.pk)
    # Once the old key is gone, the login still opens its process.
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = []  # type: ignore[attr-defined]
    crypto.reset_caches()
    assert access_process_by_id(user, world.process.pk).role == "participant"
    assert person_for_user(user, world.org).pk == person.pk
