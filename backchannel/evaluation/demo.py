"""The demo's evaluation: three years of trust rounds, contacts, outcomes, a
do-no-harm register and a transfer plan for the Kessa Basin Dialogue.

Called by ``backchannel.demo`` through the services only. Rounds run from a
baseline survey at invitation (November 2024) to the open autumn 2026 round,
which the demo participants can still answer. Participants come and go (some
officials rotate out in 2025 and return in 2026), so cohort continuity means
something; at the June 2026 working group only two Ostreli participants
answered, so Ostrel's cells are suppressed there, as is the network density.
Answers are drawn from a seeded generator: the same demo every time.
"""

from __future__ import annotations

import datetime as dt
import random

from backchannel.accounts.models import User
from backchannel.evaluation.items import STANDARD_ITEMS
from backchannel.evaluation.services import (
    answers_record,
    contacts_record,
    objective_place,
    outcome_create,
    register_mark_reviewed,
    risk_create,
    round_create,
    round_update,
    transfer_strategy_set,
)
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Objective, Process

D = dt.date

VARNIA = [
    "ilse",
    "teodor",
    "marta",
    "anselm",
    "sabina",
    "radu",
    "lenka",
    "emil",
    "yara",
    "kazimir",
]
OSTREL = ["nadia", "samir", "leila", "yusuf", "farah", "omar", "hana", "idris", "selim"]

# title, date, status, custom items, respondents, mean trust per side (varnia, ostrel),
# cross-side contacts per respondent
# fmt: off
ROUNDS = [
    ("Baseline survey at invitation", D(2024, 11, 20), "closed", [],
     ["ilse", "teodor", "marta", "anselm", "sabina", "lenka",
      "nadia", "samir", "leila", "yusuf", "farah", "omar"], (2.6, 2.1), 0),
    ("After exploratory round I", D(2025, 4, 15), "closed", [],
     ["ilse", "marta", "anselm", "sabina", "lenka",
      "nadia", "leila", "yusuf", "farah", "omar"], (3.0, 2.5), 1),
    ("After exploratory round II", D(2025, 9, 23), "closed",
     ["The technical briefings helped me understand the other side's numbers."],
     ["ilse", "anselm", "emil", "sabina", "radu", "yara",
      "nadia", "leila", "yusuf", "hana", "idris"], (3.3, 2.9), 1),
    ("After pre-negotiation round I", D(2026, 3, 11), "closed",
     ["The non-paper process reflects my side's concerns."],
     ["ilse", "teodor", "marta", "anselm", "radu", "emil", "kazimir",
      "nadia", "samir", "leila", "omar", "hana", "selim"], (3.5, 3.2), 2),
    # Visa delays: only two Ostreli participants at the working group.
    ("After the working group", D(2026, 6, 19), "closed",
     ["The non-paper process reflects my side's concerns."],
     ["ilse", "marta", "anselm", "lenka", "nadia", "leila"], (3.7, 3.0), 2),
    # Open: the demo participants (Sabina, Farah) have not answered yet.
    ("Autumn 2026", D(2026, 11, 20), "open",
     ["The non-paper process reflects my side's concerns."],
     ["ilse", "marta", "anselm", "radu", "nadia", "leila", "omar", "hana"], (3.8, 3.4), 3),
]

PLACEMENTS = {
    "Build working relationships": ("more_people", "individual"),
    "Agree a shared picture": ("key_people", "individual"),
    "Develop options": ("key_people", "individual"),
    "Co-author a non-paper": ("key_people", "socio_political"),
    "Draft elements of a memorandum": ("key_people", "socio_political"),
    "Issue a joint statement": ("more_people", "socio_political"),
}

OUTCOMES = [
    {"social_actor": "Varnia's upstream water administration",
         "change": "Began sending Ostrel's downstream water managers the weekly reservoir release "
                "schedule of the Upper Kessa dam, informally, by e-mail.",
         "observed_on": D(2025, 11, 3),
         "significance": "The first regular flow information to cross the border since the "
                      "talks stalled in 2024.",
         "contribution": "The practice was proposed by two participants who met at the "
                      "second exploratory round and checked each other's gauge data.",
         "evidence": "Copies of six weekly e-mails shown to the facilitator.",
         "verified_by": "An Ostrel official outside the dialogue, independently",
         "rpp_reach": "key_people", "rpp_level": "socio_political",
         "objectives": ["Agree a shared picture"]},
    {"social_actor": "Farmers' cooperatives on the lower Kessa",
         "change": "Invited Upper Kessa farmers to their spring assembly for the first time.",
         "observed_on": D(2026, 4, 20),
         "significance": "Farmers on both banks now speak to each other about the dry season "
                      "without going through their governments.",
         "contribution": "Two participants from the farming communities on both banks met "
                      "in the dialogue and kept in touch.",
         "evidence": "Assembly programme; press report in the Dolen Courier.",
         "verified_by": "Assembly programme (public)",
         "rpp_reach": "more_people", "rpp_level": "individual",
         "objectives": ["Build working relationships"]},
    {"social_actor": "Ostrel's Ministry of Foreign Affairs",
         "change": "Asked for a written summary of the data-exchange options to brief its "
                "delegation to the Joint River Commission.",
         "observed_on": D(2026, 10, 15),
         "significance": "The options may travel to track 1.",
         "contribution": "A participant sounded out the ministry after pre-negotiation round I.",
         "evidence": "The ministry's request (seen by the convener).",
         "verified_by": "",
         "rpp_reach": "key_people", "rpp_level": "socio_political",
         "objectives": ["Develop options"]},
]

