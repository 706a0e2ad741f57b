"""Keep invitation codes out of the logs.

A code in a request line (``GET /join/ABCD…/``, as the development server and
Django's error log write them) is a credential until it is used: logs replace
it with ``/join/…/``.
"""

from __future__ import annotations

import logging
import re

CODE_IN_PATH = re.compile(r"/join/(?!accept/)[^/\s\"?]+")


class RedactInvitationCodes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = CODE_IN_PATH.sub("/join/…", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
