from __future__ import annotations

import pytest
from django.core.management import call_command

from backchannel.core import crypto, keystore
from backchannel.core.errors import DecryptionError
from backchannel.core.models import DataKey
from backchannel.processes.models import Process
from tests.world import World


def test_rotation_rewraps_every_key_and_loses_nothing(
    world: World, settings: object
) -> None:
    old = crypto.master_key()
    new_text = crypto.generate_master_key_text()
    settings.BACKCHANNEL_MASTER_KEY = new_text  # type: ignore[attr-defined]
    settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = [  # type: ignore[attr-defined]
        __import__("base64").b64encode(old.key).decode()
    ]
    crypto.reset_caches()
    try:
        # Mid-rotation, both keys work: old-wrapped keys unwrap via the previous key.
        assert (
            Process.objects.get(pk=world.process.pk).title == "Lakeshore Water Dialogue"
        )
        call_command("keys", "rotate")
        new_id = crypto.master_key().key_id
        live = set(map(str, DataKey.objects.values_list("pk", flat=True)))
        assert {e.master_key_id for e in keystore.entries() if e.id in live} == {new_id}
        # After rotation the old key is no longer needed.
        settings.BACKCHANNEL_PREVIOUS_MASTER_KEYS = []  # type: ignore[attr-defined]
        crypto.reset_caches()
        titles = {str(p.title) for p in Process.objects.all()}
        assert "Lakeshore Water Dialogue" in titles
        # And the old key alone no longer opens anything.
        settings.BACKCHANNEL_MASTER_KEY = (
            __import__("base64").b64encode(old.key).decode()
        )  # type: ignore[attr-defined]
        crypto.reset_caches()
        with pytest.raises(DecryptionError):
            _ = Process.objects.get(pk=world.process.pk).title
    finally:
        crypto.reset_caches()
