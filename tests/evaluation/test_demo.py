"""The demo's three years of trust rounds, outcomes and register show every screen."""

from __future__ import annotations

import datetime as dt

from backchannel.accounts.models import User
from backchannel.demo import DemoInfo
from backchannel.evaluation.outcomes import outcomes
from backchannel.evaluation.risks import risk_register
from backchannel.evaluation.rpp import rpp_matrix
from backchannel.evaluation.trust import (
    cohort_continuity,
    network_density_trend,
    rounds_for,
    trust_trends,
)
from backchannel.processes.access import access_process_by_id


def test_the_demo_shows_trends_turnover_suppression_outcomes_and_reminders(
    demo: DemoInfo,
) -> None:
    info = demo
    facilitator = User.objects.get(username="demo-facilitator")
    access = access_process_by_id(facilitator, info.process.pk)
    process = info.process

    trends = trust_trends(process, access=access)
    # Five closed rounds; the open "Autumn 2026" shows nothing until it closes.
    assert [r.status for r in trends.rounds] == ["closed"] * 5
    assert len({r.held_on.year for r in trends.rounds}) == 3
    _varnia, ostrel = trends.sides
    series = [m for _, m in trends.series(ostrel.id, "overall")]
    assert series[-1] is None  # only two Ostreli answers at the working group
    shown = [m for m in series if m is not None]
    assert len(shown) == 4 and shown[-1] > shown[0]  # trust grew
    working_group = trends.rounds[4]
    assert working_group.sides[1].suppressed and not working_group.sides[0].suppressed
    assert working_group.overall.suppressed

    continuity = cohort_continuity(process, access=access)
    shares = [c.share for r in continuity for c in r.sides if not c.suppressed]
    assert shares and any(s < 1 for s in shares) and any(s > 0 for s in shares)

    density = network_density_trend(process, access=access)
    assert density[0].density == 0  # nobody knew anyone at the baseline
    assert density[4].suppressed
    assert density[3].density is not None and density[3].density > 0

    assert len(outcomes(process, access=access)) == 3
    rpp = rpp_matrix(process, access=access)
    assert rpp.warnings == () and not rpp.unplaced
    assert rpp.cell("key_people", "socio_political").entries

    register = risk_register(process, access=access, today=dt.date(2026, 11, 25))
    kinds = [r.kind for r in register.reminders]
    assert (
        kinds[0] == "phase_started" and "overdue" in kinds and "due_this_phase" in kinds
    )

    # The demo participants can still answer the open round.
    sabina = access_process_by_id(
        User.objects.get(username="demo-participant"), process.pk
    )
    rows = rounds_for(sabina)
    assert rows[0].status == "open" and not rows[0].answered
