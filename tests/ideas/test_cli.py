"""``backchannel ideas PROCESS``: the operator's cross-side table."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backchannel.core.models import AuditEvent
from backchannel.ideas.services import idea_version_create
from tests.ideas.factories import first_version, float_idea, give, seats_on, sides
from tests.world import World

SECRET = "Only over our dead bodies"


def ideas(*args: str) -> str:
    out = io.StringIO()
    call_command("ideas", *args, stdout=out)
    return out.getvalue()


def _story(world: World) -> None:
    """Version 1 splits the sides (a crux); version 2 has a small side."""
    access = world.access()
    north, south = sides(world)
    idea = float_idea(access, title="Joint gauge station")
    give(seats_on(world, north, 3, tag="a"), first_version(idea), "acceptable")
    give(
        seats_on(world, south, 3, tag="b"),
        first_version(idea),
        "unacceptable",
        red_lines=[SECRET],
        comment=SECRET,
    )
    second = idea_version_create(access=access, idea=idea, text="Two stations.")
    give(seats_on(world, north, 4, tag="c"), second, "acceptable")
    give(seats_on(world, south, 1, tag="d"), second, "acceptable")
    float_idea(access, title="Unfloated draft", status="draft")


def test_the_table_suppresses_small_cells_and_lists_the_cruxes(world: World) -> None:
    _story(world)
    out = ideas(str(world.process.pk)[:8])
    assert "Joint gauge station [Floated]" in out
    assert "Unfloated draft [Draft]" in out  # operators see drafts
    gauge = out.split("Joint gauge station [Floated]")[1].split("\n\n")[0]
    v1, v2 = [line for line in gauge.splitlines() if line.strip()[:2] in ("v1", "v2")]
    assert "3 (100%)" in v1 and "3 (0%)" in v1 and "CRUX" in v1
    assert "0.16 (lenient 0.16)" in v1  # (3 + 1)/(3 + 2) · (0 + 1)/(3 + 2)
    assert "4 (100%)" in v2 and "fewer than 3" in v2 and "not enough responses" in v2
    assert "Cruxes:" in out and "North accepts; South does not" in out
    assert out.strip().endswith("2 ideas, 3 versions, 1 crux.")
    assert SECRET not in out


def test_the_json_table_applies_the_same_suppression(world: World) -> None:
    _story(world)
    data = json.loads(ideas(str(world.process.pk), "--format", "json"))
    (gauge,) = [i for i in data["ideas"] if i["title"] == "Joint gauge station"]
    v1, v2 = gauge["versions"]
    assert [c["responses"] for c in v1["sides"]] == [3, 3]
    assert v1["score"] == 0.16 and v1["crux"]["accepting"] == ["North"]
    assert [c["label"] for c in v2["sides"]] == ["4", "fewer than 3"]
    assert v2["sides"][1]["responses"] is None
    assert v2["sides"][1]["acceptable_share"] is None
    assert v2["score"] is None and v2["score_status"] == "not_enough_responses"
    assert data["cruxes"] == [
        {
            "idea_id": gauge["idea_id"],
            "version": 1,
            "accepting": ["North"],
            "rejecting": ["South"],
            "gap": 1.0,
        }
    ]
    assert SECRET not in json.dumps(data)


def test_each_run_is_audited_as_a_system_read(world: World) -> None:
    ideas(str(world.process.pk))
    event = AuditEvent.objects.last()
    assert (event.verb, event.actor_label) == ("common_ground.read", "system")
    assert event.target_id == str(world.process.pk)


def test_an_unknown_process_is_an_operator_mistake(world: World) -> None:
    with pytest.raises(CommandError, match="No process has the id"):
        ideas("abcdef12")
