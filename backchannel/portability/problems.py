"""Validate a document against the schema; every problem with its path and fix.

pydantic reports where a value failed (``loc``) and why (``type``); this
module writes each as ``$.participants[3].side: unknown side key 'side-9';
use one of ['side-1', 'side-2'].``, the form the CLI prints and the import
refusal carries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from backchannel.core import uploads
from backchannel.core.errors import ValidationFailed
from backchannel.portability.fields import kind_of, one_of


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a document: where (a JSON path) and what to do."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def path_of(loc: tuple[Any, ...]) -> str:
    return "$" + "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in loc)


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the object at ``loc``."""
    current: Any = root
    for step in loc:
        current = _unwrap(current)
        if isinstance(step, int):
            args = get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(step)
            current = field.annotation if field is not None else None
        else:
            return None
    current = _unwrap(current)
    return (
        current
        if isinstance(current, type) and issubclass(current, BaseModel)
        else None
    )


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → ``X``; ``Annotated[X, …]`` → ``X``."""
    while True:
        metadata = getattr(annotation, "__metadata__", None)
        if metadata is not None:
            annotation = annotation.__origin__
            continue
        if get_origin(annotation) is not list and get_args(annotation):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) == 1 and get_origin(annotation) is not list:
                annotation = options[0]
                continue
        return annotation


def problems_of(error: ValidationError, root: type[BaseModel]) -> list[Problem]:
    out: list[Problem] = []
    for e in error.errors(include_url=False):
        loc = tuple(e["loc"])
        kind = e["type"]
        given = e.get("input")
        if kind == "problem":
            ctx = e.get("ctx") or {}
            if ctx.get("at"):
                out += [
                    Problem(path_of(loc) + suffix, message)
                    for suffix, message in ctx["at"]
                ]
            else:
                out.append(Problem(path_of(loc), ctx.get("message", e["msg"])))
        elif kind == "missing":
            out.append(
                Problem(path_of(loc), f"missing: add {loc[-1]!r} to this object.")
            )
        elif kind == "extra_forbidden":
            model = _model_at(root, loc[:-1])
            allowed = list(model.model_fields) if model else []
            out.append(
                Problem(
                    path_of(loc),
                    f"unknown key {loc[-1]!r}: remove it or "
                    f"{one_of(allowed, str(loc[-1]))}.",
                )
            )
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            out.append(
                Problem(
                    path_of(loc), f"expected an object {{…}}, found {kind_of(given)}."
                )
            )
        elif kind == "list_type":
            out.append(
                Problem(path_of(loc), f"expected a list […], found {kind_of(given)}.")
            )
        elif kind == "string_type":
            out.append(
                Problem(path_of(loc), f"expected a string, found {kind_of(given)}.")
            )
        elif kind in ("int_type", "int_from_float", "float_type"):
            out.append(
                Problem(path_of(loc), f"expected a number, found {kind_of(given)}.")
            )
        else:  # a pydantic message, still with its path
            out.append(Problem(path_of(loc), f"{e['msg']}."))
    return out


def validate(root: type[BaseModel], data: Any, context: dict[str, Any]) -> Any:
    """``(model, [])`` for a valid document, ``(None, problems)`` otherwise."""
    try:
        return root.model_validate(data, context=context), []
    except ValidationError as error:
        return None, problems_of(error, root)


def refusal(problems: list[Problem]) -> ValidationFailed:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.path, []).append(problem.message)
    return ValidationFailed(errors)


def document_from_text(text: str) -> Any:
    """Parse JSON text; a syntax error names its line and column."""
    try:
        return uploads.json_loads(text, label="The file")
    except uploads.InputRefused as exc:
        raise ValidationFailed({"$": [str(exc)]}) from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            {
                "$": [
                    f"not valid JSON at line {exc.lineno}, column {exc.colno}: "
                    f"{exc.msg}. Fix the file at that spot and try again."
                ]
            }
        ) from None
