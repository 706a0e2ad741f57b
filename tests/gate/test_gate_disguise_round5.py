"""Disguises of the adversary's fifth round (issue 14), by class, generated
over every roster entry of the fixture corpus, with clean near-misses of the
same shapes that must stay clean: typeset phone numbers (Unicode spaces and
dashes, a group in emphasis or spelt out), percent-encoded names, another
form of the given name before the surname, suffixed surnames, and
institutions that share only a generic head with a roster affiliation."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backchannel.gate import Gate, Participant

pytestmark = pytest.mark.no_db_difference

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _caught(gate: Gate, text: str, who: Participant, disguised: str) -> bool:
    at = text.index(disguised)
    return any(
        f.participant == who.name and f.start < at + len(disguised) and at < f.end
        for f in gate.check(text).findings
    )


# ------------------------------------------------------------ 1 phones
# every Unicode space and dash a word processor may put between groups
TYPESET_SEPARATORS = [
    chr(cp)
    for cp in range(0x80, 0x10000)
    if unicodedata.category(chr(cp)) in ("Zs", "Pd")
] + ["\u2212", " ", "-", "."]
EMPHASIS = ["**{}**", "*{}*", "_{}_", "`{}`", "<b>{}</b>", "<strong>{}</strong>", "{}"]
DIGIT_NAMES = "zero one two three four five six seven eight nine".split()


def _groups(phone: str) -> list[str]:
    return "".join(c if c.isdigit() or c == "+" else " " for c in phone).split()


@SETTINGS
@given(data=st.data())
def test_a_typeset_roster_phone_is_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from([p for p in roster if p.phones]))
    groups = _groups(p.phones[0])
    shown = []
    for i, g in enumerate(groups):
        form = data.draw(st.sampled_from(EMPHASIS))
        inner = 0 < i < len(groups) - 1
        if inner and data.draw(st.booleans()):
            g = " ".join(DIGIT_NAMES[int(d)] for d in g)
        shown.append(form.format(g) if i else g)
    seps = [data.draw(st.sampled_from(TYPESET_SEPARATORS)) for _ in groups[1:]]
    number = groups[0] and shown[0]
    for sep, g in zip(seps, shown[1:], strict=True):
        number += sep + g
    text = f"Call {number} after the meeting."
    assert _caught(gate, text, p, number), (text, gate.check(text).findings)


TYPESET_CLEAN = [
    "Flows fell 12\u201315 % in 2019\u20132020 and 2021\u20132022.",
    "The basin feeds 1\u00a0200\u00a0000 people on 45\u202f000 km\u00b2.",
    "See pages 101\u2013120 and tables 3\u20115 to 3\u20119.",
    "Gauge readings: 601\u00a0234 and 567\u00a0890 m\u00b3, two of them late.",
    "Call +44\u00a020\u00a07946\u00a00958 for the secretariat.",
    "The secretariat: +44 20 **7946** 0958.",
    "In 2024 **three** meetings, 2025 **two**, 2026 one.",
]


@pytest.mark.parametrize("text", TYPESET_CLEAN)
def test_typeset_numbers_of_nobody_are_clean(gate: Gate, text: str) -> None:
    assert gate.check(text).findings == (), text


# -------------------------------------------------- 5 percent-encoding
def _percent(word: str, everything: bool) -> str:
    """A browser's form of a word: non-ASCII letters (or every letter) escaped."""
    return "".join(
        "".join(f"%{b:02X}" for b in c.encode()) if everything or not c.isascii() else c
        for c in word
    )


LINKS = [
    "https://news.example/?who={x}",
    "https://news.example/people/{x}",
    "[the interview](https://news.example/?q={x})",
    "https://news.example/search?q={x}&lang=en",
]


@SETTINGS
@given(data=st.data())
def test_a_percent_encoded_roster_name_in_a_link_is_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from(roster))
    joiner = data.draw(st.sampled_from(["+", "%20", "-"]))
    everything = data.draw(st.booleans())
    encoded = joiner.join(_percent(w, everything) for w in p.name.split())
    link = data.draw(st.sampled_from(LINKS)).format(x=encoded)
    text = f"See {link} before the meeting."
    assert _caught(gate, text, p, encoded), (text, gate.check(text).findings)


PERCENT_CLEAN = [
    "See https://news.example/?q=Mar%C3%ADa+Fern%C3%A1ndez before the meeting.",
    "See https://news.example/?q=water%20law%20reform%2C%202025 today.",
    "See https://maps.example/Kessa%20Basin/%E2%80%94/flows today.",
    "Inflation rose 5%20 times in a decade (a typo), by 12% in 2025.",
    "See https://news.example/%E6%B0%B4%E6%B3%95 (water law, in Chinese).",
    "See https://news.example/?q=%D0%A1%D0%BE%D0%B2%D0%B5%D1%82 today.",
    "A bad escape: https://news.example/?q=%C3%28 stays as written.",
]


@pytest.mark.parametrize("text", PERCENT_CLEAN)
def test_percent_encoded_words_of_nobody_are_clean(gate: Gate, text: str) -> None:
    assert gate.check(text).findings == (), text


