"""What a copy of the database reveals of a consultation: structure and votes,
never its texts or the voters' tokens; destroying the process destroys it."""

from __future__ import annotations

from django.test import Client

from backchannel.consultations.models import Ballot, Consultation, Statement, Vote
from backchannel.consultations.public import BALLOT_COOKIE
from backchannel.consultations.services import (
    analysis_run_now,
    consultation_create,
    statement_propose,
)
from backchannel.processes.services import process_destroy
from tests.consultations.conftest import Open, vote_form
from tests.security.test_seizure_drill import _logical_dump
from tests.world import World

MARKERS = ["MKtitle-7d1", "MKquestion-9e2", "MKseed-3a4", "MKproposal-5b6"]


def test_texts_links_and_ballot_tokens_never_appear_in_a_dump(
    client: Client, world: World
) -> None:
    consultation = consultation_create(
        access=world.access("facilitator"),
        title=MARKERS[0],
        question=MARKERS[1],
        seed_statements=[MARKERS[2]],
        status="open",
    )
    opened = Open(consultation, list(consultation.statements.all()))
    response = vote_form(client, opened, opened.statements[0], "agree")
    ballot_token = response.cookies[BALLOT_COOKIE].value
    statement_propose(
        consultation=consultation, ballot_token=ballot_token, text=MARKERS[3]
    )
    analysis_run_now(consultation=consultation)
    dump = _logical_dump()
    for marker in [*MARKERS, str(consultation.token), ballot_token]:
        assert marker not in dump, marker
    assert Consultation.hash(str(consultation.token)) in dump  # only its hash


def test_destroying_the_process_destroys_its_consultations(
    opened: Open, world: World, client: Client
) -> None:
    vote_form(client, opened, opened.statements[0], "agree")
    analysis_run_now(consultation=opened.consultation)
    process_destroy(process=world.process, actor=world.users["org_convener"])
    for model in (Consultation, Statement, Ballot, Vote):
        assert not model.objects.exists(), model.__name__
    assert client.get(opened.vote_url).status_code == 404
