"""Translations: who reads, writes and verifies them; what they never widen."""

from __future__ import annotations

import ast
import pathlib

import pytest
from django.test import Client
from django.urls import reverse

from backchannel.core.errors import (
    NotFound,
    PermissionDenied,
    PledgeRequired,
    ValidationFailed,
)
from backchannel.ideas.services import idea_update
from backchannel.participants.services import (
    person_create,
    pledge_accept,
    seat_create,
)
from backchannel.processes.access import access_process_by_id
from backchannel.translations import services
from backchannel.translations.access import access_source, access_translation_by_id
from backchannel.translations.models import ContentTranslation
from backchannel.translations.registry import KINDS
from backchannel.translations.selectors import side_by_side, translation_export
from tests.ideas.factories import first_version, float_idea
from tests.translations.factories import ARABIC, translate, translations_objects
from tests.world import SEAT_ROLES, World, make_user, take_up


def _new_interpreter(world: World) -> object:
    user = make_user("new-interpreter")
    person = person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Nadia Interpreter",
        gender="woman",
        capacity="other",
        level="broader",
        user=user,
    )
    take_up(
        world.access(),
        seat_create(access=world.access(), person=person, role="interpreter"),
    )
    return user


def test_an_interpreter_without_the_pledge_sees_nothing(world: World) -> None:
    objects = translations_objects(world)
    user = _new_interpreter(world)
    with pytest.raises(PledgeRequired) as exc:
        access_process_by_id(user, world.process.pk)
    assert "pledge" in exc.value.message
    # Objects of the process answer like ids that do not exist.
    for kind, source in (
        ("note", objects["translated_note"]),
        ("joint_text_version", objects["joint_text_version"]),
    ):
        with pytest.raises(NotFound):
            access_source(user, kind, source.pk)
    with pytest.raises(NotFound):
        access_translation_by_id(user, objects["translation"].pk)
    # The pledge, then everything an interpreter reads.
    pledge_accept(
        access=access_process_by_id(user, world.process.pk, before_pledge=True),
        accept=True,
    )
    kind, source, access = access_source(
        user, "note", objects["translated_note"].pk, translate=True
    )
    assert access.role == "interpreter"
    assert [t.language for t in side_by_side(access, kind, source).translations] == [
        "fr"
    ]


def test_the_pledge_must_be_ticked_and_is_for_interpreters(world: World) -> None:
    user = _new_interpreter(world)
    access = access_process_by_id(user, world.process.pk, before_pledge=True)
    with pytest.raises(ValidationFailed) as exc:
        pledge_accept(access=access, accept=False)
    assert "accept" in exc.value.errors
    with pytest.raises(PledgeRequired):
        access_process_by_id(user, world.process.pk)
    with pytest.raises(PermissionDenied):
        pledge_accept(access=world.access("participant"), accept=True)


def test_translations_never_widen_access(world: World) -> None:
    """A draft idea is hidden from participants: so are its translations."""
    access = world.access()
    idea = float_idea(access, title="Private balloon", status="draft")
    version = first_version(idea)
    translation = translate(access, "idea_version", version, "ru", "Текст")
    for role in ("participant", "observer", "interpreter", "rapporteur"):
        with pytest.raises(NotFound):
            access_translation_by_id(world.users[role], translation.pk)
        with pytest.raises(NotFound):
            access_source(world.users[role], "idea_version", version.pk)
    with pytest.raises(NotFound):
        access_translation_by_id(world.users["outsider"], translation.pk)
    # Once floated, everyone seated reads it, translation included.
    idea_update(access=access, idea=idea, status="floated")
    for role in SEAT_ROLES:
        found, _, _, _ = access_translation_by_id(world.users[role], translation.pk)
        assert str(found.text) == "Текст"


def test_who_writes_and_who_verifies(world: World) -> None:
    objects = translations_objects(world)
    note = objects["translated_note"]
    for role in ("participant", "observer"):
        with pytest.raises(PermissionDenied):
            access_source(world.users[role], "note", note.pk, translate=True)
    # Rapporteurs and managers write; they never verify.
    translation = translate(world.access("rapporteur"), "note", note, "ar", "نص")
    for role in ("org_convener", "convener", "facilitator", "rapporteur"):
        with pytest.raises(PermissionDenied):
            services.translation_verify(
                access=world.access(role), translation=translation
            )
    with pytest.raises(ValidationFailed) as exc:
        services.translation_update(
            access=world.access("facilitator"), translation=translation, mark="verified"
        )
    assert "mark" in exc.value.errors
    services.translation_verify(
        access=world.access("interpreter"), translation=translation
    )
    translation.refresh_from_db()
    assert translation.mark == "verified"
    assert translation.verifier_role == "interpreter"
    assert translation.verifier_id == world.seats["interpreter"].pk
    # A changed text is no longer verified.
    services.translation_update(
        access=world.access("rapporteur"), translation=translation, text="نص آخر"
    )
    translation.refresh_from_db()
    assert (translation.mark, translation.verifier_id) == ("draft", None)


