"""Disguises of the adversary's second round (issue 14), by class, over every
roster entry of the fixture corpus: letters that render as nothing (Unicode
default-ignorable code points, blank glyphs), names run together behind "#",
any punctuation or symbol between spaced letters, "@" for "a", phone numbers
in digits of another script or with O/l for 0/1, an honorific of either
gender before a surname, a title's words in another order. And near-misses
of the same shapes that must stay clean."""

from __future__ import annotations

from functools import cache

import pytest

from backchannel.gate import Gate, build_gate
from backchannel.gate.model import Participant
from tests.transfer.corpus import load_corpus


@cache
def _gate() -> tuple[Gate, tuple[Participant, ...]]:
    roster, _ = load_corpus()
    return build_gate(roster), tuple(roster)


def _namesakes(p: Participant) -> set[str]:
    """Those of the roster with p's surname (an honorific's gender picks
    among them: "Mrs Price" is Mariam Price, not Tom Price)."""
    surname = p.name.split()[-1]
    return {q.name for q in _roster() if q.name.split()[-1] == surname}


def _who(text: str) -> set[str]:
    gate, _ = _gate()
    return {f.participant for f in gate.check(text).findings}


def _plain_words(p: Participant) -> list[str] | None:
    words = p.name.split()
    if not all(w.isalpha() for w in words):
        return None  # "O'Connell", "Mensah-Boateng", "al-Hashimi"
    return words


def _roster() -> tuple[Participant, ...]:
    return _gate()[1]


# U+3164, U+FFA0, U+115F, U+1160: Hangul fillers (letters, not Cf); U+2800
# braille blank; U+034F combining grapheme joiner; U+FE0F variation
# selector; U+E0020 tag space; U+17B4 Khmer inherent vowel
_BLANKS = ["\u3164", "\uffa0", "\u115f", "\u1160", "\u2800", "\u034f", "\ufe0f"]
_BLANKS += ["\U000e0020", "\u17b4"]


@pytest.mark.parametrize("blank", _BLANKS)
def test_a_letter_that_renders_as_nothing_inside_a_name_is_read_through(
    blank: str,
) -> None:
    for p in _roster():
        surname = p.name.split()[-1]
        half = len(surname) // 2
        text = f"Thanks to {p.name.split()[0]} {surname[:half]}{blank}{surname[half:]}."
        assert p.name in _who(text), (p.name, text)


def test_a_name_run_together_behind_a_hashtag_is_a_finding() -> None:
    for p in _roster():
        words = _plain_words(p)
        if words is None:
            continue
        for tag in ("#" + "".join(words), "#" + "".join(words).lower()):
            assert p.name in _who(f"Thanks {tag} for the station."), tag


@pytest.mark.parametrize("sep", ["\u2013", "\u2014", ":", ";", "\u00b7", "=", "\u2044"])
def test_spaced_letters_with_any_separator_are_joined(sep: str) -> None:
    for p in _roster():
        words = _plain_words(p)
        if words is None:
            continue
        spaced = " ".join(sep.join(w) for w in words)
        assert p.name in _who(f"{spaced} proposed it."), spaced


def test_at_sign_for_a_is_read_at_the_end_of_a_word_too() -> None:
    for p in _roster():
        surname = p.name.split()[-1]
        if "a" not in surname[1:] or not surname.isalpha():
            continue
        text = f"Ms {surname[0]}{surname[1:].replace('a', '@')} proposed it."
        assert _namesakes(p) & _who(text), text


_SCRIPTS = {
    "arabic-indic": 0x0660,
    "persian": 0x06F0,
    "devanagari": 0x0966,
    "bengali": 0x09E6,
}


@pytest.mark.parametrize("script", sorted(_SCRIPTS))
def test_a_roster_phone_in_another_scripts_digits_is_found(script: str) -> None:
    zero = _SCRIPTS[script]
    phones = [(p, ph) for p in _roster() for ph in p.phones]
    assert phones
    for p, phone in phones:
        written = "".join(chr(zero + int(c)) if c.isdigit() else c for c in phone)
        assert p.name in _who(f"Ring {written} any evening."), written


def test_letters_for_digits_in_a_roster_phone_are_read_as_digits() -> None:
    for p, phone in [(q, ph) for q in _roster() for ph in q.phones]:
        for letter_0, letter_1 in (("O", "l"), ("o", "I")):
            written = phone.replace("0", letter_0).replace("1", letter_1)
            if written == phone:
                continue
            assert p.name in _who(f"Ring {written} any evening."), written


@pytest.mark.parametrize(
    "honorific", ["Mr", "Mrs", "Ms", "Dr", "Prof.", "Amb.", "Mme", "Sra.", "Sayyid"]
)
def test_any_honorific_before_a_roster_surname_is_a_title(honorific: str) -> None:
    for p in _roster():
        words = _plain_words(p)
        if words is None or len(words) < 2:
            continue
        text = f"Yesterday {honorific} {words[-1]} said so."
        assert _namesakes(p) & _who(text), text


@pytest.mark.parametrize(
    "text", ["Tolvar's mayor said so.", "The Tolvar mayor said so."]
)
def test_a_two_word_title_in_another_order_is_a_description(text: str) -> None:
    assert "Mehmet Yılmaz" in _who(text)


@pytest.mark.parametrize(
    "text",
    [
        "In \u0662\u0660\u0662\u0664 the council met \u0663 times.",
        "Ratio a:b:c is 1:2:3; see items x\u2013y\u2013z.",
        "Mr Smith and Dr Jones agreed.",
        "#2024goals and #peace were trending.",
        "The code is 1O1; call extension 4OO.",
        "Room 101, floor 3, building H2O.",
        "The mayor of Lisbon spoke to the mayors.",
        "\u3164 \u2800 blank cells \u2800 in a table.",
    ],
)
def test_near_misses_of_the_same_shapes_stay_clean(text: str) -> None:
    assert _who(text) == set()
