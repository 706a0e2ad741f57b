"""A rapporteur writes a non-attributed note in the browser; a participant reads it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.records import labels
from backchannel.records.models import Note
from tests.world import PASSWORD, World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAID = "Joint gauging stations could be run by a neutral technical body"


def test_a_rapporteur_records_a_chatham_house_note_that_names_nobody(
    page: Any, app_url: str, e2e_login: Any, world: World
) -> None:
    chatham = world.meeting.segments.get(record_rule="chatham_house")

    e2e_login("rapporteur", PASSWORD)
    page.goto(f"{app_url}/segments/{chatham.pk}/notes/new/")
    page.get_by_label("Note").fill(SAID)
    page.locator("main form button[type=submit]").last.click()
    expect(page.get_by_text(SAID)).to_be_visible()

    note = Note.objects.get(segment=chatham)
    assert note.speaker_id is None
    assert str(note.attribution) in (labels.PARTICIPANT, "")

    page.get_by_role("button", name=re.compile("Log out")).click()
    e2e_login("participant", PASSWORD)
    page.goto(f"{app_url}/meetings/{world.meeting.pk}/record/")
    expect(page.get_by_text(SAID)).to_be_visible()
    expect(page.get_by_text("Person Rapporteur")).to_have_count(0)
