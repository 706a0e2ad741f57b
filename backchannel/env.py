"""Typed helpers that read settings from the environment.

Each helper fails with a message that names the variable, the bad value and the
fix, in the manner of healthchecks' ``hc/settings.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A setting in the environment is wrong; the message says how to fix it."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"Unexpected value {name}={raw!r}: use 'true' or 'false'.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(
            f"Unexpected value {name}={raw!r}: use a whole number such as {default}."
        ) from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} is too small: use {minimum} or more.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE_SCOPES = ("ip", "key", "user")


def parse_rate_limits(name: str, text: str) -> str:
    """Check a django-allauth rate-limit string (``10/m/ip,5/5m/key``) and
    return it; a typo stops start-up here instead of failing every login."""
    example = "10/m/ip,5/5m/key"
    parts = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not part for part in parts):
        raise ConfigError(
            f"Unexpected value {name}={text!r}: write comma-separated limits "
            f"COUNT/PERIOD[/SCOPE], e.g. {name}={example}."
        )
    for part in parts:
        pieces = part.split("/")
        problem = ""
        if len(pieces) not in (2, 3):
            problem = "a limit is COUNT/PERIOD or COUNT/PERIOD/SCOPE"
        elif not pieces[0].isdigit() or int(pieces[0]) < 1:
            problem = f"the count {pieces[0]!r} is not a whole number of 1 or more"
        elif not _period_ok(pieces[1]):
            problem = (
                f"the period {pieces[1]!r} is not a number followed by s, m, h or d "
                "(5m, h)"
            )
        elif len(pieces) == 3 and pieces[2] not in _RATE_SCOPES:
            problem = f"the scope {pieces[2]!r} is not one of {', '.join(_RATE_SCOPES)}"
        if problem:
            raise ConfigError(
                f"Unexpected value {name}={text!r}: in {part!r}, {problem}; "
                f"e.g. {name}={example}."
            )
    return text.strip()


def _period_ok(text: str) -> bool:
    if not text or text[-1] not in _PERIODS:
        return False
    number = text[:-1]
    if not number:
        return True
    try:
        return float(number) > 0
    except ValueError:
        return False


def env_rate_limits(name: str, default: str) -> str:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return parse_rate_limits(name, raw)


def env_count_limits(name: str, known: dict[str, str]) -> dict[str, str]:
    """``NAME=kind=COUNT/PERIOD,...`` (periods s, m, h, d), kinds from ``known``
    (kind to default): the configured ones, checked."""
    raw = os.environ.get(name, "")
    configured: dict[str, str] = {}
    for item in (i.strip() for i in raw.split(",")):
        if not item:
            continue
        kind, _, limit = item.partition("=")
        kind, limit = kind.strip(), limit.strip()
        if kind not in known:
            raise ConfigError(
                f"Unexpected value {name}={raw!r}: {kind!r} is not a limit; "
                f"use one of {', '.join(known)}, e.g. {name}=ballot_votes=120/m."
            )
        count, _, period = limit.partition("/")
        if not count.isdigit() or int(count) < 1 or period not in _PERIODS:
            raise ConfigError(
                f"Unexpected value {name}={raw!r}: {kind}={limit!r} is not "
                f"COUNT/PERIOD with a period of s, m, h or d; e.g. {kind}={known[kind]}."
            )
        configured[kind] = limit
    return configured


def env_url(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    """A URL whose scheme is one of ``schemes`` and which names a host or path."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        parts = urlsplit(raw.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in schemes or not (parts.netloc or parts.path):
        raise ConfigError(
            f"Unexpected value {name}=<{len(raw)} characters>: use a URL starting "
            f"with {' or '.join(s + '://' for s in schemes)}."
        )
    return raw.strip()


def env_origins(name: str) -> list[str]:
    """Origins such as ``https://dialogue.example.org`` (scheme and host)."""
    values = env_list(name, [])
    for value in values:
        scheme, sep, host = value.partition("://")
        if scheme not in ("http", "https") or not sep or not host or "/" in host:
            raise ConfigError(
                f"Unexpected value {name}={value!r}: each origin is a scheme and a "
                "host, e.g. https://dialogue.example.org (comma-separated)."
            )
    return values


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if value.upper() in choices:
        return value.upper()
    raise ConfigError(
        f"Unexpected value {name}={raw!r}: use one of {', '.join(choices)}."
    )


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default


def env_secret(name: str) -> str | None:
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE``.

    Setting both is refused, so an operator never wonders which one won.
    """
    direct = os.environ.get(name)
    file_name = os.environ.get(f"{name}_FILE")
    if direct and file_name:
        raise ConfigError(f"Both {name} and {name}_FILE are set: keep only one.")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"{name}_FILE={file_name!r} cannot be read ({exc.strerror}): "
                "point it at a readable file holding the secret."
            ) from None
    return direct or None


def private_dir(path: Path) -> Path:
    """Create ``path`` owner-only (0700), or tighten it if it is looser.

    The data directory holds the embedded database, its WAL and SHM, and the
    generated keys: nobody but the service user has any business in it. A
    directory we may not change is left alone (``backchannel doctor`` names it).
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    private_mode(path, 0o700)
    return path


def private_mode(path: Path, mode: int = 0o600) -> None:
    """Remove group and other permissions from ``path`` if it has any."""
    try:
        current = path.stat().st_mode & 0o777
        if current & 0o077:
            os.chmod(path, current & mode)
    except OSError:
        pass


def secret_file(path: Path, make: Callable[[], str]) -> str:
    """Return the secret stored in ``path``, creating it (mode 0600) if absent."""
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        private_dir(path.parent)
        value: str = make()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(value + "\n")
    except OSError as exc:
        raise ConfigError(
            f"Cannot read or create {path} ({exc.strerror}): set "
            "BACKCHANNEL_DATA_DIR to a directory this user may write, or give the "
            "keys in the environment (see .env.example)."
        ) from None
    return value
