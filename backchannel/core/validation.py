"""Turn Django's ValidationError into ``ValidationFailed`` with field names."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from backchannel.core.errors import ValidationFailed


def errors_of(exc: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            key = "__all__" if field == NON_FIELD_ERRORS else field
            key = f"{prefix}{key}" if prefix else key
            out.setdefault(key, []).extend(m for e in errs for m in e.messages)
    else:
        out.setdefault(prefix.rstrip(".") or "__all__", []).extend(exc.messages)
    return out


def clean(
    instance: models.Model, *, exclude: list[str] | None = None, prefix: str = ""
) -> None:
    """``full_clean()`` that raises ``ValidationFailed`` naming each field."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed(errors_of(exc, prefix)) from None


def require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise ValidationFailed({field: [message]})


@contextmanager
def integrity_as(field: str, message: str) -> Iterator[None]:
    """Turn a database constraint violation inside the block (two requests
    racing past ``clean``) into ``ValidationFailed`` with a sentence that names
    the fix: the database's own message never reaches a user."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise ValidationFailed({field: [message]}) from None
