"""Reads of the trust rounds: trust, continuity and network density per
closed round, and what a participant sees of their own answers and contacts.

Every function takes the process and, from the web, the API or the CLI, the
actor's ``access``: when it is given, the actor must manage the process
(participants, rapporteurs, observers and interpreters get
``PermissionDenied``, see ``access.check_manage``); ``access=None`` is for
trusted callers (the process report, the CLI run by the operator). Every
return value is a frozen dataclass holding only aggregates. Nothing here ever returns one person's answers or contacts
to anyone but that person.

Aggregates are of **closed** rounds only. While a round is open its answers
can still arrive and change, and a manager who read a mean, a count or a
density before and after one participant answered could work that answer
out. When a round closes, its figures are computed once and stored with it,
encrypted (:func:`publication`); every read shows those. A closed round
cannot be reopened nor re-dated (``services.round_update``), and removing or
moving a seat later changes nothing already published, so what is published
never moves.

Suppression (``MIN_CELL`` = 3):

* a side's mean on an item in a round is shown only when at least 3 of its
  participants answered that item; the side's respondent count likewise;
* a round's overall figure (all sides) is shown only when no side had one or
  two respondents (else the small side could be recovered by subtraction);
* continuity of a side is shown only when at least 3 of its participants
  answered the previous round and at least 3 answered this one (a side either
  round hides has no continuity: "2 of 6 came back" would reveal it);
* network density only when at least 3 participants reported on every side
  (see ``backchannel.analysis.network``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from django.db.models import Count, Q, QuerySet

from backchannel.analysis.network import MIN_REPORTERS, density_point
from backchannel.core.errors import NotFound
from backchannel.evaluation.access import (
    check_manage,
    is_respondent,
    require_manage_or_respondent,
    respondent_seat,
)
from backchannel.evaluation.items import STANDARD_ITEMS
from backchannel.evaluation.models import (
    ContactReport,
    RoundStatus,
    TrustResponse,
    TrustRound,
)
from backchannel.participants.models import Seat, SeatRole
from backchannel.participants.selectors import in_the_dialogue
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Process, Side

MIN_CELL = 3


@dataclass(frozen=True)
class SideRef:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    standard: bool


@dataclass(frozen=True)
class Cell:
    """A mean on the 1..5 scale over ``n`` answers; both None when suppressed
    (fewer than 3 answers) or when nobody answered."""

    mean: float | None
    n: int | None
    suppressed: bool


@dataclass(frozen=True)
class SideTrust:
    side: SideRef
    respondents: int | None  # None when suppressed
    suppressed: bool
    items: dict[str, Cell]  # item key -> cell
    overall: Cell  # the mean over a respondent's standard items, averaged


@dataclass(frozen=True)
class RoundTrust:
    round_id: uuid.UUID
    title: str
    held_on: dt.date
    status: str
    items: tuple[Item, ...]  # the items asked in this round
    sides: tuple[SideTrust, ...]
    overall: Cell  # all sides; suppressed when any side has 1 or 2 respondents


@dataclass(frozen=True)
class TrustTrends:
    sides: tuple[SideRef, ...]
    items: tuple[Item, ...]  # standard items, then every custom item met
    rounds: tuple[RoundTrust, ...]  # oldest first

    def series(
        self, side_id: uuid.UUID | None, key: str
    ) -> list[tuple[dt.date, float | None]]:
        """(date, mean or None) per round, for one side (None: all sides) and
        one item key (``"overall"``: the overall score)."""
        out: list[tuple[dt.date, float | None]] = []
        for r in self.rounds:
            cell: Cell | None
            if side_id is None:
                cell = r.overall
            else:
                st = next((s for s in r.sides if s.side.id == side_id), None)
                if st is None:
                    out.append((r.held_on, None))
                    continue
                cell = st.overall if key == "overall" else st.items.get(key)
            out.append((r.held_on, cell.mean if cell else None))
        return out


def _cell(values: list[float]) -> Cell:
    if len(values) < MIN_CELL:
        return Cell(None, None, True)
    return Cell(round(fmean(values), 2), len(values), False)


def _valid(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5


def round_items(trust_round: TrustRound) -> list[Item]:
    items = [Item(k, str(t), True) for k, t in STANDARD_ITEMS.items()]
    for custom in trust_round.custom_items or []:
        items.append(Item(custom["key"], custom["text"], False))
    return items


def _sides(process: Process) -> list[SideRef]:
    return [SideRef(s.pk, str(s.name)) for s in Side.objects.filter(process=process)]


def _rounds(process: Process, *, include_drafts: bool = False) -> list[TrustRound]:
    qs = TrustRound.objects.filter(process=process)
    if not include_drafts:
        qs = qs.exclude(status=RoundStatus.DRAFT)
    return list(qs.order_by("held_on", "id"))


def _closed_rounds(process: Process) -> list[TrustRound]:
    """The rounds whose aggregates may be shown (see the module docstring)."""
    return list(
        TrustRound.objects.filter(process=process, status=RoundStatus.CLOSED).order_by(
            "held_on", "id"
        )
    )


def trust_trends(
    process: Process, *, access: ProcessAccess | None = None
) -> TrustTrends:
    """Per closed round, per side, per item: mean and n, suppressed under 3
    answers; plus each side's and the round's overall score (as published
    when the round closed)."""
    check_manage(process, access)
    sides = _sides(process)
    all_items = {k: Item(k, str(t), True) for k, t in STANDARD_ITEMS.items()}
    out = []
    for r in _closed_rounds(process):
        trust = published(r)["trust"]
        items = tuple(Item(k, t, std) for k, t, std in trust["items"])
        for item in items:
            all_items.setdefault(item.key, item)
        shown = {row["side"]: row for row in trust["sides"]}
        rows = []
        for side in sides:
            row = shown.get(str(side.id))
            if row is None:  # a side added after the round closed
                rows.append(SideTrust(side, None, False, {}, Cell(None, None, False)))
                continue
            rows.append(
                SideTrust(
                    side=side,
                    respondents=row["respondents"],
                    suppressed=row["suppressed"],
                    items={k: Cell(*c) for k, c in row["items"].items()},
                    overall=Cell(*row["overall"]),
                )
            )
        out.append(
            RoundTrust(
                round_id=r.pk,
                title=str(r.title),
                held_on=r.held_on,
                status=r.status,
                items=items,
                sides=tuple(rows),
                overall=Cell(*trust["overall"]),
            )
        )
    return TrustTrends(tuple(sides), tuple(all_items.values()), tuple(out))


# -- cohort continuity


@dataclass(frozen=True)
class ContinuityCell:
    side: SideRef
    previous: int | None  # respondents of the previous round on this side
    returned: int | None  # of them, how many answered this round
    share: float | None  # returned / previous; None when suppressed
    suppressed: bool


@dataclass(frozen=True)
class RoundContinuity:
    round_id: uuid.UUID
    title: str
    held_on: dt.date
    first: bool  # the first round has no previous one: every cell is empty
    sides: tuple[ContinuityCell, ...]


def cohort_continuity(
    process: Process, *, access: ProcessAccess | None = None
) -> tuple[RoundContinuity, ...]:
    """Per closed round, per side: the share of the previous closed round's
    respondents on that side who answered this round too (suppressed when
    they were fewer than 3 in either round), as published when the round
    closed."""
    check_manage(process, access)
    sides = _sides(process)
    out = []
    for r in _closed_rounds(process):
        figures = published(r)
        continuity = figures["continuity"]
        shown = {c["side"]: c for c in continuity["sides"]}
        # Also for rounds published before continuity followed the round's own
        # suppression: a side the round hides has no continuity cell.
        hidden = {row["side"] for row in figures["trust"]["sides"] if row["suppressed"]}
        cells = []
        for side in sides:
            c = shown.get(str(side.id))
            if c is None or str(side.id) in hidden:
                cells.append(ContinuityCell(side, None, None, None, True))
            else:
                cells.append(
                    ContinuityCell(
                        side, c["previous"], c["returned"], c["share"], c["suppressed"]
                    )
                )
        out.append(
            RoundContinuity(
                r.pk, str(r.title), r.held_on, continuity["first"], tuple(cells)
            )
        )
    return tuple(out)


# -- network density


@dataclass(frozen=True)
class DensityPoint:
    round_id: uuid.UUID
    title: str
    held_on: dt.date
    reporters: int  # participants who reported their contacts for this period
    participants: int  # nodes: who answered, reported or was named as a contact
    density: float | None  # cross-side density, None when suppressed
    suppressed: bool


def network_density_trend(
    process: Process, *, access: ProcessAccess | None = None
) -> tuple[DensityPoint, ...]:
    """Per period (closed trust round): cross-side density of reported
    contacts, as published when the round closed. Never an edge. Suppressed
    unless ``MIN_REPORTERS`` participants on every side reported."""
    check_manage(process, access)
    out = []
    for r in _closed_rounds(process):
        d = published(r)["density"]
        out.append(
            DensityPoint(
                r.pk,
                str(r.title),
                r.held_on,
                d["reporters"],
                d["participants"],
                d["density"],
                d["suppressed"],
            )
        )
    return tuple(out)


# -- publication: a round's figures, computed once, when it closes


PUBLICATION_VERSION = 1


def _cell_out(cell: Cell) -> list[Any]:
    return [cell.mean, cell.n, cell.suppressed]


def _trust_figures(trust_round: TrustRound) -> dict[str, Any]:
    """Per side and item: mean and n from 3 answers; the overall score."""
    items = round_items(trust_round)
    by_side: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for resp in TrustResponse.objects.filter(round=trust_round, side__isnull=False):
        by_side[resp.side_id].append(resp.answers or {})  # type: ignore[index]
    rows = []
    everyone: list[float] = []
    small = False
    for side in _sides(trust_round.process):
        answers = by_side.get(side.id, [])
        suppressed = len(answers) < MIN_CELL
        small = small or 0 < len(answers) < MIN_CELL
        scores = [
            fmean(vals)
            for a in answers
            if (vals := [a[k] for k in STANDARD_ITEMS if _valid(a.get(k))])
        ]
        everyone.extend(scores)
        hidden = Cell(None, None, True)
        rows.append(
            {
                "side": str(side.id),
                "respondents": None if suppressed else len(answers),
                "suppressed": suppressed,
                "items": {
                    item.key: _cell_out(
                        hidden
                        if suppressed
                        else _cell(
                            [a[item.key] for a in answers if _valid(a.get(item.key))]
                        )
                    )
                    for item in items
                },
                "overall": _cell_out(hidden if suppressed else _cell(scores)),
            }
        )
    overall = Cell(None, None, True) if small else _cell(everyone)
    return {
        "items": [[i.key, i.text, i.standard] for i in items],
        "sides": rows,
        "overall": _cell_out(overall),
    }


def _cohort(trust_round: TrustRound) -> dict[str, str | None]:
    """Who answered, by side (seat id -> side id): kept encrypted in the
    publication for the next round's continuity, never shown."""
    return {
        str(seat_id): str(side_id) if side_id else None
        for seat_id, side_id in TrustResponse.objects.filter(
            round=trust_round, seat__isnull=False
        ).values_list("seat_id", "side_id")
    }


