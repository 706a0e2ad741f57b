"""The shape of an invitation code: no Django, so the log filter can use it."""

from __future__ import annotations

import re

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
CODE_LENGTH = 16  # 80 bits


def normalise_code(code: str) -> str:
    """What a person typed or pasted: any case, spaces and dashes ignored."""
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def format_code(code: str) -> str:
    """``ABCD-EFGH-JKLM-NPQR``: easier to read aloud and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def looks_like_code(text: str) -> bool:
    """Whether ``text`` (a path segment, any case, dashes or spaces) could be a code."""
    code = normalise_code(text)
    return len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
