from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from backchannel.core.models import AuditEvent
from tests.translations.factories import ARABIC, translations_objects
from tests.world import World


def test_the_cli_exports_a_translation_marked_not_authoritative(world: World) -> None:
    objects = translations_objects(world)
    out = io.StringIO()
    before = AuditEvent.objects.filter(verb="translation.export").count()
    call_command(
        "translation", "export", objects["verified_translation"].pk.hex[:10], stdout=out
    )
    text = out.getvalue()
    assert ARABIC in text
    assert "Language of record: en" in text
    assert "Not authoritative" in text
    assert AuditEvent.objects.filter(verb="translation.export").count() == before + 1


def test_the_cli_names_a_bad_id(world: World) -> None:
    with pytest.raises(CommandError, match="not a translation id"):
        call_command("translation", "export", "xyz")
    with pytest.raises(CommandError, match="No translation has the id"):
        call_command("translation", "export", "abcdef12")
