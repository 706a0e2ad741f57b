"""Disguises of the adversary's third round (issue 14), by class, generated
over every roster entry of the fixture corpus: a Markdown image glued to a
word, negative circled and squared letters, TR39 look-alike sequences ("rn"
for m, "vv" for w, "cl" for d), multi-symbol leetspeak, letters for digits
in a phone number, a phone number in words, title synonyms and translations,
an organisation's initials. And near-misses of the same shapes that must stay
clean, in several languages."""

from __future__ import annotations

import random

import pytest
from hypothesis import strategies as st

from backchannel.gate import Gate, Participant
from backchannel.gate.spelled import LEET_SEQUENCES, letter_sequences
from tests.gate.strategies import TEMPLATES, caught, drawing, with_phone

pytestmark = pytest.mark.no_db_difference

DRAWN = drawing(150)


def _plain(p: Participant) -> list[str] | None:
    words = p.name.split()
    return words if all(w.isascii() and w.isalpha() for w in words) else None


def _who(gate: Gate, text: str) -> set[str]:
    return {f.participant for f in gate.check(text).findings}


# ------------------------------------------------------------------- ways
def image_glued(name: str, rng: random.Random) -> str:
    surname = name.split()[-1]
    cut = rng.randint(1, len(surname) - 1)
    given = " ".join(name.split()[:-1])
    return f"{given} {surname[:cut]}![{surname[cut:]}](img/{rng.randint(1, 99)}.png)"


def negative_letters(name: str, rng: random.Random) -> str:
    base = rng.choice([0x1F150, 0x1F170])  # negative circled, negative squared
    return " ".join(
        "".join(chr(base + ord(c.upper()) - 65) if c.isalpha() else c for c in w)
        for w in name.split()
    )


def multi_leet(name: str, rng: random.Random) -> str:
    by_letter: dict[str, list[str]] = {}
    for seq, letter in LEET_SEQUENCES.items():
        by_letter.setdefault(letter, []).append(seq)
    out = []
    for word in name.split():
        spots = [i for i, c in enumerate(word) if c.lower() in by_letter]
        chars = list(word)
        for i in rng.sample(spots, min(len(spots), 2)):
            chars[i] = rng.choice(sorted(by_letter[word[i].lower()]))
        out.append("".join(chars))
    return " ".join(out)


def sequences(name: str, rng: random.Random) -> str:
    back = {letter: seq for seq, letter in letter_sequences().items()}
    return "".join(back.get(c, c) if c in back else c for c in name)


@pytest.mark.parametrize(
    "way", [image_glued, negative_letters, multi_leet], ids=lambda w: w.__name__
)
def test_every_plain_roster_name_disguised_each_way_is_caught(
    gate: Gate, roster: list[Participant], way: object
) -> None:
    rng = random.Random(str(way))
    missed = []
    for p in roster:
        if _plain(p) is None:
            continue
        disguised = way(p.name, rng)  # type: ignore[operator]
        if disguised == p.name:
            continue  # nothing of this way applies ("Lyon" has no V or N…)
        for template in TEMPLATES:
            text = template.format(x=disguised)
            if not caught(gate, text, p, disguised):
                missed.append(text)
    assert not missed, missed


def test_look_alike_sequences_in_every_name_that_has_their_letter(
    gate: Gate, roster: list[Participant]
) -> None:
    """ "Mehrnet Yilrnaz" ("rn" for m), "Davvson" ("vv" for w): every
    roster name with an m, w or d, the letter written as its look-alike
    sequence (rn, vv, cl)."""
    tried = 0
    for p in roster:
        if _plain(p) is None:
            continue
        disguised = sequences(p.name, random.Random(0))
        if disguised == p.name:
            continue
        tried += 1
        text = TEMPLATES[0].format(x=disguised)
        assert caught(gate, text, p, disguised), text
    assert tried >= 5


@DRAWN
def test_generated_third_round_disguises_are_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from([p for p in roster if _plain(p)]))
    way = data.draw(st.sampled_from([image_glued, negative_letters, multi_leet]))
    disguised = way(p.name, random.Random(data.draw(st.integers(0, 2**16))))
    text = data.draw(st.sampled_from(TEMPLATES)).format(x=disguised)
    assert disguised == p.name or caught(gate, text, p, disguised), text


