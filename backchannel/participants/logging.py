"""Keep invitation codes out of the logs.

A code in a request line (``GET /join/ABCD…/``, as the development server and
Django's error log write them) is a credential until it is used: logs replace
it with ``/join/…/``.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

CODE_IN_PATH = re.compile(r"/join/(?!accept/)[^/\s\"?]+")
# A path as it appears in a log line: from a slash to a space, quote or query.
PATH = re.compile(r"/[^\s\"'?#]*")


def _redact_path(match: re.Match[str]) -> str:
    raw = match.group(0)
    # Django routes on the percent-decoded path (/%6Aoin/… is /join/…): judge
    # the decoded spelling, and log the decoded, redacted form when it holds a
    # code. Decoding twice catches a doubly-encoded line too.
    decoded = unquote(unquote(raw, errors="replace"), errors="replace")
    if CODE_IN_PATH.search(decoded):
        return CODE_IN_PATH.sub("/join/…", decoded)
    return raw


class RedactInvitationCodes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = PATH.sub(_redact_path, message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
