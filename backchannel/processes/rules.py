"""A process's ground rules: what everyone seated accepts before taking up a seat.

A process that has written none uses the default text below. The version is
derived from the text itself, so that editing the rules makes a new version
and each seat keeps the version its holder accepted, and the day.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext_lazy as _

from backchannel.processes.models import Process

DEFAULT_RULES_VERSION = "default-2026-1"

DEFAULT_GROUND_RULES = _(
    "1. What is said here may be used, but neither the identity nor the "
    "affiliation of a speaker, nor of any other participant, may be revealed "
    "(the Chatham House rule).\n"
    "2. I do not record, photograph or forward what is said or written in this "
    "dialogue, and I do not say outside it who takes part.\n"
    "3. I speak in my personal capacity; nothing said here commits my "
    "government or organisation.\n"
    "4. Ideas floated here are explorations, not positions: I do not quote them "
    "as anyone's proposal.\n"
    "5. I keep my login to myself, and I leave the process (from my seat's page) "
    "when I no longer take part."
)


def ground_rules_text(process: Process) -> str:
    """The rules a newcomer reads: the process's own, or the default."""
    text = str(process.ground_rules or "").strip()
    return text or str(DEFAULT_GROUND_RULES)


def ground_rules_version(process: Process) -> str:
    """``default-…`` for the default text, else a digest of the process's text."""
    text = str(process.ground_rules or "").strip()
    if not text:
        return DEFAULT_RULES_VERSION
    return "r-" + hashlib.sha256(text.encode()).hexdigest()[:12]
