"""Adversary (round 5): an invitation code in a query string is logged in clear.

README, "A differencer, a ballot stuffer, an outside script": "*Invitation
codes stay out of the logs* however the link is typed: the log filter judges
the percent-decoded path in any case, redacts every segment after a ``join``
segment and any segment shaped like a code".

Attack (anyone who reads the server log, or a log shipper): the filter stops
each path at ``?``, so a code in a query string stays. On the demo,
``/join/?code=KESSADEMQJVNR234`` (a hand-made "join with code" link),
``/accounts/login/?next=%2Fjoin%2FKESSADEMQJVNR234%2F`` (a login link whose
``next`` was percent-encoded by a mail client or a redirect) and
``/?code=KESSADEMQJVNR234`` were all logged as typed; the last is even
answered by a redirect to ``/login/?next=/%3Fcode%3DKESSADEMQJVNR234``, so
the app itself writes the code into a second log line. The live code lets the
log reader take the seat up before the invitee. Severity: low (an unusual
link, a log reader), same class as round 4's ``test_adv4_code_in_logs.py``.

Control: the unencoded ``next=/join/<code>/`` is redacted (the path pattern
finds it inside the query), so the test fails only on the other spellings.
"""

from __future__ import annotations

import logging

import pytest

from backchannel.participants.logging import RedactInvitationCodes

CODE = "KESSADEMQJVNR234"


def _logged(path: str, status: int) -> str:
    line = f'"GET {path} HTTP/1.1" {status} 2115'
    record = logging.LogRecord("django.server", logging.INFO, "", 0, line, (), None)
    RedactInvitationCodes().filter(record)
    return record.getMessage()


def test_a_join_path_inside_a_query_is_redacted() -> None:
    logged = _logged(f"/accounts/login/?next=/join/{CODE}/", 200)
    assert "QJVN" not in logged, logged


@pytest.mark.parametrize(
    "path",
    [
        f"/join/?code={CODE}",
        f"/?code={CODE}",
        f"/login/?next=/%3Fcode%3D{CODE}",
        f"/accounts/login/?next=%2Fjoin%2F{CODE}%2F",
    ],
)
def test_a_code_in_a_query_string_is_not_logged(path: str) -> None:
    logged = _logged(path, 200)
    assert "QJVN" not in logged, logged
