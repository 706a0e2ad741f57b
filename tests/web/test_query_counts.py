"""The main workspace pages run the same number of SQL queries whatever the
size of the process (issue 20, point 4).

One world is measured twice: once filled a little, once five times more
(participants who took up their seats, meetings with attendance and notes,
ideas with feedback, closed trust rounds with answers, outputs,
consultations, and the audit entries all of that writes). Every main page is
opened by every role that may read it; its queries are counted each time and
must be the same at both sizes, and under a stated bound.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backchannel.accounts.services import user_create
from backchannel.consultations.services import consultation_create
from backchannel.evaluation.items import STANDARD_ITEMS
from backchannel.evaluation.models import TrustRound
from backchannel.evaluation.services import answers_record, round_create, round_update
from backchannel.ideas.models import IdeaVersion
from backchannel.ideas.services import feedback_record, idea_create
from backchannel.meetings.models import Meeting
from backchannel.meetings.services import attendance_set, meeting_create
from backchannel.participants.models import Seat
from backchannel.participants.services import person_create, seat_create
from backchannel.processes.access import ProcessAccess
from backchannel.records.services import note_record
from backchannel.transfer.services import output_create
from tests.web.conftest import Ids, WebWorld, as_role
from tests.world import PASSWORD, take_up

# Roles that read the workspace (the interpreter has its own tests).
ROLES = [
    "org_convener",
    "convener",
    "facilitator",
    "rapporteur",
    "participant",
    "observer",
]
MANAGERS = ["org_convener", "convener", "facilitator"]

_serial = itertools.count()


def _url(name: str, attr: str | None) -> Any:
    def url(ids: Ids) -> str:
        return reverse(name, args=[getattr(ids, attr)] if attr else [])

    return url


# page -> (url, roles that get 200, the most queries any of them may run:
# what they ran when this test was written, plus two for a change to come)
PAGES: dict[str, tuple[Any, list[str], int]] = {
    "dashboard": (_url("processes:process-detail", "process"), ROLES, 38),
    "roster": (_url("participants:seat-list", "process"), ROLES, 18),
    "meetings": (_url("meetings:meeting-list", "process"), ROLES, 16),
    "meeting": (_url("meetings:meeting-detail", "meeting"), ROLES, 22),
    "record": (_url("records:meeting-record", "meeting"), ROLES, 31),
    "ideas": (_url("ideas:idea-list", "process"), ROLES, 21),
    "idea": (_url("ideas:idea-detail", "idea"), ROLES, 22),
    "rounds": (
        _url("evaluation:round-list", "process"),
        [*MANAGERS, "participant"],
        20,
    ),
    "evaluation": (_url("evaluation:overview", "process"), MANAGERS, 33),
    "outputs": (_url("transfer:output-list", "process"), [*MANAGERS, "rapporteur"], 16),
    "consultations": (_url("consultations:consultation-list", "process"), ROLES, 19),
    "audit": (_url("accounts:audit-list", "organisation"), ["org_convener"], 15),
}


def _participants(web: WebWorld, per_side: int) -> list[Seat]:
    """New participants on both sides, each with a login and the seat taken up."""
    world = web.world
    access = world.access()
    seats = []
    for side in world.process.sides.order_by("position"):
        for _ in range(per_side):
            n = next(_serial)
            user = user_create(username=f"delegate-{n}", password=PASSWORD)
            person = person_create(
                actor=world.users["org_convener"],
                organisation=world.org,
                name=f"Delegate {side.name} Number{n}",
                gender="woman" if n % 2 else "man",
                capacity="expert",
                level="broader",
                user=user,
            )
            seat = seat_create(
                access=access, person=person, role="participant", side=side
            )
            seats.append(take_up(access, seat))
    return seats


def _grow(web: WebWorld, k: int) -> None:
    """Add ``k`` units of everything a process accumulates."""
    world = web.world
    access = world.access()
    seats = _participants(web, 3 * k)
    everyone = [world.seats["participant"].pk, *(s.pk for s in seats)]
    # the measured meeting: more attendance, more notes
    meeting = Meeting.objects.get(pk=web.ours.meeting)
    attendance_set(
        access=access,
        meeting=meeting,
        seat_ids=[*meeting.attendance, *everyone],
    )
    for segment in meeting.segments.all():
        for n in range(2 * k):
            note_record(access=access, segment=segment, text=f"Point {n} was raised.")
    # more meetings, each with its own record
    for _ in range(k):
        n = next(_serial)
        other = meeting_create(
            access=access,
            title=f"Round {n}",
            date=dt.date(2026, 3, 1) + dt.timedelta(days=n),
            phase=world.phase,
            agenda=["Review"],
            segments=[{"title": "Talk", "record_rule": "chatham_house"}],
        )
        attendance_set(access=access, meeting=other, seat_ids=everyone)
        note_record(access=access, segment=other.segments.get(), text="Options.")
    # feedback on the measured idea, and more ideas with theirs
    version = IdeaVersion.objects.get(pk=web.ours.idea_version)
    versions = [version]
    for _ in range(k):
        idea = idea_create(
            access=access,
            title=f"Balloon {next(_serial)}",
            text="A shared data portal.",
            status="floated",
            objectives=[world.objective],
        )
        versions.append(idea.versions.get())
    for seat in seats:
        for v in versions:
            feedback_record(
                access=ProcessAccess.operator(world.process, seat=seat),
                version=v,
                stance="acceptable_if" if seat.pk.int % 2 else "acceptable",
                conditions=["Data is shared both ways."] if seat.pk.int % 2 else None,
            )
    # closed trust rounds, each answered by the new participants
    for _ in range(k):
        trust_round = round_create(
            access=access,
            title=f"Round {next(_serial)}",
            held_on=dt.date(2026, 6, 1),
            status="open",
        )
        for seat in seats:
            answers_record(
                access=ProcessAccess.operator(world.process, seat=seat),
                trust_round=trust_round,
                answers=dict.fromkeys(STANDARD_ITEMS, 1 + seat.pk.int % 5),
            )
        round_update(
            access=access,
            trust_round=TrustRound.objects.get(pk=trust_round.pk),
            changes={"status": "closed"},
        )
    for _ in range(k):
        output_create(
            access=access,
            kind="memo_to_mediators",
            audience="mediators",
            title=f"Memo {next(_serial)}",
            body="Both delegations saw value in a shared data portal.",
        )
        consultation_create(
            access=access,
            title=f"Consultation {next(_serial)}",
            question="What should the basin plan hold?",
            seed_statements=["Share the data.", "Meet every month."],
        )


def _count(client: Client, web: WebWorld) -> dict[tuple[str, str], list[str]]:
    counts = {}
    for page, (url, roles, _bound) in PAGES.items():
        for role in roles:
            as_role(client, web.world, role)
            if page == "audit":
                # The audit page verifies the log from the last entry this
                # server verified (backchannel/core/audit_recent.py): the view
                # right after a burst of writes reads them all. Counted is the
                # view after that one, as a reader keeping the page open sees.
                client.get(url(web.ours))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url(web.ours))
            assert response.status_code == 200, (page, role, response.status_code)
            counts[page, role] = [q["sql"] for q in queries.captured_queries]
    return counts


def _shape(sql: str) -> str:
    """A statement without its values, so that the same query counts once."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _repeated(small: list[str], large: list[str]) -> list[str]:
    """The statements the larger process ran more often (what to fix)."""
    more = Counter(map(_shape, large)) - Counter(map(_shape, small))
    return [f"{n}x {sql[:300]}" for sql, n in more.most_common(3)]


def test_main_pages_run_as_many_queries_at_five_times_the_size(
    client: Client, web: WebWorld
) -> None:
    _grow(web, 1)
    small = _count(client, web)
    _grow(web, 4)
    large = _count(client, web)
    grew = {
        key: (len(small[key]), len(large[key]), _repeated(small[key], large[key]))
        for key in small
        if len(small[key]) != len(large[key])
    }
    assert grew == {}, f"(page, role): (queries small, queries 5x, repeated): {grew}"
    over = {key: len(q) for key, q in large.items() if len(q) > PAGES[key[0]][2]}
    assert over == {}, f"(page, role): queries over the page's bound: {over}"