RISKS = [
    {"kind": "safety", "likelihood": 2, "impact": 5, "review_on": D(2026, 9, 30),
         "description": "An Ostreli participant is questioned by security services on "
                     "return from a meeting.",
         "mitigation": "Travel arranged separately; no printed documents carried; a contact "
                    "person on call during each trip.",
         "owner": "Senior mediator"},
    {"kind": "leak", "likelihood": 3, "impact": 4, "review_on": D(2026, 12, 15),
         "description": "The non-paper leaks to the press before both sides agree to share it.",
         "mitigation": "One numbered copy per participant; drafts only in the workspace.",
         "owner": "Director of programmes"},
    {"kind": "divider", "likelihood": 3, "impact": 3, "review_on": D(2027, 3, 1),
         "description": "Reservoir-filling decisions announced during a round harden positions "
                     "at home.",
         "mitigation": "Keep the dates of announcements in view when scheduling rounds.",
         "owner": "Senior mediator"},
    {"kind": "connector", "likelihood": 4, "impact": 2, "review_on": D(2027, 6, 1),
         "description": "Shared concern of farmers on both banks about drought years: a "
                     "connector the dialogue can strengthen.",
         "mitigation": "Give the farmers' representatives a joint session.",
         "owner": "Programme officer"},
]
# fmt: on

TRANSFER_STRATEGY = (
    "The non-paper goes to the Joint River Commission only with every participant's "
    "agreement. Officials brief their ministries informally after each round; the "
    "convener briefs both track 1 delegations twice a year. Farmers' and fishing "
    "communities' representatives report back at their own assemblies."
)


def _answers(rng: random.Random, mean: float, custom: list[str]) -> dict[str, int]:
    keys = [*STANDARD_ITEMS, *(f"custom_{i + 1}" for i in range(len(custom)))]
    out = {}
    for key in keys:
        if rng.random() < 0.05:
            continue  # an item left blank now and then
        out[key] = max(1, min(5, round(rng.gauss(mean, 0.8))))
    return out or {"openness": 3}


def load_evaluation(
    process: Process, seats: dict[str, Seat], facilitator: User
) -> None:
    access = access_process_by_id(facilitator, process.pk)
    rng = random.Random(7)  # noqa: S311 - a reproducible demo, not security
    side_of = dict.fromkeys(VARNIA, 0) | dict.fromkeys(OSTREL, 1)
    for title, held_on, status, custom, respondents, means, n_contacts in ROUNDS:
        trust_round = round_create(
            access=access,
            title=title,
            held_on=held_on,
            status="open",
            custom_items=custom,
        )
        for key in respondents:
            answers_record(
                access=ProcessAccess.operator(seats[key].process, seat=seats[key]),
                trust_round=trust_round,
                answers=_answers(rng, means[side_of[key]], custom),
            )
            others = OSTREL if side_of[key] == 0 else VARNIA
            named = rng.sample(others, k=min(len(others), rng.randint(0, n_contacts)))
            contacts_record(
                access=ProcessAccess.operator(seats[key].process, seat=seats[key]),
                trust_round=trust_round,
                contacts=[
                    {
                        "seat": str(seats[o].pk),
                        "frequency": rng.choice(["once", "few", "often"]),
                    }
                    for o in named
                ],
            )
        if status != "open":
            round_update(
                access=access, trust_round=trust_round, changes={"status": status}
            )

    objectives = {str(o.text): o for o in Objective.objects.filter(process=process)}

    def find(start: str) -> Objective:
        return next(o for text, o in objectives.items() if text.startswith(start))

    for start, (reach, level) in PLACEMENTS.items():
        objective_place(access=access, objective=find(start), reach=reach, level=level)
    for data in OUTCOMES:
        fields = dict(data)
        linked = [find(s).pk for s in fields.pop("objectives")]  # type: ignore[union-attr]
        outcome_create(access=access, objectives=linked, **fields)
    for risk in RISKS:
        risk_create(access=access, **risk)
    # Reviewed before the pre-negotiation phase began: the dashboard prompts a review.
    register_mark_reviewed(access=access, on=D(2025, 11, 30))
    transfer_strategy_set(access=access, text=TRANSFER_STRATEGY)
