"""The demo's trial balloons and joint statement show every screen."""

from __future__ import annotations

import io

from django.core.management import call_command

from backchannel.accounts.models import User
from backchannel.demo import DemoInfo, load_demo
from backchannel.ideas.models import Idea, JointText, SectionComment
from backchannel.ideas.selectors import idea_list_for
from backchannel.processes.access import access_process_by_id


def test_the_demo_shows_a_crux_a_score_suppression_and_a_joint_statement(
    demo: DemoInfo,
) -> None:
    info = demo
    facilitator = User.objects.get(username="demo-facilitator")
    access = access_process_by_id(facilitator, info.process.pk)
    grounds = {str(g.idea.title): g for g in idea_list_for(access)}
    assert len(grounds) == 4
    assert {g.idea.status for g in grounds.values()} == {
        "refined", "floated", "draft", "shelved"
    }  # fmt: skip

    v1, v2, v3 = grounds["Joint flow-data bulletin"].versions
    assert v1.crux is not None and v1.score is not None
    assert v2.crux is None and v2.score is not None and v2.version.results_shared
    assert v2.score > v1.score  # converging
    assert v3.score is None and any(c.suppressed for c in v3.cells)
    assert not v3.version.closed
    assert all(
        c.suppressed
        for c in grounds["Drought trigger for minimum releases"].versions[0].cells
    )

    # Participants see the shared version 2, not the others, and no draft.
    participant = User.objects.get(username="demo-participant")
    seen = idea_list_for(access_process_by_id(participant, info.process.pk))
    assert "Youth water monitors on both banks" not in {str(g.idea.title) for g in seen}
    bulletin = next(g for g in seen if str(g.idea.title) == "Joint flow-data bulletin")
    assert [v.visible for v in bulletin.versions] == [False, True, False]

    (statement,) = JointText.objects.filter(process=info.process)
    assert statement.language == "en"
    assert statement.versions.count() == 2
    latest = statement.versions.get(number=2)
    assert latest.sections.count() == 4
    sides = {c.side_id for c in SectionComment.objects.filter(section__version=latest)}
    assert len(sides) == 2


def test_the_demo_loads_its_ideas_once(demo: DemoInfo) -> None:
    load_demo()
    assert Idea.objects.count() == 4


def test_the_cli_prints_the_demo_table(demo: DemoInfo) -> None:
    info = demo
    out = io.StringIO()
    call_command("ideas", str(info.process.pk), stdout=out)
    text = out.getvalue()
    assert "fewer than 3" in text and "CRUX" in text
    assert "Joint flow-data bulletin, version 1" in text
