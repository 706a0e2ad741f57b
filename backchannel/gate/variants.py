"""Name variants a reader takes for a roster person, but only where the text
itself says a person is meant. No Django here.

Next to an honorific (``Mr Mensah``, ``Ambassador Sokoloff``) or the
person's own given name (``Kwame Mensah``, ``Dmitri Sokoloff``):

- one half of a double-barrelled surname (Mensah-Boateng: Mensah, Boateng);
- the other grammatical gender of a Slavic surname (Vorontsova/Vorontsov,
  Dvořáková/Dvořák, Sokolov/Sokolova, -ský/-ská, -ski/-ska, -skaya/-sky);
- a spelling variant within a small edit distance (Sokoloff, O'Connel,
  el-Hachimi, Lindquist): :func:`allowed_edits` by length, same first
  letter, compared with rapidfuzz's Levenshtein distance.

Alone, none of these is evidence: "Holt" or "Vorontsov" in running text may
be somebody else, and an ordinary word a bounded distance away from a
surname must not alarm. A long surname (eight letters or more) one edit
away, capitalised, is a near spelling anywhere (:func:`one_edit_keys`): the
deletion neighbourhood of each surname is indexed once."""

from __future__ import annotations

# (feminine ending, masculine endings) and back: the plain (normalised) forms
_GENDER_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("skaya", ("skiy", "skii", "sky", "ski")),
    ("tskaya", ("tskiy", "tsky", "tski")),
    ("ska", ("ski", "sky")),
    ("cka", ("cki", "cky")),
    ("zka", ("zki", "zky")),
    ("ova", ("ov",)),
    ("eva", ("ev",)),
    ("ina", ("in",)),
    ("yna", ("yn",)),
)


def gender_forms(surname: str) -> set[str]:
    """The other grammatical gender of a Slavic surname (plain form):
    vorontsova → vorontsov; dvorakova → dvorakov, dvorak; sokolov →
    sokolova; dvorak stays (no ending to read)."""
    out: set[str] = set()
    if len(surname) < 5 or not surname.isalpha():
        return out
    for fem, masculine in _GENDER_ENDINGS:
        if surname.endswith(fem):
            stem = surname[: -len(fem)]
            out |= {stem + m for m in masculine}
            if fem == "ova":
                out.add(stem)  # Czech and Slovak: Dvořáková, Dvořák
            break
    else:
        for fem, masculine in _GENDER_ENDINGS:
            for m in masculine:
                if surname.endswith(m):
                    out.add(surname[: -len(m)] + fem)
                    break
            if out:
                break
    return {f for f in out if len(f) >= 4 and f != surname}


def halves(words: list[list[str]]) -> set[str]:
    """Each half of a double-barrelled surname ("mensah", "boateng")."""
    parts = [p for w in words for p in w]
    if len(parts) < 2:
        return set()
    return {p for p in parts if len(p) >= 3 and p.isalpha()}


def allowed_edits(length: int) -> int:
    """Edits a spelling variant may differ by: none under five letters, one
    up to six, two from seven."""
    if length < 5:
        return 0
    return 1 if length <= 6 else 2


def one_edit_keys(word: str) -> set[str]:
    """The word and each form of it with one letter deleted: two words one
    edit apart share a key (symmetric deletion)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
