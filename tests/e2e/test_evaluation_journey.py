"""A participant answers a trust round in the browser; the facilitator sees
no figure while the round is open, closes it, and then sees only "fewer
than 3" for that side."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.evaluation.models import TrustResponse
from backchannel.evaluation.services import round_create
from tests.world import PASSWORD, World

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.no_db_difference,
]


def test_a_participant_answers_and_the_facilitator_sees_no_small_cell(
    page: Any, app_url: str, e2e_login: Any, world: World
) -> None:
    trust_round = round_create(
        access=world.access(),
        title="Spring round",
        held_on=dt.date(2026, 4, 1),
        status="open",
    )

    e2e_login("participant", PASSWORD)
    page.goto(f"{app_url}/processes/{world.process.pk}/rounds/")
    page.get_by_role("link", name="Answer").click()
    page.get_by_role("radio", name=re.compile("^4 ")).first.check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_text("Only you can see them")).to_be_visible()
    response = TrustResponse.objects.get(round=trust_round)
    assert response.answers == {"trust_other_side": 4}

    page.get_by_role("button", name=re.compile("Log out")).click()
    e2e_login("facilitator", PASSWORD)
    page.goto(f"{app_url}/processes/{world.process.pk}/evaluation/")
    expect(page.get_by_text("No round has been closed yet")).to_be_visible()

    page.goto(f"{app_url}/processes/{world.process.pk}/rounds/")
    expect(page.get_by_text("figures once closed")).to_be_visible()
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Status").select_option("closed")
    page.locator("main form button[type=submit]").first.click()
    trust_round.refresh_from_db()
    assert trust_round.status == "closed"

    page.goto(f"{app_url}/processes/{world.process.pk}/evaluation/")
    # said where the reader looks (the chart's note), not only in the chart's
    # data table folded in a <details>
    expect(
        page.get_by_text("fewer than 3").locator("visible=true").first
    ).to_be_visible()
    expect(page.get_by_text("4.00")).to_have_count(0)
