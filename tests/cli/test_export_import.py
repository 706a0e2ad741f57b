from __future__ import annotations

import io
import json
import re
import stat
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from backchannel.core.services import data_key_destroy
from tests.world import World

EXAMPLE = Path(__file__).parent.parent / "data" / "process-example.json"


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def export(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_export_then_import_creates_an_equal_process(
    world: World, tmp_path: Path
) -> None:
    text, summary = export(str(world.process.pk))
    assert (
        f"Exported process {world.process.pk}: 6 participants, 1 meeting, 0 notes, "
        "0 ideas."
    ) in summary
    path = tmp_path / "process.json"
    path.write_text(text, encoding="utf-8")
    line = import_(str(path))
    found = re.fullmatch(
        r"Imported process ([0-9a-f-]{36}) into (\S+): 2 sides, 1 phase, "
        r"6 participants, 1 meeting, 0 notes, 0 ideas\.\n",
        line,
    )
    assert found, line
    assert found.group(2) == world.org.slug
    assert uuid.UUID(found.group(1)) != world.process.pk
    again, _ = export(found.group(1))
    assert json.loads(again) == json.loads(text)


def test_export_takes_a_unique_start_of_the_id_and_writes_a_private_file(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "out.json"
    out, _ = export(world.process.pk.hex[:8], "--output", str(path), "--no-contacts")
    assert str(path) in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "backchannel-process"
    assert not any("contact" in p for p in document["participants"])


@pytest.mark.parametrize(
    ("reference", "words"),
    [
        (str(uuid.UUID(int=1)), "No process has the id"),
        ("zz-not-an-id", "is not a process id"),
        ("abc", "is not a process id"),
    ],
)
def test_export_of_an_unknown_process_is_refused(
    world: World, reference: str, words: str
) -> None:
    with pytest.raises(CommandError, match=words):
        export(reference)


def test_export_of_a_destroyed_process_is_refused(world: World) -> None:
    data_key_destroy(key=world.process.data_key)
    with pytest.raises(CommandError, match="No process has the id"):
        export(str(world.process.pk))


def test_import_of_a_file_with_problems_lists_them_all_and_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    document = json.loads(export(str(world.process.pk))[0])
    document["participants"][3]["side"] = "side-9"
    document["meetings"][0]["segments"][0]["record_rule"] = "chatham"
    document["phases"][0]["starts_on"] = "01/02/2026"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        import_(str(path))
    assert row_counts() == before
    message = str(refused.value)
    assert "has 3 problems; nothing was imported" in message
    assert (
        "  $.participants[3].side: unknown side key 'side-9'; "
        "use one of ['side-1', 'side-2']." in message
    )
    assert "  $.meetings[0].segments[0].record_rule: 'chatham'" in message
    assert "  $.phases[0].starts_on: '01/02/2026' is not a date" in message


def test_import_of_malformed_json_names_line_and_column(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "backchannel-process",\n  "version": 1 2\n}')
    with pytest.raises(CommandError, match=r"line 3, column 16"):
        import_(str(path))


def test_import_needs_an_organisation_of_this_deployment(world: World) -> None:
    before = row_counts()
    with pytest.raises(CommandError, match=r"'example-organisation' is not in this"):
        import_(str(EXAMPLE))
    with pytest.raises(CommandError, match=r"No organisation has the slug 'nowhere'"):
        import_(str(EXAMPLE), "--organisation", "nowhere")
    assert row_counts() == before
    line = import_(str(EXAMPLE), "--organisation", world.rival.slug)
    assert f"into {world.rival.slug}: 2 sides, 1 phase, 5 participants" in line


def test_import_of_a_missing_file_says_so(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.json"):
        import_(str(tmp_path / "missing.json"))
