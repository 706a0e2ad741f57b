"""The gate reads what a reader sees: generated disguises of every roster entry.

Every name, alias and email of the fixture roster (tests/data/gate/roster.csv)
is disguised in every way of tests/transfer/disguise.py, alone and two at a
time, inside ordinary sentences, and must be found with the right participant
and a span in the source text. A clean corpus of near-misses in several
scripts must stay (almost) silent. No database.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backchannel.gate import Gate, Participant
from backchannel.gate.normalise import fold
from tests.transfer import disguise

pytestmark = pytest.mark.no_db_difference

TEMPLATES = [
    "In the second round {x} argued for a joint gauge station.",
    "{x} said the upstream rules should be published.",
    "The proposal came from {x}, who asked that it stay unattributed.",
    "We thank {x} for the draft.\n\nThe next meeting is in May.",
    "- {x}\n- the technical team",
    "Notes: {x} disagreed with the timetable.",
]
SETTINGS = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PAIRS = sorted(
    (a, b)
    for i, a in enumerate(disguise.ORDER)
    for b in disguise.ORDER[i + 1 :]
    if frozenset({a, b}) not in disguise.INCOMPATIBLE
)


def _names(p: Participant) -> list[str]:
    # multi-word names: a single word alone ("Pepe") is an alias the engine
    # takes only with context; disguised, the full name is the case that matters
    return [n for n in (p.name, *p.aliases) if len(n.split()) >= 2]


def _caught(gate: Gate, text: str, who: Participant, disguised: str) -> bool:
    report = gate.check(text)
    at = text.index(disguised)
    return any(
        f.participant == who.name
        and f.start < at + len(disguised)
        and at < f.end
        and f.text == text[f.start : f.end]
        for f in report.findings
    )


@pytest.mark.parametrize("way", sorted(disguise.WAYS))
def test_every_roster_name_disguised_each_way_is_caught(
    gate: Gate, roster: list[Participant], way: str
) -> None:
    rng = random.Random(way)
    missed = []
    for p in roster:
        for name in _names(p):
            for template in TEMPLATES[:3]:
                disguised = disguise.WAYS[way](name, rng)
                text = template.format(x=disguised)
                if not _caught(gate, text, p, disguised):
                    missed.append(text)
    assert not missed, missed


@SETTINGS
@given(data=st.data())
def test_generated_disguises_alone_and_combined_are_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from(roster))
    name = data.draw(st.sampled_from(_names(p) or [p.name]))
    ways = data.draw(
        st.one_of(
            st.sampled_from(sorted(disguise.WAYS)).map(lambda w: [w]),
            st.sampled_from(PAIRS).map(list),
        )
    )
    seed = data.draw(st.integers(0, 2**16))
    template = data.draw(st.sampled_from(TEMPLATES))
    disguised = disguise.combine(name, ways, random.Random(seed))
    text = template.format(x=disguised)
    assert _caught(gate, text, p, disguised), (ways, text)


@SETTINGS
@given(data=st.data())
def test_written_out_addresses_are_caught(
    gate: Gate, roster: list[Participant], data: st.DataObject
) -> None:
    p = data.draw(st.sampled_from([p for p in roster if p.emails]))
    seed = data.draw(st.integers(0, 2**16))
    written = disguise.written_out(p.emails[0], random.Random(seed))
    text = f"For the minutes, write to {written} before Friday."
    report = gate.check(text)
    assert any(
        f.participant == p.name and f.kind == "email" for f in report.findings
    ), text


@SETTINGS
@given(text=st.text(max_size=300))
def test_folded_spans_map_back_inside_the_source(text: str) -> None:
    folded = fold(text)
    for _, a, b in folded.changes:
        s, e = folded.source_span(a, b)
        assert 0 <= s <= e <= len(text)
    for one in ("i", "l"):
        assert fold(text, one=one).source == text


def test_a_name_in_a_link_slug_or_an_html_attribute_is_caught(gate: Gate) -> None:
    for text in (
        "See [the profile](https://example.org/people/zofia-dvorakova).",
        '<a href="https://example.org/team/jose_nunez">our colleague</a>',
        "https://example.org/p/ines-lindqvist-cv.pdf",
    ):
        assert gate.check(text).findings, text


# A clean corpus of near-misses: ordinary prose in several scripts, words that
# share letters with roster names, Markdown and HTML, numbers with letters,
# "at" and "dot" in sentences, spaced initials. None names anyone.
CLEAN = [
    "The **price** of water rose; the *young* engineers met in the park.",
    "Prices at the <b>border</b> station fell by 4% in Q3 2025.",
    "We met at noon at the Kessa dam. The dot on the map is the gauge.",
    "The G20 note, the 2nd round and the 10km stretch were discussed.",
    "Use the A B C method: a b c, then x y z.",
    "U.S. and E.U. observers attended; i.e. two delegations.",
    "COVID19 rules, H2O levels and the B2B pilot were on the agenda.",
    "Переговоры прошли спокойно. Она сказала, что вода — общая забота.",
    "Стороны договорились о совместном мониторинге реки в мае.",
    "اتفق الطرفان على تبادل البيانات الهيدرولوجية كل شهر.",
    "ناقش المشاركون إدارة السدود وحقوق المزارعين.",
    "双方同意每月交换水文数据，并在五月再次会面。",
    "会议讨论了水坝管理和农民的用水权利。",
    "Οι αντιπροσωπείες συμφώνησαν σε κοινό σταθμό μέτρησης.",
    "Die Delegationen vereinbarten eine gemeinsame Messstation am Fluss.",
    "Les délégations ont convenu d'une station de mesure commune.",
    "Las delegaciones acordaron una estación de medición conjunta.",
    "Write to press (at) the secretariat for accreditation.",
    "Flow: 1 250 m3/s; level 3.4 m; dates 2026-03-01 and 01/04/2026.",
    "The hydrologist's report is in `data/levels_2025.csv`.",
    "A__B testing and snake_case_names are not names.",
    "Ｐｌｅａｓｅ note the fullwidth heading.",
    "The s p a c e d heading was a design choice.",
    "Mr Market and Ms Universe are figures of speech.",
    "The 3rd and 4th sessions moved to the 5th floor.",
    "Price rises hit farmers; young people left the valley.",
    "<p>The meeting</p><p>ended early.</p>",
    "&amp; &lt;tag&gt; &quot;quoted&quot; and &nbsp; spaces.",
    "Ahmed and Ivan are common given names, not a finding.",
    "A zero-width\u200bspace between two ordinary words.",
    "Farsi uses ZWNJ: می\u200cخواهم and that is fine.",
    "Turkish: Yıldız ve Işık toplantıya katıldı.",
    "Serbian: Делегације су се сложиле.",
    "Ukrainian: Сторони погодилися обмінюватися даними.",
    "Hebrew: המשלחות הסכימו על תחנת מדידה משותפת.",
    "Hindi: प्रतिनिधिमंडल संयुक्त माप केंद्र पर सहमत हुए।",
    "Japanese: 代表団は共同の観測所に合意した。",
    "Korean: 대표단은 공동 측정소에 합의했다.",
    "The r e v i e w was postponed.",
    "Contact the secretariat at secretariat dot example dot org.",
]


def test_clean_near_misses_in_several_scripts_stay_silent(gate: Gate) -> None:
    alarms = [t for t in CLEAN if gate.check(t).findings]
    assert len(alarms) <= 0.02 * len(CLEAN), alarms


# Point 3: descriptions reworded from a roster title and affiliation.
DESCRIBED = [
    Participant(
        name="Sabina Orlet",
        titles=("Director, Fisheries Policy",),
        affiliations=("Ministry of Fisheries of Belmark",),
        side="Belmark",
        key="d1",
    ),
    Participant(
        name="Kira Ostrova",
        titles=("Deputy Minister of Water",),
        affiliations=("Ministry of Water of Kestria",),
        side="Kestria",
        key="d2",
    ),
    Participant(
        name="Otto Brandt",
        titles=("Director-General",),
        affiliations=("Agency for Rivers of Belmark",),
        side="Belmark",
        key="d3",
    ),
]


@pytest.fixture(scope="module")
def described_gate(roster: list[Participant]) -> Gate:
    from backchannel.gate import build_gate

    return build_gate([*roster, *DESCRIBED])


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Belmark's fisheries policy director was cautious.", "Sabina Orlet"),
        ("The policy director for fisheries in Belmark disagreed.", "Sabina Orlet"),
        ("Kestria's deputy water minister agreed.", "Kira Ostrova"),
        ("The vice minister for water from Kestria left early.", "Kira Ostrova"),
        ("The DG of Belmark's river agency spoke.", "Otto Brandt"),
        ("Belmark's river agency director general spoke.", "Otto Brandt"),
    ],
)
def test_reworded_titles_and_affiliations_are_caught(
    described_gate: Gate, text: str, who: str
) -> None:
    findings = described_gate.check(text).findings
    assert any(f.participant == who for f in findings), findings


@pytest.mark.parametrize(
    "text",
    [
        "A fisheries policy conference was held in the spring.",
        "Policy directors from several ministries met.",
        "The director of the water ministry in Kestria wrote.",
        "Fisheries and water were both on the agenda of the ministries.",
    ],
)
def test_descriptions_that_fit_nobody_or_many_stay_silent(
    described_gate: Gate, text: str
) -> None:
    assert not [
        f for f in described_gate.check(text).findings if f.kind == "descriptor"
    ]
