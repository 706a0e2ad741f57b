"""Envelope encryption: one AES-256-GCM data key per process (and per organisation
for its people registry), each wrapped by a master key that never enters the
database. The wrapped data keys live in the key store (``keystore.py``), apart
from the database and its backups, which hold key ids only.

Stored ciphertext layout: ``b"\\x02" + nonce(12) + ciphertext+tag``, where the
plaintext is first padded to a size bucket (:func:`pad`), so a dump shows which
bucket a value falls in, not its length. Values written before padding
(``b"\\x01"``, unpadded) still read. The associated data binds every value to
its table, column, row and data key, so a value copied into another row, column
or process fails to decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from backchannel.core import keystore
from backchannel.core.errors import DecryptionError, KeyDestroyed
from backchannel.env import ConfigError, secret_file

VERSION = b"\x01"  # wrapped data keys; values before padding
VALUE_VERSION = b"\x02"  # values: padded to a size bucket, then encrypted
NONCE_BYTES = 12
# Size buckets of padded plaintext: powers of two from 32 bytes to 64 KiB, then
# whole multiples of 64 KiB.
PAD_MIN = 32
PAD_STEP = 64 * 1024


@dataclass(frozen=True)
class MasterKey:
    key: bytes

    @property
    def key_id(self) -> str:
        """A short fingerprint, stored beside wrapped keys to pick the right master."""
        return hashlib.sha256(b"backchannel-master-id" + self.key).hexdigest()[:16]

    @classmethod
    def from_text(cls, text: str, *, source: str) -> MasterKey:
        try:
            raw = base64.b64decode(text.strip(), validate=True)
        except ValueError:
            raise ConfigError(
                f"The master key in {source} is not base64: store 32 random bytes "
                "in base64 (44 characters)."
            ) from None
        if len(raw) != 32:
            raise ConfigError(
                f"The master key in {source} is {len(raw)} bytes: it must be 32 bytes "
                "(256 bits) in base64."
            )
        return cls(raw)


def generate_master_key_text() -> str:
    return base64.b64encode(os.urandom(32)).decode()


_master_lock = threading.Lock()
_master: MasterKey | None = None
_previous: dict[str, MasterKey] | None = None
# Unwrapped data keys, each kept DATA_KEY_TTL seconds: a key destroyed by another
# app server stops working here within that time.
DATA_KEY_TTL = 300.0
_data_keys: dict[uuid.UUID, tuple[float, AESGCM]] = {}


def master_key() -> MasterKey:
    """The configured master key; the embedded default creates one (mode 0600)."""
    global _master
    with _master_lock:
        if _master is None:
            text = settings.BACKCHANNEL_MASTER_KEY
            source = "BACKCHANNEL_MASTER_KEY"
            if text is None:
                path = settings.BACKCHANNEL_MASTER_KEY_PATH
                if not path.exists():
                    logging.getLogger(__name__).warning(
                        "No BACKCHANNEL_MASTER_KEY set: generating one into %s (mode "
                        "0600). Back it up apart from the database.",
                        path,
                    )
                text = secret_file(path, generate_master_key_text)
                source = str(path)
            _master = MasterKey.from_text(text, source=source)
        return _master


def previous_master_keys() -> dict[str, MasterKey]:
    """Earlier master keys still accepted for unwrapping during a rotation."""
    global _previous
    with _master_lock:
        if _previous is None:
            texts = settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS
            keys = [
                MasterKey.from_text(t, source="BACKCHANNEL_PREVIOUS_MASTER_KEYS")
                for t in texts
            ]
            _previous = {k.key_id: k for k in keys}
        return _previous


def master_for(key_id: str) -> MasterKey:
    current = master_key()
    if key_id == current.key_id:
        return current
    previous = previous_master_keys().get(key_id)
    if previous is None:
        raise DecryptionError(
            "A data key is wrapped by a master key that is not configured: set "
            "BACKCHANNEL_MASTER_KEY to it, or list it in "
            "BACKCHANNEL_PREVIOUS_MASTER_KEYS while `backchannel keys rotate` runs."
        )
    return previous


def reset_caches() -> None:
    """Forget the master keys and unwrapped data keys (tests, rotation, destroy)."""
    global _master, _previous, _canary_ok
    with _master_lock:
        _master = None
        _previous = None
        _canary_ok = False
        _data_keys.clear()


def forget_data_key(key_id: uuid.UUID) -> None:
    _data_keys.pop(key_id, None)


def _wrap_aad(key_id: uuid.UUID) -> bytes:
    return b"backchannel-datakey|" + str(key_id).encode()


def wrap_data_key(key_id: uuid.UUID, raw: bytes, master: MasterKey) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(master.key).encrypt(nonce, raw, _wrap_aad(key_id))


def unwrap_data_key(key_id: uuid.UUID, wrapped: bytes, master: MasterKey) -> bytes:
    if wrapped[:1] != VERSION:
        raise DecryptionError("Unknown wrapped-key format.")
    nonce, body = wrapped[1 : 1 + NONCE_BYTES], wrapped[1 + NONCE_BYTES :]
    try:
        return AESGCM(master.key).decrypt(nonce, body, _wrap_aad(key_id))
    except InvalidTag:
        raise DecryptionError(
            "A data key does not unwrap with the configured master key: check "
            "BACKCHANNEL_MASTER_KEY (after a rotation, use the new key)."
        ) from None


def new_data_key_material() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _cipher_for(key_id: uuid.UUID) -> AESGCM:
    kept = _data_keys.get(key_id)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]

    entry = keystore.get(key_id)
    if entry is None:
        raise KeyDestroyed(
            "The data key for this record is not in the key store: it was destroyed, "
            "or the key store was not carried over (`backchannel doctor` says which)."
        )
    if entry.wrapped is None:
        raise KeyDestroyed("The data key for this record was destroyed.")
    master = master_for(entry.master_key_id)
    cipher = AESGCM(unwrap_data_key(key_id, entry.wrapped, master))
    _data_keys[key_id] = (time.monotonic() + DATA_KEY_TTL, cipher)
    return cipher


# --- the canary: proof that the configured master key is this deployment's ---

_CANARY = b"backchannel-canary-v1"
_canary_ok = False


def derived_key(master: MasterKey, purpose: bytes) -> bytes:
    """A 256-bit key for one purpose, derived from a master key (never stored)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        master.key
    )


