"""The demo workspace: an invented dispute, built only through the services.

Varnia (upstream) and Ostrel (downstream) share the Kessa river. Since Varnia
began filling the Upper Kessa reservoir, dry-season flows on Ostrel's Dolen
Plain have fallen and formal talks have stalled. The Institute for Dialogue and
Mediation convenes a track 1.5 dialogue between them, with a youth exchange on
the side; a second organisation, the Centre for Regional Cooperation, runs its
own small dialogue that the Institute's users cannot see. Every country,
organisation and person here is invented.

``load_demo()`` is idempotent: if the demo organisation exists it only reports
the logins. The passwords are fixed and published, for a local demo only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import transaction

from backchannel.accounts.models import Organisation, User
from backchannel.accounts.services import (
    membership_set,
    organisation_create,
    user_create,
)
from backchannel.consultations.demo import load_consultation
from backchannel.evaluation.demo import load_evaluation
from backchannel.ideas.demo import load_ideas
from backchannel.meetings.services import attendance_set, meeting_create
from backchannel.participants.logins import login_user
from backchannel.participants.models import Person, Seat
from backchannel.participants.services import (
    MAX_INVITATION_DAYS,
    affiliation_add,
    invitation_accept,
    invitation_create,
    person_create,
    seat_create,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Phase, Process
from backchannel.processes.rules import ground_rules_version
from backchannel.processes.services import (
    ecosystem_link_create,
    external_process_create,
    objective_plan_create,
    phase_create,
    process_create,
)
from backchannel.records.demo import load_records
from backchannel.transfer.demo import load_transfers
from backchannel.translations.demo import load_translations

DEMO_ORG_NAME = "Institute for Dialogue and Mediation"
DEMO_ORG_SLUG = "institute-for-dialogue-and-mediation"
OTHER_ORG_NAME = "Centre for Regional Cooperation"
OTHER_ORG_SLUG = "centre-for-regional-cooperation"
MAIN_TITLE = "Kessa Basin Dialogue"

D = dt.date


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


# Published on purpose: these accounts exist only in a local demo workspace.
LOGINS = [
    DemoLogin(
        "demo-convener",
        "demo-convener-2026",
        "convener of the Institute: sees and manages all its processes",
    ),
    DemoLogin(
        "demo-facilitator",
        "demo-facilitator-2026",
        "facilitator of the Kessa Basin Dialogue",
    ),
    DemoLogin(
        "demo-rapporteur",
        "demo-rapporteur-2026",
        "rapporteur of the Kessa Basin Dialogue",
    ),
    DemoLogin(
        "demo-participant",
        "demo-participant-2026",
        "participant, Varnia side (Sabina Orlet)",
    ),
    DemoLogin(
        "demo-participant-ostrel",
        "demo-participant-2026",
        "participant, Ostrel side (Farah Demiral)",
    ),
    DemoLogin(
        "demo-interpreter",
        "demo-interpreter-2026",
        "interpreter of the Kessa Basin Dialogue (Tomas Reyl), pledge accepted",
    ),
    DemoLogin(
        "demo-other-convener",
        "demo-convener-2026",
        "convener of a second organisation, which sees none of the Institute's data",
    ),
]


# A pending invitation, published like the logins: Nadia Ferhan's seat, for a
# newcomer to walk the invitee's side (in a private window) or to revoke it.
DEMO_INVITATION_CODE = "KESSADEMQJVNR234"


@dataclass
class DemoInfo:
    created: bool
    organisation: Organisation
    process: Process
    logins: list[DemoLogin] = field(default_factory=lambda: list(LOGINS))
    invitation_code: str = DEMO_INVITATION_CODE


class DemoPerson(NamedTuple):
    key: str
    name: str
    side: str | None  # "varnia", "ostrel" or None
    role: str
    capacity: str
    gender: str
    level: str
    affiliations: list[tuple[str, str, dt.date | None, dt.date | None]]
    languages: list[str]
    consent_on: dt.date | None = D(2025, 3, 3)
    user: str | None = None
    aliases: tuple[str, ...] = ()


VARNIAN = ["Varnian", "English"]
OSTRELI = ["Ostreli", "English"]

# fmt: off
PEOPLE = [
    # Varnia
    DemoPerson("ilse", "Ilse Marran", "varnia", "participant", "official_personal", "woman", "key_person",
               [("Ministry of Water of Varnia", "Deputy Director, Transboundary Rivers Department", D(2021, 2, 1), None),
                ("Varnia State Hydropower Company", "Head of Planning", D(2014, 9, 1), D(2021, 1, 31))],
               ["Varnian", "English", "Ostreli"]),
    DemoPerson("teodor", "Teodor Vasko", "varnia", "participant", "official_personal", "man", "key_person",
               [("Office of the Prime Minister of Varnia", "Senior Adviser on Regional Affairs", D(2023, 5, 1), None)],
               VARNIAN),
    DemoPerson("marta", "Marta Lindqvar", "varnia", "participant", "quasi_official", "woman", "key_person",
               [("Varnian Institute for Foreign Affairs", "Senior Fellow", D(2024, 1, 1), None),
                ("Ministry of Foreign Affairs of Varnia", "Ambassador to the Federation of Calder", D(2018, 8, 1), D(2023, 12, 31))],
               ["Varnian", "English", "French"]),
    DemoPerson("anselm", "Anselm Drovic", "varnia", "participant", "expert", "man", "broader",
               [("University of Velmar", "Professor of Hydrology", D(2012, 9, 1), None)], VARNIAN),
    DemoPerson("sabina", "Sabina Orlet", "varnia", "participant", "civil_society", "woman", "broader",
               [("Upper Kessa Farmers' Association", "Chair", D(2022, 4, 1), None)], ["Varnian"],
               user="demo-participant"),
    DemoPerson("radu", "Radu Pellin", "varnia", "participant", "unofficial_rep", "man", "key_person",
               [("Varnian Democratic Alliance (opposition)", "Foreign Policy Adviser to the Party Leader", D(2024, 6, 1), None)],
               VARNIAN),
    DemoPerson("lenka", "Lenka Tosar", "varnia", "participant", "civil_society", "woman", "broader",
               [("Varnian Centre for Environmental Law", "Director", D(2019, 1, 1), None)], VARNIAN),
    DemoPerson("emil", "Emil Havranek", "varnia", "participant", "quasi_official", "man", "broader",
               [("Varnia State Hydropower Company", "Head of Dam Operations, Upper Kessa", D(2020, 3, 1), None)],
               ["Varnian"]),
    DemoPerson("yara", "Yara Selvin", "varnia", "participant", "civil_society", "non_binary", "broader",
               [("Youth Water Network of Varnia", "Coordinator", D(2023, 2, 1), None)], VARNIAN),
    DemoPerson("kazimir", "Kazimir Brand", "varnia", "participant", "unofficial_rep", "man", "key_person",
               [("Council of Elders of the Border Districts", "Member", D(2023, 3, 1), None),
                ("Varnian Border Guard", "Major General", D(2001, 1, 1), D(2022, 12, 31))],
               ["Varnian", "Ostreli"], aliases=("General Brand",)),
    # Ostrel
    DemoPerson("nadia", "Nadia Ferhan", "ostrel", "participant", "official_personal", "woman", "key_person",
               [("Ministry of Foreign Affairs of Ostrel", "Director-General for Transboundary Waters", D(2022, 7, 1), None)],
               ["Ostreli", "English", "French"]),
    DemoPerson("samir", "Samir Othell", "ostrel", "participant", "official_personal", "man", "key_person",
               [("Dolen Province Administration", "Deputy Governor", D(2021, 10, 1), None)], ["Ostreli"]),
    DemoPerson("leila", "Leila Azmar", "ostrel", "participant", "expert", "woman", "broader",
               [("Ostrel Agricultural Research Institute", "Senior Researcher, Irrigation and Soils", D(2016, 1, 1), None)],
               OSTRELI),
    DemoPerson("yusuf", "Yusuf Karran", "ostrel", "participant", "civil_society", "man", "broader",
               [("Dolen Plain Irrigation Cooperatives", "Head", D(2020, 5, 1), None)], ["Ostreli"]),
    DemoPerson("farah", "Farah Demiral", "ostrel", "participant", "civil_society", "woman", "broader",
               [("Women of the Riverbank", "Founder and Coordinator", D(2017, 3, 1), None)], OSTRELI,
               user="demo-participant-ostrel"),
    DemoPerson("omar", "Omar Tessaly", "ostrel", "participant", "quasi_official", "man", "key_person",
               [("Ostrel Water Forum", "Chair", D(2021, 2, 1), None),
                ("Ministry of Agriculture of Ostrel", "Minister", D(2016, 4, 1), D(2020, 11, 30))],
               ["Ostreli", "English", "French"]),
    DemoPerson("hana", "Hana Veyla", "ostrel", "participant", "official_personal", "woman", "broader",
               [("Ostrel Water Authority", "Legal Adviser", D(2019, 6, 1), None)], OSTRELI),
    DemoPerson("idris", "Idris Nahal", "ostrel", "participant", "unofficial_rep", "man", "broader",
               [("Lower Kessa Fishing Communities", "Elder and Spokesperson", None, None)], ["Ostreli"]),
    DemoPerson("selim", "Selim Arvad", "ostrel", "participant", "expert", "man", "broader",
               [("Dolen Chamber of Commerce", "Chief Economist", D(2021, 1, 1), None)], OSTRELI,
               consent_on=None),  # consent still to be collected
    # The convening team and others without a side
    DemoPerson("amira", "Amira Solberg", None, "convener", "other", "woman", "key_person",
               [(DEMO_ORG_NAME, "Director of Programmes", D(2019, 1, 1), None)], ["English", "French", "Varnian"],
               user="demo-convener"),
    DemoPerson("jonas", "Jonas Ekwall", None, "facilitator", "other", "man", "key_person",
               [(DEMO_ORG_NAME, "Senior Mediator", D(2020, 1, 1), None)], ["English", "Ostreli"],
               user="demo-facilitator"),
    DemoPerson("mireille", "Mireille Tano", None, "rapporteur", "other", "woman", "broader",
               [(DEMO_ORG_NAME, "Programme Officer", D(2023, 9, 1), None)], ["English", "French"],
               user="demo-rapporteur"),
    DemoPerson("tomas", "Tomas Reyl", None, "interpreter", "other", "man", "broader",
               [("Freelance", "Conference Interpreter (Varnian, Ostreli, English)", None, None)],
               ["Varnian", "Ostreli", "English"], user="demo-interpreter"),
    DemoPerson("kalinda", "Kalinda Moss", None, "observer", "official_personal", "woman", "broader",
               [("Ministry of Foreign Affairs of Norland", "Water Diplomacy Adviser", D(2022, 1, 1), None)],
               ["English"]),
    # Only in the youth exchange
    DemoPerson("dana", "Dana Kellin", "varnia", "participant", "civil_society", "woman", "broader",
               [("Velmar Student Union", "Environment Officer", D(2025, 9, 1), None)], VARNIAN),
    DemoPerson("rami", "Rami Sadek", "ostrel", "participant", "civil_society", "man", "broader",
               [("Dolen Young Farmers", "Co-founder", D(2024, 1, 1), None)], OSTRELI),
    DemoPerson("lina", "Lina Haddar", "ostrel", "participant", "civil_society", "woman", "broader",
               [("Riverbank Youth Theatre", "Director", D(2022, 5, 1), None)], OSTRELI),
]
# fmt: on

MAIN_SEATS = [p.key for p in PEOPLE if p.key not in {"dana", "rami", "lina"}]
# fmt: off
YOUTH_SEATS = {"yara": "participant", "dana": "participant", "rami": "participant",
               "lina": "participant", "jonas": "facilitator"}
# fmt: on

PHASES = [
    ("exploration", "Exploration", "preventive", D(2025, 3, 1), D(2025, 12, 19)),
    ("pre", "Pre-negotiation", "pre_negotiation", D(2026, 1, 12), D(2027, 1, 29)),
    ("drafting", "Drafting", "negotiation", D(2027, 2, 1), D(2027, 10, 29)),
]

# phase, kind, text, expectation, status, [(indicator, unit, baseline, target, [(date, value, note)])]
# fmt: off
OBJECTIVES: list[tuple[str, str, str, str, str, list[Any]]] = [
    ("exploration", "relationship_building",
     "Build working relationships between water officials, dam operators and the farming and "
     "fishing communities downstream, on both sides.",
     "This phase builds trust and a shared language. It will not produce agreed text, and "
     "nothing said here commits any government.",
     "achieved",
     [("Participants who report a working channel to someone on the other side", "people", 2, 12,
       [(D(2025, 4, 15), 3, "After the first round"), (D(2025, 9, 23), 8, ""),
        (D(2025, 12, 10), 11, "End-of-phase survey")])]),
    ("exploration", "problem_solving",
     "Agree a shared picture of dry-season flows in the Kessa basin.",
     "The aim is a common factual basis, not an allocation. Disagreements over numbers are "
     "recorded, not settled.",
     "partly_achieved",
     [("Share of 2024 monthly gauge readings accepted by both sides", "%", 15, 80,
       [(D(2025, 6, 30), 35, "Technical experts' first comparison"), (D(2025, 9, 23), 55, ""),
        (D(2025, 12, 10), 65, "Upstream reservoir releases still contested")])]),
    ("pre", "problem_solving",
     "Develop options for a joint exchange of flow and reservoir data.",
     "Options are developed in a personal capacity and carry no government endorsement; "
     "officials take them home for informal soundings only.",
     "in_progress",
     [("Data-exchange options developed jointly", "options", 0, 4,
       [(D(2026, 3, 11), 1, ""), (D(2026, 6, 19), 2, ""), (D(2026, 10, 15), 3, "")]),
      ("Officials who have sounded out their ministry on the options", "officials", 0, 6,
       [(D(2026, 6, 30), 2, ""), (D(2026, 10, 15), 4, "One ministry asked for a written summary")])]),
    ("pre", "non_paper",
     "Co-author a non-paper on principles for sharing water in the dry season.",
     "The non-paper is unattributed and goes to the Joint River Commission only if every "
     "participant agrees. It is not a negotiating text.",
     "in_progress",
     [("Sections of the non-paper agreed ad referendum", "sections", 0, 6,
       [(D(2026, 6, 19), 1, ""), (D(2026, 10, 15), 3, "Section on drought triggers still open")])]),
    ("drafting", "draft_agreement",
     "Draft elements of a memorandum of understanding on flow-data sharing that the track 1 "
     "talks could take up.",
     "Drafting prepares elements the governments may use; it binds no one, and the track 1 "
     "negotiators decide what, if anything, to take.",
     "not_started",
     [("Draft elements handed to both track 1 delegations", "elements", 0, 5, [])]),
    ("drafting", "joint_statement",
     "Issue a joint statement by participants on protecting riverside communities in droughts.",
     "Signed in a personal capacity only; each signatory decides whether their name appears.",
     "not_started",
     [("Participants who sign the joint statement", "participants", 0, 15, [])]),
]
# fmt: on

TEAM = ["amira", "jonas", "mireille", "tomas"]

# title, date, phase, venue (None: withheld), agenda, segments, attendance
# fmt: off
MEETINGS: list[tuple[str, dt.date, str, str | None, list[str], list[tuple[str, str]], list[str]]] = [
    ("Exploratory round I", D(2025, 4, 14), "exploration", "Hotel Lindenhof, Castell (Norland)",
     ["Welcome and ground rules", "How each side experiences the dry season",
      "What a shared picture of the river would need", "Next steps"],
     [("Opening remarks by the convener", "on_record"),
      ("Perspectives from both banks", "chatham_house"),
      ("Informal dinner conversation", "off_record")],
     ["ilse", "teodor", "marta", "anselm", "sabina", "lenka",
      "nadia", "samir", "leila", "yusuf", "farah", "omar", *TEAM]),
    ("Exploratory round II: the flow data", D(2025, 9, 22), "exploration",
     "Lakeside Conference Centre, Castell (Norland)",
     ["Review of gauge records by the technical experts", "Where the numbers disagree, and why",
      "Debrief of the field visit to the Upper Kessa dam"],
     [("Technical briefing", "on_record"), ("Contested readings", "chatham_house")],
     ["ilse", "anselm", "emil", "sabina", "radu", "yara",
      "nadia", "leila", "yusuf", "hana", "idris", "jonas", "mireille", "tomas"]),
    ("Pre-negotiation round I: data-exchange options", D(2026, 3, 10), "pre", None,
     ["Stocktaking since the exploration phase", "Four models of data exchange",
      "A plan for sounding out ministries"],
     [("Stocktaking", "chatham_house"), ("Options workshop", "chatham_house"),
      ("Officials-only sounding session", "off_record")],
     ["ilse", "teodor", "marta", "anselm", "radu", "emil", "kazimir",
      "nadia", "samir", "leila", "omar", "hana", "selim", *TEAM, "kalinda"]),
    # Visa delays left Ostrel with a single participant: the composition
    # dashboard warns about it.
    ("Working group on sharing principles", D(2026, 6, 18), "pre", "Villa Arneth, Castell (Norland)",
     ["Sharing principles in other basins (expert input)", "First reading of draft non-paper sections"],
     [("Expert input", "on_record"), ("Reading of draft sections", "chatham_house")],
     ["ilse", "marta", "anselm", "lenka", "nadia", "jonas", "mireille"]),
    ("Pre-negotiation round II: reading the non-paper", D(2026, 12, 7), "pre",
     "Hotel Lindenhof, Castell (Norland)",
     ["Reading the non-paper section by section", "Results of the soundings",
      "Preparing the drafting phase"],
     [("Reading", "chatham_house"), ("Results of the soundings (officials)", "off_record"),
      ("Closing statement", "on_record")],
     []),
    ("Drafting session I", D(2027, 3, 15), "drafting", "",
     ["Mandate for drafting", "Structure of the draft elements"],
     [("Drafting in plenary", "chatham_house")],
     []),
]
# fmt: on

MAIN_CONTEXT = (
    "The Kessa rises in the highlands of Varnia and irrigates Ostrel's Dolen Plain before "
    "reaching the sea. Since Varnia began filling the Upper Kessa reservoir in 2023, "
    "dry-season flows downstream have fallen, and fishing communities on the lower river "
    "report heavy losses. Formal talks in the Joint River Commission stalled in 2024 over "
    "whose flow data to trust.\n\n"
    "This dialogue brings officials, in a personal capacity, together with experts and "
    "community leaders from both countries to rebuild a shared factual basis and to explore "
    "options the governments could later take up."
)


def _take_up(access: ProcessAccess, seat: Seat) -> Seat:
    """A demo person with a login accepts an invitation for their seat, as in
    the workspace (a seat is never taken up without one); others wait."""
    user = login_user(seat.person)
    if user is None:
        return seat

    _, code = invitation_create(access=access, seat=seat)
    return invitation_accept(
        code=code,
        user=user,
        accept_rules=True,
        rules_version=ground_rules_version(seat.process),
    )


def load_demo() -> DemoInfo:
    """Create the demo workspace unless it exists; either way, say how to log in."""
    existing = Organisation.objects.filter(slug=DEMO_ORG_SLUG).first()
    if existing is not None:
        return DemoInfo(created=False, organisation=existing, process=_main(existing))
    with transaction.atomic():
        return _build()


def _main(org: Organisation) -> Process:
    processes = list(
        Process.objects.filter(organisation=org, data_key__destroyed_on__isnull=True)
    )
    return next((p for p in processes if str(p.title) == MAIN_TITLE), processes[0])


def _build() -> DemoInfo:
    users = {
        login.username: user_create(username=login.username, password=login.password)
        for login in LOGINS
    }
    convener = users["demo-convener"]
    org = organisation_create(name=DEMO_ORG_NAME, slug=DEMO_ORG_SLUG)
    membership_set(organisation=org, user=convener, role="convener")
    for username in ("demo-facilitator", "demo-rapporteur", "demo-interpreter"):
        membership_set(
            organisation=org, user=users[username], role="staff", actor=convener
        )

    people = {p.key: _person(convener, org, p, users) for p in PEOPLE}
    by_key = {p.key: p for p in PEOPLE}

    main = process_create(
        actor=convener,
        organisation=org,
        title=MAIN_TITLE,
        context=MAIN_CONTEXT,
        track="1.5",
        stage="pre_negotiation",
        approach="problem_solving",
        sides=["Varnia", "Ostrel"],
        status="active",
        record_rule="chatham_house",
        retention_until=D(2030, 12, 31),
    )
    access = access_process_by_id(convener, main.pk)
    sides = dict(
        zip(["varnia", "ostrel"], main.sides.order_by("position"), strict=True)
    )
    seats = {
        key: _take_up(
            access,
            seat_create(
                access=access,
                person=people[key],
                role=by_key[key].role,
                side=sides[by_key[key].side] if by_key[key].side else None,
            ),
        )
        for key in MAIN_SEATS
    }
    phases = {
        key: phase_create(
            access=access, title=title, stage=stage, starts_on=start, ends_on=end
        )
        for key, title, stage, start, end in PHASES
    }
    for phase_key, kind, text, expectation, status, indicators in OBJECTIVES:
        objective_plan_create(
            access=access,
            phase=phases[phase_key],
            kind=kind,
            text=text,
            expectation=expectation,
            status=status,
            indicators=[
                {
                    "name": name,
                    "unit": unit,
                    "baseline": baseline,
                    "target": target,
                    "measurements": [
                        {"measured_on": day, "value": value, "note": note}
                        for day, value, note in measurements
                    ],
                }
                for name, unit, baseline, target, measurements in indicators
            ],
        )
    for title, date, phase_key, venue, agenda, segments, attendance in MEETINGS:
        _meeting(
            access,
            phases[phase_key],
            seats,
            title,
            date,
            venue,
            agenda,
            segments,
            attendance,
        )

    invitation_create(
        access=access,
        seat=seats["nadia"],
        days=MAX_INVITATION_DAYS,
        published_code=DEMO_INVITATION_CODE,
    )
    load_records(main, seats, users["demo-rapporteur"], users["demo-facilitator"])
    load_ideas(main, seats, users["demo-facilitator"])
    load_consultation(main, users["demo-facilitator"])
    load_transfers(main, seats, users["demo-convener"], users["demo-facilitator"])
    load_translations(main, users["demo-interpreter"], users["demo-rapporteur"])
    load_evaluation(main, seats, users["demo-facilitator"])
    youth = _youth_process(convener, org, people)
    _ecosystem(convener, org, main, youth)
    _other_organisation(users["demo-other-convener"])
    return DemoInfo(created=True, organisation=org, process=main)


def _person(
    convener: User, org: Organisation, p: DemoPerson, users: dict[str, User]
) -> Person:
    handle = p.name.lower().replace(" ", ".")
    person = person_create(
        actor=convener,
        organisation=org,
        name=p.name,
        gender=p.gender,
        capacity=p.capacity,
        level=p.level,
        aliases=list(p.aliases),
        languages=p.languages,
        contact={"emails": [f"{handle}@example.org"]},
        consent_on=p.consent_on,
        consent_version="2025-01" if p.consent_on else "",
        user=users[p.user] if p.user else None,
    )
    for organisation_name, title, starts_on, ends_on in p.affiliations:
        affiliation_add(
            actor=convener,
            person=person,
            organisation_name=organisation_name,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    return person


def _meeting(
    access: ProcessAccess,
    phase: Phase,
    seats: dict[str, Seat],
    title: str,
    date: dt.date,
    venue: str | None,
    agenda: list[str],
    segments: list[tuple[str, str]],
    attendance: list[str],
) -> None:
    meeting = meeting_create(
        access=access,
        title=title,
        date=date,
        # Demo rounds start mid-morning, local time, and run three hours.
        start_time=dt.time(9, 30),
        time_zone="Europe/Istanbul",
        duration_minutes=180,
        phase=phase,
        venue=venue or "",
        venue_withheld=venue is None,
        agenda=agenda,
        segments=[{"title": t, "record_rule": rule} for t, rule in segments],
    )
    if attendance:
        attendance_set(
            access=access, meeting=meeting, seat_ids=[seats[k].pk for k in attendance]
        )


def _youth_process(
    convener: User, org: Organisation, people: dict[str, Person]
) -> Process:
    youth = process_create(
        actor=convener,
        organisation=org,
        title="Kessa Youth and Water Exchange",
        context="Young people from both banks of the Kessa design small joint projects "
        "on water and livelihoods, and bring their proposals to the main dialogue.",
        track="2",
        stage="preventive",
        approach="relationship_building",
        sides=["Varnian youth", "Ostreli youth"],
        status="active",
    )
    access = access_process_by_id(convener, youth.pk)
    sides = dict(
        zip(["varnia", "ostrel"], youth.sides.order_by("position"), strict=True)
    )
    by_key = {p.key: p for p in PEOPLE}
    seats = {
        key: _take_up(
            access,
            seat_create(
                access=access,
                person=people[key],
                role=role,
                side=sides[by_key[key].side] if role == "participant" else None,
            ),
        )
        for key, role in YOUTH_SEATS.items()
    }
    phase = phase_create(
        access=access,
        title="Exchange year",
        stage="preventive",
        starts_on=D(2026, 2, 1),
        ends_on=D(2027, 6, 30),
    )
    objective_plan_create(
        access=access,
        phase=phase,
        kind="relationship_building",
        text="Start joint youth projects across the river.",
        expectation="Projects are small and local; they are not a channel for official messages.",
        status="in_progress",
        indicators=[
            {
                "name": "Joint youth projects started",
                "unit": "projects",
                "baseline": 0,
                "target": 3,
                "measurements": [{"measured_on": D(2026, 9, 1), "value": 1}],
            }
        ],
    )
    _meeting(
        access,
        phase,
        seats,
        "Youth exchange camp",
        D(2026, 8, 4),
        "Lake Morra Youth Centre (Norland)",
        ["Getting to know each other", "Project ideas market"],
        [("Project ideas market", "on_record"), ("Evening circle", "off_record")],
        list(YOUTH_SEATS),
    )
    return youth


def _ecosystem(
    convener: User, org: Organisation, main: Process, youth: Process
) -> None:
    commission = external_process_create(
        actor=convener,
        organisation=org,
        kind="track_1",
        name="Varnia–Ostrel Joint River Commission talks",
        description="The governments' formal talks on the Kessa, stalled since 2024.",
    )
    circles = external_process_create(
        actor=convener,
        organisation=org,
        kind="track_3",
        name="Dolen Valley Women's Peace Circles",
        description="Village circles of women from both sides of the lower Kessa.",
    )
    access = access_process_by_id(convener, main.pk)
    ecosystem_link_create(
        access=access,
        relation="feeds_into",
        target_external=commission,
        note="Non-papers reach both delegations' heads only with every participant's consent.",
    )
    ecosystem_link_create(
        access=access,
        relation="parallel_to",
        target_external=circles,
        note="Two participants take part in both; the circles' findings inform the "
        "community items on the agenda.",
    )
    ecosystem_link_create(
        access=access_process_by_id(convener, youth.pk),
        relation="feeds_into",
        target_process=main,
        note="Youth proposals are presented at each pre-negotiation round.",
    )


def _other_organisation(convener: User) -> None:
    org = organisation_create(name=OTHER_ORG_NAME, slug=OTHER_ORG_SLUG)
    membership_set(organisation=org, user=convener, role="convener")
    process = process_create(
        actor=convener,
        organisation=org,
        title="Tessin Straits Fisheries Dialogue",
        context="Fishers from the Elmaran coast and the Tessin islands discuss quotas "
        "and the safety of crews stopped at sea.",
        track="2",
        stage="preventive",
        approach="problem_solving",
        sides=["Elmaran coast", "Tessin islands"],
        status="active",
    )
    access = access_process_by_id(convener, process.pk)
    elmara, tessin = list(process.sides.order_by("position"))
    seats = []
    for name, gender, side in [
        ("Piet Anholm", "man", elmara),
        ("Maren Solvik", "woman", elmara),
        ("Costa Ibrel", "man", tessin),
        ("Ines Valado", "woman", tessin),
    ]:
        person = person_create(
            actor=convener,
            organisation=org,
            name=name,
            gender=gender,
            capacity="civil_society",
            level="broader",
            languages=["English"],
        )
        seats.append(
            seat_create(access=access, person=person, role="participant", side=side)
        )
    phase = phase_create(
        access=access,
        title="Listening round",
        stage="preventive",
        starts_on=D(2026, 4, 1),
        ends_on=D(2026, 12, 31),
    )
    meeting = meeting_create(
        access=access,
        title="Harbour meeting",
        date=D(2026, 5, 20),
        phase=phase,
        venue="Harbour master's hall, Port Aldrin",
        agenda=["Incidents at sea since last season"],
        segments=[{"title": "Incidents at sea", "record_rule": "chatham_house"}],
    )
    attendance_set(access=access, meeting=meeting, seat_ids=[s.pk for s in seats])
