"""Adversary (round 5): HTML that a renderer does not draw inside a name, and a
hyphenated name broken across lines by an HTML break.

Attack: (1) letters inside a participant's surname wrapped in an element a
browser does not display (``<span style="display:none">``, ``hidden``,
``visibility:hidden``, ``font-size:0``): the rendered text reads
"Vorontsova"; (2) a surname hyphenated at a line break written as HTML
(``Voron-<br>tsova``, ``Voron-<br />tsova``, ``Voron-</p><p>tsova``): the
reader sees "Voron-" at the end of a line and "tsova" on the next, the way
every hyphenated name in print reads. ``backchannel gate`` reports both
clean, though it catches ``Voron<span></span>tsova``, ``Voron<br>tsova``,
``Voron-`` + newline + ``tsova`` and ``<script>`` inside a name.

Promise broken: README, "What the gate reads", step 1: "Markdown and HTML
that splits a word is dropped ..., and so is markup whose content no renderer
draws"; "Identification gate": names "split across lines". A Markdown export
or a document checked with ``backchannel gate`` is rendered by the recipient's
tool, which draws raw HTML. Severity: medium (it needs a writer who means to
hide the name, or an HTML source; the workspace's own renderer escapes raw
HTML, its Markdown export does not).

Suggested fix direction: drop the content of elements hidden by ``hidden``,
``display:none``, ``visibility:hidden`` or a zero font size, as for
``<template>``; read ``-<br>`` and a hyphen before a block boundary like a
hyphen before a newline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

VORONTSOVA = "Yekaterina Vorontsova"

LEAKS = {
    "display_none": 'Voron<span style="display:none">ab</span>tsova said so.',
    "display_none_spaced": "Voron<span style='display: none'>ab</span>tsova said so.",
    "hidden_attribute": "Voron<span hidden>ab</span>tsova said so.",
    "hidden_div": "Voron<div hidden>ab</div>tsova said so.",
    "visibility_hidden": (
        'Voron<span style="visibility:hidden">ab</span>tsova said so.'
    ),
    "zero_font_size": 'Voron<span style="font-size:0">ab</span>tsova said so.',
    "hyphen_br": "Voron-<br>tsova said so.",
    "hyphen_br_upper": "Voron-<BR>tsova said so.",
    "hyphen_br_self_closing": "Voron-<br />tsova said so.",
    "hyphen_br_newline": "Voron-<br>\ntsova said so.",
    "hyphen_paragraph": "Voron-</p><p>tsova said so.",
}

CONTROLS = [
    "Voron<span></span>tsova said so.",
    "Voron<script>x</script>tsova said so.",
    "Voron<template>ab</template>tsova said so.",
    "Voron<br>tsova said so.",
    "Voron-\ntsova said so.",
    "Voron-  \ntsova said so.",
    "Voron&shy;tsova said so.",
]


@pytest.mark.xfail(
    strict=True,
    reason="adversary finding: hidden HTML inside a name, or a hyphen before "
    "an HTML line break, passes the gate",
)
@pytest.mark.parametrize("case", sorted(LEAKS))
def test_hidden_markup_inside_a_name_is_caught(tmp_path: Path, case: str) -> None:
    code, out = gate_cli(tmp_path, LEAKS[case])
    assert code == 1, f"{case}: {LEAKS[case]!r} reported clean"
    assert VORONTSOVA in out


@pytest.mark.parametrize("text", CONTROLS)
def test_the_plain_markup_forms_are_caught(tmp_path: Path, text: str) -> None:
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert VORONTSOVA in out
