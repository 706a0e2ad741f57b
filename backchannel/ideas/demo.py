"""Trial balloons and a joint statement for the demo's Kessa Basin Dialogue.

Built through the services: the facilitator floats the ideas; participants'
feedback and comments go through the system path with their seats (most demo
participants have no login). The story shows every screen:

* "Joint flow-data bulletin": version 1 splits the sides (a crux), version 2
  has enough responses on both sides for a score (shared with participants),
  version 3 is open with too few responses (suppressed: "fewer than 3");
* "Drought trigger for minimum releases": from the Ostrel side, few responses;
* a draft only the facilitators see, and a shelved idea;
* a joint statement with four sections, two versions and comments by side.
"""

from __future__ import annotations

from typing import Any

from backchannel.accounts.models import User
from backchannel.ideas.services import (
    feedback_record,
    idea_create,
    idea_update,
    idea_version_create,
    idea_version_update,
    joint_text_create,
    joint_text_version_create,
    section_comment_create,
)
from backchannel.meetings.models import Meeting
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Objective, Process

# (seat key, stance, conditions, red lines, comment)
Response = tuple[str, str, list[str], list[str], str]

BULLETIN = [
    "Both water authorities publish one monthly bulletin of the readings at the "
    "four border gauging stations, in a format agreed by their experts.",
    "Both water authorities publish one weekly bulletin of the readings at the four "
    "border gauging stations and of the releases from the Upper Kessa reservoir, in "
    "a format agreed by their experts.",
    "Both water authorities publish one weekly bulletin of the readings at the four "
    "border gauging stations and of the releases from the Upper Kessa reservoir. An "
    "independent technical secretariat, hosted by a third country, checks the "
    "readings before publication.",
]

# fmt: off
BULLETIN_V1: list[Response] = [
    ("ilse", "acceptable", [], [], "Monthly is what our department can sustain."),
    ("anselm", "acceptable", [], [], "Technically sound."),
    ("emil", "acceptable", [], [], ""),
    ("marta", "acceptable_if", ["The bulletin is not called a treaty obligation"], [], ""),
    ("nadia", "unacceptable", [], ["Reservoir releases must be included"],
     "Monthly readings come too late for our farmers."),
    ("leila", "unacceptable", [], [], "Without the releases the readings explain nothing."),
    ("yusuf", "acceptable_if", ["Readings are published within a week"], [], ""),
    ("omar", "acceptable", [], [], "A first step."),
]
BULLETIN_V2: list[Response] = [
    ("ilse", "acceptable", [], [], "Weekly is demanding but possible."),
    ("teodor", "consult", [], [], "Releases are a cabinet matter at home."),
    ("anselm", "acceptable", [], [], ""),
    ("nadia", "acceptable", [], [], "This answers our main concern."),
    ("leila", "acceptable", [], [], ""),
    ("hana", "acceptable_if", ["Both sides use the same gauge calibration"], [], ""),
    ("omar", "acceptable", [], [], ""),
]
BULLETIN_V3: list[Response] = [
    ("anselm", "acceptable", [], [], "The secretariat answers the trust problem."),
    ("kazimir", "unacceptable", [], ["No foreign staff at our dams"], ""),
    ("samir", "acceptable", [], [], ""),
]
DROUGHT_V1: list[Response] = [
    ("radu", "consult", [], [], "The opposition would support it; the government may not."),
    ("nadia", "acceptable", [], [], ""),
    ("idris", "acceptable", [], [], "The fishers need exactly this."),
]
# fmt: on

STATEMENT_V1 = [
    (
        "Preamble",
        "We, participants from Varnia and Ostrel meeting in a personal capacity, "
        "share a concern for the communities that live along the Kessa.",
    ),
    (
        "Early warning",
        "The water authorities should warn riverside communities when flows are "
        "expected to fall below the dry-season average.",
    ),
    (
        "Livelihoods",
        "Farmers and fishers affected by low flows should be heard before "
        "decisions on releases are taken.",
    ),
]
STATEMENT_V2 = [
    STATEMENT_V1[0],
    (
        "Early warning",
        "The water authorities should warn riverside communities at least two weeks "
        "before flows are expected to fall below the dry-season average, in Varnian "
        "and Ostreli.",
    ),
    (
        "Livelihoods",
        "Farmers, fishers and the women's circles of the lower Kessa affected by low "
        "flows should be heard before decisions on releases are taken.",
    ),
    (
        "Follow-up",
        "We will meet again within a year to review whether warnings reached the "
        "communities.",
    ),
]
# (section heading, seat key, text)
STATEMENT_COMMENTS = [
    ("Early warning", "lenka", "Two weeks is realistic only with the weekly bulletin."),
    (
        "Early warning",
        "farah",
        "Warnings must reach the villages, not only the mayors.",
    ),
    ("Early warning", "samir", "Add radio announcements in the Dolen Plain."),
    ("Livelihoods", "yusuf", "The irrigation cooperatives should be named."),
    ("Follow-up", "sabina", "A year is long; six months would keep the momentum."),
]


