"""Adversary (round 5): a participant's name percent-encoded in a URL.

Attack: a link to a page about a participant whose name has a letter outside
ASCII, as a browser's address bar copies it (``Dvo%C5%99%C3%A1kov%C3%A1``,
``Jos%C3%A9+Nu%C3%B1ez``, ``Y%C4%B1lmaz``, ``J%C3%BCrgen+M%C3%BCller``), in a
query string, a path segment or a Markdown link's target; or an ASCII letter
percent-encoded by hand (``%56orontsova``, ``Yekaterina%20Vorontsova``). The
browser shows the decoded name in the address bar and the status bar, and the
page it opens names the person; ``backchannel gate`` reports the text clean.
The same link with the ASCII name (``?q=Mina+Park``,
``?q=Yekaterina+Vorontsova``) is caught, so only the names with diacritics
(the majority of this roster) get through.

Promise broken: README, "What the gate reads", step 1: "link URLs, slugs and
attributes stay text and are checked (``https://…/people/sabina-orlet``)";
step 2 decodes character references, but not a URL's percent-encoding. The
brief of this round names "a URL-encoded name". Severity: high (pasting a
link is the ordinary way a name lands in a briefing; no intent to disguise is
needed).

Suggested fix direction: percent-decode (``urllib.parse.unquote_plus``, UTF-8,
errors replaced) runs of ``%XX`` in the reader's view, mapped back to the
source span, like the entities step.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

LEAKS = {
    "query_diacritics": (
        "See https://news.example/?who=Dvo%C5%99%C3%A1kov%C3%A1 before the meeting.",
        "Žofia Dvořáková",
    ),
    "path_diacritics": (
        "See https://news.example/people/Dvo%C5%99%C3%A1kov%C3%A1 before the meeting.",
        "Žofia Dvořáková",
    ),
    "markdown_link_target": (
        "See [the interview](https://news.example/?q=Dvo%C5%99%C3%A1kov%C3%A1).",
        "Žofia Dvořáková",
    ),
    "full_name_plus": (
        "See https://news.example/?q=Jos%C3%A9+Nu%C3%B1ez before the meeting.",
        "José Núñez",
    ),
    "dotless_i": (
        "See https://news.example/?q=Mehmet+Y%C4%B1lmaz before the meeting.",
        "Mehmet Yılmaz",
    ),
    "umlaut": (
        "See https://news.example/?q=J%C3%BCrgen%20M%C3%BCller before the meeting.",
        "Jürgen Müller",
    ),
    "ascii_letter_encoded": (
        "See https://news.example/?q=%56orontsova before the meeting.",
        "Yekaterina Vorontsova",
    ),
    "encoded_space_in_text": (
        "Yekaterina%20Vorontsova said so.",
        "Yekaterina Vorontsova",
    ),
}

CONTROLS = {
    "ascii_name_plus": (
        "See https://news.example/search?q=Yekaterina+Vorontsova today.",
        "Yekaterina Vorontsova",
    ),
    "ascii_name_encoded_space": (
        "See https://news.example/?q=Mina%20Park today.",
        "Mina Park",
    ),
    "slug": (
        "Read https://news.example/2026/yekaterina-vorontsova-speaks today.",
        "Yekaterina Vorontsova",
    ),
    "unencoded_diacritics": (
        "See https://news.example/?who=Dvořáková today.",
        "Žofia Dvořáková",
    ),
    "character_reference": (
        "&#x56;orontsova said so.",
        "Yekaterina Vorontsova",
    ),
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_percent_encoded_name_is_caught(tmp_path: Path, case: str) -> None:
    text, who = LEAKS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, f"{case}: {text!r} ({who}) reported clean"
    assert who in out


@pytest.mark.parametrize("case", sorted(CONTROLS))
def test_the_decoded_forms_are_caught(tmp_path: Path, case: str) -> None:
    text, who = CONTROLS[case]
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert who in out
