"""Envelope encryption: one AES-256-GCM data key per process (and per organisation
for its people registry), each wrapped by a master key that never enters the
database.

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
import json
import os
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backchannel.core.errors import DecryptionError, KeyDestroyed
from backchannel.env import ConfigError

if TYPE_CHECKING:
    from backchannel.core.models import DataKey

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
_data_keys: dict[uuid.UUID, AESGCM] = {}


def master_key() -> MasterKey:
    """The configured master key; the embedded default creates one (mode 0600)."""
    global _master
    with _master_lock:
        if _master is None:
            from django.conf import settings

            from backchannel.env import secret_file

            text = settings.BACKCHANNEL_MASTER_KEY
            source = "BACKCHANNEL_MASTER_KEY"
            if text is None:
                path = settings.BACKCHANNEL_MASTER_KEY_PATH
                if not path.exists():
                    import logging

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
            from django.conf import settings

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
    global _master, _previous
    with _master_lock:
        _master = None
        _previous = None
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
    cipher = _data_keys.get(key_id)
    if cipher is not None:
        return cipher
    from backchannel.core.models import DataKey

    try:
        record: DataKey = DataKey.objects.get(pk=key_id)
    except DataKey.DoesNotExist:
        raise KeyDestroyed("The data key for this record no longer exists.") from None
    if record.wrapped is None:
        raise KeyDestroyed("The data key for this record was destroyed.")
    master = master_for(record.master_key_id)
    cipher = AESGCM(unwrap_data_key(key_id, bytes(record.wrapped), master))
    _data_keys[key_id] = cipher
    return cipher


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