def _give(seats: dict[str, Seat], version: Any, responses: list[Response]) -> None:
    for key, stance, conditions, red_lines, comment in responses:
        feedback_record(
            access=ProcessAccess.operator(seats[key].process, seat=seats[key]),
            version=version,
            stance=stance,
            conditions=conditions,
            red_lines=red_lines,
            comment=comment,
        )


def load_ideas(process: Process, seats: dict[str, Seat], facilitator: User) -> None:
    access = access_process_by_id(facilitator, process.pk)
    objectives = {
        str(o.text)[:30]: o for o in Objective.objects.filter(process=process)
    }
    data_exchange = next(o for k, o in objectives.items() if k.startswith("Develop"))
    non_paper = next(o for k, o in objectives.items() if k.startswith("Co-author"))
    meetings = {str(m.title): m for m in Meeting.objects.filter(process=process)}
    sides = {str(s.name): s for s in process.sides.all()}

    bulletin = idea_create(
        access=access,
        title="Joint flow-data bulletin",
        text=BULLETIN[0],
        status="floated",
        provenance="facilitator",
        objectives=[data_exchange],
        meeting=meetings["Pre-negotiation round I: data-exchange options"],
    )
    _give(seats, bulletin.versions.get(number=1), BULLETIN_V1)
    second = idea_version_create(
        access=access,
        idea=bulletin,
        text=BULLETIN[1],
        note="Weekly, and with the reservoir releases.",
    )
    _give(seats, second, BULLETIN_V2)
    third = idea_version_create(
        access=access,
        idea=bulletin,
        text=BULLETIN[2],
        note="An independent secretariat checks the readings.",
    )
    # The third version closed the second: its results can now be shared.
    second.refresh_from_db()
    idea_version_update(access=access, version=second, results_shared=True)
    _give(seats, third, BULLETIN_V3)
    idea_update(access=access, idea=bulletin, status="refined")

    drought = idea_create(
        access=access,
        title="Drought trigger for minimum releases",
        text="When the flow at the border station stays below 40% of the dry-season "
        "average for ten days, the Upper Kessa reservoir releases at least the "
        "minimum flow agreed by the experts.",
        status="floated",
        provenance="side",
        provenance_side=sides["Ostrel"],
        objectives=[non_paper],
    )
    _give(seats, drought.versions.get(number=1), DROUGHT_V1)

    idea_create(
        access=access,
        title="Youth water monitors on both banks",
        text="Young people from both banks are trained to read simple gauges and "
        "share their readings in a common logbook.",
        status="draft",
        provenance="anonymous",
    )
    idea_create(
        access=access,
        title="Shared fish-stock survey",
        text="A joint survey of fish stocks in the lower Kessa, by scientists from "
        "both countries.",
        status="shelved",
        provenance="facilitator",
        meeting=meetings["Exploratory round II: the flow data"],
    )

    statement = joint_text_create(
        access=access,
        title="Joint statement on protecting riverside communities in droughts",
        language="en",
        sections=[{"heading": h, "body": b} for h, b in STATEMENT_V1],
        note="First draft by the facilitators.",
    )
    first = statement.versions.get(number=1)
    section_comment_create(
        access=ProcessAccess.operator(seats["hana"].process, seat=seats["hana"]),
        section=first.sections.get(position=1),
        text="A warning without a deadline helps no one.",
    )
    keys = {str(s.heading): s.key for s in first.sections.all()}
    joint_text_version_create(
        access=access,
        joint_text=statement,
        sections=[
            {"key": keys.get(h), "heading": h, "body": b} for h, b in STATEMENT_V2
        ],
        note="Two weeks' notice, both languages, a follow-up section.",
    )
    latest = statement.versions.get(number=2)
    for heading, key, text in STATEMENT_COMMENTS:
        section = next(s for s in latest.sections.all() if str(s.heading) == heading)
        section_comment_create(
            access=ProcessAccess.operator(seats[key].process, seat=seats[key]),
            section=section,
            text=text,
        )
