"""The do-no-harm register and its reminders.

Every function takes the process and, from the web, the API or the CLI, the
actor's ``access``: when it is given, the actor must manage the process
(participants, rapporteurs, observers and interpreters get
``PermissionDenied``, see ``access.check_manage``); ``access=None`` is for
trusted callers (the process report, the CLI run by the operator). Every
return value is a frozen dataclass holding only aggregates."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from backchannel.core import l10n
from backchannel.core.sentences import sentence
from backchannel.evaluation.access import check_manage
from backchannel.evaluation.models import EvaluationPlan, Risk
from backchannel.processes import progress
from backchannel.processes.access import ProcessAccess
from backchannel.processes.models import Phase, Process


@dataclass(frozen=True)
class RiskView:
    id: uuid.UUID
    kind: str
    kind_label: str
    description: str
    likelihood: int
    impact: int
    mitigation: str
    owner: str
    review_on: dt.date
    overdue: bool  # review date has passed
    due_this_phase: bool  # review date falls within the current phase

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class Reminder:
    kind: str  # "overdue" | "due_this_phase" | "phase_started"
    message: str
    risk_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RiskRegister:
    risks: tuple[RiskView, ...]  # by review date
    current_phase: str | None
    reviewed_on: dt.date | None  # when the register was last marked reviewed
    reminders: tuple[Reminder, ...]


def current_phase(process: Process, today: dt.date) -> Phase | None:
    """``progress.current_phase`` over the process's phases."""
    return progress.current_phase(Phase.objects.filter(process=process), today)


def risk_register(
    process: Process,
    *,
    access: ProcessAccess | None = None,
    today: dt.date | None = None,
) -> RiskRegister:
    """The register with its reminders: each risk whose review date has passed
    or falls within the current phase, and a prompt to review the whole
    register when a phase has started since it was last reviewed."""
    check_manage(process, access)
    day = today or timezone.now().date()
    phase = current_phase(process, day)
    plan = EvaluationPlan.objects.filter(process=process).first()
    reviewed_on = plan.register_reviewed_on if plan else None
    kinds = dict(Risk._meta.get_field("kind").choices)
    risks = []
    reminders = []
    for risk in Risk.objects.filter(process=process).order_by("review_on", "id"):
        overdue = risk.review_on < day
        in_phase = bool(
            phase
            and not overdue
            and phase.starts_on <= risk.review_on
            and (phase.ends_on is None or risk.review_on <= phase.ends_on)
        )
        view = RiskView(
            risk.pk,
            risk.kind,
            str(kinds[risk.kind]),
            str(risk.description),
            risk.likelihood,
            risk.impact,
            str(risk.mitigation),
            str(risk.owner),
            risk.review_on,
            overdue,
            in_phase,
        )
        risks.append(view)
        if overdue:
            reminders.append(
                Reminder(
                    "overdue",
                    sentence(
                        _("Review overdue since %(date)s: %(risk)s"),
                        plain={"date": l10n.day(risk.review_on)},
                        risk=view.description,
                    ),
                    risk.pk,
                )
            )
        elif in_phase:
            reminders.append(
                Reminder(
                    "due_this_phase",
                    sentence(
                        _("Review due in this phase (%(date)s): %(risk)s"),
                        plain={"date": l10n.day(risk.review_on)},
                        risk=view.description,
                    ),
                    risk.pk,
                )
            )
    if phase is not None and (reviewed_on is None or reviewed_on < phase.starts_on):
        reminders.insert(
            0,
            Reminder(
                "phase_started",
                _(
                    "The phase “%(phase)s” started on %(date)s: review the do-no-harm "
                    "register and mark it reviewed."
                )
                % {"phase": str(phase.title), "date": l10n.day(phase.starts_on)},
            ),
        )
    return RiskRegister(
        tuple(risks), str(phase.title) if phase else None, reviewed_on, tuple(reminders)
    )
