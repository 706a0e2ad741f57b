"""A small world built through the services, with one user per role.

Organisation ``org`` convenes process ``process`` (sides North and South) and a
second process ``other_process``; organisation ``rival`` has its own convener.
Users: ``org_convener`` (organisation convener, no seat), one user per seat role
in ``process``, ``staff`` (member of ``org`` without a seat) and ``outsider``
(convener of ``rival``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from backchannel.accounts.models import Organisation, User
from backchannel.accounts.services import (
    membership_set,
    organisation_create,
    user_create,
)
from backchannel.meetings.models import Meeting
from backchannel.meetings.services import attendance_set, meeting_create
from backchannel.participants.logins import login_user
from backchannel.participants.models import Person, Seat
from backchannel.participants.services import (
    invitation_accept,
    invitation_create,
    person_create,
    pledge_accept,
    seat_create,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Indicator, Objective, Phase, Process
from backchannel.processes.services import (
    indicator_create,
    measurement_record,
    objective_create,
    phase_create,
    process_create,
)

PASSWORD = "correct-horse-battery-staple"
SEAT_ROLES = [
    "convener",
    "facilitator",
    "rapporteur",
    "participant",
    "observer",
    "interpreter",
]
ALL_ROLES = ["org_convener", *SEAT_ROLES, "staff", "outsider"]
MANAGING_ROLES = {"org_convener", "convener", "facilitator"}
VIEWING_ROLES = {"org_convener", *SEAT_ROLES}


def take_up(access: ProcessAccess, seat: Seat) -> Seat:
    """The seat's person accepts an invitation for it with their linked login,
    as in the workspace: a seat is never taken up without one."""
    from backchannel.processes.rules import ground_rules_version

    user = login_user(seat.person)
    assert user is not None
    _, code = invitation_create(access=access, seat=seat)
    return invitation_accept(
        code=code,
        user=user,
        accept_rules=True,
        rules_version=ground_rules_version(seat.process),
    )


@dataclass
class World:
    org: Organisation
    rival: Organisation
    process: Process
    other_process: Process
    rival_process: Process
    users: dict[str, User]
    seats: dict[str, Seat]
    people: dict[str, Person]
    phase: Phase
    objective: Objective
    indicator: Indicator
    meeting: Meeting
    rival_meeting: Meeting
    extra: dict[str, object] = field(default_factory=dict)

    def access(self, role: str = "org_convener") -> ProcessAccess:
        return access_process_by_id(self.users[role], self.process.pk)


def make_user(username: str) -> User:
    return user_create(username=username, password=PASSWORD)


def build_process(
    actor: User, organisation: Organisation, *, title: str, context: str
) -> Process:
    """The process the world and the page benchmark are about: track 1.5,
    pre-negotiation, problem solving, sides North and South."""
    return process_create(
        actor=actor,
        organisation=organisation,
        title=title,
        context=context,
        track="1.5",
        stage="pre_negotiation",
        approach="problem_solving",
        sides=["North", "South"],
    )


def build_design(
    access: ProcessAccess, *, ends_on: dt.date = dt.date(2026, 12, 31)
) -> tuple[Phase, Objective, Indicator]:
    """A process's design as the world and the page benchmark have it: one
    phase, one objective with one success indicator, measured once."""
    phase = phase_create(
        access=access,
        title="Exploration",
        stage="pre_negotiation",
        starts_on=dt.date(2026, 1, 1),
        ends_on=ends_on,
    )
    objective = objective_create(
        access=access,
        phase=phase,
        kind="problem_solving",
        text="Map the options for joint water management",
        expectation="This phase cannot deliver an agreement; it maps options.",
    )
    indicator = indicator_create(
        access=access,
        objective=objective,
        name="Options jointly mapped",
        baseline=0,
        target=6,
    )
    measurement_record(
        access=access, indicator=indicator, measured_on=dt.date(2026, 3, 1), value=2
    )
    return phase, objective, indicator


def build_world() -> World:
    users = {role: make_user(role.replace("_", "-")) for role in ALL_ROLES}
    org = organisation_create(name="Institute for Quiet Diplomacy")
    rival = organisation_create(name="Other Convening Centre")
    membership_set(organisation=org, user=users["org_convener"], role="convener")
    membership_set(organisation=org, user=users["staff"], role="staff")
    membership_set(organisation=rival, user=users["outsider"], role="convener")
    for role in SEAT_ROLES:
        membership_set(organisation=org, user=users[role], role="staff")

    process = build_process(
        users["org_convener"],
        org,
        title="Lakeshore Water Dialogue",
        context="Shared river basin between Varnia and Ostrel.",
    )
    other = process_create(
        actor=users["org_convener"],
        organisation=org,
        title="Border Trade Track Two",
        track="2",
        stage="preventive",
        approach="relationship_building",
        sides=["East", "West"],
    )
    rival_process = process_create(
        actor=users["outsider"],
        organisation=rival,
        title="Rival Process",
        track="2",
        stage="negotiation",
        approach="outcome_driven",
        sides=["Up", "Down"],
    )
    access = access_process_by_id(users["org_convener"], process.pk)
    north = process.sides.order_by("position")[0]
    people: dict[str, Person] = {}
    seats: dict[str, Seat] = {}
    genders = ["woman", "man"]
    for i, role in enumerate(SEAT_ROLES):
        person = person_create(
            actor=users["org_convener"],
            organisation=org,
            name=f"Person {role.title()}",
            gender=genders[i % 2],
            capacity="expert",
            level="broader",
            user=users[role],
        )
        people[role] = person
        side = north if role in ("participant", "observer") else None
        seats[role] = take_up(
            access, seat_create(access=access, person=person, role=role, side=side)
        )
    # The world's interpreter has accepted the confidentiality pledge (tests of
    # an interpreter before the pledge seat one of their own).
    pledge_accept(
        access=access_process_by_id(
            users["interpreter"], process.pk, before_pledge=True
        ),
        accept=True,
    )
    phase, objective, indicator = build_design(access)
    meeting = meeting_create(
        access=access,
        title="First round",
        date=dt.date(2026, 2, 10),
        phase=phase,
        venue="A lakeside hotel",
        agenda=["Welcome", "Ground rules"],
        segments=[
            {"title": "Opening", "record_rule": "on_record"},
            {"title": "Options", "record_rule": "chatham_house"},
        ],
    )
    attendance_set(access=access, meeting=meeting, seat_ids=[seats["participant"].pk])
    rival_access = access_process_by_id(users["outsider"], rival_process.pk)
    rival_meeting = meeting_create(
        access=rival_access, title="Rival round", date=dt.date(2026, 3, 1)
    )
    return World(
        org=org,
        rival=rival,
        process=process,
        other_process=other,
        rival_process=rival_process,
        users=users,
        seats=seats,
        people=people,
        phase=phase,
        objective=objective,
        indicator=indicator,
        meeting=meeting,
        rival_meeting=rival_meeting,
    )
