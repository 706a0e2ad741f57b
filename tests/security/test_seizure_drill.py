"""The seizure drill: the database is taken. What does it reveal?

≥200 unique marker strings go in through the services (names, aliases,
contacts, affiliations, titles, notes, their translations, ideas, feedback, outputs
and the transfer ledger); then the raw SQLite file
and its WAL and SHM, a logical dump of every table (what ``pg_dump`` would print), an
exported backup and the logs are scanned. None may appear, nor the session
cookie of a logged-in user, nor a login's id in any row a process leads to
(the join from a login to the processes, sides and roles of its seats). Without the master key nothing decrypts;
after destroying a process, none of its markers is recoverable even with it.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import secrets
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from backchannel.core import crypto
from backchannel.core.backup import backup_write
from backchannel.core.errors import DecryptionError
from backchannel.meetings.services import meeting_create
from backchannel.participants.services import (
    affiliation_add,
    person_create,
    seat_create,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Process
from backchannel.processes.services import (
    external_process_create,
    indicator_create,
    objective_create,
    phase_create,
    process_create,
    process_destroy,
)
from tests.security.login_links import logins_in_clear
from tests.world import PASSWORD, World


class Markers:
    def __init__(self) -> None:
        self.all: list[str] = []

    def __call__(self, label: str) -> str:
        value = f"MK{label}{secrets.token_hex(6)}"
        self.all.append(value)
        return value


def _load(markers: Markers, world: World) -> tuple[Process, list[str]]:
    actor = world.users["org_convener"]
    process = process_create(
        actor=actor,
        organisation=world.org,
        title=markers("title"),
        context=markers("context"),
        track="2",
        stage="negotiation",
        approach="outcome_driven",
        sides=[markers("side"), markers("side")],
    )
    before = len(markers.all)
    access = access_process_by_id(actor, process.pk)
    sides = list(process.sides.all())
    for i in range(40):
        person = person_create(
            actor=actor,
            organisation=world.org,
            name=markers("name"),
            aliases=[markers("alias")],
            contact={
                "emails": [f"{markers('mail')}@example.org"],
                "handles": [markers("handle")],
            },
            languages=["en"],
            gender="woman",
            capacity="expert",
            level="broader",
        )
        affiliation_add(
            actor=actor,
            person=person,
            organisation_name=markers("org"),
            title=markers("jobtitle"),
        )
        seat_create(access=access, person=person, role="participant", side=sides[i % 2])
    for _ in range(3):
        phase = phase_create(access=access, title=markers("phase"), stage="negotiation")
        objective = objective_create(
            access=access,
            phase=phase,
            kind="joint_statement",
            text=markers("objective"),
            expectation=markers("expectation"),
        )
        indicator_create(
            access=access,
            objective=objective,
            name=markers("indicator"),
            baseline=0,
            target=1,
        )
        meeting_create(
            access=access,
            title=markers("meeting"),
            date=dt.date(2026, 5, 1),
            phase=phase,
            venue=markers("venue"),
            agenda=[markers("agenda"), markers("agenda")],
            segments=[{"title": markers("segment"), "record_rule": "chatham_house"}],
        )
    external_process_create(
        actor=actor, organisation=world.org, name=markers("external"), kind="track_1"
    )
    # What is said in the room: notes, ideas and feedback.
    from backchannel.ideas.services import feedback_record, idea_create
    from backchannel.meetings.models import Meeting
    from backchannel.participants.models import Seat
    from backchannel.records.services import note_record
    from backchannel.translations.registry import KINDS
    from backchannel.translations.services import translation_add

    for meeting in Meeting.objects.filter(process=process):
        for segment in meeting.segments.all():
            for _ in range(3):
                note = note_record(access=access, segment=segment, text=markers("note"))
                # Translations of what is said, in two languages.
                for language in ("ar", "ru"):
                    translation_add(
                        access=access,
                        kind=KINDS["note"],
                        source=note,
                        language=language,
                        text=markers("translation"),
                    )
    seats = list(Seat.objects.filter(process=process, role="participant"))
    for _ in range(3):
        idea = idea_create(
            access=access,
            title=markers("ideatitle"),
            text=markers("idea"),
            status="floated",
        )
        version = idea.versions.get()
        for seat in seats[:10]:
            feedback_record(
                access=ProcessAccess.operator(seat.process, seat=seat),
                version=version,
                stance="acceptable_if",
                conditions=[markers("condition")],
                red_lines=[markers("redline")],
                comment=markers("feedback"),
            )
    # What leaves: outputs, their ledger and uptake.
    from backchannel.transfer.services import (
        output_create,
        output_release,
        transfer_create,
        uptake_create,
    )

    for _ in range(3):
        output = output_create(
            access=access,
            kind="confidential_briefing",
            audience="track1_officials",
            title=markers("outputtitle"),
            body=markers("outputbody"),
        )
        output_release(access=access, output=output)
        transfer = transfer_create(
            access=access,
            output=output,
            recipient=markers("recipient"),
            channel="memo",
            transferred_on=dt.date(2026, 5, 2),
            note=markers("transfernote"),
        )
        uptake_create(
            access=access,
            transfer=transfer,
            kind="acknowledged",
            observed_on=dt.date(2026, 5, 9),
            note=markers("uptakenote"),
        )
    # Trust over years: rounds, answers, contacts, outcomes, the register.
    from backchannel.evaluation.services import (
        answers_record,
        contacts_record,
        outcome_create,
        risk_create,
        round_create,
        transfer_strategy_set,
    )

    trust_round = round_create(
        access=access,
        title=markers("round"),
        held_on=dt.date(2026, 5, 1),
        status="open",
        custom_items=[markers("item")],
    )
    north = [seat for seat in seats if seat.side_id == sides[0].pk]
    south = [seat for seat in seats if seat.side_id == sides[1].pk]
    for seat in north[:10] + south[:10]:
        answers_record(
            access=ProcessAccess.operator(seat.process, seat=seat),
            trust_round=trust_round,
            answers=dict.fromkeys(ANSWER_KEYS, 4) | {"custom_1": 2},
        )
    for a, b in zip(north[:10], south[:10], strict=True):
        contacts_record(
            access=ProcessAccess.operator(a.process, seat=a),
            trust_round=trust_round,
            contacts=[{"seat": b.pk, "frequency": "often"}],
        )
    for _ in range(2):
        outcome_create(
            access=access,
            social_actor=markers("actor"),
            change=markers("change"),
            observed_on=dt.date(2026, 6, 1),
            significance=markers("significance"),
            contribution=markers("contribution"),
            evidence=markers("evidence"),
            verified_by=markers("verifier"),
        )
        risk_create(
            access=access,
            kind="safety",
            description=markers("risk"),
            likelihood=3,
            impact=5,
            mitigation=markers("mitigation"),
            owner=markers("owner"),
            review_on=dt.date(2026, 7, 1),
        )
    transfer_strategy_set(access=access, text=markers("transfer"))
    return process, markers.all[before:]


# What answers and contacts look like in the clear: none of it may be stored so.
ANSWER_KEYS = ["trust_other_side", "openness", "safe_to_speak", "process_matters"]
CLEAR_SHAPES = [*ANSWER_KEYS, "custom_1", '"frequency"', '"often"']


def _contact_rows_name_no_contacted_seat() -> bool:
    """The contact table holds the reporter's seat, never whom they met."""
    from backchannel.evaluation.models import ContactReport
    from backchannel.participants.models import Seat

    table = connection.ops.quote_name(ContactReport._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        rows = "\n".join(
            bytes(v).decode("latin-1") if isinstance(v, (bytes, memoryview)) else str(v)
            for row in cursor.fetchall()
            for v in row
        )
    reporters = set(ContactReport.objects.values_list("seat_id", flat=True))
    others = Seat.objects.exclude(pk__in=reporters).values_list("pk", flat=True)
    return bool(rows) and not any(str(pk) in rows or pk.hex in rows for pk in others)


def _files() -> bytes:
    if connection.vendor != "sqlite":
        return b""
    name = Path(connection.settings_dict["NAME"])
    files = [name, Path(f"{name}-wal"), Path(f"{name}-shm")]
    return b"".join(p.read_bytes() for p in files if p.exists())


def _logical_dump() -> str:
    """Every row of every table as text, as a dump would print it."""
    chunks = []
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        chunks.append(bytes(value).decode("latin-1"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks)


def _ciphertexts_under(key_id: object) -> list[bytes]:
    """Every stored encrypted value under one data key, as raw bytes."""
    from backchannel.core.fields import EncryptedField

    found = []
    for model in apps.get_models():
        fields = [
            f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)
        ]
        if not fields:
            continue
        with connection.cursor() as cursor:
            cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            cursor.execute(
                f"SELECT {cols} FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
                "WHERE data_key_id = %s",
                [key_id.hex if connection.vendor == "sqlite" else key_id],  # type: ignore[attr-defined]
            )
            found += [
                bytes(v) for row in cursor.fetchall() for v in row if v is not None
            ]
    return found


def _found(markers: list[str], haystacks: list[str | bytes]) -> list[str]:
    hits = []
    for marker in markers:
        for hay in haystacks:
            needle: str | bytes = marker.encode() if isinstance(hay, bytes) else marker
            if needle in hay:  # type: ignore[operator]
                hits.append(marker)
                break
    return hits


@pytest.mark.django_db(transaction=True)
def test_seizure_drill_reveals_no_marker_and_nothing_decrypts_without_the_master_key(
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    world: World,
) -> None:
    caplog.set_level(logging.DEBUG)
    markers = Markers()
    _process, _ = _load(markers, world)
    assert len(markers.all) >= 200
    # A logged-in user's session cookie: read from the database, it would log
    # the thief in as them (issue 15.1).
    browser = Client()
    browser.post(reverse("login"), {"login": "participant", "password": PASSWORD})
    assert browser.get(reverse("processes:process-list")).status_code == 200
    markers.all.append(browser.cookies[settings.SESSION_COOKIE_NAME].value)
    backup = io.BytesIO()
    backup_write(backup)
    out, err = capfd.readouterr()
    haystacks: list[str | bytes] = [
        _files(),
        _logical_dump(),
        backup.getvalue(),
        caplog.text,
        out,
        err,
    ]
    assert _found(markers.all, haystacks) == []
    # Trust answers and contact edges are numbers and ids, not markers: look for
    # their shape instead, and for the contacted seats in the contact table.
    assert _found(CLEAR_SHAPES, haystacks[:3]) == []
    assert _contact_rows_name_no_contacted_seat()
    # No row of a process (seats, invitations, outputs, the ledger) nor the
    # people they lead to holds a login's id: a logged-in participant and the
    # managers who loaded the markers are not joined to their processes.
    assert logins_in_clear() == {}

    # With the right key everything reads back...
    titles = {str(p.title) for p in Process.objects.all()}
    assert any(t.startswith("MKtitle") for t in titles)
    # ...and with any other master key nothing does.
    real = crypto.master_key()
    try:
        crypto.reset_caches()
        crypto._master = crypto.MasterKey(secrets.token_bytes(32))
        with pytest.raises(DecryptionError):
            _ = [str(p.title) for p in Process.objects.all()]
    finally:
        crypto.reset_caches()
        crypto._master = real


@pytest.mark.django_db(transaction=True)
def test_after_crypto_shredding_no_marker_of_the_process_is_recoverable_even_with_the_master_key(
    world: World,
) -> None:
    markers = Markers()
    process, process_markers = _load(markers, world)
    key_id = process.data_key_id
    ciphertexts = _ciphertexts_under(key_id)
    assert len(ciphertexts) > 50
    process_destroy(process=process, actor=None)
    crypto.reset_caches()
    # Even holding the master key, nothing of the process decrypts: its rows are
    # gone and its data key no longer exists in any readable form.
    assert not Process.objects.filter(pk=process.pk).exists()
    from backchannel.core.models import DataKey

    assert DataKey.objects.get(pk=key_id).destroyed_on is not None
    from backchannel.core import keystore

    assert keystore.get(key_id).wrapped is None
    in_process = [
        m
        for m in process_markers
        if not m.startswith(
            (
                "MKname",
                "MKalias",
                "MKmail",
                "MKhandle",
                "MKorg",
                "MKjobtitle",
                "MKexternal",
            )
        )
    ]
    assert _found(in_process, [_files(), _logical_dump()]) == []
    # Not even the ciphertext survives: not in the dump, not in the file or WAL.
    dump = _logical_dump().encode("latin-1", errors="replace")
    files = _files()
    assert [c for c in ciphertexts if c in dump or c in files] == []
    # What remained readable belongs to the organisation's registry, not the process.
    from backchannel.participants.models import Seat

    assert not Seat.objects.filter(process_id=process.pk).exists()
