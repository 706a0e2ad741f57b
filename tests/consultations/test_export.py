"""The Pol.is export (web download for managers, CLI) reads back through
read_polis_export with the same statements, moderation and votes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from backchannel.analysis import read_polis_export, run_analysis
from backchannel.consultations.models import Vote
from backchannel.consultations.services import statement_moderate, statement_propose
from backchannel.core.models import AuditEvent
from tests.consultations.conftest import SEEDS, Open, cast_all, two_camps
from tests.web.conftest import as_role
from tests.world import World


def _votes_by_ballot(opened: Open) -> list[list[tuple[int, int]]]:
    """The votes on accepted statements (the only ones exported)."""
    rows: dict[object, list[tuple[int, int]]] = {}
    for ballot, number, value in Vote.objects.filter(
        statement__consultation=opened.consultation, statement__status="accepted"
    ).values_list("ballot_id", "statement__number", "value"):
        rows.setdefault(ballot, []).append((number, value))
    return sorted(sorted(r) for r in rows.values())


def _votes_in(export: object) -> list[list[tuple[int, int]]]:
    table = export.votes  # type: ignore[attr-defined]
    rows: dict[int, list[tuple[int, int]]] = {}
    for p, c, v in zip(
        table.participant_ids.tolist(),
        table.comment_ids.tolist(),
        table.votes.tolist(),
        strict=True,
    ):
        rows.setdefault(p, []).append((c, v))
    return sorted(sorted(r) for r in rows.values())


@pytest.fixture
def voted(opened: Open, world: World) -> Open:
    cast_all(opened, [*two_camps(8), [None, 0, None, 1, -1]])
    access = world.access("facilitator")
    proposed = statement_propose(
        consultation=opened.consultation, ballot_token="p" * 43, text="A proposal"
    )
    statement_moderate(access=access, statement=opened.statements[1], status="rejected")
    assert proposed.status == "pending"
    return opened


def test_the_cli_export_round_trips_through_read_polis_export(
    voted: Open, tmp_path: Path
) -> None:
    out = io.StringIO()
    target = tmp_path / "polis"
    call_command(
        "consultation", "export", str(voted.consultation.pk), str(target), stdout=out
    )
    accepted_votes = Vote.objects.filter(
        statement__consultation=voted.consultation, statement__status="accepted"
    ).count()
    assert accepted_votes < 83  # votes on the rejected statement stay out
    assert f"4 accepted statements and {accepted_votes} votes" in out.getvalue()
    assert sorted(p.name for p in target.iterdir()) == [
        "comments.csv",
        "participants-votes.csv",
        "votes.csv",
    ]
    export = read_polis_export(target)
    comments = {c.comment_id: c for c in export.comments}
    # Only the statements shown to the public: not the rejected one (2), not
    # the pending proposal (6), and no vote on them.
    assert sorted(comments) == [1, 3, 4, 5]
    assert [comments[n].text for n in (1, 3, 4, 5)] == [SEEDS[0], *SEEDS[2:]]
    assert {c.moderated for c in comments.values()} == {1}
    assert "A proposal" not in (target / "comments.csv").read_text()
    assert SEEDS[1] not in (target / "comments.csv").read_text()
    assert 2 not in export.votes.comment_ids.tolist()
    assert _votes_in(export) == _votes_by_ballot(voted)
    assert export.mod_out_ids() == []
    # And the export analyses like the original.
    assert run_analysis(export).k == 2
    assert AuditEvent.objects.filter(verb="consultation.export").exists()


def test_managers_download_the_same_export_as_a_zip(
    client: Client, voted: Open, world: World, tmp_path: Path
) -> None:
    as_role(client, world, "facilitator")
    response = client.get(
        reverse("consultations:consultation-export", args=[voted.consultation.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    assert sorted(c.comment_id for c in read_polis_export(tmp_path).comments) == [
        1,
        3,
        4,
        5,
    ]
    assert _votes_in(read_polis_export(tmp_path)) == _votes_by_ballot(voted)


def test_the_cli_names_the_fix_for_a_wrong_id(voted: Open, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="at least its first 6"):
        call_command("consultation", "export", "abc", str(tmp_path))
    with pytest.raises(CommandError, match="No consultation has the id"):
        call_command("consultation", "analyze", "ffffffffff")