def _continuity_figures(
    trust_round: TrustRound, cohort: dict[str, str | None]
) -> dict[str, Any]:
    """Against the last round closed before this one (by date)."""
    previous = (
        TrustRound.objects.filter(
            process_id=trust_round.process_id, status=RoundStatus.CLOSED
        )
        .filter(
            Q(held_on__lt=trust_round.held_on)
            | Q(held_on=trust_round.held_on, id__lt=trust_round.pk)
        )
        .order_by("-held_on", "-id")
        .first()
    )
    if previous is None:
        return {"first": True, "sides": []}
    before_cohort = published(previous)["cohort"]
    # A side either round shows as "fewer than 3" has no continuity either:
    # "2 of 6 came back" would count the round's hidden respondents.
    now = Counter(
        str(side_id)
        for side_id in TrustResponse.objects.filter(
            round=trust_round, side__isnull=False
        ).values_list("side_id", flat=True)
    )
    cells: list[dict[str, Any]] = []
    for side in _sides(trust_round.process):
        before = {s for s, sd in before_cohort.items() if sd == str(side.id)}
        if len(before) < MIN_CELL or now[str(side.id)] < MIN_CELL:
            cells.append(
                {
                    "side": str(side.id),
                    "previous": None,
                    "returned": None,
                    "share": None,
                    "suppressed": True,
                }
            )
            continue
        back = len(before & set(cohort))
        cells.append(
            {
                "side": str(side.id),
                "previous": len(before),
                "returned": back,
                "share": round(back / len(before), 2),
                "suppressed": False,
            }
        )
    return {"first": False, "sides": cells}


