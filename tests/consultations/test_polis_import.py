"""Continue a Pol.is conversation here: a real export imported into an empty
consultation (web, API, CLI: one service), exported again with the same
statements and votes; refused whole, with file and line, when anything is
wrong."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from backchannel.analysis import read_polis_export
from backchannel.consultations.analysis import load_votes, summarise
from backchannel.consultations.export import polis_export_write
from backchannel.consultations.models import Ballot, Consultation, Statement, Vote
from backchannel.consultations.services import consultation_create, consultation_import
from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.core.models import AuditEvent
from backchannel.participants.services import person_create
from tests.consultations.conftest import Open
from tests.web.conftest import as_role
from tests.world import World

DATA = Path(__file__).resolve().parents[1] / "data" / "polis"
CONVERSATION = DATA / "london.youth.policing"  # votes.csv: with repeated votes


def _empty(world: World) -> Consultation:
    return consultation_create(
        access=world.access("facilitator"), title="Moved from Pol.is"
    )


def _last_votes(directory: Path) -> dict[int, dict[int, int]]:
    """Each participant's last vote per comment, as the export says."""
    export = read_polis_export(directory, groups=False)
    t = export.votes
    order = sorted(
        range(len(t)),
        key=lambda i: (int(t.timestamps[i]) if t.timestamps is not None else 0, i),
    )
    last: dict[int, dict[int, int]] = {}
    for i in order:
        pid, cid = int(t.participant_ids[i]), int(t.comment_ids[i])
        last.setdefault(pid, {})[cid] = int(t.votes[i])
    return last


def _profiles(votes: dict[int, dict[int, int]], keep: set[int]) -> list[list]:
    """Participants as sorted vote lists (ids differ after a round trip)."""
    rows = [
        sorted((c, v) for c, v in row.items() if c in keep) for row in votes.values()
    ]
    return sorted(r for r in rows if r)


def test_a_real_export_round_trips_through_the_import_and_the_exporter(
    world: World, tmp_path: Path
) -> None:
    consultation = _empty(world)
    summary = consultation_import(
        access=world.access("facilitator"),
        consultation=consultation,
        directory=CONVERSATION,
    )
    source = read_polis_export(CONVERSATION, groups=False)
    status = {1: "accepted", -1: "rejected", 0: "pending"}
    stored = {
        s.number: (str(s.text), s.status)
        for s in Statement.objects.filter(consultation=consultation)
    }
    assert stored == {
        c.comment_id: (c.text.strip(), status[c.moderated]) for c in source.comments
    }
    expected = _last_votes(CONVERSATION)
    assert summary.votes == sum(len(r) for r in expected.values())
    assert Vote.objects.filter(ballot__consultation=consultation).count() == (
        summary.votes
    )
    # One fresh ballot per participant (voters and authors), random ids.
    assert summary.ballots == Ballot.objects.filter(consultation=consultation).count()
    assert summary.ballots >= len(expected)

    polis_export_write(consultation, tmp_path)
    again = read_polis_export(tmp_path, groups=False)
    accepted = {c.comment_id for c in source.comments if c.moderated == 1}
    assert {c.comment_id: c.text for c in again.comments} == {
        c.comment_id: c.text.strip() for c in source.comments if c.moderated == 1
    }
    assert _profiles(_last_votes(tmp_path), accepted) == _profiles(expected, accepted)
    assert AuditEvent.objects.filter(verb="consultation.import").count() == 1

    # Our own export moves on to another consultation: seeds stay seeds
    # (its is-seed column), voters' statements keep an author ballot.
    moved = _empty(world)
    consultation_import(
        access=world.access("facilitator"), consultation=moved, directory=tmp_path
    )

    def shape(c: Consultation) -> list[tuple]:
        return sorted(
            (s.number, str(s.text), s.origin, s.author_id is None)
            for s in Statement.objects.filter(consultation=c, status="accepted")
        )

    assert shape(moved) == shape(consultation)
    assert {o for _, _, o, _ in shape(moved)} == {"seed", "participant"}


