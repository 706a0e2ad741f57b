"""Attributions stored as codes, not as English sentences.

A note's attribution was stored as the English label the service computed
("a participant", "a participant from Belmark") and shown as such to a French
or Arabic reader. It becomes a code (``records.labels``): ``{"kind":
"participant"}`` or ``{"kind": "side", "side": <id>, "name": <name then>}``,
written in the reader's language when read. A side is found by its current
name among the process's sides; a label naming no current side becomes "a
participant" (which is how it already read). Both directions keep the
encryption: values are opened and sealed through the field.
"""

import json

from django.db import migrations

LEGACY_PARTICIPANT = "a participant"
LEGACY_FROM = "a participant from "


def _code(kind, side_id="", name=""):
    data = {"kind": kind}
    if kind == "side":
        data |= {"side": side_id, "name": name}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _sides(Side, process_id, cache):
    if process_id not in cache:
        cache[process_id] = {
            str(side.name): str(side.pk)
            for side in Side.objects.filter(process_id=process_id)
        }
    return cache[process_id]


def to_codes(apps, schema_editor):
    Side = apps.get_model("processes", "Side")
    cache = {}
    for model_name in ("Note", "NoteVersion"):
        Model = apps.get_model("records", model_name)
        rows = Model.objects.select_related(
            "meeting" if model_name == "Note" else "note__meeting"
        )
        for row in rows:
            stored = str(row.attribution)
            if not stored or stored.startswith("{"):
                continue
            code = _code("participant")
            if stored.startswith(LEGACY_FROM):
                meeting = row.meeting if model_name == "Note" else row.note.meeting
                name = stored[len(LEGACY_FROM) :]
                side_id = _sides(Side, meeting.process_id, cache).get(name)
                if side_id is not None:
                    code = _code("side", side_id, name)
            row.attribution = code
            row.save(update_fields=["attribution"])


def to_english(apps, schema_editor):
    for model_name in ("Note", "NoteVersion"):
        Model = apps.get_model("records", model_name)
        for row in Model.objects.all():
            stored = str(row.attribution)
            if not stored.startswith("{"):
                continue
            data = json.loads(stored)
            if data.get("kind") == "side":
                row.attribution = LEGACY_FROM + data.get("name", "")
            else:
                row.attribution = LEGACY_PARTICIPANT
            row.save(update_fields=["attribution"])


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_note_language"),
        ("processes", "0004_process_ground_rules"),
    ]

    operations = [migrations.RunPython(to_codes, to_english)]
