"""Building blocks shared by the API of every app.

Input schemas are strict: unknown fields, enum values outside the choices and
non-finite numbers are refused with a 422 that names the field. Output schemas
are built explicitly, field by field, by the ``*_out`` functions of each app.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, ClassVar, TypeVar

from ninja import Path, Router, Schema, Status
from pydantic import ConfigDict, SerializerFunctionWrapHandler, model_serializer

from backchannel.core.errors import ValidationFailed

T = TypeVar("T")

# Ids in paths are plain strings, not UUIDs: a malformed id then reaches the
# access function and answers the same 404 as an unknown or foreign one.
Id = Annotated[
    str,
    Path(
        description="An id (UUID) as returned by the API. Unknown ids and ids of "
        "objects you may not see answer the same 404."
    ),
]


class In(Schema):
    """Base of every request body."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, allow_inf_nan=False)


class Out(Schema):
    """An output with fields some roles may not see: those named in ``WITHHELD``
    are left out of the answer, not sent as null, when their value is None."""

    WITHHELD: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _drop_withheld(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        for name in self.WITHHELD:
            if data.get(name) is None:
                data.pop(name, None)
        return data


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


# Error answers, for the OpenAPI description of each operation.
READ: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}
# 400: a request body that is not JSON.
WRITE: dict[int, Any] = {**READ, 400: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


def found(obj: T | None, field: str, message: str) -> T:
    """An object named by an id in the request body, or a 422 on that field.

    Unknown ids and ids from elsewhere are the same mistake in the input."""
    if obj is None:
        raise ValidationFailed({field: [message]})
    return obj


@contextmanager
def api_fields(**renames: str) -> Iterator[None]:
    """Report a service's field names as the API calls them (``side`` → ``side_id``)."""
    try:
        yield
    except ValidationFailed as exc:
        raise ValidationFailed(
            {renames.get(key, key): messages for key, messages in exc.errors.items()}
        ) from None


def deletion(
    router: Router,
    path: str,
    opens: Callable[..., tuple[Any, Any]],
    service: Callable[..., Any],
    *,
    doc: str | None = None,
    **options: Any,
) -> None:
    """Declare a plain deletion on ``router``: ``DELETE <path>`` opens the
    object its id names (``opens(request.auth, id, **options)``: the object
    and the access), calls ``service(access=, <what>=)`` and answers 204;
    ``service`` is ``<what>_delete``, where the kind's name is read. The
    handler is named ``<what>_delete`` in the calling module, with ``doc`` as
    its docstring, as one written out there would be: the same operation id,
    summary and description in the OpenAPI document. (The calling module is
    read from the caller's frame, as :func:`collections.namedtuple` does.)"""
    what = service.__name__.removesuffix("_delete")

    def handler(request: Any, id: Id) -> Status[None]:
        target, access = opens(request.auth, id, **options)
        service(access=access, **{what: target})
        return Status(204, None)

    handler.__name__ = handler.__qualname__ = f"{what}_delete"
    handler.__module__ = sys._getframe(1).f_globals["__name__"]
    handler.__doc__ = doc
    router.delete(path, response={204: None, **WRITE})(handler)
