"""The value types of the export format, each with the error it gives.

Every type here refuses a wrong value with a message that says what was found
and what to write instead; ``problems.py`` turns pydantic's errors into
``Problem`` objects carrying the document path. A validator that needs to point
below the object it checks (``$.meetings[0].venue`` from the meeting's own
rule) raises :func:`refuse` with ``at`` set to the relative path.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from backchannel.textinput import csvsafe


def refuse(message: str, *, at: list[tuple[str, str]] | None = None) -> Exception:
    """An error for pydantic: ``message`` as is, or several at relative paths."""
    return PydanticCustomError(
        "problem", "{message}", {"message": message, "at": at or []}
    )


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def suggest(given: str, options: list[str]) -> str | None:
    """The option the author most likely meant, if one stands out."""
    if not given:
        return None
    starting = [o for o in options if o.startswith(given)]
    if len(starting) == 1:
        return starting[0]
    scored = sorted(
        ((difflib.SequenceMatcher(None, given, o).ratio(), o) for o in options),
        reverse=True,
    )
    if not scored or scored[0][0] < 0.6:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def one_of(options: list[str], given: str = "") -> str:
    shown = options if len(options) <= 16 else [*options[:12], "…"]
    hint = suggest(given, options)
    return f"use one of {shown}" + (f" (did you mean {hint!r}?)" if hint else "")


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else kind_of(value)


# -- text


def _text(max_length: int | None, *, formula: bool, required: bool) -> Any:
    def check(value: Any) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise refuse(f"expected a string, found {kind_of(value)}.")
        value = value.strip()
        if required and not value:
            raise refuse("is empty: write it out.")
        if max_length is not None and len(value) > max_length:
            raise refuse(
                f"is {len(value)} characters long: shorten it to {max_length} or fewer."
            )
        if formula and csvsafe.formula_like(value):
            raise refuse(f"{value.strip()[:40]!r}: {csvsafe.FIX}.")
        return value

    return check


def Text(max_length: int | None = None, *, required: bool = False) -> BeforeValidator:  # noqa: N802
    """Design and roster text: stripped, bounded, never a spreadsheet formula
    (it comes back out in roster CSV files)."""
    return BeforeValidator(_text(max_length, formula=True, required=required))


def Prose(max_length: int | None = None, *, required: bool = False) -> BeforeValidator:  # noqa: N802
    """Recorded content (notes, ideas, outputs): bounded, kept as written."""

    def check(value: Any) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise refuse(f"expected a string, found {kind_of(value)}.")
        if required and not value.strip():
            raise refuse("is empty: write it out.")
        if max_length is not None and len(value) > max_length:
            raise refuse(
                f"is {len(value)} characters long: shorten it to {max_length} or fewer."
            )
        return value

    return BeforeValidator(check)


def Strings(  # noqa: N802
    item: Callable[[str], bool] | None = None, example: str = ""
) -> BeforeValidator:
    """A list of strings; blanks dropped; ``item`` checks each."""

    def check(value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise refuse(f"expected a list […], found {kind_of(value)}.")
        out, wrong = [], []
        for i, v in enumerate(value):
            if not isinstance(v, str):
                wrong.append((f"[{i}]", f"expected a string, found {kind_of(v)}."))
            elif csvsafe.formula_like(v):
                wrong.append((f"[{i}]", f"{v.strip()[:40]!r}: {csvsafe.FIX}."))
            elif item is not None and v.strip() and not item(v.strip()):
                wrong.append((f"[{i}]", f"{v!r} is not {example}."))
            elif v.strip():
                out.append(v.strip())
        if wrong:
            raise refuse("", at=wrong)
        return out

    return BeforeValidator(check)


# -- choices, numbers, dates


def Choice(choices: type[Enum], default: str | None = None) -> BeforeValidator:  # noqa: N802
    options = [str(c.value) for c in choices]

    def check(value: Any, info: ValidationInfo) -> str:
        if value is None and default is not None:
            return default
        if not isinstance(value, str) or value not in options:
            name = (info.field_name or "value").replace("_", " ")
            raise refuse(
                f"{_shown(value)} is not a valid {name}: "
                f"{one_of(options, value if isinstance(value, str) else '')}."
            )
        return value

    return BeforeValidator(check)


def _number(value: Any) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
    ):
        raise refuse(f"expected a number such as 3 or 2.5, found {kind_of(value)}.")
    return float(value)


Number = Annotated[float, BeforeValidator(_number)]


def Whole(low: int = 0, high: int | None = None) -> BeforeValidator:  # noqa: N802
    def check(value: Any) -> int:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < low
            or (high is not None and value > high)
        ):
            upper = f" to {high}" if high is not None else " or more"
            raise refuse(
                f"expected a whole number from {low}{upper}, found {_shown(value)}."
            )
        return value

    return BeforeValidator(check)


def _flag(value: Any) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise refuse(f"expected true or false, found {kind_of(value)}.")
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]


def _date(value: Any, info: ValidationInfo) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise refuse(
        f"{_shown(value)} is not a date: write it as YYYY-MM-DD, e.g. '2026-03-01'."
    )


def _required_date(value: Any, info: ValidationInfo) -> dt.date:
    if value is None:
        raise refuse("is null: give a date as YYYY-MM-DD.")
    day = _date(value, info)
    if day is None:  # not reached: a non-null value is a date or refused
        raise refuse("is null: give a date as YYYY-MM-DD.")
    return day


Day = Annotated[dt.date | None, BeforeValidator(_date)]
RequiredDay = Annotated[dt.date, BeforeValidator(_required_date)]


def _moment(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise refuse(
        f"{_shown(value)} is not a date and time: write it as ISO 8601, e.g. "
        "'2026-03-01T09:30:00+00:00'."
    )


Moment = Annotated[dt.datetime | None, BeforeValidator(_moment)]


def _clock(value: Any) -> dt.time | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            pass
    raise refuse(f"{_shown(value)} is not a time: write it as HH:MM, e.g. '09:30'.")


Clock = Annotated[dt.time | None, BeforeValidator(_clock)]


# -- keys and references


def _key(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise refuse(
            f"expected a non-empty string such as 'p-01', found {kind_of(value)}."
        )
    if csvsafe.formula_like(value):
        raise refuse(f"{value.strip()[:40]!r}: {csvsafe.FIX}.")
    return value


Key = Annotated[str, BeforeValidator(_key)]


def Ref(what: str, listed_at: str, *, nullable: bool) -> BeforeValidator:  # noqa: N802
    """A key of another object of the file: ``what`` names it, ``listed_at`` is
    where such keys are declared. The keys come in the validation context,
    gathered from the document before it is validated (``schema.keys_of``)."""
    return BeforeValidator(_ref_check(what, listed_at, nullable=nullable))


def _ref_check(
    what: str, listed_at: str, *, nullable: bool
) -> Callable[[Any, ValidationInfo], str | None]:
    def check(value: Any, info: ValidationInfo) -> str | None:
        if value is None and nullable:
            return None
        known: list[str] = list(((info.context or {}).get("keys") or {}).get(what, []))
        if not isinstance(value, str) or value not in known:
            fix = (
                one_of(known, value if isinstance(value, str) else "")
                if known
                else f"add it to {listed_at} first"
            )
            raise refuse(f"unknown {what} key {_shown(value)}; {fix}.")
        return value

    return check


def Refs(what: str, listed_at: str) -> BeforeValidator:  # noqa: N802
    """A list of keys of ``what``, each once."""
    check_one = _ref_check(what, listed_at, nullable=False)

    def check(value: Any, info: ValidationInfo) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise refuse(f"expected a list […], found {kind_of(value)}.")
        out: list[str] = []
        wrong = []
        for i, item in enumerate(value):
            try:
                found = check_one(item, info)
            except PydanticCustomError as exc:
                wrong.append((f"[{i}]", str((exc.context or {})["message"])))
                continue
            if found in out:
                wrong.append((f"[{i}]", f"{found!r} is listed twice: remove one."))
            elif found is not None:  # never None: these keys are not nullable
                out.append(found)
        if wrong:
            raise refuse("", at=wrong)
        return out

    return BeforeValidator(check)