def _density_figures(trust_round: TrustRound) -> dict[str, Any]:
    # Typed as density_point reads them (a Mapping's keys are invariant).
    sides: dict[Hashable, Hashable] = {}
    for seat_id, side_id in TrustResponse.objects.filter(
        round=trust_round, seat__isnull=False, side__isnull=False
    ).values_list("seat_id", "side_id"):
        sides[str(seat_id)] = side_id
    reports: dict[Hashable, list[Hashable]] = {}
    for report in ContactReport.objects.filter(
        round=trust_round, seat__isnull=False, side__isnull=False
    ):
        sides[str(report.seat_id)] = report.side_id
        reports[str(report.seat_id)] = [str(c["seat"]) for c in report.contacts or []]
    named = {c for cs in reports.values() for c in cs} - set(sides)
    if named:
        for seat_id, side_id in Seat.objects.filter(
            process_id=trust_round.process_id, pk__in=named, side__isnull=False
        ).values_list("id", "side_id"):
            sides[str(seat_id)] = side_id
    point = density_point(sides, reports, min_reporters=MIN_REPORTERS)
    return {
        "reporters": point.reporters,
        "participants": point.participants,
        "density": None if point.density is None else round(point.density, 3),
        "suppressed": point.suppressed,
    }


def publication(trust_round: TrustRound) -> dict[str, Any]:
    """A round's figures, computed from its answers and reports: what
    ``services.round_update`` stores when the round closes. Aggregates only,
    except ``cohort`` (who answered, for the next round's continuity)."""
    cohort = _cohort(trust_round)
    return {
        "version": PUBLICATION_VERSION,
        "trust": _trust_figures(trust_round),
        "cohort": cohort,
        "continuity": _continuity_figures(trust_round, cohort),
        "density": _density_figures(trust_round),
    }


