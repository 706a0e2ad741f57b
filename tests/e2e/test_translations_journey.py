"""An interpreter pledges, writes and verifies a translation in the browser; a
participant reads it side by side, the Arabic column right to left."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.participants.services import person_create, seat_create
from backchannel.translations.models import ContentTranslation
from tests.records.factories import sample_note
from tests.world import PASSWORD, World, make_user, take_up

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.no_db_difference,
]

ARABIC = "رُسمت الخيارات المشتركة لإدارة المياه."


def test_an_interpreter_pledges_translates_and_verifies(
    page: Any, app_url: str, e2e_login: Any, world: World
) -> None:
    note = sample_note(world, text="The joint options for managing water were mapped.")
    user = make_user("fresh-interpreter")
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Samir Interpreter",
        gender="man",
        capacity="other",
        level="broader",
        user=user,
    )
    take_up(
        world.access(),
        seat_create(access=world.access(), person=person, role="interpreter"),
    )

    e2e_login("fresh-interpreter", PASSWORD)
    page.goto(f"{app_url}/texts/note/{note.pk}/translations/")
    expect(page.get_by_role("heading", name="Translations")).to_have_count(0)
    page.goto(f"{app_url}/processes/{world.process.pk}/")
    expect(page).to_have_url(re.compile(r"/pledge/$"))
    page.get_by_label("I accept this confidentiality pledge.").check()
    page.get_by_role("button", name="Accept").click()

    page.goto(f"{app_url}/texts/note/{note.pk}/translations/new/")
    page.get_by_label("Language", exact=True).fill("ar")
    page.get_by_label("Translation", exact=True).fill(ARABIC)
    page.locator("main form button[type=submit]").last.click()
    expect(page.get_by_text(ARABIC)).to_be_visible()
    page.get_by_role("link", name="Verify…").click()
    page.get_by_role("button", name="Verify").click()
    assert ContentTranslation.objects.get(note=note).mark == "verified"

    page.get_by_role("button", name=re.compile("Log out")).click()
    e2e_login("participant", PASSWORD)
    page.goto(f"{app_url}/texts/note/{note.pk}/translations/?lang=ar")
    arabic = page.locator('.side-by-side [lang="ar"]')
    expect(arabic).to_contain_text(ARABIC)
    assert (
        arabic.evaluate("el => getComputedStyle(el.querySelector('p')).direction")
        == "rtl"
    )
    expect(page.get_by_text("verified by the Interpreter")).to_be_visible()
    expect(page.get_by_text("Samir Interpreter")).to_have_count(0)
