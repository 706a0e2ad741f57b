"""A seat taken up by the wrong login (issue 15, residual): managers see who took
each seat up, a convener ends such a seat's access, an invitation cannot be
accepted by a login that manages the process, and every acceptance is in the
audit log under the accepting username."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from backchannel.accounts.models import User
from backchannel.core.audit import audit_actor
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.models import AuditEvent
from backchannel.participants import services
from backchannel.participants.logins import is_login_of
from backchannel.participants.models import Invitation, Person, Seat
from backchannel.processes.access import access_process_by_id
from backchannel.processes.rules import DEFAULT_RULES_VERSION
from tests.world import PASSWORD, World

pytestmark = pytest.mark.django_db


def _newcomer(world: World, name: str = "Nadia Ferrante", process=None) -> Seat:
    process = process or world.process
    access = access_process_by_id(world.users["org_convener"], process.pk)
    person = services.person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name=name,
        gender="woman",
        capacity="expert",
        level="broader",
    )
    return services.seat_create(
        access=access,
        person=person,
        role="participant",
        side=process.sides.order_by("position")[0],
    )


def _web_invite(client: Client, seat: Seat) -> str:
    """Make an invitation on the web and read its code off the handover page."""
    page = client.post(f"/seats/{seat.pk}/invite/", {"days": 14}, follow=True)
    assert page.status_code == 200, page.content[:300]
    match = re.search(rb"/join/([A-Z2-9]{16})/", page.content)
    assert match is not None
    return match.group(1).decode()


def _web_accept(code: str, username: str) -> Client:
    """A fresh browser opens the link and makes a new login."""
    browser = Client()
    assert browser.get(f"/join/{code}/").status_code == 302
    response = browser.post(
        "/join/accept/",
        {
            "username": username,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_rules": "on",
            "rules_version": DEFAULT_RULES_VERSION,
        },
    )
    assert response.status_code == 302, response.content[:500]
    return browser


def _as(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_a_sock_puppet_seat_is_seen_by_managers_ended_by_a_convener_and_reissued(
    world: World,
) -> None:
    seat = _newcomer(world)
    roster = f"/processes/{world.process.pk}/roster/"
    end = f"/seats/{seat.pk}/end-access/"
    facilitator = _as(world, "facilitator")

    # The facilitator invites, then opens the link in another browser.
    puppet = _web_accept(_web_invite(facilitator, seat), "helpful-helper")
    assert puppet.get(f"/processes/{world.process.pk}/").status_code == 200

    # (a) The process's managers see who took the seat up, and on which day;
    # participants do not.
    for role in ("org_convener", "convener", "facilitator"):
        page = _as(world, role).get(roster)
        assert b"helpful-helper" in page.content, role
    assert b"Not the right person" in _as(world, "convener").get(roster).content
    assert b"Not the right person" not in facilitator.get(roster).content
    for role in ("participant", "observer", "rapporteur"):
        page = _as(world, role).get(roster)
        assert page.status_code == 200 and b"helpful-helper" not in page.content

    # (b) Not a facilitator's to end; anyone else gets the 404 of a random id.
    assert facilitator.get(end).status_code == 404
    refused = facilitator.post(end)
    assert refused.status_code == 403 and b"convener" in refused.content
    for role in ("participant", "rapporteur", "interpreter", "staff", "outsider"):
        client = _as(world, role)
        real = client.post(end)
        missing = client.post(f"/seats/{uuid.uuid4()}/end-access/")
        assert real.status_code == missing.status_code == 404, role
        assert b"helpful-helper" not in real.content, role
    assert services.seat_is_taken_up(Seat.objects.get(pk=seat.pk))

    convener = _as(world, "convener")
    confirm = convener.get(end)
    assert confirm.status_code == 200 and b"helpful-helper" in confirm.content
    assert convener.post(end).status_code == 302

    seat.refresh_from_db()
    assert seat.left_on == timezone.localdate()
    assert Person.objects.get(pk=seat.person_id).login_index is None
    assert puppet.get(f"/processes/{world.process.pk}/").status_code == 404
    verbs = [
        (e.verb, audit_actor(e).label, audit_actor(e).target_id)
        for e in AuditEvent.objects.filter(process_id=world.process.pk).order_by("seq")
    ]
    puppet_user = User.objects.get(username="helpful-helper")
    assert ("seat.access_end", "convener", str(seat.pk)) in verbs
    assert ("person.unlink", "convener", str(puppet_user.pk)) in verbs

    # A new invitation, accepted by another account: the right person is in.
    real = _web_accept(_web_invite(convener, seat), "nadia-ferrante")
    assert real.get(f"/processes/{world.process.pk}/").status_code == 200
    assert puppet.get(f"/processes/{world.process.pk}/").status_code == 404
    page = convener.get(roster)
    assert b"nadia-ferrante" in page.content and b"helpful-helper" not in page.content


def test_the_inviter_and_every_manager_cannot_accept_an_invitation_themselves(
    world: World,
) -> None:
    seat = _newcomer(world)
    facilitator = _as(world, "facilitator")
    code = _web_invite(facilitator, seat)
    facilitator.get(f"/join/{code}/")
    response = facilitator.post(
        "/join/accept/",
        {"accept_rules": "on", "rules_version": DEFAULT_RULES_VERSION},
    )
    assert response.status_code == 422
    assert b"You manage this process" in response.content
    seat.refresh_from_db()
    assert seat.joined_on is None and seat.person.login_index is None
    # The same for any manager of the process, whoever made the invitation.
    for role in ("org_convener", "convener"):
        with pytest.raises(ValidationFailed) as exc:
            services.invitation_accept(
                code=code,
                user=world.users[role],
                accept_rules=True,
                rules_version=DEFAULT_RULES_VERSION,
            )
        assert "You manage this process" in exc.value.message
    assert Invitation.objects.get(seat=seat).state == "pending"


def test_every_acceptance_is_audited_with_the_accepting_username(
    world: World,
) -> None:
    seat = _newcomer(world)
    _web_accept(_web_invite(_as(world, "convener"), seat), "nadia-ferrante")
    entries = AuditEvent.objects.filter(
        process_id=world.process.pk, verb="invitation.accept"
    )
    invitation = Invitation.objects.get(seat=seat)
    mine = entries.get(target_id=str(invitation.pk))
    assert audit_actor(mine).label == "nadia-ferrante"
    assert audit_actor(mine).user_id == str(
        User.objects.get(username="nadia-ferrante").pk
    )


def test_the_login_link_stays_while_another_live_seat_uses_it(world: World) -> None:
    seat = _newcomer(world)
    other_access = access_process_by_id(
        world.users["org_convener"], world.other_process.pk
    )
    second = services.seat_create(
        access=other_access,
        person=seat.person,
        role="participant",
        side=world.other_process.sides.first(),
    )
    puppet = _web_accept(_web_invite(_as(world, "org_convener"), seat), "two-seats")
    user = User.objects.get(username="two-seats")
    _, code = services.invitation_create(access=other_access, seat=second)
    services.invitation_accept(
        code=code, user=user, accept_rules=True, rules_version=DEFAULT_RULES_VERSION
    )

    services.seat_access_end(access=world.access("convener"), seat=seat)
    assert is_login_of(Person.objects.get(pk=seat.person_id), user)
    with pytest.raises(NotFound):
        access_process_by_id(user, world.process.pk)
    assert access_process_by_id(user, world.other_process.pk).seat_id == second.pk
    assert puppet.get(f"/processes/{world.other_process.pk}/").status_code == 200

    services.seat_access_end(access=other_access, seat=second)
    assert Person.objects.get(pk=seat.person_id).login_index is None


def test_ending_access_is_for_conveners_and_for_taken_up_seats_only(
    world: World,
) -> None:
    seat = _newcomer(world)
    with pytest.raises(PermissionDenied) as exc:
        services.seat_access_end(access=world.access("facilitator"), seat=seat)
    assert "Only a convener" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        services.seat_access_end(access=world.access("convener"), seat=seat)
    assert "not taken up" in exc.value.message
    with pytest.raises(NotFound):
        services.seat_access_end(
            access=access_process_by_id(
                world.users["org_convener"], world.other_process.pk
            ),
            seat=seat,
        )


def test_ending_access_clears_the_pledge_for_the_next_holder(
    world: World,
) -> None:
    seat = Seat.objects.get(pk=world.seats["interpreter"].pk)
    assert seat.pledge_accepted_on is not None
    services.seat_access_end(access=world.access(), seat=seat)
    seat.refresh_from_db()
    assert seat.pledge_accepted_on is None and seat.rules_accepted_on is None
    invitation, _code = services.invitation_create(access=world.access(), seat=seat)
    assert invitation.state == "pending"


def test_the_api_shows_take_up_to_managers_and_ends_access(world: World) -> None:
    from backchannel.accounts.services import api_token_create

    seat = world.seats["participant"]

    def call(role: str, method: str, path: str):
        token = api_token_create(user=world.users[role], label="t")[1]
        return Client().generic(method, path, "", HTTP_AUTHORIZATION=f"Bearer {token}")

    listed = call("facilitator", "GET", f"/api/seats/{seat.pk}").json()
    assert listed["take_up"]["taken_up"] is True
    assert listed["take_up"]["username"] == "participant"
    assert listed["take_up"]["joined_on"] == timezone.localdate().isoformat()
    assert "take_up" not in call("participant", "GET", f"/api/seats/{seat.pk}").json()
    path = f"/api/seats/{seat.pk}/end-access"
    assert call("facilitator", "POST", path).status_code == 403
    real = call("rapporteur", "POST", path)
    missing = call("rapporteur", "POST", f"/api/seats/{uuid.uuid4()}/end-access")
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content
    ended = call("convener", "POST", path)
    assert ended.status_code == 201
    assert ended.json()["take_up"] == {
        "taken_up": False,
        "joined_on": timezone.localdate().isoformat(),
        "left_on": timezone.localdate().isoformat(),
        "username": None,
    }


def test_the_cli_lists_take_up_and_ends_access(world: World) -> None:
    out = io.StringIO()
    call_command(
        "seat", "list", str(world.process.pk), "--as", "facilitator", stdout=out
    )
    code = str(world.seats["participant"].pseudonym)
    assert f"{code}\tparticipant\ttaken up " in out.getvalue()
    assert "by participant" in out.getvalue()
    with pytest.raises(CommandError, match="Only a convener"):
        call_command(
            "seat", "end-access", str(world.process.pk), code, "--as", "facilitator"
        )
    with pytest.raises(CommandError, match="No seat has the code Z-99"):
        call_command(
            "seat", "end-access", str(world.process.pk), "Z-99", "--as", "convener"
        )
    out = io.StringIO()
    call_command(
        "seat",
        "end-access",
        str(world.process.pk),
        code.lower(),
        "--as",
        "convener",
        stdout=out,
    )
    assert f"Ended the access of {code} (taken up by participant)" in out.getvalue()
    with pytest.raises(NotFound):
        access_process_by_id(world.users["participant"], world.process.pk)


def test_a_convener_already_linked_to_the_person_takes_up_their_own_seat(
    world: World,
) -> None:
    """The refusal is about tying a person to a manager's login: a convener
    whose own registry entry is already linked to their login (the demo's
    convener) still takes up the seat made for them."""
    convener = world.users["org_convener"]
    person = services.person_create(
        actor=convener,
        organisation=world.org,
        name="Amira Convening",
        gender="woman",
        capacity="other",
        level="key_person",
        user=convener,
    )
    access = world.access()
    seat = services.seat_create(access=access, person=person, role="convener")
    _, code = services.invitation_create(access=access, seat=seat)
    services.invitation_accept(
        code=code, user=convener, accept_rules=True, rules_version=DEFAULT_RULES_VERSION
    )
    assert access_process_by_id(convener, world.process.pk).seat_id == seat.pk


def test_the_cli_speaks_the_operators_language(world: World) -> None:
    from django.utils import translation

    out = io.StringIO()
    with translation.override("fr"):
        call_command(
            "seat", "list", str(world.process.pk), "--as", "facilitator", stdout=out
        )
        with pytest.raises(CommandError, match="Aucun siège n’a le code Z-99"):
            call_command(
                "seat", "end-access", str(world.process.pk), "Z-99", "--as", "convener"
            )
    code = str(world.seats["participant"].pseudonym)
    assert f"{code}\tparticipant\tpris le " in out.getvalue()
    assert "par participant" in out.getvalue()
