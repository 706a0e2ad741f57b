"""The Reflecting on Peace Practice matrix of a process's objectives and
outcomes, and its transfer plan.

Every function takes the process and, from the web, the API or the CLI, the
actor's ``access``: when it is given, the actor must manage the process
(participants, rapporteurs, observers and interpreters get
``PermissionDenied``, see ``access.check_manage``); ``access=None`` is for
trusted callers (the process report, the CLI run by the operator). Every
return value is a frozen dataclass holding only aggregates."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from backchannel.evaluation.access import check_manage
from backchannel.evaluation.models import EvaluationPlan, Outcome
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Objective, Process, RppLevel, RppReach
from backchannel.transfer.models import Transfer


@dataclass(frozen=True)
class RppEntry:
    kind: str  # "objective" | "outcome"
    id: uuid.UUID
    text: str


@dataclass(frozen=True)
class RppCell:
    reach: str
    level: str
    reach_label: str
    level_label: str
    entries: tuple[RppEntry, ...]


@dataclass(frozen=True)
class RppMatrix:
    cells: tuple[RppCell, ...]  # more/individual, more/socio, key/individual, key/socio
    unplaced: tuple[RppEntry, ...]
    has_transfer_plan: bool
    warnings: tuple[str, ...]

    def cell(self, reach: str, level: str) -> RppCell:
        return next(c for c in self.cells if c.reach == reach and c.level == level)


def transfer_strategy(process: Process) -> str:
    plan = EvaluationPlan.objects.filter(process=process).first()
    return str(plan.transfer_strategy) if plan else ""


def rpp_matrix(process: Process, *, access: ProcessAccess | None = None) -> RppMatrix:
    """Objectives and outcomes in the Reflecting on Peace Practice 2×2, with a
    warning when no objective reaches the socio-political level and when the
    process has no transfer plan."""
    check_manage(process, access)
    entries: dict[tuple[str, str], list[RppEntry]] = defaultdict(list)
    unplaced = []
    socio_objective = False
    for o in Objective.objects.filter(process=process).order_by(
        "phase__position", "position"
    ):
        entry = RppEntry("objective", o.pk, str(o.text))
        if o.rpp_reach and o.rpp_level:
            entries[(o.rpp_reach, o.rpp_level)].append(entry)
            socio_objective = socio_objective or o.rpp_level == RppLevel.SOCIO_POLITICAL
        else:
            unplaced.append(entry)
    for oc in Outcome.objects.filter(process=process):
        entry = RppEntry("outcome", oc.pk, str(oc.change))
        if oc.rpp_reach and oc.rpp_level:
            entries[(oc.rpp_reach, oc.rpp_level)].append(entry)
        else:
            unplaced.append(entry)
    cells = tuple(
        RppCell(
            reach,
            level,
            str(reach_label),
            str(level_label),
            tuple(entries[(reach, level)]),
        )
        for reach, reach_label in RppReach.choices
        for level, level_label in RppLevel.choices
    )
    # A written strategy or a transfer already recorded in the ledger.
    has_plan = (
        bool(transfer_strategy(process).strip())
        or Transfer.objects.filter(process=process).exists()
    )
    warnings = []
    if not socio_objective:
        warnings.append(
            _(
                "No objective reaches the socio-political level: changes in "
                "individuals rarely add up to peace unless they are carried into "
                "institutions, policies or public opinion."
            )
        )
    if not has_plan:
        warnings.append(
            _(
                "No transfer plan and no transfer recorded: write how results "
                "will reach official negotiators or the wider public "
                "(Evaluation → Transfer plan)."
            )
        )
    return RppMatrix(cells, tuple(unplaced), has_plan, tuple(warnings))
