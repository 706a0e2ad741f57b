"""Small helpers shared by the services of every app."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from backchannel.core.errors import ValidationFailed
from backchannel.core.validation import clean


def apply_changes(
    instance: models.Model, changes: dict[str, Any], *, allowed: set[str]
) -> list[str]:
    """Set the allowed fields, validate, save only what changed. Returns the fields."""
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationFailed(
            {
                name: [
                    _("'%(name)s' cannot be changed here; allowed: %(value)s.")
                    % {"name": name, "value": sorted(allowed)}
                ]
                for name in unknown
            }
        )
    for name, value in changes.items():
        setattr(instance, name, value)
    clean(instance)
    fields = [_own_field(instance, n).attname for n in changes]
    if fields:
        instance.save(update_fields=fields)
    return fields


def _own_field(instance: models.Model, name: str) -> models.Field[Any, Any]:
    field = instance._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(
            f"{name!r} is a relation of {type(instance).__name__}, not one of its "
            "fields: change it from the other side."
        )
    return field
