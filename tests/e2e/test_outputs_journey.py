"""A facilitator composes a memo from notes, sees the gate block a name,
redacts it, re-authenticates to release it and finds it in the ledger."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.records.services import note_record
from backchannel.transfer.models import Output, Transfer
from tests.transfer.factories import NAME, named_seat
from tests.world import PASSWORD, World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMED_NOTE = f"{NAME} said the upstream dam could release more in August."
CLEAN_NOTE = "Both sides could accept a neutral host for the flow data."


def test_a_memo_from_notes_is_redacted_released_and_logged(
    page: Any, app_url: str, e2e_login: Any, settings: Any, world: World
) -> None:
    # Re-authentication is asked for when the last login is older than this.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 2
    named_seat(world)
    chatham = world.meeting.segments.get(record_rule="chatham_house")
    on_record = world.meeting.segments.get(record_rule="on_record")
    # On the record a note may name someone; an output must not, unless cleared.
    note_record(access=world.access(), segment=on_record, text=NAMED_NOTE)
    note_record(access=world.access(), segment=chatham, text=CLEAN_NOTE)

    e2e_login("convener", PASSWORD)
    page.goto(f"{app_url}/processes/{world.process.pk}/outputs/")
    page.get_by_role("link", name="Compose an output").click()
    page.get_by_label("Title").fill("Memo on the flow data")
    page.get_by_label("Kind").select_option("memo_to_mediators")
    page.get_by_label("Audience").select_option("mediators")
    page.get_by_label("Body (Markdown)").fill("What the round established:")
    page.get_by_label(re.compile("upstream dam")).check()
    page.get_by_label(re.compile("neutral host")).check()
    page.get_by_role("button", name="Save").click()

    # The gate blocks the name, highlighted in the text.
    page.get_by_role("link", name="Identification gate").first.click()
    expect(page.locator("mark.finding--name").first).to_have_text(NAME)
    page.get_by_role("button", name="Apply suggested redaction").first.click()
    expect(page.locator("#gate-clean")).to_be_visible()
    output = Output.objects.get(process=world.process)
    assert NAME not in str(output.body) and CLEAN_NOTE in str(output.body)

    # Release: the password is asked again, then the release goes through.
    page.wait_for_timeout(2500)
    page.get_by_role("link", name="Release…").click()
    page.get_by_role("button", name="Release", exact=True).click()
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("#output-status")).to_have_text("Released")
    output.refresh_from_db()
    assert output.released and len(output.released_hash) == 64

    # Into the ledger.
    page.get_by_role("link", name="Record a transfer").click()
    page.get_by_label("To whom (a role, not necessarily a name)").fill(
        "Mediation support unit"
    )
    page.get_by_label("Channel").select_option("memo")
    page.get_by_label("Consent obtained").check()
    page.get_by_role("button", name="Save").click()
    ledger = page.locator("#ledger")
    expect(ledger.get_by_text("Mediation support unit")).to_be_visible()
    expect(ledger.get_by_text("Memo on the flow data")).to_be_visible()
    expect(ledger.get_by_text(output.released_hash[:12])).to_be_visible()
    transfer = Transfer.objects.get(output=output)
    assert transfer.artefact_hash == output.released_hash