def published(trust_round: TrustRound) -> dict[str, Any]:
    """The figures a closed round published when it closed. A round closed
    before publications existed gets its own now, once."""
    if trust_round.published is None:
        trust_round.published = publication(trust_round)
        trust_round.save(update_fields=["published"])
    return trust_round.published


# -- what a participant sees of their own


@dataclass(frozen=True)
class RoundRow:
    id: uuid.UUID
    title: str
    held_on: dt.date
    status: str
    responses: int | None  # managers only, closed rounds only, and only from 3
    answered: bool  # the actor's own: has answered (participants only)
    reported: bool  # the actor's own: has reported contacts


def rounds_for(access: ProcessAccess) -> tuple[RoundRow, ...]:
    """Rounds as the actor may list them: managers every round with, once it
    is closed, its response count (from 3, and only while no side has 1 or 2 answers: the
    total minus the shown sides would give a hidden side's count away, as
    the round's overall score in :func:`trust_trends`); participants the open and closed rounds, each
    with whether they answered it themselves."""
    require_manage_or_respondent(access)
    rounds = _rounds(access.process, include_drafts=access.can_manage)
    own = is_respondent(access)
    answered = reported = set()
    if own:
        answered = set(
            TrustResponse.objects.filter(seat_id=access.own_seat_id).values_list(
                "round_id", flat=True
            )
        )
        reported = set(
            ContactReport.objects.filter(seat_id=access.own_seat_id).values_list(
                "round_id", flat=True
            )
        )
    # Responses per round and side, counted in one query for every closed round.
    counted: dict[Any, Counter[Any]] = defaultdict(Counter)
    if access.can_manage:
        closed = [r.pk for r in rounds if r.status == RoundStatus.CLOSED]
        for round_id, side_id, k in (
            TrustResponse.objects.filter(round_id__in=closed)
            .values_list("round_id", "side_id")
            .annotate(k=Count("id"))
            .order_by()
        ):
            counted[round_id][side_id] = k
    out = []
    for r in reversed(rounds):
        count = None
        if access.can_manage and r.status == RoundStatus.CLOSED:
            per_side = counted[r.pk]
            n = sum(per_side.values())
            small = any(0 < k < MIN_CELL for k in per_side.values())
            count = n if n >= MIN_CELL and not small else None
        out.append(
            RoundRow(
                r.pk,
                str(r.title),
                r.held_on,
                r.status,
                count,
                r.pk in answered,
                r.pk in reported,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class OwnAnswers:
    """The actor's own answers to a round: shown only while it is open."""

    open: bool
    items: tuple[Item, ...]
    answers: dict[str, int]  # empty once the round is closed


def own_answers(access: ProcessAccess, trust_round: TrustRound) -> OwnAnswers:
    seat = respondent_seat(access)
    if trust_round.status == RoundStatus.DRAFT:
        raise NotFound("round")
    is_open = trust_round.status == RoundStatus.OPEN
    answers: dict[str, int] = {}
    if is_open:
        resp = TrustResponse.objects.filter(round=trust_round, seat=seat).first()
        answers = dict(resp.answers) if resp else {}
    return OwnAnswers(is_open, tuple(round_items(trust_round)), answers)


def contact_seats(seat: Seat) -> QuerySet[Seat]:
    """Whom a contact report may name: the participants seated on another side.
    A report recorded for a seat (the operator's, an import) may name any of
    them; a participant is shown only :func:`contact_choices`."""
    others = Seat.objects.filter(
        process_id=seat.process_id, role=SeatRole.PARTICIPANT, side__isnull=False
    ).select_related("person", "side")
    if seat.side_id is not None:
        others = others.exclude(side_id=seat.side_id)
    return others


def contact_choices(seat: Seat) -> list[Seat]:
    """Whom a participant is offered to name: those of :func:`contact_seats`
    who are in the dialogue as the roster shows it to them (taken up, not
    left), so the form names nobody the roster hides."""
    return list(in_the_dialogue(contact_seats(seat)))


@dataclass(frozen=True)
class ContactChoice:
    seat_id: uuid.UUID
    name: str
    side: str


@dataclass(frozen=True)
class OwnContacts:
    open: bool
    choices: tuple[ContactChoice, ...]  # participants on the other side(s)
    contacts: dict[str, str]  # seat id -> frequency; empty once closed
    reported: bool


def own_contacts(access: ProcessAccess, trust_round: TrustRound) -> OwnContacts:
    seat = respondent_seat(access)
    if trust_round.status == RoundStatus.DRAFT:
        raise NotFound("round")
    is_open = trust_round.status == RoundStatus.OPEN
    choices = tuple(
        ContactChoice(s.pk, str(s.person.name), str(s.side.name) if s.side else "")
        for s in sorted(
            contact_choices(seat),
            key=lambda s: (s.side.position if s.side else 0, str(s.person.name)),
        )
    )
    contacts: dict[str, str] = {}
    reported = False
    if is_open:
        report = ContactReport.objects.filter(round=trust_round, seat=seat).first()
        if report is not None:
            reported = True
            contacts = {c["seat"]: c["frequency"] for c in report.contacts or []}
    return OwnContacts(is_open, choices, contacts, reported)