def test_meta_statements_are_kept_and_left_out_of_the_groups_as_pol_is_does(
    world: World, tmp_path: Path
) -> None:
    """bg2050-volunteers has one accepted ``is-meta`` comment (12): it stays a
    statement marked meta, voted on, out of the analysis (Pol.is' mod-out), and
    our export writes it back as meta, so the next import keeps it too."""
    source_dir = DATA / "bg2050-volunteers"
    source = read_polis_export(source_dir, groups=False)
    meta = {c.comment_id for c in source.comments if c.is_meta}
    assert meta == {12}
    consultation = _empty(world)
    consultation_import(
        access=world.access("facilitator"),
        consultation=consultation,
        directory=source_dir,
    )
    stored = Statement.objects.filter(consultation=consultation)
    assert {s.number for s in stored if s.is_meta} == meta
    votes = load_votes(consultation)
    assert 12 in votes.excluded and 12 in set(votes.statements.tolist())
    result = summarise(votes)
    shown = [r["number"] for g in result["groups"] for r in g["representative"]]
    shown += [c["number"] for c in result["consensus"] + result["divisive"]]
    assert shown and 12 not in shown

    polis_export_write(consultation, tmp_path)
    again = read_polis_export(tmp_path, groups=False)
    assert {c.comment_id for c in again.comments if c.is_meta} == meta
    moved = _empty(world)
    consultation_import(
        access=world.access("facilitator"), consultation=moved, directory=tmp_path
    )
    assert (
        set(
            Statement.objects.filter(consultation=moved, is_meta=True).values_list(
                "number", flat=True
            )
        )
        == meta
    )


def test_a_wide_only_export_imports_its_votes(world: World, tmp_path: Path) -> None:
    for name in ("comments.csv", "participants-votes.csv"):
        shutil.copy(DATA / "scoop-hivemind.freshwater" / name, tmp_path / name)
    consultation = _empty(world)
    summary = consultation_import(
        access=world.access("facilitator"),
        consultation=consultation,
        directory=tmp_path,
    )
    wide = read_polis_export(tmp_path)
    assert summary.votes == len(wide.votes) > 0


def test_everything_wrong_is_listed_with_file_and_line_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    person_create(
        actor=world.users["org_convener"],
        organisation=world.org,
        name="Halvard Brennick",
        gender="man",
        capacity="expert",
        level="broader",
    )
    (tmp_path / "comments.csv").write_text(
        "comment-id,author-id,moderated,comment-body\n"
        "1,0,1,Dams need both countries' agreement\n"
        '2,5,1,"Halvard Brennick should chair the commission"\n'
        "3,5,-1,\n"
        f"4,6,0,{'x' * 401}\n",
        encoding="utf-8",
    )
    (tmp_path / "votes.csv").write_text(
        "timestamp,comment-id,voter-id,vote\n1,1,5,1\n2,9,6,-1\n", encoding="utf-8"
    )
    consultation = _empty(world)
    with pytest.raises(ValidationFailed) as refused:
        consultation_import(
            access=world.access("facilitator"),
            consultation=consultation,
            directory=tmp_path,
        )
    problems = refused.value.errors["file"]
    assert len(problems) == 4
    assert problems[0].startswith(
        "comments.csv, line 3, column comment-body: statement 2 identifies someone"
    )
    assert "Halvard Brennick" in problems[0]
    assert problems[1].startswith(
        "comments.csv, line 4, column comment-body: statement 3 is empty"
    )
    assert "statement 4 has 401 characters" in problems[2]
    assert "line 5" in problems[2]
    assert "(9)" in problems[3]
    assert not Statement.objects.filter(consultation=consultation).exists()
    assert not Ballot.objects.filter(consultation=consultation).exists()


def test_a_malformed_file_names_its_line_and_column(
    world: World, tmp_path: Path
) -> None:
    (tmp_path / "comments.csv").write_text(
        "comment-id,moderated,comment-body\n1,1,fine\n2,7,odd\n", encoding="utf-8"
    )
    (tmp_path / "votes.csv").write_text("comment-id,voter-id,vote\n1,1,1\n")
    with pytest.raises(ValidationFailed) as refused:
        consultation_import(
            access=world.access("facilitator"),
            consultation=_empty(world),
            directory=tmp_path,
        )
    (problem,) = refused.value.errors["file"]
    assert "comments.csv" in problem
    assert "line 3" in problem
    assert "moderated" in problem


