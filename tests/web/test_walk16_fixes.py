"""Walk 16 findings fixed without a strict-xfail test of their own: revoking an
invitation asks first, the composition counts who has left apart, airtime seat
shares leave them out, and a person added in the registry defaults as the
roster import does."""

from __future__ import annotations

import re

from django.test import Client

from backchannel.accounts.services import api_token_create
from backchannel.participants import services
from backchannel.participants.composition import composition_for
from backchannel.participants.models import PERSON_DEFAULTS, Invitation, Person
from backchannel.participants.seating import DEFAULTS
from backchannel.processes.access import access_process_by_id
from backchannel.records.selectors import process_airtime_summary
from tests.participants.test_invitations import _invite, _newcomer
from tests.world import World


def test_revoking_an_invitation_asks_first(world: World) -> None:
    seat = _newcomer(world)
    invitation, _code = _invite(world, seat)
    client = Client()
    client.force_login(world.users["facilitator"])
    roster = client.get(
        f"/processes/{world.process.pk}/roster/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    url = f"/invitations/{invitation.pk}/revoke/"
    # The roster links to the question; it holds no form that revokes at once.
    assert f'href="{url}"' in roster
    assert not re.search(rf'<form[^>]*action="{re.escape(url)}"', roster)
    question = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert question.status_code == 200
    page = question.content.decode()
    assert "Revoke this invitation?" in page
    assert seat.person.name in page
    assert Invitation.objects.get(pk=invitation.pk).state == "pending"
    done = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302
    assert done["Location"] == f"/processes/{world.process.pk}/roster/"
    assert Invitation.objects.get(pk=invitation.pk).state == "revoked"
    # Confirming again (a reload) says why nothing happens, on the page.
    again = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 422
    assert "It cannot be revoked" in again.content.decode()


def test_the_revoke_question_is_for_managers_only(world: World) -> None:
    invitation, _code = _invite(world, _newcomer(world))
    client = Client()
    client.force_login(world.users["rapporteur"])
    assert client.get(f"/invitations/{invitation.pk}/revoke/").status_code == 404


def test_the_composition_counts_left_seats_apart(world: World) -> None:
    manager = access_process_by_id(world.users["org_convener"], world.process.pk)
    before = composition_for(manager)
    participant = world.users["participant"]
    services.seat_leave(access=access_process_by_id(participant, world.process.pk))
    after = composition_for(manager)
    assert after.total == before.total - 1
    assert after.left == before.left + 1
    side = world.seats["participant"].side_id
    seats = {sc.side.pk: sc.seats for sc in after.sides}
    assert seats[side] == {sc.side.pk: sc.seats for sc in before.sides}[side] - 1
    client = Client()
    client.force_login(world.users["org_convener"])
    page = client.get(
        f"/processes/{world.process.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Not counted: 1 participant who has left the process." in page
    # The API answers from the same service.
    token = api_token_create(user=world.users["org_convener"])[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    data = api.get(f"/api/processes/{world.process.pk}/composition").json()
    assert (data["total"], data["left"]) == (after.total, after.left)


def test_airtime_seat_shares_leave_out_who_has_left(world: World) -> None:
    side = world.seats["participant"].side_id
    before = process_airtime_summary(None, world.process)
    participant = world.users["participant"]
    services.seat_leave(access=access_process_by_id(participant, world.process.pk))
    after = process_airtime_summary(None, world.process)

    def seats_of(summary):  # type: ignore[no-untyped-def]
        return {line.row.key: line.row.seats for line in summary.sides}

    assert seats_of(after).get(str(side), 0) == seats_of(before)[str(side)] - 1


def test_a_person_added_on_the_form_defaults_as_the_import_does(world: World) -> None:
    assert {k: str(v) for k, v in PERSON_DEFAULTS.items()} == DEFAULTS
    client = Client()
    client.force_login(world.users["org_convener"])
    form = client.get(f"/organisations/{world.org.pk}/people/new/").content.decode()
    for name, value in DEFAULTS.items():
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', form, re.S)
        assert select, name
        assert re.search(rf'<option value="{value}"[^>]*selected', select[1]), name
    # What a browser sends when nothing is touched is what the service stores.
    response = client.post(
        f"/organisations/{world.org.pk}/people/new/",
        {"name": "Untouched Uma", **DEFAULTS},
    )
    assert response.status_code == 302
    uma = next(
        p
        for p in Person.objects.filter(organisation=world.org)
        if p.name == "Untouched Uma"
    )
    assert (uma.capacity, uma.gender, uma.level) == ("other", "undisclosed", "broader")


def test_adding_someone_missing_comes_back_to_the_seat_form(world: World) -> None:
    client = Client()
    client.force_login(world.users["org_convener"])
    seat_form = f"/processes/{world.process.pk}/seats/new/"
    page = client.get(seat_form, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    link = re.search(r'href="([^"]*/people/new/\?next=[^"]*)"', page)
    assert link, "the seat form does not carry its address to the registry"
    url = link[1].replace("&amp;", "&")
    form = client.get(url).content.decode()
    assert f'name="next" value="{seat_form}"' in form
    response = client.post(url, {"name": "Missing Mona", "next": seat_form, **DEFAULTS})
    assert response.status_code == 302
    mona = next(
        p
        for p in Person.objects.filter(organisation=world.org)
        if p.name == "Missing Mona"
    )
    assert response["Location"] == f"{seat_form}?person={mona.pk}"
    chosen = client.get(response["Location"]).content.decode()
    assert re.search(rf'<option value="{mona.pk}"[^>]*selected', chosen)


def test_a_next_off_the_site_is_ignored(world: World) -> None:
    client = Client()
    client.force_login(world.users["org_convener"])
    for evil in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post(
            f"/organisations/{world.org.pk}/people/new/",
            {"name": f"Safe {len(evil)}", "next": evil, **DEFAULTS},
        )
        assert response.status_code == 302
        assert "/people/" in response["Location"]
        assert "evil" not in response["Location"]


def test_an_invitation_says_the_last_day_it_is_valid(world: World) -> None:
    import datetime as dt

    from django.utils import formats, timezone, translation

    seat = _newcomer(world)
    client = Client()
    client.force_login(world.users["facilitator"])
    sheet = client.post(
        f"/processes/{world.process.pk}/invitations/",
        {"seat": [str(seat.pk)]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    invitation = Invitation.objects.get(seat=seat)
    # 14 days by default: usable through the 14th day after today (UTC), and
    # over at the midnight that ends it.
    last = timezone.now().astimezone(dt.UTC).date() + dt.timedelta(days=14)
    assert invitation.valid_through == last
    assert invitation.expires_at == dt.datetime.combine(
        last + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC
    )
    with translation.override("fr"):
        day = formats.date_format(last, "DATE_FORMAT")
    assert f"{day} (UTC)" in sheet
    assert "minuit" not in sheet and "midnight" not in sheet
    roster = client.get(
        f"/processes/{world.process.pk}/roster/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    with translation.override("en"):
        assert (
            f"Invited, valid through {formats.date_format(last, 'DATE_FORMAT')}"
            in roster
        )


def test_tick_all_works_without_javascript(world: World) -> None:
    ada = _newcomer(world, name="Ada Tick")
    bea = _newcomer(world, name="Bea Tick")
    client = Client()
    client.force_login(world.users["facilitator"])
    url = f"/processes/{world.process.pk}/roster/"
    plain = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    box = re.compile(r'<input type="checkbox" name="seat" value="([^"]+)"[^>]*>')
    assert box.findall(plain) and "checked" not in "".join(
        m[0] for m in box.finditer(plain)
    )
    assert 'href="?tick=all#bulk-invite-actions"' in plain
    ticked = client.get(url + "?tick=all", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    boxes = list(box.finditer(ticked))
    assert boxes and all("checked" in m[0] for m in boxes)
    assert {str(ada.pk), str(bea.pk)} <= {m[1] for m in boxes}
    assert "Untick all" in ticked
    # The replace-pending box carries its label beside it, inside one line.
    assert re.search(
        r'<p class="check"><input type="checkbox" name="replace_pending"[^>]*> '
        r'<label for="id_replace_pending">Replace their pending invitation',
        ticked,
    )
    # What the ticked boxes send invites them (the form needs no script).
    sheet = client.post(
        f"/processes/{world.process.pk}/invitations/",
        {"seat": [m[1] for m in boxes]},
        follow=True,
    )
    assert sheet.status_code == 200
    assert Invitation.objects.filter(seat__in=[ada, bea]).count() == 2