def test_one_translation_per_language_and_not_the_original_one(world: World) -> None:
    objects = translations_objects(world)
    note = objects["translated_note"]
    access = world.access()
    with pytest.raises(ValidationFailed):
        translate(access, "note", note, "fr", "Encore")
    services.original_language_set(
        access=access, kind=KINDS["note"], source=note, language="en"
    )
    with pytest.raises(ValidationFailed) as exc:
        translate(access, "note", note, "en", "Same")
    assert "language" in exc.value.errors
    with pytest.raises(ValidationFailed):
        translate(access, "note", note, "Not a code!", "x")
    with pytest.raises(ValidationFailed):
        translate(access, "note", note, "es", "   ")
    # A joint text's original language is its language of record.
    with pytest.raises(ValidationFailed):
        services.original_language_set(
            access=access,
            kind=KINDS["joint_text_version"],
            source=objects["joint_text_version"],
            language="fr",
        )


def test_deleting_the_original_deletes_its_translations(world: World) -> None:
    objects = translations_objects(world)
    version = objects["joint_text_version"]
    assert ContentTranslation.objects.filter(joint_text_version=version).exists()
    version.joint_text.delete()
    assert not ContentTranslation.objects.filter(joint_text_version=version).exists()


def test_the_exported_translation_is_not_authoritative(world: World) -> None:
    objects = translations_objects(world)
    access = world.access("participant")
    kind, source, access = access_source(
        world.users["participant"],
        "joint_text_version",
        objects["joint_text_version"].pk,
    )
    text = translation_export(side_by_side(access, kind, source, "ar"))
    assert "Language of record: en" in text
    assert "Not authoritative" in text
    assert ARABIC in text


def test_side_by_side_page_marks_languages_and_hides_the_seat(
    world: World, client: Client
) -> None:
    objects = translations_objects(world)
    version = objects["joint_text_version"]
    url = reverse("translations:side-by-side", args=["joint_text_version", version.pk])
    client.force_login(world.users["participant"])
    page = client.get(url + "?lang=ar").content.decode()
    assert 'lang="ar" dir="auto"' in page
    assert 'lang="en" dir="auto"' in page
    assert "Language of record" in page
    assert "verified by the Interpreter" in page
    pseudonym = str(world.seats["interpreter"].pseudonym)
    assert pseudonym not in page
    client.force_login(world.users["facilitator"])
    assert pseudonym in client.get(url + "?lang=ar").content.decode()


def test_the_app_imports_no_network_client() -> None:
    """Nothing in the app can send text to an outside translation service."""
    forbidden = {
        "http", "urllib", "urllib3", "requests", "httpx", "aiohttp", "socket",
        "ssl", "smtplib", "ftplib", "xmlrpc", "websockets", "googletrans",
        "deepl", "boto3", "openai",
    }  # fmt: skip
    root = pathlib.Path(__file__).parents[2] / "backchannel" / "translations"
    files = sorted(root.rglob("*.py"))
    assert files
    for path in files:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{path}: {name}"


def test_pages_send_an_interpreter_to_the_pledge_first(
    world: World, client: Client
) -> None:
    user = _new_interpreter(world)
    client.force_login(user)
    detail = reverse("processes:process-detail", args=[world.process.pk])
    pledge = reverse("translations:pledge", args=[world.process.pk])
    response = client.get(detail)
    assert (response.status_code, response["Location"]) == (302, pledge)
    page = client.get(pledge).content.decode()
    assert "confidentiality pledge" in page
    assert str(world.process.title) not in page
    assert client.post(pledge, {}).status_code == 422
    assert client.post(pledge, {"accept": "on"}).status_code == 302
    assert client.get(detail).status_code == 200


def test_a_chatham_house_translation_names_nobody_either(world: World) -> None:
    objects = translations_objects(world)
    note = objects["translated_note"]  # in the Chatham House segment
    with pytest.raises(ValidationFailed) as exc:
        translate(world.access(), "note", note, "es", "Person Participant dijo que sí.")
    assert "Chatham House" in exc.value.errors["text"][0]
    with pytest.raises(ValidationFailed):
        services.translation_update(
            access=world.access(),
            translation=objects["translation"],
            text="Person Participant a dit oui.",
        )
