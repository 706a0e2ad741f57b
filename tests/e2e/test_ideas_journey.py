"""A trial balloon in the browser: floated by the facilitator, answered by one
participant from each side, read across the sides with suppression."""

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
from backchannel.participants.services import person_create, seat_create
from backchannel.processes.access import access_process_by_id
from backchannel.processes.services import process_create
from tests.world import take_up

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.no_db_difference,
]

PASSWORD = "e2e-ideas-passphrase"
NORTH_REMARK = "Our fishers will insist on the night readings"


def _seat(access: Any, org: Any, username: str, role: str, side: Any = None) -> None:
    user = user_create(username=username, password=PASSWORD)
    membership_set(organisation=org, user=user, role="staff")
    person = person_create(
        actor=access.actor,
        organisation=org,
        name=username.replace("-", " ").title(),
        gender="woman",
        capacity="expert",
        level="broader",
        user=user,
    )
    # Seats are taken up through an accepted invitation, as in the workspace.
    take_up(access, seat_create(access=access, person=person, role=role, side=side))


def _logout(page: Any) -> None:
    page.get_by_role("button", name=re.compile("Log out")).click()


def _submit(page: Any) -> None:
    page.locator("main form button[type=submit]").last.click()


def test_feedback_from_both_sides_reaches_the_facilitator_suppressed(
    page: Any, app_url: str, e2e_login: Any
) -> None:
    convener = user_create(username="e2e-ideas-convener", password=PASSWORD)
    org = organisation_create(name="Lakeside Mediation Forum")
    membership_set(organisation=org, user=convener, role="convener")
    process = process_create(
        actor=convener,
        organisation=org,
        title="Upper Meren Dialogue",
        track="2",
        stage="pre_negotiation",
        approach="problem_solving",
        sides=["Meren north", "Meren south"],
    )
    access = access_process_by_id(convener, process.pk)
    north, south = process.sides.order_by("position")
    _seat(access, org, "e2e-facilitator", "facilitator")
    _seat(access, org, "e2e-north", "participant", north)
    _seat(access, org, "e2e-south", "participant", south)

    # The facilitator floats an idea, anonymously.
    e2e_login("e2e-facilitator", PASSWORD)
    page.goto(f"{app_url}/processes/{process.pk}/ideas/")
    page.get_by_role("link", name="New trial balloon").click()
    page.get_by_label("Title", exact=True).fill("Shared night readings")
    page.get_by_label("Text", exact=True).fill(
        "Both gauges are read at night as well as by day."
    )
    page.get_by_label("Status").select_option("floated")
    page.get_by_label("Anonymous").check()
    _submit(page)
    expect(page.get_by_role("heading", name="Shared night readings")).to_be_visible()
    idea_url = page.url
    _logout(page)

    # A participant from each side answers.
    e2e_login("e2e-north", PASSWORD)
    page.goto(idea_url)
    page.get_by_label("Acceptable", exact=True).check()
    page.get_by_label("Comment").fill(NORTH_REMARK)
    page.get_by_role("button", name="Save my feedback").click()
    expect(page.get_by_text("Your feedback is saved")).to_be_visible()
    # The author sees their own feedback (in the summary and the form).
    expect(page.locator(".own-feedback").get_by_text(NORTH_REMARK)).to_be_visible()
    _logout(page)

    e2e_login("e2e-south", PASSWORD)
    page.goto(idea_url)
    page.get_by_label("Unacceptable").check()
    page.get_by_label("Red lines").fill("No readings by foreign staff")
    page.get_by_role("button", name="Save my feedback").click()
    expect(page.get_by_text("Your feedback is saved")).to_be_visible()
    # The other side's participant sees neither the remark nor anyone's answers.
    expect(page.get_by_text(NORTH_REMARK)).to_have_count(0)
    expect(page.get_by_text("have not shared the results").first).to_be_visible()
    responses = page.get_by_role("link", name=re.compile("Individual responses"))
    expect(responses).to_have_count(0)
    version_id = (
        page.locator("form[action*='/feedback/']")
        .first.get_attribute("action")
        .split("/")[2]
    )
    reply = page.goto(f"{app_url}/idea-versions/{version_id}/responses/")
    assert reply is not None and reply.status == 404  # as for a random id
    _logout(page)

    # The facilitator reads across the sides: each side has one response.
    e2e_login("e2e-facilitator", PASSWORD)
    page.goto(idea_url)
    table = page.locator("table.cross-side")
    expect(table.get_by_text("fewer than 3")).to_have_count(2)
    expect(page.locator(".score").get_by_text("not enough responses")).to_be_visible()
    expect(page.get_by_text(NORTH_REMARK)).to_have_count(0)  # a small cell
