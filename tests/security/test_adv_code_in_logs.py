"""Adversary: an invitation code written to the server's log in clear.

README: "Logs replace a code in a request line with /join/…/". The filter
(``participants/logging.py``) matches the raw request line, but the request is
routed on the decoded path: ``GET /%6Aoin/<code>/`` reaches the join page and
accepts the code, while the logged line keeps it as typed.
"""

from __future__ import annotations

import logging

from django.test import Client

from backchannel.participants.logging import RedactInvitationCodes
from backchannel.participants.logins import LOGIN_FIELDS, unlink_login
from backchannel.participants.services import format_code, invitation_create
from tests.world import World


def test_an_encoded_join_link_works_and_its_code_stays_out_of_the_log(
    world: World,
) -> None:
    seat = world.seats["observer"]
    person = seat.person
    unlink_login(person)
    person.save(update_fields=LOGIN_FIELDS)
    seat.joined_on = None
    seat.save(update_fields=["joined_on"])
    _, code = invitation_create(access=world.access("facilitator"), seat=seat)
    path = f"/%6Aoin/{format_code(code)}/"
    response = Client().get(path)
    assert response.status_code == 302  # the code was checked and accepted
    line = f'"GET {path} HTTP/1.1" 302 0'
    record = logging.LogRecord("django.server", logging.INFO, "", 0, line, (), None)
    RedactInvitationCodes().filter(record)
    logged = record.getMessage()
    assert code not in logged and format_code(code) not in logged, logged