def blind_index(master: MasterKey, purpose: bytes, value: str) -> str:
    """A keyed blind index: HMAC-SHA256 of ``value`` under a key derived from
    the master key for ``purpose`` (hex). The running server recomputes it to
    find a row; a copy of the database cannot, nor brute-force it from a list
    of candidate values, without the master key."""
    key = derived_key(master, purpose)
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def seal_canary(master: MasterKey) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    key = derived_key(master, b"backchannel-canary")
    return VERSION + nonce + AESGCM(key).encrypt(nonce, _CANARY, b"canary")


def _canary_opens(blob: bytes, master: MasterKey) -> bool:
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        key = derived_key(master, b"backchannel-canary")
        return AESGCM(key).decrypt(nonce, body, b"canary") == _CANARY
    except (InvalidTag, ValueError):
        return False


WRONG_KEY = (
    "BACKCHANNEL_MASTER_KEY is not the master key this deployment's data is "
    "encrypted under (the key store's canary does not decrypt with it{detail}): set "
    "BACKCHANNEL_MASTER_KEY (or BACKCHANNEL_MASTER_KEY_FILE) to the right key; "
    "during a rotation, list the old key in BACKCHANNEL_PREVIOUS_MASTER_KEYS."
)


def canary_problem() -> str | None:
    """None when the configured master keys open the key store's canary (creating
    it on first use); otherwise what is wrong and how to fix it."""
    global _canary_ok
    if _canary_ok:
        return None

    current = master_key()
    candidates = {current.key_id: current, **previous_master_keys()}
    stored = keystore.meta_get("canary")
    if stored is None:
        # First use: any live key must unwrap with a configured key, else the
        # key given is not this deployment's.
        for entry in keystore.entries():
            if entry.wrapped is None:
                continue
            master = candidates.get(entry.master_key_id)
            if master is None:
                return WRONG_KEY.format(detail=f", nor do data key {entry.id}'s")
            break
        keystore.meta_set("canary", seal_canary(current), current.key_id, replace=False)
        stored = keystore.meta_get("canary")
        assert stored is not None  # noqa: S101 - just written
    blob, key_id = stored
    master = candidates.get(key_id)
    if master is None or not _canary_opens(blob, master):
        return WRONG_KEY.format(
            detail=f"; it was sealed under the key with id {key_id}, the configured "
            f"key's id is {current.key_id}"
        )
    _canary_ok = True
    return None


def canary_reseal() -> None:
    """Re-encrypt the canary under the current master key (rotation)."""
    global _canary_ok

    problem = canary_problem()
    if problem is not None:
        raise DecryptionError(problem)
    current = master_key()
    keystore.meta_set("canary", seal_canary(current), current.key_id)
    _canary_ok = True


def require_master_key() -> None:
    """Start-up: refuse to run with a master key that is not this deployment's."""
    problem = canary_problem()
    if problem is not None:
        raise ConfigError(problem)


def aad_for(table: str, column: str, row: Any, key_id: uuid.UUID) -> bytes:
    return f"{table}|{column}|{row}|{key_id}".encode()


def padded_size(length: int) -> int:
    """The bucket for ``length`` bytes of plaintext plus the one-byte marker."""
    need = length + 1
    if need > PAD_STEP:
        return -(-need // PAD_STEP) * PAD_STEP
    size = PAD_MIN
    while size < need:
        size *= 2
    return size


def pad(plaintext: bytes) -> bytes:
    """ISO/IEC 7816-4 padding: a 0x80 byte, then zeros up to the bucket."""
    return plaintext + b"\x80" + bytes(padded_size(len(plaintext)) - len(plaintext) - 1)


def unpad(padded: bytes) -> bytes:
    body = padded.rstrip(b"\x00")
    if not body.endswith(b"\x80"):
        raise DecryptionError("A stored value's padding is damaged.")
    return body[:-1]


def encrypt_value(plaintext: bytes, *, key_id: uuid.UUID, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return (
        VALUE_VERSION + nonce + _cipher_for(key_id).encrypt(nonce, pad(plaintext), aad)
    )


def decrypt_value(blob: bytes, *, key_id: uuid.UUID, aad: bytes) -> bytes:
    version = blob[:1]
    if version not in (VERSION, VALUE_VERSION) or len(blob) < 1 + NONCE_BYTES + 16:
        raise DecryptionError("Stored value is not in Backchannel's ciphertext format.")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        plaintext = _cipher_for(key_id).decrypt(nonce, body, aad)
    except InvalidTag:
        raise DecryptionError(
            "A stored value failed authentication: it was altered, moved to another "
            "row, or encrypted under another key."
        ) from None
    return unpad(plaintext) if version == VALUE_VERSION else plaintext


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def loads(raw: bytes) -> Any:
    return json.loads(raw.decode())
