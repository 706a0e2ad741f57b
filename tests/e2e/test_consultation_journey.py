"""A voter takes part in a public consultation from a phone, without an account;
the facilitator runs the analysis and the published results update."""

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
from backchannel.consultations.models import Vote
from backchannel.consultations.services import (
    consultation_create,
    new_token,
    vote_cast,
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

PASSWORD = "e2e-facilitator-passphrase"
PHONE = {"width": 390, "height": 844}
STATEMENTS = [
    "Harbour fees should be the same for boats from both coasts.",
    "Fishing quotas should be set by a joint board.",
    "Crews stopped at sea should be released within a day.",
    "Each coast should patrol its own waters only.",
    "Fish stocks should be counted together every spring.",
]
# Two camps of earlier voters: they split on the first four statements and
# agree on the last one.
CAMPS = [[1, 1, -1, -1, 1], [-1, -1, 1, 1, 1]]


@pytest.fixture
def plain_http(settings: Any) -> None:
    # The live server speaks HTTP: no redirect to HTTPS, cookies without Secure,
    # and the analysis runs at once when it is queued (django-tasks' immediate
    # backend) instead of waiting for a worker.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


def _consultation() -> tuple[Any, str]:
    facilitator = user_create(username="e2e-facilitator", password=PASSWORD)
    convener = user_create(username="e2e-convener", password=PASSWORD)
    org = organisation_create(name="Straits Dialogue Centre")
    membership_set(organisation=org, user=convener, role="convener")
    membership_set(organisation=org, user=facilitator, role="staff")
    process = process_create(
        actor=convener,
        organisation=org,
        title="Tessin Straits Fisheries Dialogue",
        track="2",
        stage="preventive",
        approach="problem_solving",
        sides=["Elmaran coast", "Tessin islands"],
    )
    access = access_process_by_id(convener, process.pk)
    person = person_create(
        actor=convener,
        organisation=org,
        name="Maren Solvik",
        gender="woman",
        capacity="civil_society",
        level="key_person",
        user=facilitator,
    )
    take_up(access, seat_create(access=access, person=person, role="facilitator"))
    consultation = consultation_create(
        access=access_process_by_id(facilitator, process.pk),
        title="The straits: what do fishers want?",
        question="Vote on each statement: agree, disagree, or pass.",
        seed_statements=STATEMENTS,
        status="open",
        public_results=True,
    )
    statements = list(consultation.statements.order_by("number"))
    for n in range(30):
        token = new_token()
        for statement, value in zip(statements, CAMPS[n % 2], strict=True):
            vote_cast(
                consultation=consultation,
                ballot_token=token,
                statement_id=statement.pk,
                vote=value,
            )
    return consultation, str(consultation.token)


def test_a_voter_on_a_phone_votes_and_sees_the_results_update(
    browser: Any, app_url: str, plain_http: None
) -> None:
    consultation, link = _consultation()
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    scripts: list[str] = []
    page.on(
        "request",
        lambda r: scripts.append(r.url) if r.resource_type == "script" else None,
    )

    page.goto(f"{app_url}/c/{link}/")
    expect(page.get_by_role("heading", name="Statement 1 of 5")).to_be_visible()
    expect(page.get_by_text(STATEMENTS[0])).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the voting page scrolls sideways on a phone"
    for number, choice in enumerate(
        ["Agree", "Disagree", "Pass / unsure", "Agree", "Agree"]
    ):
        expect(
            page.get_by_role("heading", name=f"Statement {number + 1} of 5")
        ).to_be_visible()
        page.get_by_role("button", name=choice, exact=True).click()
    expect(
        page.get_by_role("heading", name="You have voted on every statement")
    ).to_be_visible()
    assert Vote.objects.filter(statement__consultation=consultation).count() == 155
    cookie = next(c for c in phone.cookies() if c["name"] == "bc_ballot")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert scripts == [], "the public pages load no script"

    # The published results: none yet.
    page.get_by_role("link", name="See the results so far").click()
    expect(page.get_by_text("No results yet")).to_be_visible()

    # The facilitator runs the analysis from the workspace.
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    facilitator = desk.new_page()
    facilitator.goto(f"{app_url}/login/")
    facilitator.get_by_label("Username").fill("e2e-facilitator")
    facilitator.get_by_label("Password").fill(PASSWORD)
    facilitator.get_by_role("button", name="Log in").click()
    facilitator.goto(f"{app_url}/consultations/{consultation.pk}/")
    facilitator.get_by_role("button", name="Run the analysis").click()
    expect(
        facilitator.get_by_text(re.compile(r"Analysed .*31 participants"))
    ).to_be_visible()
    expect(facilitator.get_by_role("img", name="Opinion map")).to_be_visible()

    # The voter's results page now shows the groups and the common ground.
    page.reload()
    expect(page.get_by_role("img", name="Opinion map")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Group A"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Group B"))).to_be_visible()
    common = page.locator(
        "section", has=page.get_by_role("heading", name="Common ground")
    )
    expect(common.get_by_text(STATEMENTS[4])).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the results page scrolls sideways on a phone"
    phone.close()
    desk.close()
