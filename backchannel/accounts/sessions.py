"""A session store a copy of the database cannot use (``SESSION_ENGINE``).

Django's database store keeps the session key, which is the ``sessionid``
cookie, in clear: a value read from a dump logs in as its owner, second factor
included. Here:

- the row is keyed by ``SHA-256("backchannel-session|" + cookie)``: the cookie
  has ~165 bits of randomness, so the hash cannot be turned back into it;
- the data is encrypted with AES-256-GCM under a key derived from the cookie
  itself (HKDF-SHA256), not from the master key: even the master key and the
  database together open no session. Only the browser holding the cookie can;
- the exact expiry travels inside the ciphertext; the ``expires_on`` column is
  rounded up to the next midnight (UTC), so the table says on which day a
  session ends, not when its owner logged in or last clicked;
- allauth's record of each login and re-authentication (``at``, to the second)
  is kept to the second only while it still matters for re-authentication
  (``ACCOUNT_REAUTHENTICATION_TIMEOUT``, 5 minutes) and to the day afterwards;
- expired rows are purged by the application itself: when a session is created
  (every login), at most once every ``PURGE_EVERY`` seconds per server process.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import threading
import time
from typing import Any

from asgiref.sync import sync_to_async
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.sessions.backends.base import CreateError, SessionBase, UpdateError
from django.db import DatabaseError, IntegrityError, router, transaction
from django.utils import timezone

from backchannel.accounts.models import HashedSession

PREFIX = "bs1:"
PURGE_EVERY = 600
AUTH_RECORDS = "account_authentication_methods"

_purge_lock = threading.Lock()
_last_purge = float("-inf")


def key_hash(session_key: str) -> str:
    """What the database stores in place of the cookie."""
    return hashlib.sha256(b"backchannel-session|" + session_key.encode()).hexdigest()


def _cipher(session_key: str) -> AESGCM:
    return AESGCM(
        HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"backchannel-session-data",
        ).derive(session_key.encode())
    )


def seal(session_key: str, payload: dict[str, Any]) -> str:
    nonce = os.urandom(12)
    body = _cipher(session_key).encrypt(
        nonce, json.dumps(payload).encode(), key_hash(session_key).encode()
    )
    return PREFIX + base64.b64encode(nonce + body).decode()


def unseal(session_key: str, stored: str) -> dict[str, Any] | None:
    """The payload, or None for anything that does not open (never raises)."""
    if not stored.startswith(PREFIX):
        return None
    try:
        blob = base64.b64decode(stored[len(PREFIX) :])
        raw = _cipher(session_key).decrypt(
            blob[:12], blob[12:], key_hash(session_key).encode()
        )
        payload = json.loads(raw)
    except (ValueError, InvalidTag):
        return None
    return payload if isinstance(payload, dict) else None


def to_the_day(at: float) -> float:
    return float(int(at) - int(at) % 86400)


def coarsen_auth_records(data: dict[str, Any], now: float) -> dict[str, Any]:
    """Login and re-authentication times older than the re-authentication
    window, kept to the day only (a copy; ``data`` is left alone)."""
    records = data.get(AUTH_RECORDS)
    if not isinstance(records, list):
        return data
    window = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    coarse = []
    for record in records:
        at = record.get("at") if isinstance(record, dict) else None
        if isinstance(at, int | float) and now - at > window:
            record = {**record, "at": to_the_day(at)}
        coarse.append(record)
    return {**data, AUTH_RECORDS: coarse}


def _next_midnight(moment: dt.datetime) -> dt.datetime:
    day = moment.astimezone(dt.UTC).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def purge_expired(*, force: bool = False) -> int:
    """Delete expired sessions; throttled per process unless ``force``."""
    global _last_purge
    now = time.monotonic()
    with _purge_lock:
        if not force and now - _last_purge < PURGE_EVERY:
            return 0
        _last_purge = now

    deleted, _ = HashedSession.objects.filter(expires_on__lte=timezone.now()).delete()
    return deleted


class SessionStore(SessionBase):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)

    @classmethod
    def get_model_class(cls) -> Any:
        return HashedSession

    @property
    def model(self) -> Any:
        return self.get_model_class()

    # -- reading
    def load(self) -> dict[str, Any]:
        key = self.session_key
        if key is None:
            return {}
        row = self.model.objects.filter(
            key_hash=key_hash(key), expires_on__gt=timezone.now()
        ).first()
        payload = unseal(key, row.data) if row is not None else None
        if payload is None or not isinstance(payload.get("expires"), int | float):
            self._session_key = None
            return {}
        if payload["expires"] <= time.time():
            self.model.objects.filter(key_hash=key_hash(key)).delete()
            self._session_key = None
            return {}
        return self.decode(payload.get("data", ""))

    def exists(self, session_key: str) -> bool:
        return self.model.objects.filter(key_hash=key_hash(session_key)).exists()

    # -- writing
    def create(self) -> None:
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue
            self.modified = True
            purge_expired()
            return

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        expires = self.get_expiry_date()
        key = self._get_or_create_session_key()
        payload = {
            "expires": expires.timestamp(),
            "data": self.encode(coarsen_auth_records(data, time.time())),
        }
        row = self.model(
            key_hash=key_hash(key),
            data=seal(key, payload),
            expires_on=_next_midnight(expires),
        )
        using = router.db_for_write(self.model, instance=row)
        try:
            with transaction.atomic(using=using):
                row.save(
                    force_insert=must_create, force_update=not must_create, using=using
                )
        except IntegrityError:
            if must_create:
                raise CreateError from None
            raise
        except DatabaseError:
            if not must_create:
                raise UpdateError from None
            raise

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(key_hash=key_hash(session_key)).delete()

    @classmethod
    def clear_expired(cls) -> None:
        purge_expired(force=True)

    # -- async callers get the same code
    async def aload(self) -> dict[str, Any]:
        return await sync_to_async(self.load)()

    async def aexists(self, session_key: str) -> bool:
        return await sync_to_async(self.exists)(session_key)

    async def acreate(self) -> None:
        await sync_to_async(self.create)()

    async def asave(self, must_create: bool = False) -> None:
        await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key: str | None = None) -> None:
        await sync_to_async(self.delete)(session_key)

    @classmethod
    async def aclear_expired(cls) -> None:
        await sync_to_async(cls.clear_expired)()
