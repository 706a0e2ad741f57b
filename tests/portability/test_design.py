from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from backchannel.core.audit import audit_actor
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.models import AuditEvent
from backchannel.core.services import data_key_destroy
from backchannel.demo import DemoInfo
from backchannel.participants.logins import login_index
from backchannel.participants.models import Person, Seat
from backchannel.portability.services import (
    document_from_text,
    process_export,
    process_import,
    validate_process_document,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import ExternalProcess, Process
from backchannel.processes.services import ecosystem_link_create
from tests.world import MANAGING_ROLES, VIEWING_ROLES, World

EXAMPLE = Path(__file__).parent.parent / "data" / "process-example.json"


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_export_import_export_round_trips_the_world(world: World) -> None:
    from backchannel.processes.services import process_update

    process_update(access=world.access(), ground_rules="Speak for yourself only.")
    world.process.refresh_from_db()
    document = process_export(access=ProcessAccess.operator(world.process))
    assert document["process"]["ground_rules"] == "Speak for yourself only."
    copied = process_import(organisation=world.org, data=document)
    assert copied.pk != world.process.pk
    assert process_export(access=ProcessAccess.operator(copied)) == document
    assert document["participants"][0]["key"] == "p-01"
    assert {p["role"] for p in document["participants"]} == {
        "convener",
        "facilitator",
        "rapporteur",
        "participant",
        "observer",
        "interpreter",
    }
    assert document["meetings"][0]["attendance"] == [
        p["key"] for p in document["participants"] if p["role"] == "participant"
    ]


def test_an_import_into_another_organisation_creates_its_own_people(
    world: World,
) -> None:
    document = process_export(access=ProcessAccess.operator(world.process))
    people_before = Person.objects.filter(organisation=world.rival).count()
    copied = process_import(organisation=world.rival, data=document)
    again = process_export(access=ProcessAccess.operator(copied))
    assert again["process"].pop("organisation") == world.rival.slug
    assert document["process"].pop("organisation") == world.org.slug
    assert again == document
    assert Person.objects.filter(organisation=world.rival).count() == (
        people_before + len(document["participants"])
    )
    # Imported people have no login: users do not travel between deployments.
    assert not Person.objects.filter(
        organisation=world.rival, login_index__isnull=False
    ).exclude(login_index=login_index(world.users["outsider"].pk))


def test_the_demo_processes_round_trip(demo: DemoInfo) -> None:
    info = demo
    for process in Process.objects.filter(organisation=info.organisation):
        document = process_export(access=ProcessAccess.operator(process))
        copied = process_import(organisation=info.organisation, data=document)
        assert process_export(access=ProcessAccess.operator(copied)) == document
    main = process_export(access=ProcessAccess.operator(info.process))
    assert len(main["participants"]) >= 20
    assert {e["kind"] for e in main["ecosystem"]} == {"track_1", "track_3"}


def test_a_link_to_another_workspace_process_travels_as_an_external_one(
    world: World,
) -> None:
    ecosystem_link_create(
        access=world.access(),
        relation="feeds_into",
        target_process=world.other_process,
        note="Shared rapporteur",
    )
    document = process_export(access=ProcessAccess.operator(world.process))
    assert document["ecosystem"] == [
        {
            "relation": "feeds_into",
            "name": "Border Trade Track Two",
            "kind": "track_2",
            "description": "",
            "note": "Shared rapporteur",
        }
    ]
    externals = ExternalProcess.objects.filter(organisation=world.org).count()
    process_import(organisation=world.org, data=document)
    process_import(organisation=world.org, data=document)
    # The second import reuses the external process the first one created.
    assert ExternalProcess.objects.filter(organisation=world.org).count() == (
        externals + 1
    )


def test_only_managers_export_and_every_export_is_audited(world: World) -> None:
    for role in sorted(VIEWING_ROLES):
        access = access_process_by_id(world.users[role], world.process.pk)
        if role in MANAGING_ROLES:
            document = process_export(access=access)
            assert document["process"]["title"] == "Lakeshore Water Dialogue", role
            event = AuditEvent.objects.order_by("-seq").first()
            assert event is not None
            assert (event.verb, audit_actor(event).user_id) == (
                "process.export",
                str(access.actor.pk),
            )
            assert event.process_id == world.process.pk
        else:
            before = AuditEvent.objects.count()
            with pytest.raises(PermissionDenied):
                process_export(access=access)
            assert AuditEvent.objects.count() == before, role
    process_export(access=ProcessAccess.operator(world.process))
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.verb, event.actor_id, event.actor_label) == (
        "process.export",
        None,
        "system",
    )


def test_an_export_leaves_out_links_to_processes_the_actor_cannot_see(
    world: World,
) -> None:
    ecosystem_link_create(
        access=world.access(),
        relation="parallel_to",
        target_process=world.other_process,
    )
    facilitator = access_process_by_id(world.users["facilitator"], world.process.pk)
    assert process_export(access=facilitator)["ecosystem"] == []
    assert len(process_export(access=world.access())["ecosystem"]) == 1


def test_an_export_can_leave_contacts_out(world: World) -> None:
    with_contacts = process_export(access=ProcessAccess.operator(world.process))
    without = process_export(
        access=ProcessAccess.operator(world.process), contacts=False
    )
    assert all("contact" in p for p in with_contacts["participants"])
    assert not any("contact" in p for p in without["participants"])
    assert validate_process_document(without) == []


def test_a_destroyed_process_cannot_be_exported(world: World) -> None:
    data_key_destroy(key=world.process.data_key)
    process = Process.objects.select_related("data_key").get(pk=world.process.pk)
    with pytest.raises(NotFound):
        process_export(access=ProcessAccess.operator(process))


