"""The composition dashboard: who sits where, and what a convener should notice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from backchannel.core import l10n
from backchannel.core.errors import PermissionDenied
from backchannel.core.sentences import sentence
from backchannel.participants.models import Capacity, Gender, Level, Seat, SeatRole
from backchannel.participants.selectors import not_left
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Side

# A side is flagged when it holds less than two-thirds of an equal share of the
# seats: under a third with two sides, under 2/9 with three.
UNDER_SHARE = 2 / 3


@dataclass
class Warning:
    code: str
    message: str


#: Warnings about the composition that apps above participants find (meetings:
#: a side with a single participant at a meeting), registered in their
#: ``AppConfig.ready`` under a name: participants cannot import them.
_MORE_WARNINGS: dict[str, Callable[[ProcessAccess, list[Seat]], list[Warning]]] = {}


def register_warnings(
    name: str, check: Callable[[ProcessAccess, list[Seat]], list[Warning]]
) -> None:
    """Add ``check(access, seats)``'s warnings to every composition's."""
    _MORE_WARNINGS[name] = check


@dataclass
class SideComposition:
    side: Side
    seats: int
    share: float
    by_capacity: dict[str, int]
    by_gender: dict[str, int]
    by_level: dict[str, int]


@dataclass
class Composition:
    total: int
    sides: list[SideComposition]
    #: Participant seats on a side that were left (or ended): not counted above.
    left: int = 0
    capacity_labels: dict[str, str] = field(
        default_factory=lambda: {k: str(v) for k, v in Capacity.choices}
    )
    gender_labels: dict[str, str] = field(
        default_factory=lambda: {k: str(v) for k, v in Gender.choices}
    )
    level_labels: dict[str, str] = field(
        default_factory=lambda: {k: str(v) for k, v in Level.choices}
    )
    warnings: list[Warning] = field(default_factory=list)


def composition_for(access: ProcessAccess) -> Composition:
    """Count participant seats by side × capacity × gender × level, with warnings.

    A seat counts while it is held (:func:`not_left`): one that was left or
    ended is only counted apart, in ``left``.

    For managers only: built from the people registry, small cells of gender or
    capacity can identify a participant to the others.
    """
    if not access.can_manage:
        raise PermissionDenied(
            _("The composition is shown to conveners and facilitators only.")
        )
    process = access.process
    sides = list(process.sides.order_by("position"))
    sided = Seat.objects.filter(
        process=process, role=SeatRole.PARTICIPANT, side__isnull=False
    )
    seats = list(not_left(sided).select_related("person", "side"))
    total = len(seats)
    result = Composition(
        total=total, sides=[], left=sided.filter(left_on__isnull=False).count()
    )
    for side in sides:
        mine = [s for s in seats if s.side_id == side.pk]
        result.sides.append(
            SideComposition(
                side=side,
                seats=len(mine),
                share=len(mine) / total if total else 0.0,
                by_capacity=dict(Counter(str(s.person.capacity) for s in mine)),
                by_gender=dict(Counter(str(s.person.gender) for s in mine)),
                by_level=dict(Counter(str(s.person.level) for s in mine)),
            )
        )
    result.warnings = _warnings(access, result, seats)
    return result


def _warnings(
    access: ProcessAccess, comp: Composition, seats: list[Seat]
) -> list[Warning]:
    out: list[Warning] = []
    if comp.total == 0:
        if comp.left:
            return [
                Warning(
                    "no_participants",
                    _("No participants hold a seat any more: every one has left."),
                )
            ]
        return [Warning("no_participants", _("No participants are seated yet."))]
    n_sides = len(comp.sides)
    floor = UNDER_SHARE / n_sides if n_sides else 0
    for sc in comp.sides:
        if sc.share < floor:
            out.append(
                Warning(
                    "side_under_share",
                    sentence(
                        _(
                            "%(side)s holds %(seats)s of %(total)s seats "
                            "(%(share)s): under %(floor)s, the balance across "
                            "sides is off."
                        ),
                        plain={
                            "seats": l10n.number(sc.seats),
                            "total": l10n.number(comp.total),
                            "share": l10n.percent(sc.share),
                            "floor": l10n.percent(floor),
                        },
                        side=sc.side.name,
                    ),
                )
            )
        if sc.seats and not sc.by_gender.get(Gender.WOMAN):
            out.append(
                Warning(
                    "side_no_women",
                    sentence(
                        _("%(side)s has no women among its participants."),
                        side=sc.side.name,
                    ),
                )
            )
    if not any(sc.by_gender.get(Gender.WOMAN) for sc in comp.sides):
        out.append(Warning("no_women", _("No women are seated as participants.")))
    if not any(sc.by_capacity.get(Capacity.CIVIL_SOCIETY) for sc in comp.sides):
        out.append(
            Warning(
                "no_civil_society",
                _("No civil-society leaders are seated as participants."),
            )
        )
    for check in _MORE_WARNINGS.values():
        out.extend(check(access, seats))
    return out
