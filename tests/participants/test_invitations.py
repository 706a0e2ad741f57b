"""Invitations: the only way a login comes to hold a seat (issues 15.2, 16.1, 16.2)."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backchannel.accounts.models import Membership, User
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.participants import services
from backchannel.participants.logins import (
    LOGIN_FIELDS,
    is_login_of,
    link_login,
    unlink_login,
)
from backchannel.participants.models import Invitation, Person, Seat
from backchannel.processes.access import access_process_by_id
from backchannel.processes.rules import DEFAULT_RULES_VERSION, ground_rules_version
from tests.world import PASSWORD, World

pytestmark = pytest.mark.django_db


def _newcomer(world: World, process=None, name: str = "Newcomer Nadia") -> Seat:
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
    side = process.sides.order_by("position")[0]
    return services.seat_create(
        access=access, person=person, role="participant", side=side
    )


def _invite(world: World, seat: Seat, role: str = "org_convener", **kw):
    access = access_process_by_id(world.users[role], seat.process_id)
    return services.invitation_create(access=access, seat=seat, **kw)


def _accept(code: str, *, user=None, username="nadia", version=DEFAULT_RULES_VERSION):
    return services.invitation_accept(
        code=code,
        user=user,
        accept_rules=True,
        rules_version=version,
        username=username,
        password=PASSWORD,
    )


def test_accepting_creates_a_login_that_holds_exactly_that_seat(world: World) -> None:
    seat = _newcomer(world)
    other_access = access_process_by_id(
        world.users["org_convener"], world.other_process.pk
    )
    east = world.other_process.sides.order_by("position")[0]
    second = services.seat_create(
        access=other_access, person=seat.person, role="participant", side=east
    )
    invitation, code = _invite(world, seat)
    assert len(services.normalise_code(code)) == 16
    assert invitation.code_hash != code and code not in invitation.code_hash

    _accept(code)

    user = User.objects.get(username="nadia")
    seat.refresh_from_db()
    assert seat.joined_on == timezone.localdate()
    assert seat.rules_version == DEFAULT_RULES_VERSION
    assert seat.rules_accepted_on == timezone.localdate()
    assert access_process_by_id(user, world.process.pk).seat_id == seat.pk
    # The person's other seat was not part of the invitation.
    with pytest.raises(NotFound):
        access_process_by_id(user, world.other_process.pk)
    # 16.2: the participant's login is not staff of the convening organisation.
    assert not Membership.objects.filter(user=user).exists()
    # A second invitation, accepted by the same (logged-in) account.
    _, code2 = _invite(world, second)
    _accept(code2, user=user)
    assert access_process_by_id(user, world.other_process.pk).seat_id == second.pk


def test_an_invitation_is_single_use(world: World) -> None:
    seat = _newcomer(world)
    _, code = _invite(world, seat)
    _accept(code)
    with pytest.raises(services.InvitationUnusable) as exc:
        _accept(code, username="someone-else")
    assert exc.value.state == "accepted"
    assert "already been used" in exc.value.message
    assert not User.objects.filter(username="someone-else").exists()


def test_an_expired_invitation_says_so(world: World) -> None:
    seat = _newcomer(world)
    invitation, code = _invite(world, seat, days=1)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(services.InvitationUnusable) as exc:
        _accept(code)
    assert exc.value.state == "expired"
    assert "ask the person who invited you for a new one" in exc.value.message
    seat.refresh_from_db()
    assert seat.joined_on is None and seat.person.login_index is None


def test_a_revoked_invitation_says_so_and_a_new_one_replaces_the_old(
    world: World,
) -> None:
    seat = _newcomer(world)
    invitation, code = _invite(world, seat)
    access = access_process_by_id(world.users["facilitator"], world.process.pk)
    services.invitation_revoke(access=access, invitation=invitation)
    with pytest.raises(services.InvitationUnusable) as exc:
        _accept(code)
    assert exc.value.state == "revoked"
    with pytest.raises(ValidationFailed):
        services.invitation_revoke(access=access, invitation=invitation)
    # A new invitation revokes any pending one of the same seat.
    _, first = _invite(world, seat, role="facilitator")
    _, second = _invite(world, seat, role="facilitator")
    with pytest.raises(services.InvitationUnusable):
        services.invitation_find(first)
    assert services.invitation_find(second).seat_id == seat.pk


def test_an_invitation_for_a_seat_of_a_process_not_managed_is_refused(
    world: World,
) -> None:
    seat = _newcomer(world)
    # A facilitator of ``process`` has no role in ``other_process``.
    other = _newcomer(world, world.other_process, name="Other Otto")
    with pytest.raises(NotFound):
        _invite(world, other, role="facilitator")
    # Rapporteurs and participants of the process manage nothing.
    for role in ("rapporteur", "participant"):
        with pytest.raises(PermissionDenied):
            _invite(world, seat, role=role)
    # Nor can a manager pass a seat of another process through their own.
    access = access_process_by_id(world.users["facilitator"], world.process.pk)
    with pytest.raises(NotFound):
        services.invitation_create(access=access, seat=other)
    # (The world's own seats were taken up through accepted invitations.)
    assert not Invitation.objects.filter(seat__in=[seat, other]).exists()


def test_the_web_refuses_an_invitation_for_a_seat_not_managed(world: World) -> None:
    other = _newcomer(world, world.other_process, name="Other Otto")
    client = Client()
    client.force_login(world.users["facilitator"])
    response = client.post(f"/seats/{other.pk}/invite/", {"days": 14})
    assert response.status_code == 404
    assert not Invitation.objects.filter(seat=other).exists()


def test_every_interface_refuses_a_seat_or_invitation_of_a_process_not_managed(
    world: World,
) -> None:
    """The facilitator of ``process`` has no role in ``other_process`` of the
    same organisation: web, API and CLI refuse to invite for its seats or to
    revoke its invitations, alike, and write nothing."""
    from django.core.management import CommandError, call_command

    from backchannel.accounts.services import api_token_create

    other = _newcomer(world, world.other_process, name="Other Otto")
    pending, _ = _invite(world, _newcomer(world, world.other_process, name="Pia"))
    facilitator = world.users["facilitator"]
    token = api_token_create(user=facilitator)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    web = Client()
    web.force_login(facilitator)

    reply = api.post(
        f"/api/seats/{other.pk}/invitations", {"days": 5}, "application/json"
    )
    assert reply.status_code == 404
    assert web.post(f"/invitations/{pending.pk}/revoke/").status_code == 404
    assert api.delete(f"/api/invitations/{pending.pk}").status_code == 404
    process = str(world.other_process.pk)
    with pytest.raises(CommandError, match="--as names a convener or facilitator"):
        call_command(
            "invite", "create", process, str(other.pseudonym), "--as", "facilitator"
        )
    with pytest.raises(CommandError, match="--as names a convener or facilitator"):
        call_command("invite", "revoke", str(pending.pk), "--as", "facilitator")

    assert not Invitation.objects.filter(seat=other).exists()
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_ground_rules_must_be_accepted_in_their_current_version(world: World) -> None:
    seat = _newcomer(world)
    _, code = _invite(world, seat)
    with pytest.raises(ValidationFailed):
        services.invitation_accept(
            code=code,
            user=None,
            accept_rules=False,
            rules_version=DEFAULT_RULES_VERSION,
            username="nadia",
            password=PASSWORD,
        )
    access = world.access()
    from backchannel.processes.services import process_update

    process_update(access=access, ground_rules="Be kind. Keep confidences.")
    world.process.refresh_from_db()
    version = ground_rules_version(world.process)
    assert version != DEFAULT_RULES_VERSION
    with pytest.raises(ValidationFailed) as exc:
        _accept(code)
    assert "changed while you were reading" in exc.value.message
    _accept(code, version=version)
    seat.refresh_from_db()
    assert seat.rules_version == version
    assert not User.objects.filter(username="nadia", memberships__isnull=False)


def test_a_participant_leaves_and_the_record_stays(world: World) -> None:
    participant = world.users["participant"]
    access = access_process_by_id(participant, world.process.pk)
    services.seat_leave(access=access)
    with pytest.raises(NotFound):
        access_process_by_id(participant, world.process.pk)
    seat = Seat.objects.get(pk=world.seats["participant"].pk)
    assert seat.left_on == timezone.localdate()
    assert is_login_of(seat.person, participant)  # the record keeps who it was
    # A new invitation brings them back, to the same seat.
    _, code = _invite(world, seat)
    _accept(code, user=participant)
    assert access_process_by_id(participant, world.process.pk).seat_id == seat.pk


def test_constraint_messages_name_the_fix(world: World) -> None:
    """No raw constraint message: the second person for the same login."""
    with pytest.raises(ValidationFailed) as exc:
        services.person_create(
            actor=world.users["org_convener"],
            organisation=world.org,
            name="Duplicate",
            gender="man",
            capacity="expert",
            level="broader",
            user=world.users["participant"],
        )
    assert "seat that person instead" in exc.value.message
    assert "one_person_per_user_per_org" not in exc.value.message
    access = world.access()
    with pytest.raises(ValidationFailed) as exc:
        services.seat_create(
            access=access,
            person=world.people["participant"],
            role="participant",
            side=world.process.sides.first(),
        )
    assert "one_seat_per_person" not in exc.value.message
    assert Person.objects.filter(name__isnull=False).count() >= 1


def test_the_join_pages_show_nothing_before_the_code_is_checked(
    world: World,
) -> None:
    seat = _newcomer(world)
    _, code = _invite(world, seat)
    client = Client()
    title = str(world.process.title).encode()
    assert title not in client.get("/join/").content
    assert client.get("/join/accept/").status_code == 302  # no code yet
    response = client.get(f"/join/{code}/")
    assert response.status_code == 302 and code not in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and title in page.content
    response = client.post(
        "/join/accept/",
        {
            "username": "nadia",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_rules": "on",
            "rules_version": DEFAULT_RULES_VERSION,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/processes/{world.process.pk}/"
    assert client.get(response["Location"]).status_code == 200
    # The link a second time: used.
    again = Client().get(f"/join/{code}/")
    assert again.status_code == 410 and b"already been used" in again.content
    assert title not in again.content


def test_an_invitee_whose_role_needs_a_second_factor_sets_one_up(
    world: World, settings
) -> None:
    settings.BACKCHANNEL_REQUIRE_MFA = True
    access = world.access()
    person = services.person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Rapporteur Rhea",
        gender="woman",
        capacity="expert",
        level="broader",
    )
    seat = services.seat_create(access=access, person=person, role="rapporteur")
    _, code = services.invitation_create(access=access, seat=seat)
    client = Client()
    client.get(f"/join/{code}/")
    response = client.post(
        "/join/accept/",
        {
            "username": "rhea",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_rules": "on",
            "rules_version": DEFAULT_RULES_VERSION,
        },
    )
    landing = client.get(response["Location"])
    assert landing.status_code == 302
    assert landing["Location"] == reverse("mfa_activate_totp")
    # … straight away: the password chosen a moment ago is not asked again.
    setup = client.get(landing["Location"])
    assert setup.status_code == 200 and b"Authenticator secret" in setup.content


def test_a_race_past_validation_still_gets_a_sentence_not_a_constraint(
    world: World, monkeypatch
) -> None:
    """Two requests racing past ``clean`` hit the database constraint: the
    answer names the fix, never the database's message, and nothing is written."""
    monkeypatch.setattr(services, "clean", lambda *a, **k: None)
    monkeypatch.setattr(services, "require", lambda *a, **k: None)
    access = world.access()
    before = Seat.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.seat_create(
            access=access,
            person=world.people["participant"],
            role="participant",
            side=world.process.sides.first(),
        )
    assert exc.value.errors == {
        "person": [
            "This person already holds a seat in the process: edit that seat instead."
        ]
    }
    assert Seat.objects.count() == before
    with pytest.raises(ValidationFailed) as exc:
        services.person_create(
            actor=world.users["org_convener"],
            organisation=world.org,
            name="Twin",
            gender="man",
            capacity="expert",
            level="broader",
            user=world.users["participant"],
        )
    assert "seat that person instead" in exc.value.message
    assert "UNIQUE" not in exc.value.message and "constraint" not in exc.value.message