# ----------------------------------------------------------- phone numbers
_SPELL = "zero one two three four five six seven eight nine".split()
_LOOKS = {"0": "O", "1": "l", "2": "Z", "5": "S", "6": "G", "8": "B"}


@DRAWN
def test_a_phone_with_letters_for_digits_is_the_participants(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(with_phone(roster))
    phone = p.phones[0]
    spots = [i for i, c in enumerate(phone) if c in _LOOKS]
    picked = data.draw(st.sets(st.sampled_from(spots), min_size=1, max_size=2))
    written = "".join(_LOOKS[c] if i in picked else c for i, c in enumerate(phone))
    text = f"For the cooperative call {written} any evening."
    assert any(
        f.participant == p.name and f.kind == "phone" for f in gate.check(text).findings
    ), text


@DRAWN
def test_a_phone_in_words_is_the_participants(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(with_phone(roster))
    groups = p.phones[0].split()
    words = []
    for g in groups:
        spelt = " ".join(
            "plus"
            if c == "+"
            else data.draw(st.sampled_from(["oh", "zero"]))
            if c == "0"
            else _SPELL[int(c)]
            for c in g
        )
        words.append(spelt)
    sep = data.draw(st.sampled_from([", ", " ", " - "]))
    text = f"Call {sep.join(words)} after six."
    assert any(
        f.participant == p.name and f.kind == "phone" for f in gate.check(text).findings
    ), text


# ----------------------------------------------------- titles, affiliations
@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Ostrel's envoy to Varnia said so.", "Dmitri Sokolov"),
        ("Ostrel's emissary in Varnia said so.", "Dmitri Sokolov"),
        ("L'ambassadeur d'Ostrel en Varnia a parlé.", "Dmitri Sokolov"),
        ("El embajador de Ostrel en Varnia habló.", "Dmitri Sokolov"),
        ("Der Botschafter Ostrels in Varnia sprach.", "Dmitri Sokolov"),
        ("Le maire de Tolvar a dit.", "Mehmet Yılmaz"),
        ("Der Bürgermeister von Tolvar sagte es.", "Mehmet Yılmaz"),
        ("El alcalde de Tolvar lo dijo.", "Mehmet Yılmaz"),
        ("Мэр Tolvar сказал это.", "Mehmet Yılmaz"),
        ("The MWR deputy minister said so.", "Abdulrahman al-Hashimi"),
        ("The deputy minister of the MWR said so.", "Abdulrahman al-Hashimi"),
        ("The KBA senior hydrologist said so.", "Žofia Dvořáková"),
        ("We met H.E. Price at the dam.", "Tom Price"),
    ],
)
def test_reworded_titles_in_other_words_and_languages(
    gate: Gate, text: str, who: str
) -> None:
    assert who in _who(gate, text), text


CLEAN = [
    # near-misses of the same shapes
    "The mayor of a town near Tolvar said so.",
    "Le maire d'une ville près de Tolvar a parlé.",
    "The mwr figures and the kba series were compared.",
    "An envoy of the United Nations visited the valley.",
    "The Ostrel representative said so; the Varnian representative agreed.",
    "It was born to turn clear, and the modern government returned.",
    "See the table: | a | b | and (x) or [y].",
    "Option (a) and/or option (b); the ratio is 3/4 \\ 1.",
    "![station map](img/map.png) shows the gauges.",
    "One, two, three: the three options were read out.",
    "Room B12 on floor 2, 2024 SOS report, A4 paper.",
    "The price of water rose; prices rose again in May.",
    # the same words in ordinary prose of other languages
    "Le maire a ouvert la séance et le ministre a répondu.",
    "Der Bürgermeister sprach über das Wasser und die Ressourcen.",
    "El embajador habló del agua y de los recursos hídricos.",
    "Министр и посол говорили о водных ресурсах региона.",
    "تحدث الوزير والسفير عن الموارد المائية في المنطقة.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_near_misses_of_the_third_round_stay_clean(gate: Gate, text: str) -> None:
    assert gate.check(text).findings == (), text
