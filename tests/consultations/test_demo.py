"""The demo's consultation: thousands of voters in visible groups, already
analysed, with a proposal waiting for moderation and one rejected."""

from __future__ import annotations

from backchannel.consultations.models import AnalysisRun, Ballot, Vote
from backchannel.demo import DemoInfo, load_demo


def test_the_demo_consultation_has_groups_and_common_ground_already_computed(
    demo: DemoInfo,
) -> None:
    info = demo
    consultation = info.process.consultations.get()
    assert consultation.status == "open" and consultation.public_results
    assert Ballot.objects.filter(consultation=consultation).count() >= 3000
    assert Vote.objects.filter(statement__consultation=consultation).count() > 40000
    statuses = set(consultation.statements.values_list("status", flat=True))
    assert statuses == {"accepted", "pending", "rejected"}
    run = AnalysisRun.objects.get(consultation=consultation)
    assert run.status == "done"
    assert len(run.result["groups"]) == 3
    assert len(run.result["consensus"]) >= 3 and run.result["divisive"]
    assert run.result["map"]["sampled"]
    load_demo()  # idempotent
    assert AnalysisRun.objects.count() == 1