def test_the_roster_invites_in_bulk_and_revokes(world: World) -> None:
    ada = _newcomer(world, name="Ada Bulk")
    bea = _newcomer(world, name="Bea Bulk")
    client = Client()
    client.force_login(world.users["facilitator"])
    roster = client.get(f"/processes/{world.process.pk}/roster/")
    assert f'value="{ada.pk}"'.encode() in roster.content
    # A seat already taken up offers no box to tick.
    assert f'value="{world.seats["participant"].pk}"'.encode() not in roster.content
    sheet = client.post(
        f"/processes/{world.process.pk}/invitations/",
        {"seat": [str(ada.pk), str(bea.pk), str(world.seats["participant"].pk)]},
        follow=True,
    )
    assert sheet.status_code == 200
    assert sheet["Cache-Control"] == "no-store"
    assert sheet.content.count(b"invitation__qr") == 2
    assert Invitation.objects.pending().count() == 2
    invitation = Invitation.objects.get(seat=ada)
    response = client.post(f"/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).state == "revoked"
    # A rapporteur of the process sees it but manages nothing: an invitation is
    # for managers only, so it answers exactly like one that does not exist.
    other = Invitation.objects.get(seat=bea)
    client.force_login(world.users["rapporteur"])
    real = client.post(f"/invitations/{other.pk}/revoke/")
    missing = client.post(f"/invitations/{uuid.uuid4()}/revoke/")
    assert real.status_code == missing.status_code == 404
    assert Invitation.objects.get(pk=other.pk).state == "pending"


def test_a_logged_in_account_takes_up_a_second_seat_on_the_web(world: World) -> None:
    participant = world.users["participant"]
    other_access = access_process_by_id(
        world.users["org_convener"], world.other_process.pk
    )
    person = world.people["participant"]
    # A seat made before the login was linked waits for an invitation.
    unlink_login(person)
    person.save(update_fields=LOGIN_FIELDS)
    seat = services.seat_create(
        access=other_access,
        person=person,
        role="participant",
        side=world.other_process.sides.first(),
    )
    link_login(person, participant)
    person.save(update_fields=LOGIN_FIELDS)
    with pytest.raises(NotFound):
        access_process_by_id(participant, world.other_process.pk)
    _, code = services.invitation_create(access=other_access, seat=seat)
    client = Client()
    client.force_login(participant)
    client.get(f"/join/{code}/")
    page = client.get("/join/accept/")
    assert b"You are logged in as" in page.content
    assert b'name="password1"' not in page.content
    response = client.post(
        "/join/accept/",
        {"accept_rules": "on", "rules_version": DEFAULT_RULES_VERSION},
    )
    assert response["Location"] == f"/processes/{world.other_process.pk}/"
    assert access_process_by_id(participant, world.other_process.pk).seat_id == seat.pk
    assert User.objects.count() == len(world.users)


def test_the_email_carries_the_link_and_no_process(world: World, settings) -> None:
    from django.core import mail

    seat = _newcomer(world)
    access = world.access()
    _, code = services.invitation_create(access=access, seat=seat)
    with pytest.raises(ValidationFailed) as exc:
        services.invitation_send(access=access, code=code, email="a@example.org")
    assert "EMAIL_URL" in exc.value.message
    settings.EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.invitation_send(
        access=access, code=code, email="nadia@example.org", base="https://bc.test"
    )
    (message,) = mail.outbox
    assert message.to == ["nadia@example.org"]
    assert f"https://bc.test/join/{code}/" in message.body
    text = message.subject + message.body
    for secret in (str(world.process.title), "Newcomer", "North", "participant"):
        assert secret not in text


def test_an_api_invitation_whose_email_fails_leaves_nothing_behind(
    world: World, settings
) -> None:
    from backchannel.accounts.services import api_token_create

    settings.EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    seat = _newcomer(world)
    token = api_token_create(user=world.users["facilitator"])[1]
    response = Client().post(
        f"/api/seats/{seat.pk}/invitations",
        {"days": 5, "email": "nadia@example.org"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert "could not be sent" in response.content.decode()
    assert not Invitation.objects.filter(seat=seat).exists()
    ok = Client().post(
        f"/api/seats/{seat.pk}/invitations",
        {"days": 5},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert ok.status_code == 201
    assert ok.json()["link"].startswith("http://testserver/join/")


def test_a_seat_holder_accepts_changed_ground_rules(world: World) -> None:
    participant = world.users["participant"]
    # The world's seat accepted the rules with its invitation: start from a
    # seat whose holder has not accepted them.
    Seat.objects.filter(pk=world.seats["participant"].pk).update(
        rules_version="", rules_accepted_on=None
    )
    client = Client()
    client.force_login(participant)
    url = f"/processes/{world.process.pk}/ground-rules/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"You have not accepted the ground rules" in page.content
    from backchannel.processes.services import process_update

    process_update(access=world.access(), ground_rules="Rule one: listen.")
    world.process.refresh_from_db()
    stale = client.post(
        url, {"accept_rules": "on", "rules_version": DEFAULT_RULES_VERSION}
    )
    assert (
        stale.status_code == 422 and b"changed while you were reading" in stale.content
    )
    version = ground_rules_version(world.process)
    done = client.post(url, {"accept_rules": "on", "rules_version": version})
    assert done.status_code == 302
    seat = Seat.objects.get(pk=world.seats["participant"].pk)
    assert (seat.rules_version, seat.rules_accepted_on) == (
        version,
        timezone.localdate(),
    )
    assert b"You accepted this version on" in client.get(url).content
    # The organisation's convener holds no seat here: nothing to accept (a page
    # a role may not read answers the random-id 404, core.web).
    client.force_login(world.users["org_convener"])
    assert client.get(url).status_code == 404


def test_bulk_invitation_skips_pending_seats_unless_replacing(world: World) -> None:
    ada = _newcomer(world, name="Ada Pending")
    bea = _newcomer(world, name="Bea Fresh")
    first, _code = _invite(world, ada)
    client = Client()
    client.force_login(world.users["facilitator"])
    url = f"/processes/{world.process.pk}/invitations/"
    sheet = client.post(url, {"seat": [str(ada.pk), str(bea.pk)]}, follow=True)
    assert sheet.content.count(b"invitation__qr") == 1
    assert Invitation.objects.get(pk=first.pk).state == "pending"  # link still works
    assert "1 seat skipped, its invitation still pending" in sheet.content.decode()
    sheet = client.post(
        url, {"seat": [str(ada.pk)], "replace_pending": "1"}, follow=True
    )
    assert sheet.content.count(b"invitation__qr") == 1
    assert Invitation.objects.get(pk=first.pk).state == "revoked"


def test_invite_all_not_yet_invited_and_nothing_ticked_warns(world: World) -> None:
    ada = _newcomer(world, name="Ada Pending")
    bea = _newcomer(world, name="Bea Fresh")
    first, _code = _invite(world, ada)
    client = Client()
    client.force_login(world.users["facilitator"])
    roster = client.get(f"/processes/{world.process.pk}/roster/").content.decode()
    assert 'name="all" value="not-invited"' in roster
    assert 'name="replace_pending"' in roster
    url = f"/processes/{world.process.pk}/invitations/"
    taken = Invitation.objects.filter(seat=world.seats["participant"]).count()
    sheet = client.post(
        url, {"all": "not-invited", "replace_pending": "1"}, follow=True
    )
    assert sheet.status_code == 200
    assert Invitation.objects.get(pk=first.pk).state == "pending"
    assert Invitation.objects.filter(seat=bea).pending().count() == 1
    assert Invitation.objects.filter(seat=world.seats["participant"]).count() == taken
    empty = client.post(url, {}, follow=True).content.decode()
    assert 'class="flash flash--warning" role="alert"' in empty
    assert "Nobody was invited" in empty


def test_the_api_and_cli_skip_pending_seats_unless_told(world: World) -> None:
    from django.core.management import call_command

    from backchannel.accounts.services import api_token_create

    ada = _newcomer(world, name="Ada Pending")
    bea = _newcomer(world, name="Bea Fresh")
    first, _code = _invite(world, ada)
    token = api_token_create(user=world.users["facilitator"])[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/processes/{world.process.pk}/invitations"
    body = {"seats": [str(ada.pk), str(bea.pk)]}
    reply = api.post(url, body, content_type="application/json")
    assert reply.status_code == 201, reply.content
    data = reply.json()
    assert [m["seat_id"] for m in data["made"]] == [str(bea.pk)]
    assert data["skipped_pending"] == [str(ada.pseudonym)]
    assert "still pending" in data["message"]
    assert data["message"].startswith("1 invitation made.")  # the same summary
    assert Invitation.objects.get(pk=first.pk).state == "pending"
    stderr = io.StringIO()
    call_command(
        "invite",
        "create",
        str(world.process.pk),
        "--all",
        "--as",
        "facilitator",
        stdout=io.StringIO(),
        stderr=stderr,
    )
    assert "2 seats skipped, their invitations still pending" in stderr.getvalue()
    assert "No invitation made." in stderr.getvalue()
    assert Invitation.objects.get(pk=first.pk).state == "pending"
    call_command(
        "invite",
        "create",
        str(world.process.pk),
        str(ada.pseudonym),
        "--replace-pending",
        "--as",
        "facilitator",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Invitation.objects.get(pk=first.pk).state == "revoked"
    body = {"seats": [str(ada.pk)], "replace_pending": True}
    reply = api.post(url, body, content_type="application/json")
    assert [m["seat_id"] for m in reply.json()["made"]] == [str(ada.pk)]