# ------------------------------------------------ 3 given-name variants
# other forms of the roster's given names, as a writer may use them: the
# English table's, across languages, and other transliterations
GIVEN_FORMS = {
    "Tom Price": ["Thomas", "Tommy", "Thom"],
    "Daniel Park": ["Dan", "Danny"],
    "Yekaterina Vorontsova": ["Kate", "Katie", "Katya", "Catherine", "Katherine"],
    "Dmitri Sokolov": ["Mitya", "Dima", "Dmitriy"],
    "José Núñez": ["Joe", "Joseph", "Pepito"],
    "Samuel Rose": ["Sammy", "Sam"],
    "Oliver Brook": ["Ollie", "Olly"],
    "Lucas Baker": ["Luke"],
    "Marcus Hunter": ["Marc", "Mark"],
    "Mariam Price": ["Maryam", "Miriam"],
    "Leila Stone": ["Layla", "Leyla", "Laila"],
    "Hana Marsh": ["Hanna", "Hannah"],
    "Žofia Dvořáková": ["Sophia", "Sofia", "Zofie"],
    "Ahmed Hassan": ["Ahmad"],
}
SAID = ["{x} said so.", "As {x} put it, the gauge is late.", "Notes: {x} disagreed."]


@SETTINGS
@given(data=st.data())
def test_another_form_of_the_given_name_before_the_surname_is_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from([p for p in roster if p.name in GIVEN_FORMS]))
    form = data.draw(st.sampled_from(GIVEN_FORMS[p.name]))
    name = f"{form} {p.name.split()[-1]}"
    text = data.draw(st.sampled_from(SAID)).format(x=name)
    assert _caught(gate, text, p, name), (text, gate.check(text).findings)


# someone else: a given name that is no form of the participant's
SOMEONE_ELSE = [
    "Carlos Núñez",
    "Emily Price",
    "Nina Park",
    "Boris Sokolov",
    "Andrew Young",
    "Rachel Stone",
    "Peter Baker",
    "Ali Hassan",
    "Hugo Marsh",
    "Olga Vorontsova",
    "Felix Hunter",
]


@pytest.mark.parametrize("name", SOMEONE_ELSE)
def test_someone_elses_given_name_before_a_roster_surname_is_clean(
    gate: Gate, name: str
) -> None:
    text = f"{name} said so."
    assert gate.check(text).findings == (), (text, gate.check(text).findings)


# ----------------------------------------------------- 2 case endings
ENDINGS = ["'ın", "'in", "'un", "'ya", "'dan", "'le", "s", "em", "owi", "in", "nak"]
IN_SENTENCES = [
    "{x} önerisi kabul edildi.",
    "Rozmawialiśmy z {x}.",
    "{x} Vorschlag wurde angenommen.",
    "{x} ehdotus hyväksyttiin.",
]
DISTINCTIVE = [
    "Žofia Dvořáková",
    "José Núñez",
    "Yekaterina Vorontsova",
    "Dmitri Sokolov",
    "Ines Lindqvist",
    "Mehmet Yılmaz",
    "Jürgen Müller",
    "Ngozi Adeyemi",
    "Nadia Haddad",
]


@SETTINGS
@given(data=st.data())
def test_a_distinctive_surname_with_a_case_ending_is_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from([p for p in roster if p.name in DISTINCTIVE]))
    word = p.name.split()[-1] + data.draw(st.sampled_from(ENDINGS))
    if data.draw(st.booleans()):
        word = f"{p.name.split()[0]} {word}"
    text = data.draw(st.sampled_from(IN_SENTENCES)).format(x=word)
    assert _caught(gate, text, p, word), (text, gate.check(text).findings)


SUFFIX_CLEAN = [
    "The Stones and the Parks met at the Hills.",  # ordinary-word surnames
    "Hunters and Bakers sell at the market in Brooks.",
    "Natalia Sokolova said so.",  # someone else, a given name before
    "Carlos Núñez'in önerisi kabul edildi.",
    "Anna Lindqvists Vorschlag wurde angenommen.",
    "The Youngs and the Longs arrived.",
]


@pytest.mark.parametrize("text", SUFFIX_CLEAN)
def test_ordinary_plurals_and_someone_elses_suffixed_name_are_clean(
    gate: Gate, text: str
) -> None:
    assert gate.check(text).findings == (), (text, gate.check(text).findings)


# -------------------------------- 15 another place's institution of a kind
# the roster's affiliations without their place, said of another place
GENERIC_KINDS = [
    "University",
    "National Assembly",
    "Development Bank",
    "Defence Academy",
    "Youth Council",
    "Ministry of Foreign Affairs",
    "Ministry of Water Resources",
]
OTHER_PLACES = ["Kenya", "Ghana", "France", "Southern Africa", "Peru", "Oxford"]


