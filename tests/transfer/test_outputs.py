"""Outputs: composition from notes and idea versions, exports without metadata,
release (frozen, hashed) and the two-key override recorded without content."""

from __future__ import annotations

import hashlib
import io
import zipfile

import docx
import pytest
from django.test import Client
from django.urls import reverse

from backchannel.core.errors import GateBlocked, PermissionDenied, ValidationFailed
from backchannel.core.models import AuditEvent
from backchannel.core.pdf import document_metadata
from backchannel.participants.logins import same_login
from backchannel.records.services import note_record
from backchannel.transfer import services
from backchannel.transfer.models import GateOverride
from tests.ideas.factories import float_idea
from tests.records.factories import meeting_with, segment
from tests.transfer.factories import CLEAN_BODY, NAME, make_output, named_seat
from tests.web.test_destroy import reauthenticated
from tests.world import World

NAMED = f"{NAME} proposed a joint gauge station at the border."


def test_composing_inserts_note_text_never_a_speaker_and_keeps_the_links(
    world: World,
) -> None:
    access = world.access("facilitator")
    meeting, seats = meeting_with(world, north=3, south=1)
    speaker = seats["north"][0]
    on_the_record = note_record(
        access=world.access(),
        segment=segment(meeting, "on_record"),
        text="The chair opened the round.",
        speaker=speaker,
    )
    assert on_the_record.speaker == speaker
    note = note_record(
        access=world.access(),
        segment=segment(meeting, "chatham_house"),
        text="Flow data could be shared.",
    )
    idea = float_idea(world.access())
    version = idea.versions.get(number=1)
    output = make_output(access, body="Our reading of the round:")
    services.output_insert(
        access=access,
        output=output,
        note_ids=[on_the_record.pk, note.pk],
        version_ids=[version.pk],
    )
    body = str(output.body)
    assert body.startswith("Our reading of the round:")
    assert "> Flow data could be shared." in body
    assert str(version.text) in body
    assert "> The chair opened the round." in body
    assert str(speaker.pseudonym) not in body and "Norda" not in body
    assert [s["type"] for s in output.sources] == ["note", "note", "idea_version"]
    assert output.sources[1]["id"] == str(note.pk)


def test_notes_of_another_process_cannot_be_inserted(world: World) -> None:
    from tests.records.factories import rival_records_objects

    rival_note = rival_records_objects(world)["note"]
    output = make_output(world.access("facilitator"))
    with pytest.raises(ValidationFailed) as exc:
        services.output_insert(
            access=world.access("facilitator"), output=output, note_ids=[rival_note.pk]
        )
    assert "sources" in exc.value.errors


