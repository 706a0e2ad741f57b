"""A convener sets up a dialogue in the browser, end to end."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.accounts.services import (
    membership_set,
    organisation_create,
    user_create,
)
from backchannel.demo import DemoInfo

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.no_db_difference,
]

# The README's screenshots are refreshed with UPDATE_SCREENSHOTS=1; otherwise
# they go to var/ so that a test run leaves the work tree as it was.
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1"
    else ROOT / "var" / "screenshots"
)
PASSWORD = "e2e-convener-passphrase"


def _submit(page: Any) -> None:
    page.locator("main form button[type=submit]").last.click()


def test_a_convener_designs_a_process_seats_people_and_sees_the_composition_warning(
    page: Any, app_url: str, e2e_login: Any
) -> None:
    convener = user_create(username="e2e-convener", password=PASSWORD)
    org = organisation_create(name="Harbour Peace Institute")
    membership_set(organisation=org, user=convener, role="convener")

    e2e_login("e2e-convener", PASSWORD)
    expect(
        page.get_by_role("heading", name=re.compile("processes", re.I)).first
    ).to_be_visible()

    # A process with two sides.
    page.goto(f"{app_url}/processes/new/")
    page.get_by_label("Title").fill("Coastal Fisheries Dialogue")
    page.get_by_label("Sides").fill("Marenia\nTolvar")
    page.get_by_label("Track").select_option("2")
    page.get_by_label("Stage").select_option("pre_negotiation")
    page.get_by_label("Approach").select_option("problem_solving")
    _submit(page)
    expect(
        page.get_by_role("heading", name="Coastal Fisheries Dialogue")
    ).to_be_visible()
    process_url = page.url

    # Three phases.
    for title in ("Exploration", "Pre-negotiation", "Drafting"):
        page.goto(process_url + "phases/new/")
        page.get_by_label("Title").fill(title)
        page.get_by_label("Stage").select_option("pre_negotiation")
        _submit(page)
        expect(page.get_by_text(title).first).to_be_visible()

    # Two people from the registry, both seated on the same side.
    people_url = f"{app_url}/organisations/{org.pk}/people/new/"
    for name in ("Ilvi Sarkane", "Doran Vesk"):
        page.goto(people_url)
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Gender").select_option("man")
        page.get_by_label("Capacity").select_option("expert")
        page.get_by_label("Level").select_option("key_person")
        _submit(page)
        page.goto(process_url + "seats/new/")
        page.get_by_label("Person").select_option(label=name)
        page.get_by_label("Role").select_option("participant")
        page.get_by_label("Side").select_option(label="Marenia")
        _submit(page)

    # A meeting with a Chatham House segment.
    page.goto(process_url + "meetings/new/")
    page.locator("#id_title").fill("First round")
    page.locator("#id_date").fill("2027-02-03")
    page.locator("#id_segments-0-title").fill("Options for joint patrols")
    page.locator("#id_segments-0-record_rule").select_option("chatham_house")
    _submit(page)
    expect(page.get_by_text("Chatham House").first).to_be_visible()

    # The dashboard warns: Tolvar holds no seat, and no women are seated.
    page.goto(process_url)
    alerts = page.get_by_role("alert")
    expect(alerts.filter(has_text="Tolvar").first).to_be_visible()
    expect(alerts.filter(has_text=re.compile("no women", re.I)).first).to_be_visible()


def test_the_demo_dashboard_renders_for_its_convener(
    page: Any, app_url: str, e2e_login: Any, demo: DemoInfo
) -> None:
    e2e_login("demo-convener", "demo-convener-2026")
    page.get_by_role("link", name=re.compile("Kessa Basin")).first.click()
    expect(
        page.get_by_role("heading", name=re.compile("Kessa Basin")).first
    ).to_be_visible()
    expect(page.get_by_role("alert").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "dashboard-phone.png"), full_page=False)
