"""Typed helpers that read settings from the environment.

Each helper fails with a message that names the variable, the bad value and the
fix, in the manner of healthchecks' ``hc/settings.py``.
"""

from __future__ import annotations

import os
from pathlib import Path


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


def secret_file(path: Path, make: callable) -> str:  # type: ignore[valid-type]
    """Return the secret stored in ``path``, creating it (mode 0600) if absent."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    private_dir(path.parent)
    value: str = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value
