"""The blind index of a login's id: how the running server finds "the person
of this login" without a clear link a database copy could join on (see
``participants.logins``, which every caller goes through). Imports no model,
so ``Seat.objects.held_by`` can use it."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from backchannel.core import crypto

#: HKDF label of the blind index's key: its own, so the index key is neither
#: a data key, the MFA key nor the canary's.
LOGIN_INDEX_PURPOSE = b"backchannel-login-index"


# The index key of each master key, by the master key's fingerprint (every
# request looks its login up: derive once per process, not per lookup).
_keys: dict[str, bytes] = {}


def login_index(user_id: object, master: crypto.MasterKey | None = None) -> str:
    """The blind index of a login's id under ``master`` (the current key):
    HMAC-SHA256 under the key HKDF derives with :data:`LOGIN_INDEX_PURPOSE`
    (``crypto.blind_index``)."""
    master = master or crypto.master_key()
    key = _keys.get(master.key_id)
    if key is None:
        key = _keys[master.key_id] = crypto.derived_key(master, LOGIN_INDEX_PURPOSE)
    return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()


def login_indexes(user: Any) -> list[str]:
    """The indexes that may name ``user``'s person: under the current master key
    and, during a rotation, under each previous one. Empty for an anonymous
    user (who has no person)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return []
    masters = [crypto.master_key(), *crypto.previous_master_keys().values()]
    return [login_index(user.pk, master) for master in masters]
