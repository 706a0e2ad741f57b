"""Translations in the test world, built through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.records.services import note_record
from backchannel.translations.models import ContentTranslation
from backchannel.translations.registry import KINDS
from backchannel.translations.services import translation_add, translation_verify
from tests.ideas.factories import make_joint_text
from tests.records.factories import sample_note
from tests.world import World

ARABIC = "يتبادل الطرفان بيانات التدفق أسبوعياً."
FRENCH = "Les options ont été recensées."


def translate(
    access: ProcessAccess, kind: str, source: Any, language: str, text: str, **kw: Any
) -> ContentTranslation:
    return translation_add(
        access=access,
        kind=KINDS[kind],
        source=source,
        language=language,
        text=text,
        **kw,
    )


def translations_objects(world: World, note: Any = None) -> dict[str, Any]:
    """In our process: a note with a draft French translation, and a joint text
    (language of record English) with an Arabic translation verified by the
    world's interpreter."""
    access = world.access()
    note = note or sample_note(world, text="Options were mapped.")
    joint_text = make_joint_text(access, title="Statement with translations")
    version = joint_text.versions.order_by("number").last()
    french = translate(access, "note", note, "fr", FRENCH)
    arabic = translate(access, "joint_text_version", version, "ar", ARABIC)
    translation_verify(access=world.access("interpreter"), translation=arabic)
    return {
        "translated_note": note,
        "joint_text_version": version,
        "translation": french,
        "verified_translation": arabic,
    }


def rival_translations_objects(world: World) -> dict[str, Any]:
    access = access_process_by_id(world.users["outsider"], world.rival_process.pk)
    joint_text = make_joint_text(access, title="Rival statement to translate")
    version = joint_text.versions.order_by("number").last()
    translation = translate(access, "joint_text_version", version, "fr", "Rival")
    return {
        "joint_text_version": version,
        "translation": translation,
        "verified_translation": translation,
    }


def translations_factories(
    world: World, access: ProcessAccess, tag: str
) -> dict[str, Callable[[], Any]]:
    def new_translation() -> ContentTranslation:
        note = note_record(
            access=access, segment=world.extra["records"]["segment"], text=f"N {tag}"
        )
        return translate(access, "note", note, "es", f"Nota {tag}")

    return {"new_translation": new_translation}
