"""Adversary (a funder reading the process report): a "fewer than 3" cell
recovered by subtraction.

README, Process report: "counts of people under 3 read 'fewer than 3', in the
page, the PDF and the API alike". The composition table prints each side's
seat total (itself under 3 for a small side) next to its cells, and zeros in
clear: when the only non-zero cell of a group is hidden, the total minus the
cells shown gives it. A side of two non-binary participants reads "2 seats;
Woman 0, Man 0, Non-binary fewer than 3, Prefers not to say 0": both are
singled out (so is the world's lone North participant, a man).
"""

from __future__ import annotations

from backchannel.participants.services import person_create, seat_create
from backchannel.processes.access import ProcessAccess
from backchannel.reports.builder import build_report
from tests.ideas.factories import sides
from tests.world import World


def test_no_hidden_cell_can_be_recovered_from_the_side_total(world: World) -> None:
    _north, south = sides(world)
    for n, gender in enumerate(["non_binary", "non_binary"]):
        person = person_create(
            actor=world.users["org_convener"],
            organisation=world.org,
            name=f"Southern delegate {n}",
            gender=gender,
            capacity="expert",
            level="broader",
        )
        seat_create(
            access=world.access(), person=person, role="participant", side=south
        )
    report = build_report(ProcessAccess.operator(world.process))
    recovered = []
    for side in report.composition.sides:
        for group in ("capacity", "gender", "level"):
            cells = getattr(side, group)
            hidden = [c for c in cells if c.count is None]
            if len(hidden) == 1:
                value = side.seats - sum(c.count for c in cells if c.count is not None)
                recovered.append((side.side, hidden[0].label, value))
    assert recovered == [], f"recovered by subtraction: {recovered}"