def test_an_import_by_a_user_needs_an_organisation_convener(world: World) -> None:
    document = process_export(access=ProcessAccess.operator(world.process))
    before = row_counts()
    with pytest.raises(PermissionDenied):
        process_import(
            organisation=world.org, data=document, actor=world.users["facilitator"]
        )
    assert row_counts() == before
    copied = process_import(
        organisation=world.org, data=document, actor=world.users["org_convener"]
    )
    labels = {
        audit_actor(e).label for e in AuditEvent.objects.filter(process_id=copied.pk)
    }
    assert labels == {"org-convener"}


def test_the_example_file_is_valid_and_imports(world: World) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert validate_process_document(data) == []
    process = process_import(organisation=world.org, data=data)
    assert process.sides.count() == 2
    seats = Seat.objects.filter(process=process).select_related("person")
    assert seats.count() == 5
    holt = next(s.person for s in seats if str(s.person.name) == "Brenna Holt")
    assert holt.contact["emails"] == ["b.holt@example.net"]
    document = process_export(access=ProcessAccess.operator(process))
    # A current affiliation given as text becomes an affiliation record.
    assert document["participants"][0]["affiliations"] == [
        {
            "organisation": "Chair, Calder Herders' Union",
            "title": "",
            "starts_on": None,
            "ends_on": None,
        }
    ]
    assert document["meetings"][0]["venue_withheld"] is True


def _broken(document: dict[str, Any]) -> dict[str, Any]:
    bad = copy.deepcopy(document)
    bad["version"] = 7
    bad["process"]["track"] = "3"
    bad["process"]["titel"] = "typo"
    bad["sides"][1]["name"] = bad["sides"][0]["name"].upper()
    bad["phases"][0]["ends_on"] = "2025-13-01"
    bad["objectives"][0]["phase"] = "phase-9"
    bad["objectives"][0]["indicators"][0]["target"] = "six"
    bad["participants"][3]["side"] = "side-9"
    bad["participants"][4]["gender"] = "female"
    del bad["participants"][5]["name"]
    bad["participants"][1]["contact"] = {"emails": ["not-an-address"]}
    bad["meetings"][0]["attendance"].append("p-99")
    bad["meetings"][0]["segments"][1]["record_rule"] = "chatham"
    bad["ecosystem"] = [{"relation": "feeds", "name": "Talks", "kind": "track_1"}]
    return bad


EXPECTED_PATHS = [
    "$.version",
    "$.process.titel",
    "$.process.track",
    "$.sides[1].name",
    "$.phases[0].ends_on",
    "$.objectives[0].phase",
    "$.objectives[0].indicators[0].target",
    "$.participants[1].contact.emails[0]",
    "$.participants[3].side",
    "$.participants[4].gender",
    "$.participants[5].name",
    "$.meetings[0].attendance[1]",
    "$.meetings[0].segments[1].record_rule",
    "$.ecosystem[0].relation",
]


def test_an_import_reports_every_problem_with_its_path_and_writes_nothing(
    world: World,
) -> None:
    bad = _broken(process_export(access=ProcessAccess.operator(world.process)))
    problems = validate_process_document(bad)
    assert sorted(p.path for p in problems) == sorted(EXPECTED_PATHS)
    before = row_counts()
    with pytest.raises(ValidationFailed) as refused:
        process_import(organisation=world.org, data=bad)
    assert row_counts() == before
    assert sorted(refused.value.errors) == sorted(EXPECTED_PATHS)
    messages = {p.path: p.message for p in problems}
    assert messages["$.participants[3].side"] == (
        "unknown side key 'side-9'; use one of ['side-1', 'side-2']."
    )
    assert "(did you mean 'title'?)" in messages["$.process.titel"]
    assert "use one of ['1.5', '2']" in messages["$.process.track"]
    assert "YYYY-MM-DD" in messages["$.phases[0].ends_on"]
    assert "'p-99'" in messages["$.meetings[0].attendance[1]"]


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        ([], "$", "expected an object"),
        ({"format": "other", "version": 1}, "$.format", "not a Backchannel process file"),
        ({"sides": [{"key": "a", "name": "A"}]}, "$.sides", "at least two sides"),
        ({"participants": "p-01"}, "$.participants", "expected a list"),
        ({"participants": [{"key": "p-1", "capacity": "expert", "name": "X"}]},
         "$.participants[0].side", "a participant sits on a side"),
        ({"meetings": [{"title": "M", "date": "2026-01-01", "venue": "Villa",
                        "venue_withheld": True}]}, "$.meetings[0].venue", "withheld"),
        ({"objectives": [{"key": "o", "phase": None, "kind": "non_paper", "text": "T"}]},
         "$.objectives[0].phase", "unknown phase key null; add it to $.phases first"),
    ],
)  # fmt: skip
def test_each_kind_of_problem_names_its_path_and_the_fix(
    data: Any, path: str, words: str
) -> None:
    base = {
        "format": "backchannel-process",
        "version": 1,
        "process": {
            "title": "T",
            "track": "2",
            "stage": "preventive",
            "approach": "problem_solving",
        },
        "sides": [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}],
    }
    document = {**base, **data} if isinstance(data, dict) else data
    problems = validate_process_document(document)
    assert [p.path for p in problems] == [path]
    assert words in problems[0].message


def test_malformed_json_is_reported_with_line_and_column() -> None:
    with pytest.raises(ValidationFailed) as refused:
        document_from_text('{\n  "format": "backchannel-process",\n  "version": 1,\n}')
    (message,) = refused.value.errors["$"]
    assert message.startswith("not valid JSON at line 4, column 1:")
