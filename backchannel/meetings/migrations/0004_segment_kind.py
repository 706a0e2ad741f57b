"""A "Whole meeting" segment stored as a kind, not as words.

The segment the workspace makes for a meeting without segments was stored
with the title "Whole meeting" in the language of whoever created it, and
shown as such to every reader. It becomes ``kind="whole_meeting"`` with an
empty title, written in the reader's language when shown (``Segment.label``).
Existing rows are recognised by their title in any of the interface's
languages, on a meeting whose only segment it is (the only case in which the
workspace made one). Both directions keep the encryption: titles are opened
and sealed through the field. Backwards, the title comes back in English.
"""

from django.db import migrations, models

#: "Whole meeting" in every language of the interface when this was written.
TITLES = {
    "Whole meeting",
    "Toute la réunion",
    "Toda la reunión",
    "الاجتماع كله",
    "Вся встреча",
    "整场会议",
}
WHOLE_MEETING = "whole_meeting"


def to_kind(apps, schema_editor):
    Segment = apps.get_model("meetings", "Segment")
    for segment in Segment.objects.all():
        if str(segment.title).strip() not in TITLES:
            continue
        if Segment.objects.filter(meeting_id=segment.meeting_id).count() != 1:
            continue
        segment.kind = WHOLE_MEETING
        segment.title = ""
        segment.save(update_fields=["kind", "title"])


def to_title(apps, schema_editor):
    Segment = apps.get_model("meetings", "Segment")
    for segment in Segment.objects.filter(kind=WHOLE_MEETING):
        segment.title = "Whole meeting"
        segment.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_encrypt_meeting_time_zone_start_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="segment",
            name="kind",
            field=models.CharField(
                blank=True,
                choices=[("", "named"), ("whole_meeting", "whole meeting")],
                default="",
                max_length=16,
            ),
        ),
        migrations.RunPython(to_kind, to_title),
    ]
