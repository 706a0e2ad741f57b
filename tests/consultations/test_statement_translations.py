"""Statements in several languages: the original keeps its language, its
translations sit beside it (the translations registry, kind "statement"), the
public voter reads them in the language they pick, and a translation, public
text, passes the identification gate."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from backchannel.consultations.selectors import statement_in
from backchannel.core.errors import ValidationFailed
from backchannel.participants.services import person_create
from backchannel.translations.models import ContentTranslation
from backchannel.translations.registry import kind_named
from backchannel.translations.services import original_language_set, translation_add
from tests.consultations.conftest import Open
from tests.web.conftest import as_role
from tests.world import World

FRENCH = "Les lâchers d'eau de saison sèche devraient suivre un calendrier commun."


def _translate(world: World, opened: Open, text: str = FRENCH) -> ContentTranslation:
    access = world.access("facilitator")
    kind = kind_named("statement")
    first = opened.statements[0]
    original_language_set(access=access, kind=kind, source=first, language="en")
    return translation_add(
        access=access, kind=kind, source=first, language="fr", text=text
    )


def test_the_voter_reads_the_statement_in_the_language_they_pick(
    client: Client, world: World, opened: Open
) -> None:
    _translate(world, opened)
    french = client.get(opened.vote_url, HTTP_ACCEPT_LANGUAGE="fr")
    assert f'<p lang="fr" dir="auto">{escape(FRENCH)}</p>' in french.content.decode()
    # No Spanish translation: the original, in its own language.
    spanish = client.get(opened.vote_url, HTTP_ACCEPT_LANGUAGE="es")
    assert (
        f'<p lang="en" dir="auto">{opened.statements[0].text}</p>'
        in spanish.content.decode()
    )


def test_a_regional_reader_gets_the_translation_and_the_original_keeps_its_text(
    world: World, opened: Open
) -> None:
    _translate(world, opened)
    first = opened.statements[0]
    first.refresh_from_db()
    assert statement_in(first, "fr-ca") == (FRENCH, "fr")
    assert statement_in(first, "en") == (str(first.text), "en")
    assert statement_in(first, "") == (str(first.text), "en")
    assert str(first.text).startswith("Dry-season releases")


def test_a_translation_that_identifies_someone_is_refused(
    world: World, opened: Open
) -> None:
    person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Halvard Brennick",
        gender="man",
        capacity="expert",
        level="broader",
    )
    with pytest.raises(ValidationFailed) as refused:
        _translate(world, opened, text="Halvard Brennick devrait présider.")
    assert "Halvard Brennick" in refused.value.errors["text"][0]
    assert not ContentTranslation.objects.filter(
        statement=opened.statements[0]
    ).exists()


def test_a_manager_translates_from_the_moderation_page(
    client: Client, world: World, opened: Open
) -> None:
    as_role(client, world, "facilitator")
    page = client.get(
        reverse("consultations:statement-list", args=[opened.consultation.pk])
    ).content.decode()
    first = opened.statements[0]
    side_by_side = reverse("translations:side-by-side", args=["statement", first.pk])
    assert side_by_side in page
    assert str(first.text) in client.get(side_by_side).content.decode()
    create = reverse("translations:translation-create", args=["statement", first.pk])
    done = client.post(create, {"language": "fr", "text": FRENCH, "mark": "draft"})
    assert done.status_code == 302
    assert ContentTranslation.objects.get(statement=first).language == "fr"


def test_the_vote_page_keeps_the_original_beside_the_translation(
    client: Client, world: World, opened: Open
) -> None:
    _translate(world, opened)
    original = escape(str(opened.statements[0].text))
    french = client.get(opened.vote_url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<p lang="fr" dir="auto">{escape(FRENCH)}</p>' in french
    details = french[french.index('<details class="statement-original">') :]
    assert f'<p lang="en" dir="auto">{original}</p>' in details
    # the original itself: nothing to add beside it
    english = client.get(opened.vote_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "statement-original" not in english


def test_public_results_read_in_the_voters_language_with_the_original(
    client: Client, world: World, opened: Open
) -> None:
    from backchannel.consultations.services import analysis_run_now
    from tests.consultations.conftest import cast_all, two_camps

    _translate(world, opened)
    opened.consultation.public_results = True
    opened.consultation.save(update_fields=["public_results"])
    cast_all(opened, two_camps())
    analysis_run_now(consultation=opened.consultation)
    url = reverse("consultations:public-results", args=[opened.link])
    original = escape(str(opened.statements[0].text))
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'lang="fr" dir="auto">{escape(FRENCH)}</p>' in french
    assert f'<p lang="en" dir="auto">{original}</p>' in french  # in its <details>
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert escape(FRENCH) not in english
    assert original in english and "statement-original" not in english
