"""What every command shares: finding an object by its id or a unique start of it.

Commands import from here (and from services), never from one another.
"""

from __future__ import annotations

import string
from typing import Any, TypeVar

from django.core.management.base import CommandError
from django.db import models

M = TypeVar("M", bound=models.Model)

MIN_PREFIX = 6
# A reference the command could not resolve is a usage error, as argparse's.
USAGE = 2


def _live(model: type[models.Model]) -> dict[str, Any]:
    """Objects of a destroyed (crypto-shredded) process are gone for the CLI too."""
    names = {f.name for f in model._meta.get_fields()}
    if model._meta.label == "processes.Process":
        return {"data_key__destroyed_on__isnull": True}
    if "process" in names:
        return {"process__data_key__destroyed_on__isnull": True}
    return {}


class NotAnId(CommandError):
    """The reference is not (the start of) an id."""


class NoMatch(CommandError):
    """No object has an id that starts so."""


class Ambiguous(CommandError):
    """Several objects have ids that start so."""


def _wanted(ref: str, what: str) -> str:
    wanted = (ref or "").strip().lower().replace("-", "")
    if len(wanted) < MIN_PREFIX or any(c not in string.hexdigits for c in wanted):
        raise NotAnId(
            f"{ref!r} is not a {what} id: give the id (e.g. 3f2c9a6e-…) or at "
            f"least its first {MIN_PREFIX} characters.",
            returncode=USAGE,
        )
    return wanted


def _matches(rows: models.QuerySet[Any], wanted: str) -> list[Any]:
    ids = rows.filter(**_live(rows.model)).values_list("pk", flat=True)
    return [pk for pk in ids if pk.hex.startswith(wanted)]


def _one(found: list[tuple[models.QuerySet[Any], Any]], ref: str, what: str) -> Any:
    if not found:
        raise NoMatch(
            f"No {what} has the id {ref!r}: copy the id from the address of its "
            "page (or from the API).",
            returncode=USAGE,
        )
    if len(found) > 1:
        raise Ambiguous(
            f"{ref!r} starts the ids of {len(found)} {what}s: give more of the id.",
            returncode=USAGE,
        )
    rows, pk = found[0]
    return rows.get(pk=pk)


def resolve_by_prefix(
    model: type[M],
    ref: str,
    *,
    queryset: models.QuerySet[M] | None = None,
    what: str = "",
) -> M:
    """The one ``model`` object whose id is, or starts with, ``ref`` (any case,
    dashes optional, at least 6 hex digits), among ``queryset`` (by default every
    object; never one of a destroyed process unless ``queryset`` is a process
    queryset chosen to include them).

    Raises a ``CommandError`` (exit code 2) naming the problem and the fix:
    ``NotAnId``, ``NoMatch`` or ``Ambiguous``.
    """
    what = what or str(model._meta.verbose_name)
    rows = queryset if queryset is not None else model._default_manager.all()
    wanted = _wanted(ref, what)
    found: M = _one([(rows, pk) for pk in _matches(rows, wanted)], ref, what)
    return found


def resolve_one_of(querysets: list[models.QuerySet[Any]], ref: str, what: str) -> Any:
    """``resolve_by_prefix`` over several kinds at once (e.g. a meeting or a
    process): an id that starts objects of two kinds is ambiguous too."""
    wanted = _wanted(ref, what)
    return _one(
        [(rows, pk) for rows in querysets for pk in _matches(rows, wanted)], ref, what
    )
