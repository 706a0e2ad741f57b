"""Seating in bulk, in the browser (issue 16.3): a convener pastes a 12-row
roster with two sides, sees the preview (one person already in the registry),
confirms, and invites everyone seated from the page that follows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.accounts.services import (
    membership_set,
    organisation_create,
    user_create,
)
from backchannel.participants.models import Invitation, Person, Seat
from backchannel.participants.services import person_create
from backchannel.processes.services import process_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "e2e-seating-passphrase"
NAMES = [
    "Ada Korvel",
    "Bea Sunmar",
    "Cem Altan",
    "Dara Voss",
    "Eli Moravec",
    "Fen Oduya",
    "Gus Haller",
    "Hana Ilic",
    "Ivo Petrak",
    "Jun Tamsin",
    "Kai Lundqvist",
    "Lea Brandt",
]


def test_a_convener_pastes_a_roster_previews_confirms_and_invites(
    page: Any, app_url: str, e2e_login: Any
) -> None:
    convener = user_create(username="e2e-seat-convener", password=PASSWORD)
    org = organisation_create(name="Meren Basin Forum")
    membership_set(organisation=org, user=convener, role="convener")
    process = process_create(
        actor=convener,
        organisation=org,
        title="Lower Meren Seating",
        track="2",
        stage="pre_negotiation",
        approach="problem_solving",
        sides=["Meren north", "Meren south"],
    )
    known = person_create(
        actor=convener,
        organisation=org,
        name="Ada Korvel",
        gender="woman",
        capacity="civil_society",
        level="broader",
        contact={"emails": ["ada@example.org"]},
    )
    lines = ["name,side,role,capacity,gender,level,email"]
    for i, name in enumerate(NAMES):
        side = "Meren north" if i % 2 == 0 else "Meren south"
        gender = "woman" if i % 2 == 0 else "man"
        email = "ada@example.org" if i == 0 else ""
        lines.append(f"{name},{side},participant,expert,{gender},broader,{email}")
    roster = "\n".join(lines) + "\n"

    e2e_login("e2e-seat-convener", PASSWORD)
    page.goto(f"{app_url}/processes/{process.pk}/roster/")
    page.get_by_role("link", name="Seat in bulk").click()
    page.get_by_label("Roster (CSV)").fill(roster)
    page.get_by_role("button", name="Check and preview").click()
    preview = page.locator("#roster-preview")
    expect(preview.locator("tbody tr")).to_have_count(12)
    expect(preview).to_contain_text("11 people will be added to the registry")
    expect(preview.get_by_role("link", name="Already in the registry")).to_have_count(1)
    assert Seat.objects.filter(process=process).count() == 0  # nothing yet

    page.get_by_role("button", name="Seat 12 people").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("12 people seated")
    assert Seat.objects.filter(process=process).count() == 12
    assert Person.objects.filter(organisation=org).count() == 12  # Ada not twice
    assert Seat.objects.filter(process=process, person=known).exists()
    seats = Seat.objects.filter(process=process).select_related("side")
    assert sorted({str(s.side.name) for s in seats}) == ["Meren north", "Meren south"]

    page.get_by_role("button", name="And invite them").click()
    expect(page.get_by_role("heading", name="Invitations to hand over")).to_be_visible()
    expect(page.locator(".invitation-code")).to_have_count(12)
    assert Invitation.objects.filter(seat__process=process).count() == 12
    code = page.locator(".invitation-code").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
