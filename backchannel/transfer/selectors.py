"""Reads of outputs and the transfer ledger, with the carrier shown to
conveners only, and the dashboard's transfers per side."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from backchannel.ideas.models import Idea
from backchannel.participants.models import Seat
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Process
from backchannel.transfer.access import require_compose, sees_carrier
from backchannel.transfer.models import Output, Transfer

#: A side's count is shown to non-conveners only when the side has this many
#: seats: with fewer, "one transfer through North" could name the carrier.
SIDE_K = 3


#: Languages of content kept by apps above transfer (translations), each a
#: function ``process -> codes`` registered in their ``AppConfig.ready``:
#: transfer cannot import them.
_MORE_LANGUAGES: dict[str, Callable[[Process], Iterable[str]]] = {}


def register_content_languages(
    name: str, languages: Callable[[Process], Iterable[str]]
) -> None:
    """Have :func:`content_languages_for` count ``languages(process)`` too."""
    _MORE_LANGUAGES[name] = languages


def content_languages_for(access: ProcessAccess) -> list[str]:
    """Language codes used elsewhere in the process: its ideas, translations
    and outputs, and the languages of the people seated in it."""
    process = access.process
    codes: list[str] = []
    codes += Idea.objects.filter(process=process).values_list("language", flat=True)
    for languages in _MORE_LANGUAGES.values():
        codes += languages(process)
    codes += Output.objects.filter(process=process).values_list("language", flat=True)
    for seat in Seat.objects.filter(process=process).select_related("person"):
        codes += [str(code).strip().lower() for code in seat.person.languages or []]
    return sorted({c for c in codes if c})


def output_sources_for(output: Output) -> list[dict[str, Any]]:
    """The output's sources, each note or idea version once (the first time
    it was inserted), however often its text was inserted."""
    seen: set[tuple[str, str]] = set()
    out: list[dict[str, Any]] = []
    for source in output.sources or []:
        key = (str(source.get("type", "")), str(source.get("id", "")))
        if key in seen:
            continue
        seen.add(key)
        out.append(source)
    return out


def output_list_for(access: ProcessAccess) -> list[Output]:
    require_compose(access)
    return list(Output.objects.filter(process=access.process))


@dataclass
class TransferRow:
    transfer: Transfer
    carrier: Seat | None  # None unless the reader is a convener
    uptakes: list[Any]


def transfer_rows_for(access: ProcessAccess) -> list[TransferRow]:
    """The ledger (managers). The carrier is left out for non-conveners."""
    access.require_manage()
    show = sees_carrier(access)
    transfers = (
        Transfer.objects.filter(process=access.process)
        .select_related("output", "idea_version__idea", "carrier__side")
        .prefetch_related("uptakes__objectives")
    )
    return [
        TransferRow(
            transfer=t,
            carrier=t.carrier if show else None,
            uptakes=list(t.uptakes.all()),
        )
        for t in transfers
    ]


def carrier_of(access: ProcessAccess, transfer: Transfer) -> Seat | None:
    return transfer.carrier if sees_carrier(access) else None


@dataclass
class SideFlow:
    label: str
    count: int | None  # None: withheld (too few seats on the side)


@dataclass
class TransferFlow:
    total: int | None  # None: withheld (a side's count is withheld)
    sides: list[SideFlow] = field(default_factory=list)
    without_carrier: int | None = 0  # None: withheld, as the total
    warning: str = ""
    has_transfers: bool = False


def transfer_flow_for(access: ProcessAccess) -> TransferFlow | None:
    """Transfers per side of their carriers, for the dashboard (managers only).

    Conveners see every count. Facilitators see a side's count only when the
    side has at least :data:`SIDE_K` seats; otherwise the count could single
    out the carrier. When any side's count is withheld, the total and the
    "carrier not recorded" count are withheld too: total minus the others
    would give the withheld count back by subtraction.

    The warning (every carried transfer went through one side) names a side,
    not a person. It is shown only when that side's count is visible to the
    viewer; otherwise it is not shown at all (even unnamed, it would tell that
    the withheld side carried every transfer).
    """
    if not access.can_manage:
        return None
    transfers = list(
        Transfer.objects.filter(process=access.process).values_list(
            "carrier_id", "carrier__side_id"
        )
    )
    sides = list(access.process.sides.order_by("position"))
    seats = Counter(
        Seat.objects.filter(process=access.process).values_list("side_id", flat=True)
    )
    by_side = Counter(side for carrier, side in transfers if carrier is not None)
    full = sees_carrier(access)
    flow = TransferFlow(
        total=len(transfers),
        without_carrier=sum(1 for carrier, _s in transfers if carrier is None),
        has_transfers=bool(transfers),
    )
    visible = {side.pk for side in sides if full or seats.get(side.pk, 0) >= SIDE_K}
    for side in sides:
        flow.sides.append(
            SideFlow(
                label=str(side.name),
                count=by_side.get(side.pk, 0) if side.pk in visible else None,
            )
        )
    if len(visible) < len(sides):
        flow.total = flow.without_carrier = None
    carried = [s for s in by_side if s is not None]
    if (
        len(sides) > 1
        and sum(by_side.values()) >= 2
        and len(set(carried)) == 1
        and carried[0] in visible
    ):
        name = next((str(s.name) for s in sides if s.pk == carried[0]), "")
        flow.warning = _(
            "Every transfer with a known carrier went through one side (%(side)s): "
            "ideas that travel through one side only can read as that side's."
        ) % {"side": name}
    return flow
