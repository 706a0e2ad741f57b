"""Bringing people in, in the browser: a convener invites seated people from the
roster (one from the seat, one in bulk); each invitee, in a fresh browser,
opens the link or types the code, chooses a login, accepts the ground rules
and lands on the process. No command line anywhere."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.accounts.models import Membership, User
from backchannel.accounts.services import (
    membership_set,
    organisation_create,
    user_create,
)
from backchannel.participants.logins import is_login_of
from backchannel.participants.models import Seat
from backchannel.participants.services import person_create, seat_create
from backchannel.processes.access import access_process_by_id
from backchannel.processes.rules import DEFAULT_RULES_VERSION
from backchannel.processes.services import process_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "e2e-invite-passphrase"
TITLE = "Lower Meren Water Talks"


def _seated(access: Any, org: Any, name: str, side: Any) -> Seat:
    person = person_create(
        actor=access.actor,
        organisation=org,
        name=name,
        gender="woman",
        capacity="civil_society",
        level="broader",
    )
    return seat_create(access=access, person=person, role="participant", side=side)


def _accept(
    context: Any, app_url: str, username: str, *, link: str = "", code: str = ""
) -> Any:
    page = context.new_page()
    if link:
        page.goto(link)
    else:
        page.goto(f"{app_url}/join/")
        expect(page.locator("main")).not_to_contain_text(TITLE)
        page.get_by_label("Invitation code").fill(code)
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.locator(".ground-rules")).to_contain_text("Chatham House")
    assert "/join/accept/" in page.url  # the code left the address bar
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I have read the ground rules above and accept them.").check()
    page.get_by_role("button", name="Accept and take up the seat").click()
    return page


def test_a_convener_invites_and_invitees_land_on_the_process(
    page: Any, browser: Any, app_url: str, e2e_login: Any
) -> None:
    convener = user_create(username="e2e-invite-convener", password=PASSWORD)
    org = organisation_create(name="Meren Basin Forum")
    membership_set(organisation=org, user=convener, role="convener")
    process = process_create(
        actor=convener,
        organisation=org,
        title=TITLE,
        track="2",
        stage="pre_negotiation",
        approach="problem_solving",
        sides=["Meren north", "Meren south"],
    )
    access = access_process_by_id(convener, process.pk)
    north, south = process.sides.order_by("position")
    ada = _seated(access, org, "Ada Korvel", north)
    bea = _seated(access, org, "Bea Sunmar", south)

    # The convener invites Ada from her seat.
    e2e_login("e2e-invite-convener", PASSWORD)
    page.goto(f"{app_url}/processes/{process.pk}/roster/")
    page.get_by_role("link", name=re.compile(r"^Invite Ada Korvel")).click()
    page.get_by_role("button", name="Make the invitation").click()
    expect(page.get_by_role("heading", name="Invitations to hand over")).to_be_visible()
    expect(page.locator(".invitation__qr svg")).to_have_count(1)
    link = page.locator(".invitation-link").inner_text().strip()
    assert link.startswith(app_url + "/join/")

    # … and Bea in bulk, ticking her seat in the roster.
    page.goto(f"{app_url}/processes/{process.pk}/roster/")
    expect(page.get_by_text(re.compile("Invited, valid through"))).to_have_count(1)
    page.locator(f"#invite-{bea.pk}").check()
    page.get_by_role("button", name="Invite the ticked seats").click()
    code = page.locator(".invitation-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)

    # Ada, in a fresh browser, opens the link.
    ada_context = browser.new_context()
    ada_page = _accept(ada_context, app_url, "ada-k", link=link)
    expect(ada_page).to_have_url(f"{app_url}/processes/{process.pk}/")
    expect(ada_page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(ada_page.get_by_text("Welcome: you have taken up your seat")).to_be_visible()
    # The link works once.
    again = browser.new_context().new_page()
    again.goto(link)
    expect(again.get_by_role("alert")).to_contain_text("already been used")
    expect(again.locator("main")).not_to_contain_text(TITLE)

    # Bea, in another fresh browser, types the code.
    bea_context = browser.new_context()
    bea_page = _accept(bea_context, app_url, "bea-s", code=code.lower())
    expect(bea_page).to_have_url(f"{app_url}/processes/{process.pk}/")

    for username, seat in (("ada-k", ada), ("bea-s", bea)):
        user = User.objects.get(username=username)
        seat.refresh_from_db()
        assert is_login_of(seat.person, user)
        assert seat.rules_version == DEFAULT_RULES_VERSION
        assert not Membership.objects.filter(user=user).exists()

    # The convener's roster now says both took their seat up, and with which login.
    page.goto(f"{app_url}/processes/{process.pk}/roster/")
    expect(page.get_by_text(re.compile(r"^\s*Taken up"))).to_have_count(2)
    for username in ("ada-k", "bea-s"):
        expect(page.locator("table.roster bdi", has_text=username)).to_have_count(1)
    for context in (ada_context, bea_context):
        context.close()
