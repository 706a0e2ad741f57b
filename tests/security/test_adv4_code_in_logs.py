"""Adversary (round 4): a live invitation code left in the server's log.

README, "A facilitator reaching beyond their process": "Logs replace a code in
a request line with ``/join/…/``, judged on the percent-decoded path the
request is routed on". Codes are also printed and sent as QR codes ("its
published code, ``KESS-ADEM-QJVN-R234``"), so people type join links by hand.

Attack (an operator who reads logs, or anyone a log is shipped to): a join
link typed with a capitalised path (``/JOIN/<code>/``) or carrying a dot
segment (``/join/./<code>/``) answers 404, and the request line keeps the
still-valid code: on the demo, ``"GET /JOIN/KESSADEMQJVNR234/ HTTP/1.1" 404``
and ``"GET /join/…/KESSADEMQJVNR234/ HTTP/1.1" 404`` (the filter replaced the
dot and left the code). Whoever reads it can take the seat up before the
invitee. Severity: low (a mistyped link, a log reader).

Control: the plain and percent-encoded links are redacted.
"""

from __future__ import annotations

import logging

import pytest

from backchannel.participants.logging import RedactInvitationCodes

CODE = "KESSADEMQJVNR234"


def _logged(path: str, status: int) -> str:
    line = f'"GET {path} HTTP/1.1" {status} 2115'
    record = logging.LogRecord("django.server", logging.WARNING, "", 0, line, (), None)
    RedactInvitationCodes().filter(record)
    return record.getMessage()


@pytest.mark.parametrize(
    "path", [f"/join/{CODE}/", f"/%6Aoin/{CODE}/", "/join/KESS-ADEM-QJVN-R234/"]
)
def test_the_plain_and_encoded_links_are_redacted(path: str) -> None:
    logged = _logged(path, 302)
    assert "QJVN" not in logged, logged


@pytest.mark.parametrize(
    "path",
    [
        f"/join/./{CODE}/",
        f"/JOIN/{CODE}/",
        f"/Join/{CODE}/",
        f"//join//{CODE}/",
        f"/join/../join/{CODE}/",
        f"/%4A%4F%49%4E/{CODE.lower()}/",
        # a code pasted under another path, in any case or with dashes
        f"/processes/{CODE.lower()}/",
        "/api/join/kess-adem-qjvn-r234",
    ],
)
def test_a_mistyped_join_link_does_not_log_the_code(path: str) -> None:
    logged = _logged(path, 404)
    assert "QJVN" not in logged, logged


def test_ordinary_paths_are_logged_as_they_are() -> None:
    """Control: the filter does not blank paths that hold no code."""
    for path in ("/processes/", "/join/", "/join/accept/", "/api/consultations/abc/"):
        assert _logged(path, 200) == f'"GET {path} HTTP/1.1" 200 2115'
