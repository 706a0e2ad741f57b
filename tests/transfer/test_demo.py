"""The demo gains outputs, transfers and uptake, and one output the gate blocks."""

from __future__ import annotations

import pytest

from backchannel.accounts.models import User
from backchannel.core.errors import GateBlocked
from backchannel.demo import DemoInfo
from backchannel.processes.access import access_process_by_id
from backchannel.transfer import services
from backchannel.transfer.models import Output, Transfer, Uptake
from backchannel.transfer.selectors import transfer_flow_for


def test_the_demo_has_outputs_a_blocked_draft_a_ledger_and_uptake(
    demo: DemoInfo,
) -> None:
    info = demo
    convener = User.objects.get(username="demo-convener")
    access = access_process_by_id(convener, info.process.pk)
    outputs = {o.kind: o for o in Output.objects.filter(process=info.process)}
    assert outputs["memo_to_mediators"].released
    assert outputs["non_paper"].released
    memo = outputs["memo_to_mediators"]
    assert {s["type"] for s in memo.sources} == {"note", "idea_version"}
    blocked = outputs["op_ed_draft"]
    assert not blocked.released
    with pytest.raises(GateBlocked) as exc:
        services.output_export(access=access, output=blocked, fmt="pdf")
    assert "Ilse Marran" in {f.text for f in exc.value.report.findings}  # type: ignore[attr-defined]

    transfers = Transfer.objects.filter(process=info.process)
    assert transfers.count() == 3
    assert transfers.filter(idea_version__isnull=False).count() == 1
    assert Uptake.objects.filter(transfer__process=info.process).count() == 3
    assert Uptake.objects.filter(objectives__isnull=False).exists()
    flow = transfer_flow_for(access)
    assert flow is not None and "Varnia" in flow.warning
