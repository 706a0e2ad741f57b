"""Disguises of the adversary's fourth round (issue 14), by class, generated
over every roster entry of the fixture corpus: markup no renderer shows and
reference links inside a name, letters with a stroke or hook, a roster phone
in a messaging link, a name-built handle as a profile link's path, the half
of a double surname, the other gender's form and spelling variants next to
an honorific or the given name, "the" with a one-word title. And near-misses
of the same shapes that must stay clean: roster surnames that are German
nouns, someone else's given name, a word of another language."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import strategies as st

from backchannel.gate import Gate, Participant
from backchannel.gate.plain import letters_with_marks, normalise
from backchannel.gate.variants import gender_forms
from tests.gate.strategies import TEMPLATES, caught, drawing, with_phone

pytestmark = pytest.mark.no_db_difference

DRAWN = drawing(120)


def _surname(p: Participant) -> str:
    return p.name.split()[-1]


# ------------------------------------------------------------------ markup
HIDDEN = [
    "<script>x</script>",
    "<STYLE type=x>p{}</STYLE>",
    "<template><b>y</b></template>",
    "<noscript>z</noscript>",
    "<?php echo 1 ?>",
    "![](x.png)",
    "[](https://x.org)",
    "[][ref]",
]


def hidden_inside(surname: str, rng: random.Random) -> tuple[str, str]:
    cut = rng.randint(1, len(surname) - 1)
    return f"{surname[:cut]}{rng.choice(HIDDEN)}{surname[cut:]}", ""


def reference_link(surname: str, rng: random.Random) -> tuple[str, str]:
    cut = rng.randint(1, len(surname) - 1)
    label = rng.choice(["1", "ref", "x y"])
    head, tail = surname[:cut], surname[cut:]
    form = rng.choice(["full", "collapsed", "shortcut", "tail"])
    if form == "full":
        return f"[{head}][{label}]{tail}", f"\n\n[{label}]: https://x.org"
    if form == "collapsed":
        return f"[{head}][]{tail}", f"\n\n[{head}]: https://x.org"
    if form == "shortcut":
        return f"[{head}]{tail}", f"\n\n  [{head}]: https://x.org 'x'"
    return f"{head}[{tail}][{label}]", f"\n\n[{label}]: https://x.org"


MARKED: dict[str, list[str]] = {}
for _c, _letter in letters_with_marks().items():
    MARKED.setdefault(_letter, []).append(_c)


def marked_letter(surname: str, rng: random.Random) -> tuple[str, str]:
    spots = [i for i, c in enumerate(surname) if c.lower() in MARKED]
    i = rng.choice(spots)
    options = [
        c
        for c in MARKED[surname[i].lower()]
        if c.isupper() == surname[i].isupper() and c.isalpha()
    ] or MARKED[surname[i].lower()]
    return surname[:i] + rng.choice(options) + surname[i + 1 :], ""


@DRAWN
def test_generated_markup_and_marked_letters_in_a_surname_are_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from([p for p in roster if len(_surname(p)) >= 5]))
    way = data.draw(st.sampled_from([hidden_inside, reference_link, marked_letter]))
    rng = random.Random(data.draw(st.integers(0, 2**16)))
    disguised, tail = way(_surname(p), rng)
    given_name = p.name.split()[0]
    x = f"{given_name} {disguised}"
    text = data.draw(st.sampled_from(TEMPLATES)).format(x=x) + tail
    assert caught(gate, text, p, x), (p.name, text, gate.check(text).findings)


def test_every_letter_with_a_stroke_or_hook_reads_as_its_letter() -> None:
    """The table comes from the Unicode names: each entry is a Latin letter
    "WITH" something, without a decomposition, read as that letter."""
    table = letters_with_marks()
    assert {"\u024d", "\u023e", "\u0167", "\u0199", "\u0282", "\u2c6e"} <= set(table)
    for c, letter in table.items():
        assert f" LETTER {letter.upper()} WITH " in unicodedata.name(c)
        assert normalise(c) == letter


# ---------------------------------------------------------------- contacts
MESSAGING = [
    "wa.me/{d}",
    "https://wa.me/{d}?text=hi",
    "https://api.whatsapp.com/send?phone={d}",
    "t.me/+{d}",
    "https://signal.me/#p/+{d}",
    "viber.example/chat/{d}",
]


@DRAWN
def test_a_roster_phone_in_a_messaging_link_is_the_participants(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(with_phone(roster))
    digits = "".join(c for c in p.phones[0] if c.isdigit())
    link = data.draw(st.sampled_from(MESSAGING)).format(d=digits)
    text = f"Write to {link} tonight."
    assert caught(gate, text, p, link), (text, gate.check(text).findings)


def _ascii(word: str) -> str:
    return normalise(word).replace(" ", "").replace("'", "")


def handles_of(p: Participant) -> list[str]:
    given_name, surname = _ascii(p.name.split()[0]), _ascii(p.name.split()[-1])
    return [
        given_name[0] + surname,
        surname + given_name,
        f"{given_name}.{surname}",
        f"{surname}_{given_name[0]}",
        f"{given_name[0]}-{surname}",
        surname + given_name[0],
    ]


@DRAWN
def test_a_name_built_handle_as_a_profile_link_path_is_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from(roster))
    handle = data.draw(st.sampled_from(handles_of(p)))
    site = data.draw(
        st.sampled_from(["linkedin.com/in/", "https://x.com/", "github.com/"])
    )
    text = f"See {site}{handle} for more."
    assert caught(gate, text, p, handle), (text, gate.check(text).findings)


# ---------------------------------------------------------------- variants
NEUTRAL_TITLES = ["Dr", "Prof.", "Ambassador", "Amb."]


def _one_edit(surname: str, rng: random.Random) -> str:
    """A spelling variant: a letter doubled, a double letter made single, or
    a vowel changed (never the first letter)."""
    i = rng.randint(1, len(surname) - 1)
    kind = rng.choice(["double", "vowel"])
    if kind == "double" or surname[i].lower() not in "aeiou":
        return surname[: i + 1] + surname[i] + surname[i + 1 :]
    other = rng.choice([v for v in "aeiou" if v != surname[i].lower()])
    return surname[:i] + other + surname[i + 1 :]


@DRAWN
def test_a_spelling_variant_after_a_title_or_the_given_name_is_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    people = [
        p
        for p in roster
        if len(_ascii(_surname(p))) >= 7 and _surname(p).replace("-", "").isalpha()
    ]
    p = data.draw(st.sampled_from(people))
    variant = _one_edit(_surname(p), random.Random(data.draw(st.integers(0, 2**16))))
    anchor = data.draw(st.sampled_from([*NEUTRAL_TITLES, p.name.split()[0]]))
    x = f"{anchor} {variant}"
    text = data.draw(st.sampled_from(TEMPLATES)).format(x=x)
    assert caught(gate, text, p, variant), (text, gate.check(text).findings)


def test_every_half_of_a_double_surname_after_a_title_or_the_given_name(
    gate: Gate, roster: list[Participant]
) -> None:
    for p in roster:
        surname = _surname(p)
        if "-" not in surname or surname.startswith(("al-", "el-")):
            continue
        honorific = {"woman": "Ms", "man": "Mr"}.get(p.gender, "Dr")
        for half in surname.split("-"):
            for x in (f"{honorific} {half}", f"{p.name.split()[0]} {half}"):
                text = f"{x} said so."
                assert caught(gate, text, p, x), (text, gate.check(text).findings)
            # alone, a half is not evidence: it may be somebody else
            assert gate.check(f"The {half} report was read.").clean


def test_the_other_gender_form_with_a_title_of_their_gender_or_the_given_name(
    gate: Gate, roster: list[Participant]
) -> None:
    checked = 0
    for p in roster:
        surname = _surname(p)
        honorific = {"woman": "Ms", "man": "Mr"}.get(p.gender, "Dr")
        other = "Mr" if honorific == "Ms" else "Ms"
        for form in gender_forms(_ascii(surname)):
            word = form.capitalize()
            for x in (f"{honorific} {word}", f"{p.name.split()[0]} {word}"):
                text = f"{x} said so."
                assert caught(gate, text, p, x), (text, gate.check(text).findings)
            # the other gender's honorific: a relative, not the participant
            text = f"{other} {word} said so."
            assert p.name not in {f.participant for f in gate.check(text).findings}
            checked += 1
    assert checked >= 2


# ------------------------------------------------------------------ titles
def test_the_with_a_one_word_title_that_one_person_holds(
    gate: Gate, roster: list[Participant]
) -> None:
    holders: dict[str, list[Participant]] = {}
    for p in roster:
        for t in p.titles:
            holders.setdefault(normalise(t.split("(")[0]), []).append(p)
    heads = {
        h
        for p in roster
        for t in p.titles
        for h in [normalise(t.split("(")[0]).split()[-1]]
        if " " in normalise(t.split("(")[0])
    }
    single = {
        t: ps[0]
        for t, ps in holders.items()
        if len(ps) == 1
        and " " not in t
        and t not in heads
        and t not in {"chair", "mediator", "rapporteur"}
    }
    assert {"imam", "colonel", "agronomist"} <= set(single)
    for title, p in single.items():
        text = f"The {title} said so."
        assert p.name in {f.participant for f in gate.check(text).findings}, text
        # another's: "the imam of the other mosque"; a group: "the imams"
        assert gate.check(f"The {title} of the other town said so.").clean
        assert gate.check(f"The {title}s said so.").clean


# ---------------------------------------------------------- clean near-misses
@DRAWN
def test_a_roster_surname_as_someone_elses_given_name_is_clean(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from([p for p in roster if "-" not in _surname(p)]))
    family = data.draw(
        st.sampled_from(["Quorvath", "Rouhani", "Güney", "Chung-hee", "Tembo"])
    )
    template = data.draw(
        st.sampled_from(
            [
                "{x} spoke at the UN.",
                "The films of {x} were banned.",
                "President {x} ruled until 1979.",
            ]
        )
    )
    text = template.format(x=f"{_surname(p)} {family}")
    assert gate.check(text).clean, (text, gate.check(text).findings)


def test_ordinary_word_surnames_as_german_nouns_are_clean(
    gate: Gate, roster: list[Participant]
) -> None:
    from backchannel.gate.words import COMMON_WORDS

    words = [
        _surname(p)
        for p in roster
        if _ascii(_surname(p)) in COMMON_WORDS and _surname(p).isalpha()
    ]
    assert len(words) >= 5
    for word in words:
        for text in (
            f"Wir trafen uns im {word} am Fluss.",
            f"Er sagte, das {word}-Verfahren sei alt.",
            f"Die Delegation sprach mit uns über den {word}.",
        ):
            assert gate.check(text).clean, (text, gate.check(text).findings)
        # in English, the capital still counts ("talks with Price")
        english = f"The talks with {word} went on late."
        assert gate.check(english).findings, english


def test_a_lower_case_surname_in_another_language_is_clean_not_in_english(
    gate: Gate, roster: list[Participant]
) -> None:
    for p in roster:
        surname = _surname(p)
        if not surname.isalpha() or _ascii(surname) in gate._name_tokens - {
            _ascii(surname)
        }:
            continue
        word = surname.lower()
        assert gate.check(f"O, {word} bir savaşçıdır.").clean, word
    english = "Yesterday we met vorontsova at the station."
    assert gate.check(english).findings
