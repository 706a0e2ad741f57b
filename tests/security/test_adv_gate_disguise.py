"""Adversary: a participant's name leaves through an output export in disguise.

README: "Every path by which text leaves the workspace passes the
identification gate". The gate finds the name plainly written, in any case,
without diacritics, in full-width letters; these spellings, each as readable to
a human as the name itself, go out in the DOCX export of an output
(``GET /api/outputs/<id>/export``) without a finding. (Gate improvements were
in progress when this was written: results noted, not exhaustive.)
"""

from __future__ import annotations

import pytest

from tests.transfer.factories import named_seat
from tests.transfer.test_exits import api_export
from tests.world import World

DISGUISES = {
    "letter_spacing": "Z o f i a  D v o r a k o v a",
    "cyrillic_homoglyphs": "Z\u043efia Dv\u043e\u0159\u00e1kov\u00e1",
    "zero_width_space": "Zo\u200bfia Dvo\u200b\u0159\u00e1kov\u00e1",
    "markdown_split": "**Zof**ia Dvo\u0159*\u00e1kov\u00e1*",
    "leetspeak": "Z0fia Dv0rakova",
    "hyphenated_letters": "Z-o-f-i-a D-v-o-r-a-k-o-v-a",
}


@pytest.mark.parametrize("spelling", DISGUISES.values(), ids=list(DISGUISES))
def test_a_disguised_name_is_stopped_at_the_export(
    world: World, tmp_path: object, spelling: str
) -> None:
    named_seat(world)  # Zofia Dvořáková, a participant on the North side
    text = f"{spelling} proposed a joint gauge station at the border."
    outcome = api_export(world, text, tmp_path)  # type: ignore[arg-type]
    assert not outcome.passed, f"{spelling!r} left through the export"
