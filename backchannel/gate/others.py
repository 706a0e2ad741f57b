"""When a roster surname in a text is not the roster person: someone else's
name, or a word of another language. No Django here.

- **Someone else's name**: a roster surname followed, on the same line, by a
  capitalised word that is no roster name, no ordinary English word and no
  verb nor honorific ("Hassan Rouhani", "Yılmaz Güney", "President Park Chung-hee"): the
  roster word is that person's given name, or the family name of a name
  written surname first. The person's own given name after the surname
  ("Dvořáková Žofia") is a roster name word, so it still counts.
- **German nouns**: German capitalises every noun, so a capital is no sign
  of a name there: in a sentence with two German function words ("im",
  "der", "und" …), an ordinary-word surname ("Park", "Mills") counts only
  after an honorific or with the given name.
- **A word of another language**: names are capitalised in every
  Latin-script language; a surname in lower case in a capitalised sentence
  with no frequent English word ("O, yılmaz bir savaşçıdır") is a word of
  that language (in English text, "vorontsova" in lower case still counts).
"""

from __future__ import annotations

import re

from backchannel.gate.scan import _Scan
from backchannel.gate.words import (
    COMMON_WORDS,
    ENGLISH_WORDS,
    GERMAN_FUNCTION_WORDS,
    HONORIFICS,
    PERSONAL_HONORIFICS,
    SPEECH_VERBS,
)

_SENTENCE_END = re.compile(r"[.!?;]\s|\n\s*\n")
_WORD = re.compile(r"[^\W\d_]+")


class _OtherWordRules(_Scan):
    _sentences: dict[int, tuple[int, str, list[str]]]

    def _sentence(self, start: int) -> tuple[str, list[str]]:
        """The sentence around a position (source text, its words in lower
        case), cached per sentence."""
        text = self.text
        lo = max(0, start - 200)
        hi = min(len(text), start + 200)
        for m in _SENTENCE_END.finditer(text, lo, start):
            lo = m.end()
        end = _SENTENCE_END.search(text, start, hi)
        if end is not None:
            hi = end.start() + 1
        cache = self._sentences
        found = cache.get(lo)
        if found is None or found[0] != hi:
            sentence = text[lo:hi]
            found = (hi, sentence, _WORD.findall(sentence.lower()))
            cache[lo] = found
        return found[1], found[2]

    def _german_sentence(self, start: int) -> bool:
        _, tokens = self._sentence(start)
        return len(GERMAN_FUNCTION_WORDS.intersection(tokens)) >= 2

    def _word_of_another_language(
        self, start: int, end: int, around: tuple[str, str] = ("", "")
    ) -> bool:
        """A surname in lower case, in a capitalised sentence that has no
        frequent English word (``around``: the words either side, looked at
        first)."""
        if not self.text[start:end].islower():
            return False
        if not ENGLISH_WORDS.isdisjoint(around):
            return False
        sentence, tokens = self._sentence(start)
        return (
            len(tokens) >= 3
            and ENGLISH_WORDS.isdisjoint(tokens)
            and any(ch.isupper() for ch in sentence)
        )

    def _other_name_after(self, end: int, nxt: str, nxt_ns: int) -> bool:
        """A capitalised name-like word right after: "Hassan Rouhani"."""
        if nxt_ns < 0 or len(nxt) < 2 or not nxt.isalpha():
            return False
        if (
            nxt in COMMON_WORDS
            or nxt in SPEECH_VERBS
            or nxt in HONORIFICS
            or nxt in PERSONAL_HONORIFICS
            or nxt in self.gate._name_parts
            or nxt in self.gate._side_of
        ):
            return False
        o = self.n.orig(nxt_ns)
        text = self.text
        if not (text[o : o + 1].isupper() and text[o + 1 : o + 2].islower()):
            return False
        if not self._adjacent(end, o, same_line=True):
            return False
        title_line, caps_line = self._line_flags(end)
        return not (title_line or caps_line)
