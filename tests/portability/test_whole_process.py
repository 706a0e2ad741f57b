"""The process file carries the whole process, and refuses a bad one whole."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from backchannel.accounts.models import User
from backchannel.accounts.services import organisation_create
from backchannel.core.errors import ValidationFailed
from backchannel.demo import DemoInfo
from backchannel.participants.models import Person, Seat
from backchannel.participants.services import seat_leave
from backchannel.portability.kinds import KINDS
from backchannel.portability.services import (
    process_export,
    process_import,
    validate_process_document,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.records.models import Note
from backchannel.transfer.models import Output
from backchannel.transfer.services import output_create, override_request
from tests.world import World

V1 = Path(__file__).parent.parent / "data" / "process-v1.json"


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_the_whole_demo_process_moves_to_a_fresh_organisation(demo: DemoInfo) -> None:
    access = ProcessAccess.operator(demo.process)
    # The one kind the demo lacks: a release despite the gate, asked for.
    convener = access_process_by_id(
        User.objects.get(username="demo-convener"), demo.process.pk, manage=True
    )
    name = str(Seat.objects.filter(process=demo.process).first().person.name)
    draft = output_create(
        access=convener,
        kind="memo_to_mediators",
        audience="mediators",
        title="Who spoke",
        body=f"{name} proposed the exchange.",
    )
    override_request(access=convener, output=draft, reason="Agreed with them.")
    document = process_export(access=access)
    for kind in [k.name for k in KINDS] + ["ballots"]:
        assert document[kind], f"the demo file carries no {kind}"

    fresh = organisation_create(name="Receiving Institute")
    copied = process_import(organisation=fresh, data=copy.deepcopy(document))
    again = process_export(access=ProcessAccess.operator(copied))

    # Identical apart from the organisation it lives in: every kind was carried.
    assert again["process"].pop("organisation") == fresh.slug
    assert document["process"].pop("organisation") == demo.organisation.slug
    assert again == document
    # New rows, encrypted under the new process's key, read back as exported.
    notes = Note.objects.filter(meeting__process=copied)
    assert notes.count() == len(document["notes"])
    assert {n.data_key_id for n in notes} == {copied.data_key_id}
    assert not notes.filter(pk__in=Note.objects.filter(meeting__process=demo.process))
    assert {str(n.text) for n in notes} == {n["text"] for n in document["notes"]}
    # Chatham House attribution travels with each note: the speaker on the
    # record only, the attribution as written.
    spoken = [n for n in document["notes"] if n["speaker"]]
    assert spoken and {n["rule"] for n in spoken} == {"on_record"}
    # An output's sources name the notes and idea versions by their keys.
    sources = [s for o in document["outputs"] for s in o["sources"]]
    assert sources and all(s["id"].startswith("key:") for s in sources)
    # Logins do not travel: no one has a login, no output an author.
    assert not Person.objects.filter(
        organisation=fresh, login_index__isnull=False
    ).exists()
    assert not Output.objects.filter(process=copied, created_by__isnull=False)


def test_a_version_1_file_still_reads(world: World) -> None:
    """A file exported before the content was carried (tests/data/process-v1.json,
    written by that code) imports, and exports again as version 2 with the
    same design and roster."""
    old = json.loads(V1.read_text(encoding="utf-8"))
    assert old["version"] == 1
    assert validate_process_document(old) == []
    copied = process_import(organisation=world.rival, data=old)
    new = process_export(access=ProcessAccess.operator(copied))
    assert new["version"] == 2
    for meeting in new["meetings"]:
        del meeting["key"]
        for segment in meeting["segments"]:
            del segment["key"]
    for part in ("sides", "phases", "objectives", "participants", "meetings"):
        assert new[part] == old[part], part
    assert new["notes"] == []


def _with_content(world: World) -> dict[str, Any]:
    document = process_export(access=ProcessAccess.operator(world.process))
    document["notes"] = [
        {
            "key": "note-1",
            "meeting": "meeting-1",
            "segment": document["meetings"][0]["segments"][0]["key"],
            "rule": "chatham_house",
            "position": 1,
            "text": "A point made under the rule.",
            "created_on": "2026-03-01",
        }
    ]
    document["consultations"] = [
        {"key": "consultation-1", "title": "Priorities", "status": "open"}
    ]
    document["statements"] = [
        {
            "key": "statement-1",
            "consultation": "consultation-1",
            "number": 1,
            "text": "Share the gauge data monthly.",
            "origin": "seed",
            "status": "accepted",
        }
    ]
    document["ballots"] = [
        {
            "key": "ballot-1",
            "consultation": "consultation-1",
            "votes": {"statement-1": 1},
        }
    ]
    return document


def test_content_imports_with_a_new_public_link(world: World) -> None:
    document = _with_content(world)
    assert validate_process_document(document) == []
    copied = process_import(organisation=world.org, data=document)
    again = process_export(access=ProcessAccess.operator(copied))
    assert again["notes"][0]["text"] == "A point made under the rule."
    assert again["ballots"][0]["votes"] == {"statement-1": 1}
    consultation = copied.consultations.get()
    assert len(str(consultation.token)) >= 32


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda d: d["notes"][0].update(segment="segment-9"),
         "$.notes[0].segment", "unknown segment key 'segment-9'"),
        (lambda d: d["notes"][0].update(rule="chatham"),
         "$.notes[0].rule", "(did you mean 'chatham_house'?)"),
        (lambda d: d["notes"][0].pop("text"), "$.notes[0].text", "missing"),
        (lambda d: d["notes"].append(dict(d["notes"][0])),
         "$.notes[1].key", "also the key at [0]"),
        (lambda d: d["ballots"][0]["votes"].update({"statement-1": 2}),
         "$.ballots[0].votes.statement-1", "is not a vote"),
        (lambda d: d["statements"][0].update(consultation="consultation-2"),
         "$.statements[0].consultation", "use one of ['consultation-1']"),
        (lambda d: d.update(outputs=[{"key": "o", "kind": "memo"}]),
         "$.outputs[0].kind", "is not a valid kind"),
    ],
)  # fmt: skip
def test_a_content_problem_names_its_path_and_nothing_is_written(
    world: World, change: Any, path: str, words: str
) -> None:
    document = _with_content(world)
    change(document)
    problems = {p.path: p.message for p in validate_process_document(document)}
    assert path in problems, problems
    assert words in problems[path]
    before = row_counts()
    with pytest.raises(ValidationFailed) as refused:
        process_import(organisation=world.org, data=document)
    assert path in refused.value.errors
    assert row_counts() == before


def test_a_row_the_database_refuses_rolls_the_whole_import_back(world: World) -> None:
    document = _with_content(world)
    # Off-record segments keep no notes: the note model's own constraint
    # refuses it, after the design and roster were written.
    document["notes"][0]["rule"] = "off_record"
    assert validate_process_document(document) == []
    before = row_counts()
    with pytest.raises(ValidationFailed) as refused:
        process_import(organisation=world.org, data=document)
    assert refused.value.errors["$.notes[0]"] == [
        "Off-record segments keep no notes. Correct this item, or export the "
        "process again."
    ]
    assert row_counts() == before


def test_a_speaker_is_named_on_the_record_only(world: World) -> None:
    document = _with_content(world)
    document["notes"][0]["speaker"] = document["participants"][0]["key"]
    problems = {p.path: p.message for p in validate_process_document(document)}
    assert "names no speaker" in problems["$.notes[0].speaker"]


V2_EXAMPLE = Path(__file__).parent.parent / "data" / "process-v2-example.json"


def test_the_version_2_example_imports_and_exports_unchanged(world: World) -> None:
    """tests/data/process-v2-example.json: one item of every kind, written by
    hand; it imports, and exports again as it was."""
    example = json.loads(V2_EXAMPLE.read_text(encoding="utf-8"))
    assert validate_process_document(example) == []
    copied = process_import(organisation=world.org, data=copy.deepcopy(example))
    again = process_export(access=ProcessAccess.operator(copied))
    assert again["process"].pop("organisation") == world.org.slug
    example["process"].pop("organisation")
    for kind in example:
        assert again[kind] == example[kind], kind


def test_a_seat_that_left_stays_left(world: World) -> None:
    seat_leave(
        access=access_process_by_id(world.users["participant"], world.process.pk)
    )
    document = process_export(access=ProcessAccess.operator(world.process))
    (left,) = [p for p in document["participants"] if "left_on" in p]
    copied = process_import(organisation=world.rival, data=document)
    (seat,) = [
        s
        for s in Seat.objects.filter(process=copied)
        if str(s.pseudonym) == left["pseudonym"]
    ]
    assert seat.left_on is not None and seat.left_on.isoformat() == left["left_on"]
    assert seat.person.login_index is None  # the login did not travel
    assert seat.person.login is None
