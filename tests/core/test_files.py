"""Secret files the CLI writes (issue 22, 6): O_EXCL, O_NOFOLLOW, 0600, and an
existing file replaced only with --force."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backchannel.core.files import FileRefused, write_private
from backchannel.participants.models import Person, Seat
from backchannel.processes.models import Process
from tests.world import World

EXAMPLE = Path(__file__).parent.parent / "data" / "process-example.json"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    import os

    old = os.umask(0)
    try:
        write_private(tmp_path / "a", b"secret")
    finally:
        os.umask(old)
    assert mode(tmp_path / "a") == 0o600 and (tmp_path / "a").read_bytes() == b"secret"


def test_an_existing_file_is_kept_without_force_and_made_0600_with_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "backup.bak"
    path.write_bytes(b"old")
    path.chmod(0o644)
    with pytest.raises(FileRefused, match=r"already there.*--force"):
        write_private(path, b"new")
    assert path.read_bytes() == b"old" and mode(path) == 0o644
    write_private(path, b"new", force=True)
    assert path.read_bytes() == b"new" and mode(path) == 0o600  # was kept 0644
    assert [p.name for p in tmp_path.iterdir()] == ["backup.bak"]


def test_a_symlink_is_never_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_bytes(b"victim")
    link = tmp_path / "export.json"
    link.symlink_to(target)
    with pytest.raises(FileRefused, match="symbolic link"):
        write_private(link, b"names and contacts")
    assert target.read_bytes() == b"victim"
    write_private(link, b"names and contacts", force=True)
    assert target.read_bytes() == b"victim"  # the link was replaced, not followed
    assert not link.is_symlink() and mode(link) == 0o600


@pytest.mark.parametrize(
    ("where", "words"),
    [("missing/x", "does not exist; create it"), ("", "is a directory")],
)
def test_refusals_name_the_problem_and_the_fix(
    tmp_path: Path, where: str, words: str
) -> None:
    with pytest.raises(FileRefused, match=words):
        write_private(tmp_path / where, b"x")


def test_a_failure_half_way_leaves_nothing(tmp_path: Path) -> None:
    from backchannel.core.files import private_file

    with pytest.raises(RuntimeError), private_file(tmp_path / "half") as handle:
        handle.write(b"part")
        raise RuntimeError
    assert not (tmp_path / "half").exists()


def test_export_refuses_an_existing_file_and_a_symlink(
    world: World, tmp_path: Path
) -> None:
    existing = tmp_path / "existing.json"
    existing.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "target.json")
    for path in (existing, link):
        with pytest.raises(FileRefused):
            call_command("export", str(world.process.pk), "-o", str(path))
    assert existing.read_text(encoding="utf-8") == "keep"
    assert not (tmp_path / "target.json").exists()
    call_command(
        "export",
        str(world.process.pk),
        "-o",
        str(existing),
        "--force",
        stdout=io.StringIO(),
    )
    assert json.loads(existing.read_text(encoding="utf-8"))["format"]
    assert mode(existing) == 0o600


def _import(org_slug: str) -> None:
    call_command(
        "import", str(EXAMPLE), "--organisation", org_slug, stdout=io.StringIO()
    )


def test_importing_the_same_file_twice_seats_the_same_people(world: World) -> None:
    """Before, every person was duplicated in the registry at each import."""
    _import(world.org.slug)
    people = Person.objects.filter(organisation=world.org).count()
    _import(world.org.slug)
    assert Person.objects.filter(organisation=world.org).count() == people
    processes = [
        p
        for p in Process.objects.filter(organisation=world.org)
        if p.pk not in (world.process.pk, world.other_process.pk)
    ]
    assert len(processes) == 2
    seated = [
        sorted(str(s.person_id) for s in Seat.objects.filter(process=p))
        for p in processes
    ]
    assert seated[0] == seated[1] and seated[0]


def test_an_ambiguous_person_is_refused_and_nothing_is_imported(
    world: World, tmp_path: Path
) -> None:
    from backchannel.participants.services import person_create

    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    name = document["participants"][0]["name"]
    for _ in range(2):
        person_create(
            actor=world.users["org_convener"],
            organisation=world.org,
            name=name,
            gender="woman",
            capacity="expert",
            level="key_person",
        )
    before = Process.objects.count(), Person.objects.count()
    document["participants"][0].pop("contact", None)
    path = tmp_path / "ambiguous.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="2 people of the organisation's registry"):
        call_command("import", str(path), "--organisation", world.org.slug)
    assert (Process.objects.count(), Person.objects.count()) == before
