"""The Django side of :mod:`backchannel.textinput.uploads`: the configured limits.

The checks themselves are framework-free and take their limits as arguments;
this module reads the configured ones (``BACKCHANNEL_MAX_UPLOAD_BYTES``,
``BACKCHANNEL_MAX_EXPANSION``, ``BACKCHANNEL_MAX_DECOMPRESSED_BYTES``, see
``settings.py``) and passes them. The names of the framework-free module are
re-exported so a Django caller needs one import.
"""

from __future__ import annotations

from django.conf import settings

from backchannel.textinput.uploads import (
    DEFAULT_MAX_DECOMPRESSED_BYTES,
    DEFAULT_MAX_EXPANSION,
    DEFAULT_MAX_UPLOAD_BYTES,
    MAX_JSON_DEPTH,
    MIB,
    InputRefused,
    check_size,
    decode_text,
    gunzip_limited,
    json_loads,
    lines,
    read_limited,
    read_text,
    size_text,
    too_large,
)

__all__ = [
    "DEFAULT_MAX_DECOMPRESSED_BYTES",
    "DEFAULT_MAX_EXPANSION",
    "DEFAULT_MAX_UPLOAD_BYTES",
    "MAX_JSON_DEPTH",
    "MIB",
    "InputRefused",
    "check_size",
    "decode_text",
    "gunzip_limited",
    "json_loads",
    "limit",
    "lines",
    "read_limited",
    "read_text",
    "size_text",
    "too_large",
]

_DEFAULTS = {
    "MAX_UPLOAD_BYTES": DEFAULT_MAX_UPLOAD_BYTES,
    "MAX_EXPANSION": DEFAULT_MAX_EXPANSION,
    "MAX_DECOMPRESSED_BYTES": DEFAULT_MAX_DECOMPRESSED_BYTES,
}


def limit(name: str) -> int:
    """A configured limit: ``"MAX_UPLOAD_BYTES"``, ``"MAX_EXPANSION"`` or
    ``"MAX_DECOMPRESSED_BYTES"`` (``BACKCHANNEL_<name>`` in the settings)."""
    if name not in _DEFAULTS:
        raise ValueError(
            f"unknown input limit {name!r}: use one of " + ", ".join(sorted(_DEFAULTS))
        )
    return int(getattr(settings, f"BACKCHANNEL_{name}", _DEFAULTS[name]))
