"""``backchannel keys rotate``: every value encrypted under, or derived from, the
master key moves to the current one.

- data keys in the key store (re-wrapped), and in the key-store backups this
  deployment can reach (so they restore once the old key is gone);
- second factors' secrets (TOTP secrets, recovery-code seeds);
- the blind indexes of people's logins (recomputed: ``participants.logins``);
- the audit log's key (re-wrapped);
- the key store's canary (the proof that the master key is this deployment's).

Backups made with ``backchannel backup`` before the rotation are encrypted under
a key derived from the old master key: they restore while the old key is listed
in ``BACKCHANNEL_PREVIOUS_MASTER_KEYS``. The audit key is re-wrapped: the chain's
MACs and earlier checkpoint files stay valid. During the rotation every reader tries the previous keys.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backchannel.core import crypto, keystore
from backchannel.core.audit import audit_rotate
from backchannel.core.errors import DecryptionError
from backchannel.core.services import data_keys_rotate


@dataclass
class Rotation:
    data_keys: int
    data_keys_current: int
    mfa_secrets: int
    mfa_current: int
    key_backups: int
    login_indexes: int = 0


def key_backups_rotate() -> int:
    """Re-wrap the live keys inside every reachable key-store backup."""
    master = crypto.master_key()

    def change(doc: dict[str, Any]) -> bool:
        touched = False
        for item in doc.get("keys", []):
            wrapped = item.get("wrapped")
            if wrapped is None or item.get("master_key_id") == master.key_id:
                continue
            key_id = uuid.UUID(str(item["id"]))
            old = crypto.master_for(str(item.get("master_key_id")))
            raw = crypto.unwrap_data_key(key_id, base64.b64decode(wrapped), old)
            item["wrapped"] = base64.b64encode(
                crypto.wrap_data_key(key_id, raw, master)
            ).decode()
            item["master_key_id"] = master.key_id
            touched = True
        canary = doc.get("canary")
        if canary and canary.get("master_key_id") != master.key_id:
            doc["canary"] = {
                "value": base64.b64encode(crypto.seal_canary(master)).decode(),
                "master_key_id": master.key_id,
            }
            touched = True
        return touched

    return keystore.rewrite_backups(change)


#: Secrets kept by an app above core and derived from the master key (the second
#: factors of accounts), each rotated by a function that returns how many it
#: rotated and how many already were current. Apps register theirs in their
#: ``AppConfig.ready`` (core cannot import them: pyproject.toml, importlinter).
_SECRETS: dict[str, Callable[[], tuple[int, int]]] = {}


def register_secrets(name: str, rotate: Callable[[], tuple[int, int]]) -> None:
    """Have ``backchannel keys rotate`` call ``rotate`` (``name``: ``"mfa"``...)."""
    _SECRETS[name] = rotate


def _rotate_secrets(name: str) -> tuple[int, int]:
    rotate = _SECRETS.get(name)
    if rotate is None:
        raise RuntimeError(
            f"nothing rotates the {name!r} secrets: the app that keeps them did not "
            "register (is it in INSTALLED_APPS?)"
        )
    return rotate()


def master_key_rotate() -> Rotation:
    problem = crypto.canary_problem()
    if problem is not None:
        raise DecryptionError(problem)
    data_keys, data_current = data_keys_rotate()
    mfa, mfa_current = _rotate_secrets("mfa")
    indexes, _current = _rotate_secrets("login_index")
    backups = key_backups_rotate()
    audit_rotate()  # the audit key: re-wrapped, the chain stays verifiable
    crypto.canary_reseal()
    return Rotation(data_keys, data_current, mfa, mfa_current, backups, indexes)