@SETTINGS
@given(
    kind=st.sampled_from(GENERIC_KINDS),
    place=st.sampled_from(OTHER_PLACES),
    form=st.sampled_from(
        [
            "The {k} of {p} issued a statement.",
            "The {p} {k} issued a statement.",
            "Members of the {k} of {p} visited the basin.",
            "A {low} from {p} financed the study.",
            "A professor at the {k} of {p} spoke.",
        ]
    ),
)
def test_the_same_kind_of_institution_elsewhere_is_clean(
    gate: Gate, kind: str, place: str, form: str
) -> None:
    text = form.format(k=kind, p=place, low=kind.lower())
    assert gate.check(text).findings == (), (text, gate.check(text).findings)


# the roster's own institution, with its place or in a person's description
OWN_INSTITUTION = [
    ("A professor at the University of Ostrel said so.", "José Núñez"),
    ("An economist from the Development Bank of Ostrel said so.", "Daniel Park"),
    ("A colonel of the Ostrel Defence Academy said so.", "Marcus Hunter"),
    ("The Varnian Youth Council's delegate said so.", "Hana Marsh"),
    ("The Youth Council's delegate said so.", "Hana Marsh"),
]


@pytest.mark.parametrize(("text", "who"), OWN_INSTITUTION)
def test_the_roster_institution_itself_is_still_found(
    gate: Gate, text: str, who: str
) -> None:
    assert who in {f.participant for f in gate.check(text).findings}, text


# ------------------------------------------- 13 an institution as the actor
ACTS = [
    "passed the water law in March.",
    "financed the new dam.",
    "was restored after the flood.",
    "has published a report.",
    "organised a river clean-up.",
    "issued a statement on the treaty.",
]


@SETTINGS
@given(data=st.data())
def test_a_roster_institution_as_the_actor_is_clean(
    roster: list[Participant], gate: Gate, data: st.DataObject
) -> None:
    affiliation = data.draw(
        st.sampled_from(sorted({a for p in roster for a in p.affiliations}))
    )
    opener = data.draw(st.sampled_from(["The ", "", "In 2025 the "]))
    if opener == "In 2025 the ":
        opener = "Then. The "  # a sentence of its own
    text = f"{opener}{affiliation} {data.draw(st.sampled_from(ACTS))}"
    found = [f for f in gate.check(text).findings if f.kind == "affiliation"]
    assert found == [], (text, found)


# a person of the institution, or the institution next to a person word
PERSON_OF_INSTITUTION = [
    (
        "An economist from the Ostrel Development Bank financed the study.",
        "Daniel Park",
    ),
    ("The imam of the Kessa Grand Mosque was restored to his post.", "Ahmed Hassan"),
    ("She heads Tolvar Municipality and repaired the station.", "Mehmet Yılmaz"),
    ("Our source at the Varnian Youth Council organised it.", "Hana Marsh"),
]


@pytest.mark.parametrize(("text", "who"), PERSON_OF_INSTITUTION)
def test_a_person_of_the_institution_is_still_found(
    gate: Gate, text: str, who: str
) -> None:
    assert who in {f.participant for f in gate.check(text).findings}, text


# ------------------------------------------- 12 handles without separators
@SETTINGS
@given(data=st.data())
def test_a_roster_handle_with_its_separators_changed_is_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from([p for p in roster if p.handles]))
    handle = p.handles[0].lstrip("@")
    sep = data.draw(st.sampled_from(["", ".", "-", "__", "_"]))
    written = "@" + sep.join(
        w.capitalize() if data.draw(st.booleans()) else w for w in handle.split("_")
    )
    text = f"Follow {written} for the gauges."
    assert _caught(gate, text, p, written), (text, gate.check(text).findings)


HANDLE_CLEAN = [
    "Follow @zofkahydrology for the gauges.",
    "Follow @hydro_news for the gauges.",
    "Follow @kessa_water for the gauges.",
]


@pytest.mark.parametrize("text", HANDLE_CLEAN)
def test_other_handles_are_clean(gate: Gate, text: str) -> None:
    assert gate.check(text).findings == (), (text, gate.check(text).findings)


# ------------------------------------- 7 addresses built from the person
@SETTINGS
@given(data=st.data())
def test_an_address_from_the_given_name_at_the_own_domain_is_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from([p for p in roster if p.emails]))
    given_name = p.name.split()[0].split("-")[0]
    plain = unicodedata.normalize("NFKD", given_name).encode("ascii", "ignore")
    domain = p.emails[0].rpartition("@")[2]
    initial = unicodedata.normalize("NFKD", p.name.split()[-1][0]).encode(
        "ascii", "ignore"
    )
    local = plain.decode().lower() + data.draw(
        st.sampled_from(["", "." + initial.decode().lower(), initial.decode().lower()])
    )
    address = f"{local}@{domain}"
    text = f"Write to {address} today."
    assert _caught(gate, text, p, address), (text, gate.check(text).findings)


EMAIL_CLEAN = [
    "Write to info@kba.example today.",
    "Write to press@mwr.varnia.example today.",
    "Write to anna@kba.example today.",  # a given name, not of anyone there
    "Write to maria.lopez@gmail.com today.",
    "Write to secretariat@crd.example today.",
]


@pytest.mark.parametrize("text", EMAIL_CLEAN)
def test_addresses_of_nobody_are_clean(gate: Gate, text: str) -> None:
    assert gate.check(text).findings == (), (text, gate.check(text).findings)