def test_participants_neither_compose_nor_see_outputs(world: World) -> None:
    output = make_output(world.access("rapporteur"))
    client = Client()
    for role in ("participant", "observer", "interpreter"):
        client.force_login(world.users[role])
        for name in ("transfer:output-detail", "transfer:output-export"):
            # For them an output does not exist: the 404 of a random id.
            assert client.get(reverse(name, args=[output.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        make_output(world.access("participant"))


def test_docx_export_carries_no_metadata(world: World) -> None:
    output = make_output(world.access("facilitator"), body=CLEAN_BODY)
    data, content_type, _name = services.output_export(
        access=world.access("facilitator"), output=output, fmt="docx"
    )
    assert content_type.endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(data))
    props = document.core_properties
    assert props.author == props.last_modified_by == props.title == ""
    assert props.comments == props.subject == props.keywords == props.category == ""
    assert props.revision == 0  # no revision count: python-docx reads it as 0
    assert props.created.year == props.modified.year == 1970
    package = zipfile.ZipFile(io.BytesIO(data))
    app = package.read("docProps/app.xml").decode()
    for trail in ("Company", "Manager", "Application", "AppVersion", "Template"):
        assert trail not in app
    core = package.read("docProps/core.xml").decode()
    for trail in ("creator", "lastModifiedBy", "revision", "python-docx", "title"):
        assert trail not in core
    assert "docProps/thumbnail.jpeg" not in package.namelist()
    assert b"rsid" not in package.read("word/document.xml")
    # ... and the text is all there.
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Memo on the gauge station" and CLEAN_BODY in texts


def test_pdf_export_carries_no_metadata(world: World) -> None:
    import pypdfium2

    output = make_output(world.access("facilitator"), body=CLEAN_BODY)
    data, content_type, _name = services.output_export(
        access=world.access("facilitator"), output=output, fmt="pdf"
    )
    assert content_type == "application/pdf"
    assert document_metadata(data) == {}
    pdf = pypdfium2.PdfDocument(data)
    text = pdf[0].get_textpage().get_text_range()
    assert "gauge station" in text


def test_markdown_export_is_the_gated_document(world: World) -> None:
    output = make_output(world.access("facilitator"), body=CLEAN_BODY)
    data, _type, name = services.output_export(
        access=world.access("facilitator"), output=output, fmt="md"
    )
    assert data.decode() == (
        f"# Memo on the gauge station\n\nLanguage: English\n\n{CLEAN_BODY}\n"
    )
    assert name.endswith(".md")


def test_release_freezes_and_hashes_the_text(world: World) -> None:
    access = world.access("facilitator")
    output = make_output(access)
    services.output_release(access=access, output=output)
    output.refresh_from_db()
    text = f"# Memo on the gauge station\n\n{CLEAN_BODY}\n"
    assert output.released and str(output.body) == text
    assert output.released_hash == hashlib.sha256(text.encode()).hexdigest()
    with pytest.raises(ValidationFailed):
        services.output_update(access=access, output=output, body="changed")
    with pytest.raises(ValidationFailed):
        services.output_redact(access=access, output=output)
    assert AuditEvent.objects.filter(verb="output.release", target_id=str(output.pk))


def _post(client: Client, output: object, action: str, data: dict | None = None):
    url = reverse("transfer:output-release-action", args=[output.pk, action])  # type: ignore[attr-defined]
    return client.post(url, data or {})


def _manager(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return reauthenticated(client)


def test_an_override_needs_two_different_managers_and_the_audit_keeps_no_content(
    world: World,
) -> None:
    seat = named_seat(world)
    output = make_output(world.access("facilitator"), body=NAMED)
    with pytest.raises(GateBlocked):
        services.output_release(access=world.access("facilitator"), output=output)

    first = _manager(world, "facilitator")
    assert (
        _post(
            first, output, "override", {"reason": "She asked to be named."}
        ).status_code
        == 302
    )
    # The requester cannot confirm alone.
    assert _post(first, output, "confirm").status_code == 403
    output.refresh_from_db()
    assert not output.released
    # Neither can a rapporteur.
    assert _post(_manager(world, "rapporteur"), output, "confirm").status_code == 403

    second = _manager(world, "convener")
    assert _post(second, output, "confirm").status_code == 302
    output.refresh_from_db()
    assert output.released

    override = GateOverride.objects.get(output=output)
    assert same_login(override.confirmed_by, world.users["convener"])
    assert same_login(override.requested_by, world.users["facilitator"])
    finding = override.findings[0]
    assert finding["kind"] == "name"
    assert finding["seat"] == str(seat.pseudonym)
    assert (finding["start"], finding["end"]) == (
        str(output.body).index(NAME),
        str(output.body).index(NAME) + len(NAME),
    )
    assert NAME not in str(override.findings)
    verbs = list(
        AuditEvent.objects.filter(process_id=world.process.pk)
        .order_by("seq")
        .values_list("verb", "target_type", "target_id")
    )
    assert ("output.override_request", "GateOverride", str(override.pk)) in verbs
    assert ("output.override_confirm", "GateOverride", str(override.pk)) in verbs
    assert any(v[0] == "output.override_confirm" for v in verbs)
    assert any(v[0] == "output.release_override" for v in verbs)
    for event in AuditEvent.objects.all():
        assert NAME not in event.canonical().decode()
    # The override covers this exact text: its export passes the gate.
    data, _t, _n = services.output_export(
        access=world.access("facilitator"), output=output, fmt="md"
    )
    assert NAME in data.decode()


def test_an_override_lapses_when_the_text_changes(world: World) -> None:
    named_seat(world)
    output = make_output(world.access("facilitator"), body=NAMED)
    services.override_request(
        access=world.access("facilitator"), output=output, reason="Agreed with her."
    )
    services.output_update(
        access=world.access("facilitator"), output=output, body=NAMED + " Again."
    )
    with pytest.raises(ValidationFailed):
        services.override_confirm(access=world.access("convener"), output=output)
    output.refresh_from_db()
    assert not output.released


def test_releasing_asks_for_the_password_again(world: World) -> None:
    output = make_output(world.access("facilitator"))
    client = Client()
    client.force_login(world.users["convener"])  # logged in, not re-authenticated
    response = _post(client, output, "release")
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    output.refresh_from_db()
    assert not output.released
