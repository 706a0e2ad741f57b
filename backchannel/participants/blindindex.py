"""The blind index of a login's id: how the running server finds "the person
of this login" without a clear link a database copy could join on (see
``participants.logins``, which every caller goes through). Imports no model,
so ``Seat.objects.held_by`` can use it."""

from __future__ import annotations

from typing import Any

from backchannel.core import crypto

#: HKDF label of the blind index's key: its own, so the index key is neither
#: a data key, the MFA key nor the canary's.
LOGIN_INDEX_PURPOSE = b"backchannel-login-index"


def login_index(user_id: object, master: crypto.MasterKey | None = None) -> str:
    """The blind index of a login's id under ``master`` (the current key)."""
    return crypto.blind_index(
        master or crypto.master_key(), LOGIN_INDEX_PURPOSE, str(user_id)
    )


def login_indexes(user: Any) -> list[str]:
    """The indexes that may name ``user``'s person: under the current master key
    and, during a rotation, under each previous one. Empty for an anonymous
    user (who has no person)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return []
    masters = [crypto.master_key(), *crypto.previous_master_keys().values()]
    return [login_index(user.pk, master) for master in masters]
