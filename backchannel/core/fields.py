"""Model fields whose values are encrypted under their row's data key.

The column holds ciphertext only. A loaded value stays sealed until first read,
when the descriptor decrypts it with the associated data of *this* row; a value
copied from another row therefore fails loudly instead of reading.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

from backchannel.core import crypto


class Sealed(bytes):
    """Ciphertext as loaded from the database, not yet opened."""


class _EncryptedDescriptor:
    def __init__(self, field: EncryptedField) -> None:
        self.field = field

    def __get__(self, instance: models.Model | None, owner: type) -> Any:
        if instance is None:
            return self
        data = instance.__dict__
        name = self.field.attname
        if name not in data:
            instance.refresh_from_db(fields=[name])
        value = data[name]
        if isinstance(value, Sealed):
            value = self.field.open(instance, value)
            data[name] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedField(models.Field[Any, Any]):
    """Base class: subclasses say how a Python value becomes bytes and back."""

    empty_strings_allowed = True

    def get_internal_type(self) -> str:
        return "BinaryField"

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only)
        setattr(cls, self.attname, _EncryptedDescriptor(self))

    # -- encoding, per subclass
    def encode(self, value: Any) -> bytes:
        raise NotImplementedError

    def decode(self, raw: bytes) -> Any:
        raise NotImplementedError

    # -- crypto
    def _aad(self, instance: models.Model, key_id: Any) -> bytes:
        return crypto.aad_for(instance._meta.db_table, self.column, instance.pk, key_id)

    def open(self, instance: models.Model, sealed: bytes) -> Any:
        key_id = instance.data_key_id  # type: ignore[attr-defined]
        return self.decode(
            crypto.decrypt_value(
                bytes(sealed), key_id=key_id, aad=self._aad(instance, key_id)
            )
        )

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None and self.null:
            return None
        if isinstance(value, Sealed):
            return value
        key_id = getattr(model_instance, "data_key_id", None)
        if key_id is None or model_instance.pk is None:
            raise ValueError(
                f"{type(model_instance).__name__}.{self.name} cannot be encrypted: the "
                "row has no data key yet; save it through its service."
            )
        return Sealed(
            crypto.encrypt_value(
                self.encode(value), key_id=key_id, aad=self._aad(model_instance, key_id)
            )
        )

    def get_db_prep_value(
        self, value: Any, connection: Any, prepared: bool = False
    ) -> Any:
        if value is None:
            return None
        if not isinstance(value, bytes):
            raise TypeError(
                f"{self.model.__name__}.{self.name} is encrypted and cannot be used in "
                "a query; filter in Python after loading."
            )
        return connection.Database.Binary(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return Sealed(bytes(value))

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return str(self.value_from_object(obj))


class EncryptedTextField(EncryptedField):
    description = "Text encrypted under the row's data key"

    @property
    def validators(self) -> list[Any]:
        # The column is binary, so Django adds no length check: the limit
        # applies to the plaintext.
        extra = [MaxLengthValidator(self.max_length)] if self.max_length else []
        return [*super().validators, *extra]

    def encode(self, value: Any) -> bytes:
        return str(value).encode()

    def decode(self, raw: bytes) -> Any:
        return raw.decode()


class EncryptedJSONField(EncryptedField):
    description = "JSON encrypted under the row's data key"

    def encode(self, value: Any) -> bytes:
        return crypto.dumps(value)

    def decode(self, raw: bytes) -> Any:
        return crypto.loads(raw)


class EncryptedTimeField(EncryptedField):
    """A time of day (``datetime.time``) encrypted under the row's data key.

    Stored as its ISO text (``09:30:00``); cannot be filtered or ordered in SQL:
    sort in Python after loading."""

    description = "Time of day encrypted under the row's data key"

    def encode(self, value: Any) -> bytes:
        if isinstance(value, str):
            value = dt.time.fromisoformat(value)
        return value.isoformat().encode()

    def decode(self, raw: bytes) -> Any:
        return dt.time.fromisoformat(raw.decode())


@dataclass(frozen=True)
class LoginRef:
    """A login as sealed on a row: its id and the username it had then.

    What a ``SealedLoginField`` reads back: enough to show "created by X" and to
    compare with the acting login (``ref.pk == user.pk``), with no clear
    foreign key to the users table for a database copy to join on."""

    pk: uuid.UUID
    username: str

    def __str__(self) -> str:
        return self.username


class SealedLoginField(EncryptedField):
    """A login (its id and username) encrypted under the row's data key, in
    place of a foreign key to the users table: destroying the key unlinks the
    row from the login. Assign a user (anything with ``pk`` and ``username``)
    or a :class:`LoginRef`; read a :class:`LoginRef`. Cannot be queried."""

    description = "A login's id and name, encrypted under the row's data key"

    def encode(self, value: Any) -> bytes:
        return crypto.dumps([str(value.pk), str(value.username)])

    def decode(self, raw: bytes) -> Any:
        pk, username = crypto.loads(raw)
        return LoginRef(uuid.UUID(str(pk)), str(username))
