"""Keep invitation codes out of the logs.

A code in a request line (``GET /join/ABCD…/``, as the development server and
Django's error log write them) is a credential until it is used: logs replace
it with ``…``. The path is judged as Django would route it and as a person
might mistype it: percent-decoded (twice), any case (``/JOIN/``), dot segments
and doubled slashes (``/join/./CODE/``). Every segment that follows a ``join``
segment is redacted, and so is any segment anywhere that has the shape of a
code (16 letters of the code alphabet, any case, dashes or spaces), so a code
pasted under another path is not logged either.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

from backchannel.participants.codes import looks_like_code

# A path as it appears in a log line, with its query: from a slash to a space
# or quote.
PATH = re.compile(r"/[^\s\"']*")
# what separates the parts judged one by one: path segments, query names and
# values
_PARTS = re.compile(r"([/?&=#;])")
REDACTED = "…"
# what follows /join/ and is not a code: the acceptance step's fixed segment
_JOIN_FIXED = {"accept", ""}


def _redact_segments(path: str) -> str:
    parts = _PARTS.split(path)
    out: list[str] = []
    after_join = False
    for i, part in enumerate(parts):
        if i % 2:  # a separator
            if part != "/":
                after_join = False  # a query's parts: judged by shape only
            out.append(part)
            continue
        folded = part.casefold()
        if folded == "join":
            after_join = True
            out.append(part)
        elif folded in (".", ".."):
            out.append(part)
        elif looks_like_code(part) or (after_join and folded not in _JOIN_FIXED):
            out.append(REDACTED)
        else:
            out.append(part)
    return "".join(out)


def _redact_path(match: re.Match[str]) -> str:
    raw = match.group(0)
    # Django routes on the percent-decoded path (/%6Aoin/… is /join/…): judge
    # the decoded spelling, and log the decoded, redacted form when it holds a
    # code. Decoding twice catches a doubly-encoded line too.
    decoded = unquote(unquote(raw, errors="replace"), errors="replace")
    redacted = _redact_segments(decoded)
    return redacted if redacted != decoded else raw


class RedactInvitationCodes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = PATH.sub(_redact_path, message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
