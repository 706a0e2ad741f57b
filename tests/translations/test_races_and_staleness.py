"""A translation added twice at once is a clear error; a verified translation
goes back to draft when its original text changes."""

from __future__ import annotations

from typing import Any

import pytest

from backchannel.core.errors import ValidationFailed
from backchannel.translations import services
from backchannel.translations.models import ContentTranslation
from tests.records.factories import sample_note
from tests.translations.factories import FRENCH, translate
from tests.world import World


def test_a_double_submission_of_a_translation_is_a_clear_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = sample_note(world, text="Options were mapped.")
    original_clean = services.clean

    def check_then_lose(instance: Any, **kw: Any) -> None:
        # The other request inserts the same language right after our check.
        original_clean(instance, **kw)
        if isinstance(instance, ContentTranslation):
            ContentTranslation.objects.create(
                process=world.process,
                note=note,
                language="fr",
                text=FRENCH,
                mark="draft",
            )

    monkeypatch.setattr(services, "clean", check_then_lose)
    with pytest.raises(ValidationFailed, match="sent twice"):
        translate(world.access(), "note", note, "fr", FRENCH)


def test_a_verified_translation_goes_back_to_draft_when_the_note_changes(
    world: World,
) -> None:
    from backchannel.records.services import note_update

    note = sample_note(world, text="Options were mapped.")
    french = translate(world.access(), "note", note, "fr", FRENCH)
    services.translation_verify(access=world.access("interpreter"), translation=french)
    french.refresh_from_db()
    assert french.mark == "verified" and french.verifier_id is not None
    # Saving the same text keeps the verification.
    note_update(access=world.access(), note=note, text="Options were mapped.")
    french.refresh_from_db()
    assert french.mark == "verified"
    note_update(access=world.access(), note=note, text="Options were narrowed.")
    french.refresh_from_db()
    assert french.mark == "draft"
    assert french.verifier_id is None
    assert french.verifier_role == "" and french.verified_on is None
