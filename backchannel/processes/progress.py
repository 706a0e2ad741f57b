"""The one owner of indicator progress, objective status and the current
phase: the dashboard, the evaluation page, the reports and both APIs read
them from here, so they cannot disagree.

Pure functions over plain values (numbers, dates, objects with ``starts_on``,
``ends_on`` and ``position``); no query.

**Progress** of an indicator is the share of the way from its baseline to its
target covered by its latest measurement, clamped to [0, 1] for display
(unrounded: the page rounds): an overshoot shows 100 %, a fall behind the baseline
0 %. It works the same for a decreasing indicator (target below baseline):
moving down toward the target is progress. An indicator whose baseline equals
its target (a **0-span** indicator) has no way to cover: it has progress 1
when its latest value equals the target and 0 otherwise. Without a
measurement, progress is None ("not measured yet").

**Status** of an indicator: **no data** without measurements; **achieved**
when its latest value has reached the target (unclamped share ≥ 1; for a
0-span indicator, the latest value equals the target); **on track** when the
unclamped share is at least 0 (not behind the baseline) and at least the share
of its phase elapsed less 10 points (``ON_TRACK_TOLERANCE``); otherwise **at
risk**. The share of a phase elapsed is 0 before it starts or without both
dates, 1 once it has ended.

An **objective** has no data when none of its indicators has data; it is
achieved when all of its indicators are; at risk when any is; otherwise on
track.

The **current phase** is the one, among the phases whose start date has come
and whose end date (if any) has not passed, that started last (the later
position on a tie); a process has at most one. A phase without a start date
is never current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _

ON_TRACK_TOLERANCE = 0.10

NO_DATA = "no_data"
ACHIEVED = "achieved"
ON_TRACK = "on_track"
AT_RISK = "at_risk"


def status_label(status: str) -> str:
    return {
        NO_DATA: _("no data"),
        ACHIEVED: _("achieved"),
        ON_TRACK: _("on track"),
        AT_RISK: _("at risk"),
    }[status]


@dataclass(frozen=True)
class Reading:
    """An indicator's latest value read against its baseline and target."""

    progress: float | None  # clamped to [0, 1]; None without a value
    status: str  # no_data | achieved | on_track | at_risk


def _share(baseline: float, target: float, latest: float) -> float:
    """The unclamped share of the way covered (see the module docstring)."""
    span = target - baseline
    if not span:
        return 1.0 if latest == target else 0.0
    return (latest - baseline) / span


def indicator_progress(
    baseline: float, target: float, latest: float | None
) -> float | None:
    """Progress for display: the share of the way, clamped to [0, 1]."""
    if latest is None:
        return None
    return max(0.0, min(1.0, _share(baseline, target, latest)))


def indicator_reading(
    baseline: float, target: float, latest: float | None, elapsed: float
) -> Reading:
    """Progress and status of one indicator, ``elapsed`` being the share of
    its phase elapsed (:func:`phase_elapsed`)."""
    if latest is None:
        return Reading(None, NO_DATA)
    share = _share(baseline, target, latest)
    if share >= 1:
        status = ACHIEVED
    elif share >= 0 and share >= elapsed - ON_TRACK_TOLERANCE:
        status = ON_TRACK
    else:
        status = AT_RISK
    return Reading(indicator_progress(baseline, target, latest), status)


def objective_rollup(statuses: Sequence[str]) -> str:
    known = [s for s in statuses if s != NO_DATA]
    if not known:
        return NO_DATA
    if len(known) == len(statuses) and all(s == ACHIEVED for s in known):
        return ACHIEVED
    if AT_RISK in known:
        return AT_RISK
    return ON_TRACK


class Dated(Protocol):
    @property
    def starts_on(self) -> dt.date | None: ...
    @property
    def ends_on(self) -> dt.date | None: ...
    @property
    def position(self) -> int: ...


P = TypeVar("P", bound=Dated)


def phase_elapsed(phase: Dated, today: dt.date) -> float:
    """The share of the phase elapsed on ``today``, 0..1."""
    if not phase.starts_on or today < phase.starts_on:
        return 0.0
    if phase.ends_on is None:
        return 0.0
    if today >= phase.ends_on:
        return 1.0
    span = (phase.ends_on - phase.starts_on).days
    return (today - phase.starts_on).days / span if span else 1.0


def _running(phase: Dated, today: dt.date) -> bool:
    return bool(
        phase.starts_on
        and phase.starts_on <= today
        and (phase.ends_on is None or today <= phase.ends_on)
    )


def current_phase(phases: Iterable[P], today: dt.date) -> P | None:
    """The current phase (see the module docstring), or None."""
    running = [p for p in phases if _running(p, today)]
    if not running:
        return None
    return max(running, key=lambda p: (p.starts_on, p.position))
