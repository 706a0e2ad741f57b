"""Adversary (round 5): a roster phone number written with the separators a
word processor or a typographer puts between its groups.

Attack: the phone number of a roster participant with its groups separated by
a no-break space (U+00A0: French typography, Word's "nonbreaking space",
LibreOffice's autocorrect), a narrow no-break space (U+202F) or a thin space
(U+2009), an en dash or a non-breaking hyphen (U+2011: Word's Ctrl+Shift+-),
a minus sign, a full-width hyphen (CJK text); or with one group set in
Markdown emphasis; or with one group spelt out. Every reader dials the same
number; ``backchannel gate`` reports the text clean.

Promise broken: README, "Identification gate": the gate "finds participants'
... phones"; "What the gate reads": "NFKC (fullwidth ...)", "Markdown ... that
splits a word is dropped", a "phone number in words". Issue 14: a reader's
view, not the bytes. Severity: high (a participant's own mobile number leaves
the workspace: the most direct way to reach, or find, a person).

Controls: the same number with ASCII spaces, hyphens, dots or slashes, in
full-width digits, or fully in words is caught.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.gate_cli import gate_cli

ZOFIA = "Žofia Dvořáková"  # +420 601 234 567 on the fixture roster

# The number's groups joined by each separator.
SEPARATED = {
    "no_break_space": "\u00a0",
    "narrow_no_break_space": "\u202f",
    "thin_space": "\u2009",
    "en_dash": "\u2013",
    "non_breaking_hyphen": "\u2011",
    "minus_sign": "\u2212",
    "fullwidth_hyphen": "\uff0d",
}
LEAKS = {
    name: f"Call +420{sep}601{sep}234{sep}567 after the meeting."
    for name, sep in SEPARATED.items()
}
LEAKS.update(
    {
        "markdown_bold_group": "Call +420 601 **234** 567 after the meeting.",
        "code_span_group": "Call +420 601 `234` 567 after the meeting.",
        "html_bold_group": "Call +420 601 <b>234</b> 567 after the meeting.",
        "one_group_in_words": "Call +420 601 two three four 567 after the meeting.",
    }
)

CONTROLS = [
    "Call +420 601 234 567 after the meeting.",
    "Call +420-601-234-567 after the meeting.",
    "Call +420.601.234.567 after the meeting.",
    "Call +420/601/234/567 after the meeting.",
    "Call ＋４２０ ６０１ ２３４ ５６７ after the meeting.",
    "Call +420 601 234 56<!-- -->7 after the meeting.",
    "Call plus four two oh, six oh one, two three four, five six seven.",
]


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_typeset_phone_number_is_caught(tmp_path: Path, case: str) -> None:
    code, out = gate_cli(tmp_path, LEAKS[case])
    assert code == 1, f"{case}: {LEAKS[case]!r} reported clean"
    assert ZOFIA in out


@pytest.mark.parametrize("text", CONTROLS)
def test_the_plain_phone_number_is_caught(tmp_path: Path, text: str) -> None:
    code, out = gate_cli(tmp_path, text)
    assert code == 1, text
    assert ZOFIA in out
