"""The demo's public consultation: the Kessa Basin Dialogue asks the basin's
people what should happen to the river.

Three thousand synthetic voters in three latent camps (upstream Varnia,
downstream Ostrel, and a basin-wide environmental current) vote on about
two thirds of the statements each; each camp has a probability of agreeing
with each statement, so the analysis finds visible groups, common ground
(drinking water first, shared data, a drought plan) and the dividing lines
(the reservoir, compensation). The voters are inserted in bulk, with ballot
ids no cookie can ever produce, and the analysis is run once.
"""

from __future__ import annotations

import uuid

import numpy as np
from django.db import connection

from backchannel.accounts.models import User
from backchannel.consultations.models import Ballot, StatementStatus, Vote
from backchannel.consultations.services import (
    analysis_run_now,
    consultation_create,
    new_token,
    statement_moderate,
    statement_propose,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.models import Process

VOTERS = 3000
SEED = 2026
#: Shares of the three camps: upstream, downstream, basin-wide.
CAMPS = (0.4, 0.35, 0.25)
PASS_RATE = 0.12
VOTED_SHARE = 0.65

# fmt: off
# (statement, probability of agreeing: upstream, downstream, basin-wide)
STATEMENTS = [
    ("Dry-season releases from the Upper Kessa reservoir should follow a schedule both countries agree.", (0.75, 0.95, 0.9)),
    ("River flow data from both banks should be published every week.", (0.8, 0.9, 0.95)),
    ("Varnia may fill the reservoir as it sees fit: it lies on Varnian land.", (0.9, 0.08, 0.2)),
    ("Farmers on the Dolen Plain should be compensated for harvests lost in dry years.", (0.2, 0.95, 0.7)),
    ("No new dam should be built on the Kessa without the agreement of both countries.", (0.3, 0.95, 0.9)),
    ("Electricity from the reservoir should be sold to Ostrel at a discount.", (0.3, 0.9, 0.2)),
    ("A joint commission of experts should settle disputes over the river.", (0.7, 0.85, 0.9)),
    ("Drinking water must come before farms and electricity, on both banks.", (0.85, 0.9, 0.95)),
    ("Fishing communities should have a seat at the talks.", (0.35, 0.3, 0.92)),
    ("Farmers on the Dolen Plain should grow crops that need less water.", (0.85, 0.15, 0.85)),
    ("The jobs the reservoir brought matter more than the river flow that was lost.", (0.9, 0.1, 0.2)),
    ("The wetlands of the lower Kessa should be protected by law in both countries.", (0.3, 0.35, 0.97)),
    ("Each country should measure the river with its own instruments only.", (0.65, 0.75, 0.05)),
    ("Young people from both banks should help design water projects.", (0.7, 0.75, 0.95)),
    ("Talks about the river should wait until the border question is settled.", (0.4, 0.3, 0.05)),
    ("A drought plan should say in advance who gets how much water.", (0.75, 0.9, 0.9)),
    ("Ostrel's irrigation canals lose too much water.", (0.9, 0.15, 0.85)),
    ("Donors should pay for modern irrigation on both banks.", (0.8, 0.85, 0.7)),
    ("Hydropower exports should be taxed to pay for restoring the river.", (0.1, 0.45, 0.92)),
    ("Sand mining in the riverbed should be banned.", (0.25, 0.3, 0.95)),
    ("Ostrel should build its own reservoir downstream.", (0.35, 0.9, 0.05)),
    ("Local officials from both banks should meet every month.", (0.7, 0.8, 0.85)),
    ("Waste water from Varnian factories harms fields in Ostrel.", (0.2, 0.9, 0.85)),
    ("The river's future should be decided by the two capitals alone.", (0.6, 0.65, 0.05)),
]
PROPOSED_ACCEPTED = [
    ("Schools on both banks should teach the river's shared history.", (0.7, 0.7, 0.9)),
    ("Villages should be warned a day before large releases from the dam.", (0.8, 0.95, 0.95)),
]
PROPOSED_PENDING = "Boat traffic between the two banks should be free of charge."
PROPOSED_REJECTED = "Everyone who runs the dam should be put on trial."
# fmt: on


def load_consultation(main: Process, facilitator: User) -> None:
    access = access_process_by_id(facilitator, main.pk)
    consultation = consultation_create(
        access=access,
        title="The Kessa river: what should happen next?",
        question="The Kessa flows from Varnia into Ostrel. Its water feeds farms, "
        "towns, fisheries and power plants on both banks. Vote on each statement: "
        "agree, disagree, or pass if you are unsure. Your votes are anonymous.",
        seed_statements=[text for text, _ in STATEMENTS],
        status="open",
        accepts_statements=True,
        public_results=True,
    )
    token = new_token()  # one voter proposed the extra statements
    for text, _ in PROPOSED_ACCEPTED:
        proposed = statement_propose(
            consultation=consultation, ballot_token=token, text=text
        )
        statement_moderate(access=access, statement=proposed, status="accepted")
    statement_propose(
        consultation=consultation, ballot_token=token, text=PROPOSED_PENDING
    )
    rejected = statement_propose(
        consultation=consultation, ballot_token=token, text=PROPOSED_REJECTED
    )
    statement_moderate(access=access, statement=rejected, status="rejected")
    accepted = list(
        consultation.statements.filter(status=StatementStatus.ACCEPTED)
        .order_by("number")
        .values_list("id", flat=True)
    )
    opinions = np.array([p for _, p in [*STATEMENTS, *PROPOSED_ACCEPTED]]).T
    rng = np.random.default_rng(SEED)
    camps = rng.choice(len(CAMPS), size=VOTERS, p=CAMPS)
    ballots = [
        Ballot(id=uuid.UUID(bytes=rng.bytes(16)), consultation=consultation)
        for _ in range(VOTERS)
    ]
    Ballot.objects.bulk_create(ballots, batch_size=1000)
    m = len(accepted)
    seen = rng.random((VOTERS, m)) < VOTED_SHARE
    agree = rng.random((VOTERS, m)) < opinions[camps]
    passed = rng.random((VOTERS, m)) < PASS_RATE
    values = np.where(passed, 0, np.where(agree, 1, -1))
    rows, cols = np.nonzero(seen)
    # 50,000 rows: straight to the table, without a model instance each.
    table = connection.ops.quote_name(Vote._meta.db_table)
    uid = Vote._meta.pk.get_db_prep_value
    ballot_ids = [uid(b.pk, connection) for b in ballots]
    statement_ids = [uid(s, connection) for s in accepted]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (id, ballot_id, statement_id, value) "  # noqa: S608 - quoted table name
            "VALUES (%s, %s, %s, %s)",
            [
                (
                    uid(uuid.UUID(bytes=rng.bytes(16)), connection),
                    ballot_ids[r],
                    statement_ids[c],
                    int(values[r, c]),
                )
                for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
            ],
        )
    analysis_run_now(consultation=consultation)
