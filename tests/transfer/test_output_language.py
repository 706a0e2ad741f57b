"""Outputs keep their language and their translations: exports state the
language (a joint statement's language of record), translations of an output
are read by exactly the output's readers, and the output page links to them."""

from __future__ import annotations

import io
import json

import docx
import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from backchannel.accounts.services import api_token_create
from backchannel.core.errors import NotFound, ValidationFailed
from backchannel.transfer import services
from backchannel.translations.access import access_source, access_translation_by_id
from backchannel.translations.models import ContentTranslation
from backchannel.translations.registry import KINDS
from backchannel.translations.services import original_language_set, translation_add
from tests.transfer.factories import CLEAN_BODY, make_output
from tests.world import World


def _export_text(world: World, output, fmt: str) -> str:
    data, _type, _name = services.output_export(
        access=world.access("facilitator"), output=output, fmt=fmt
    )
    if fmt == "md":
        return data.decode()
    if fmt == "docx":
        return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_an_output_starts_in_english_and_keeps_a_stated_language(
    world: World,
) -> None:
    access = world.access("facilitator")
    assert make_output(access).language == "en"
    output = make_output(access, language="fr")
    assert output.language == "fr"
    services.output_update(access=access, output=output, language="pt-BR")
    output.refresh_from_db()
    assert output.language == "pt-BR"
    with pytest.raises(ValidationFailed) as exc:
        services.output_update(access=access, output=output, language="French!")
    assert "language" in exc.value.errors


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_every_format_states_the_language(world: World, fmt: str) -> None:
    access = world.access("facilitator")
    memo = make_output(access, language="fr")
    text = _export_text(world, memo, fmt)
    assert "Language: French" in text and "Language of record" not in text
    joint = make_output(access, kind="joint_statement", language="fr")
    text = _export_text(world, joint, fmt)
    assert "Language of record: French" in text
    assert CLEAN_BODY[:30] in text.replace("\n", " ").replace("\r", "")


def test_the_api_takes_and_gives_the_language(client: Client, world: World) -> None:
    token = api_token_create(user=world.users["rapporteur"], label="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"kind": "non_paper", "audience": "mediators", "title": "Non-paper"}
    response = client.post(
        f"/api/processes/{world.process.pk}/outputs",
        json.dumps({**body, "language": "ru"}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "ru"
    response = client.post(
        f"/api/processes/{world.process.pk}/outputs",
        json.dumps({**body, "language": "not a code"}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422
    assert "language" in response.content.decode()


def test_the_form_sets_the_language_and_the_page_links_translations(
    client: Client, world: World
) -> None:
    client.force_login(world.users["facilitator"])
    response = client.post(
        reverse("transfer:output-create", args=[world.process.pk]),
        {
            "title": "Memo",
            "kind": "memo_to_mediators",
            "audience": "mediators",
            "classification": "confidential",
            "language": "fr",
            "body": CLEAN_BODY,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    output = world.process.outputs.get()
    assert output.language == "fr"
    page = client.get(reverse("transfer:output-detail", args=[output.pk])).content
    link = reverse("translations:side-by-side", args=["output", output.pk])
    assert f'href="{link}"'.encode() in page
    assert b"French" in page
    side = client.get(link)
    assert side.status_code == 200 and CLEAN_BODY.encode() in side.content


def test_a_translation_of_an_output_has_exactly_the_outputs_readers(
    client: Client, world: World
) -> None:
    output = make_output(world.access("facilitator"), language="en")
    translation = translation_add(
        access=world.access("rapporteur"),
        kind=KINDS["output"],
        source=output,
        language="fr",
        text="Les deux délégations ont vu l'intérêt d'une station commune.",
    )
    assert translation.output_id == output.pk and translation.source_field == "output"
    for role in ("org_convener", "convener", "facilitator", "rapporteur"):
        found, _kind, source, _access = access_translation_by_id(
            world.users[role], translation.pk
        )
        assert found == translation and source == output
    # Those who may not read the output (interpreters and participants do not
    # see outputs) may not read its translations either.
    # For them neither exists: the NotFound of a random id (issue 22, 5).
    for role in ("participant", "interpreter"):
        with pytest.raises(NotFound):
            access_translation_by_id(world.users[role], translation.pk)
        with pytest.raises(NotFound):
            access_source(world.users[role], "output", output.pk)
        client.force_login(world.users[role])
        url = reverse("translations:translation-export", args=[translation.pk])
        assert client.get(url).status_code == 404  # as for a random id
    with pytest.raises(NotFound):
        access_translation_by_id(world.users["outsider"], translation.pk)
    # The original cannot claim the translation's language; a draft's stated
    # language changes, a joint statement's language of record does not here.
    with pytest.raises(ValidationFailed):
        original_language_set(
            access=world.access("rapporteur"),
            kind=KINDS["output"],
            source=output,
            language="fr",
        )
    joint = make_output(world.access("facilitator"), kind="joint_statement")
    with pytest.raises(ValidationFailed):
        original_language_set(
            access=world.access("rapporteur"),
            kind=KINDS["output"],
            source=joint,
            language="de",
        )
    assert KINDS["output"].language_of_record(joint) == "en"
    assert KINDS["output"].language_of_record(output) is None
    services.output_delete(access=world.access("facilitator"), output=output)
    assert not ContentTranslation.objects.filter(pk=translation.pk).exists()