def test_only_an_empty_consultation_takes_an_import(world: World, opened: Open) -> None:
    with pytest.raises(ValidationFailed) as refused:
        consultation_import(
            access=world.access("facilitator"),
            consultation=opened.consultation,
            directory=CONVERSATION,
        )
    assert "new, empty consultation" in refused.value.errors["consultation"][0]
    assert Statement.objects.filter(consultation=opened.consultation).count() == 5


def test_only_managers_import(world: World) -> None:
    consultation = _empty(world)
    with pytest.raises(PermissionDenied):
        consultation_import(
            access=world.access("participant"),
            consultation=consultation,
            directory=CONVERSATION,
        )
    assert not Statement.objects.filter(consultation=consultation).exists()


def test_the_cli_imports_as_a_named_manager(world: World) -> None:
    consultation = _empty(world)
    out = io.StringIO()
    call_command(
        "consultation",
        "import",
        str(consultation.pk),
        str(CONVERSATION),
        "--as",
        world.users["facilitator"].username,
        stdout=out,
    )
    assert out.getvalue().startswith(
        f"Imported into consultation {consultation.pk}: 39 statements (36 accepted"
    )
    with pytest.raises(CommandError, match="new, empty consultation"):
        call_command(
            "consultation",
            "import",
            str(consultation.pk),
            str(CONVERSATION),
            "--as",
            world.users["facilitator"].username,
        )


def test_the_cli_refuses_a_participant(world: World) -> None:
    consultation = _empty(world)
    with pytest.raises(CommandError, match="acting as"):
        call_command(
            "consultation",
            "import",
            str(consultation.pk),
            str(CONVERSATION),
            "--as",
            world.users["participant"].username,
        )


def _zip_of(directory: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("comments.csv", "votes.csv"):
            archive.write(directory / name, arcname=f"export/{name}")
    return buffer.getvalue()


def test_the_upload_page_imports_csv_files_or_a_zip(
    client: Client, world: World
) -> None:
    url_of = lambda c: reverse("consultations:consultation-import", args=[c.pk])  # noqa: E731
    as_role(client, world, "facilitator")
    consultation = _empty(world)
    assert client.get(url_of(consultation)).status_code == 200
    files = [
        io.BytesIO((CONVERSATION / name).read_bytes()) for name in ("comments.csv",)
    ]
    files[0].name = "comments.csv"
    refused = client.post(url_of(consultation), {"files": files})
    assert refused.status_code == 422
    assert b"neither votes.csv nor participants-votes.csv" in refused.content

    upload = io.BytesIO(_zip_of(CONVERSATION))
    upload.name = "conversation.zip"
    done = client.post(url_of(consultation), {"files": [upload]})
    assert done.status_code == 302
    assert Statement.objects.filter(consultation=consultation).count() == 39

    as_role(client, world, "participant")
    other = _empty(world)
    assert client.get(url_of(other)).status_code == 404


CONVERSATIONS = sorted(p.name for p in DATA.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_every_open_conversation_imports_or_is_refused_by_line(
    world: World, name: str
) -> None:
    consultation = _empty(world)
    access = world.access("facilitator")
    if name != "football-concussions":
        summary = consultation_import(
            access=access, consultation=consultation, directory=DATA / name
        )
        source = read_polis_export(DATA / name, groups=False)
        assert summary.statements == len(source.comments)
        return
    # Three statements over 400 characters and an empty one, in the real file.
    with pytest.raises(ValidationFailed) as refused:
        consultation_import(
            access=access, consultation=consultation, directory=DATA / name
        )
    problems = refused.value.errors["file"]
    assert len(problems) == 4
    assert all(p.startswith("comments.csv, line ") for p in problems)
    assert not Statement.objects.filter(consultation=consultation).exists()
