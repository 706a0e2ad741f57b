"""Other forms of a participant's given name: "Kate Vorontsova" for
Yekaterina Vorontsova, "Thomas Price" for Tom Price, "Layla Stone" for Leila
Stone. No Django here.

The gate reads a roster surname right after a capitalised given name that is
not the participant's as someone else ("Carlos Núñez" when the roster has
José Núñez). A form of the participant's own given name is not someone else;
a given name is a form of another when:

- the ``nicknames`` package's hand-curated table of English names relates
  them (Tom and Thomas, Dan and Daniel, Kate and Katherine, Luke and Lucas),
  directly or through a name both are forms of (Katie and Katy);
- a short table below, of names across languages, links the roster's name
  to its English or pet forms (Yekaterina and Katherine, José and Joseph or
  Pepe, Dmitri and Mitya); the ``nicknames`` table is English only;
- they spell the same after a rough phonetic key (Sophia and Zofia, Maryam
  and Mariam, Layla and Leila, Hanna and Hana, Ollie and Olly): "ph" as "f",
  "y" as "i", "z" as "s", "w" as "v", "ai"/"ay" as "ei", a silent final "h",
  a final "ie" as "i", doubled letters as one.

Names are compared as the gate normalises them (casefolded, without
diacritics). The English table is read once, on the first question."""

from __future__ import annotations

import re
from functools import cache

# names across languages and their English or pet forms (both ways)
_ACROSS_LANGUAGES: dict[str, tuple[str, ...]] = {
    "yekaterina": ("katherine", "catherine", "katya", "katia", "katyusha"),
    "ekaterina": ("katherine", "catherine", "katya", "katia"),
    "katarzyna": ("katherine", "kasia"),
    "katarina": ("katherine",),
    "dmitri": ("dima", "mitya", "mitia", "dimitri", "demetrius"),
    "dmitry": ("dima", "mitya", "mitia", "dimitri"),
    "jose": ("joseph", "pepe", "pepito", "chepe"),
    "josef": ("joseph",),
    "giuseppe": ("joseph", "beppe", "peppe"),
    "ivan": ("john", "vanya"),
    "juan": ("john", "juanito"),
    "jean": ("john",),
    "johann": ("john", "hans"),
    "jan": ("john",),
    "aleksandr": ("alexander", "sasha", "sacha", "shura"),
    "alexandre": ("alexander",),
    "alejandro": ("alexander", "alejo"),
    "mikhail": ("michael", "misha"),
    "miguel": ("michael",),
    "michel": ("michael",),
    "pyotr": ("peter", "petya"),
    "pedro": ("peter",),
    "pierre": ("peter",),
    "francisco": ("francis", "paco", "pancho", "curro"),
    "maria": ("mary",),
    "mariam": ("miriam", "maryam"),
    "miriam": ("mariam",),
    "anastasia": ("nastya", "stacy"),
    "natalia": ("natasha", "natalie"),
    "elena": ("helen", "lena"),
    "yelena": ("helen", "lena"),
    "olga": ("olya",),
    "tatiana": ("tanya",),
    "svetlana": ("sveta",),
    "nikolai": ("nicholas", "kolya"),
    "sergei": ("seryozha",),
    "vladimir": ("volodya", "vova"),
    "guillermo": ("william", "memo"),
    "enrique": ("henry", "quique"),
    "zofia": ("sophia", "sophie", "zofka", "zosia"),
    "jurgen": ("george",),
    "siobhan": ("joan", "shiv"),
    "mehmet": ("muhammad", "mohammed"),
    "muhammad": ("mohammed", "mohamed", "mehmet"),
    "ahmed": ("ahmad",),
}

_DOUBLE = re.compile(r"(.)\1+")


def phonetic_key(name: str) -> str:
    """A rough key under which spellings of one given name meet."""
    s = name.replace("ph", "f").replace("ck", "k")
    s = s.replace("y", "i").replace("z", "s").replace("w", "v").replace("q", "k")
    s = s.replace("ai", "ei")
    if s.endswith("h") and len(s) > 3:
        s = s[:-1]
    if s.endswith("ie"):
        s = s[:-1]
    return _DOUBLE.sub(r"\1", s)


@cache
def _namer() -> object:
    from nicknames import NickNamer

    return NickNamer()


def _related(name: str) -> set[str]:
    """The names the English table puts next to this one, both ways."""
    namer = _namer()
    out: set[str] = set()
    out |= namer.nicknames_of(name)  # type: ignore[attr-defined]
    out |= namer.canonicals_of(name)  # type: ignore[attr-defined]
    return out


def forms_of(given: str) -> set[str]:
    """A roster given name and its other forms (see the module's docstring)."""
    forms = {given, *_ACROSS_LANGUAGES.get(given, ())}
    for name, others in _ACROSS_LANGUAGES.items():
        if given in others:
            forms.add(name)
    for f in list(forms):
        forms |= _related(f)
    return forms


class GivenNameForms:
    """Which participants a given name is another form of, for a roster's
    given names (``given[pidx]``: the participant's given names and those of
    their aliases)."""

    def __init__(self, given: list[set[str]]) -> None:
        self._given = given
        self._index: dict[str, set[int]] | None = None
        self._keys: dict[str, set[int]] = {}
        for pidx, names in enumerate(given):
            for g in names:
                if len(g) > 1:
                    self._keys.setdefault(phonetic_key(g), set()).add(pidx)
        self._cache: dict[str, frozenset[int]] = {}

    def owners(self, token: str) -> frozenset[int]:
        """The participants of whom ``token`` (normalised) is a given name's
        other form."""
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        who: set[int] = set()
        if len(token) > 1:
            who |= self._keys.get(phonetic_key(token), set())
            index = self._forms_index()
            for form in {token, *_related(token)}:
                who |= index.get(form, set())
        out = frozenset(who)
        self._cache[token] = out
        return out

    def _forms_index(self) -> dict[str, set[int]]:
        if self._index is None:
            index: dict[str, set[int]] = {}
            for pidx, names in enumerate(self._given):
                for g in names:
                    if len(g) > 1:
                        for form in forms_of(g):
                            index.setdefault(form, set()).add(pidx)
            self._index = index
        return self._index


def is_given_name(token: str) -> bool:
    """Whether a normalised word is a given name the tables know."""
    if token in _ACROSS_LANGUAGES:
        return True
    namer = _namer()
    return bool(
        namer.nicknames_of(token) or namer.canonicals_of(token)  # type: ignore[attr-defined]
    )
