"""Issue 15, finding 2: a facilitator granted access to a process they have no
role in by linking a staff login to a person; the same "Login" field silently
unlinked logins on save. Links are now made only by an invitation the owner
of the login accepts; codes cannot be guessed."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from backchannel.accounts.adapter import AccountAdapter
from backchannel.accounts.models import User
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.participants import services
from backchannel.participants.logins import is_login_of, login_user
from backchannel.participants.models import Person
from backchannel.processes.access import access_process_by_id
from tests.participants.test_invitations import _accept, _invite, _newcomer
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def _no_earlier_misses():
    """The throttle counts misses per client in the shared cache (Redis in
    CI): start and end with none, so no other test finds this one's."""
    request = RequestFactory().get("/join/")
    key = services._throttle_key(AccountAdapter(request).get_client_ip(request))
    cache.delete(key)
    yield
    cache.delete(key)


def test_a_facilitator_cannot_reach_another_process_through_a_person(
    world: World,
) -> None:
    """The attack of issue 15.2: a facilitator links a login to a person seated
    in another process, and the login gets that process. Now only the invitee
    takes a seat up, one seat at a time, and a login linked to one person
    stays theirs."""
    facilitator = world.users["facilitator"]
    access = access_process_by_id(facilitator, world.process.pk)
    north = world.process.sides.order_by("position")[0]
    # Otto is seated (and has joined) in the other process only.
    otto_seat = _newcomer(world, world.other_process, name="Otto")
    _, code = _invite(world, otto_seat)
    _accept(code, username="otto")
    otto = Person.objects.get(pk=otto_seat.person_id)
    # The facilitator seats Otto in their process and takes the invitation
    # up with their own login: refused, Otto's login stays Otto's.
    mine = services.seat_create(access=access, person=otto, role="observer", side=north)
    # Not even Otto's own login holds it before Otto accepts its invitation
    # (tests/security/test_adv_seat_without_invitation.py).
    assert mine.joined_on is None
    with pytest.raises(NotFound):
        access_process_by_id(login_user(otto), world.process.pk)
    _, code = services.invitation_create(access=access, seat=mine)
    with pytest.raises(ValidationFailed) as exc:
        _accept(code, user=facilitator)
    # A login that manages the process never takes up one of its invitations.
    assert "You manage this process" in exc.value.message
    # Nor does another login while Otto's own is linked.
    with pytest.raises(ValidationFailed) as exc:
        _accept(code, user=world.users["participant"])
    assert "another login" in exc.value.message
    # Pia is seated in the other process, not yet invited. The facilitator
    # seats her too, but may not invite that seat: accepting it would link
    # Pia's login for the whole organisation, and lock her out of the other
    # process's invitation (issue 15, round 2: only the organisation's
    # conveners link a person who sits where the inviter does not manage).
    pia_seat = _newcomer(world, world.other_process, name="Pia")
    pia = Person.objects.get(pk=pia_seat.person_id)
    theirs = services.seat_create(
        access=access, person=pia, role="observer", side=north
    )
    with pytest.raises(PermissionDenied, match="convener of the organisation"):
        services.invitation_create(access=access, seat=theirs)
    # Quinn sits in the facilitator's process only: the facilitator invites,
    # a login that is already someone else's is refused, and a fresh login
    # gets the seat invited to and nothing of the other process.
    quinn_seat = _newcomer(world, world.process, name="Quinn")
    _, code = services.invitation_create(access=access, seat=quinn_seat)
    with pytest.raises(ValidationFailed) as exc:
        _accept(code, user=world.users["rapporteur"])  # already someone else
    assert "another person" in exc.value.message
    _accept(code, username="sock-puppet")
    puppet = User.objects.get(username="sock-puppet")
    with pytest.raises(NotFound):
        access_process_by_id(puppet, world.other_process.pk)


def test_saving_a_person_never_changes_their_login(world: World) -> None:
    """Issue 16: saving a person (e.g. their languages) unlinked their login."""
    person = world.people["participant"]
    client = Client()
    client.force_login(world.users["org_convener"])
    page = client.get(f"/people/{person.pk}/edit/")
    assert page.status_code == 200
    assert b'name="user"' not in page.content  # no free "Login" field
    data = {
        "name": "Person Participant",
        "languages": "English, French",
        "gender": "man",
        "capacity": "expert",
        "level": "broader",
    }
    response = client.post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.languages == ["English", "French"]
    assert is_login_of(person, world.users["participant"])
    assert access_process_by_id(world.users["participant"], world.process.pk)
    # Posting a login anyway changes nothing either.
    data["user"] = str(world.users["rapporteur"].pk)
    client.post(f"/people/{person.pk}/edit/", data)
    person.refresh_from_db()
    assert is_login_of(person, world.users["participant"])
    # Nor does the service take it.
    with pytest.raises(ValidationFailed):
        services.person_update(
            actor=world.users["org_convener"], person=person, user=None
        )


def test_only_conveners_link_a_login_outside_invitations(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.person_create(
            actor=world.users["facilitator"],
            organisation=world.org,
            name="Shadow",
            gender="man",
            capacity="expert",
            level="broader",
            user=world.users["staff"],
        )


@pytest.mark.usefixtures("_no_earlier_misses")
def test_guessing_codes_is_throttled(world: World) -> None:
    seat = _newcomer(world)
    _, code = _invite(world, seat)
    client = Client()
    for _i in range(services.INVITATION_GUESSES):
        wrong = client.get("/join/AAAAAAAAAAAAAAAA/")
        assert wrong.status_code == 404
        assert b"not valid" in wrong.content
    # Even the right code is refused now, from this client.
    response = client.get(f"/join/{code}/")
    assert response.status_code == 429
    assert b"Too many invitation codes" in response.content
    assert str(world.process.title).encode() not in response.content


def test_invitation_codes_stay_out_of_the_logs(caplog) -> None:
    """The development server logs request lines; an unused code is a credential."""
    import logging

    code = "KESSADEMQJVNR234"
    with caplog.at_level(logging.INFO, logger="django.server"):
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /join/{code}/ HTTP/1.1", "302", "0"
        )
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", f"/join/{code}/"
        )
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "/join/…/" in text
    assert code not in text
