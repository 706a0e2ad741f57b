"""The process dashboard: phases and objectives, meetings, composition, the
ecosystem, transfers per side and the risk register of one process.

It reads from most domain apps, so it lives in the top layer (beside reports)
rather than in ``processes``; its URL keeps the name ``processes:process-detail``
(see backchannel/urls.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from backchannel.accounts.http import WebRequest
from backchannel.core.web import web_errors
from backchannel.evaluation.risks import risk_register
from backchannel.meetings.selectors import meeting_list_for
from backchannel.participants.composition import Composition, composition_for
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.charts import dashboard_ecosystem_chart
from backchannel.processes.selectors import (
    ecosystem_for,
    phase_plan_for,
    retention_notice_for,
)
from backchannel.transfer.selectors import transfer_flow_for


def _page(access: ProcessAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "process": access.process, **extra}


@dataclass
class CompositionRow:
    group: str
    label: str
    counts: list[int]


def _composition_rows(composition: Composition) -> list[CompositionRow]:
    """The side × capacity / gender / level table: one row per value that occurs."""
    rows = []
    for group, labels, attr in (
        (gettext("Capacity"), composition.capacity_labels, "by_capacity"),
        (gettext("Gender"), composition.gender_labels, "by_gender"),
        (gettext("Level"), composition.level_labels, "by_level"),
    ):
        for value, label in labels.items():
            counts = [getattr(sc, attr).get(value, 0) for sc in composition.sides]
            if any(counts):
                rows.append(CompositionRow(group, label, counts))
    return rows


@login_required
@require_GET
@web_errors
def process_detail(request: WebRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id)
    composition = composition_for(access) if access.can_manage else None
    upcoming, past = meeting_list_for(access)
    edges = ecosystem_for(access)
    context = _page(
        access,
        plans=phase_plan_for(access),
        composition=composition,
        sides=list(access.process.sides.order_by("position")),
        composition_rows=_composition_rows(composition) if composition else [],
        upcoming=upcoming,
        past=past,
        edges=edges,
        ecosystem_chart=dashboard_ecosystem_chart(access.process, edges),
        retention=retention_notice_for(access),
        transfer_flow=transfer_flow_for(access),
        register=risk_register(access.process, access=access)
        if access.can_manage
        else None,
        today=timezone.localdate(),
        nav="processes",
        tab="overview",
    )
    return render(request, "processes/process_detail.html", context)
