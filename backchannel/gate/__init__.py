"""The identification gate, framework-free (no Django import in this package).

What in a text identifies a participant, found against a roster of plain
:class:`Participant` records (the workspace builds it in
:mod:`backchannel.transfer.roster`). The modules, by job:

- :mod:`~backchannel.gate.normalise` (with :mod:`~backchannel.gate.confusables`,
  :mod:`~backchannel.gate.wordfolds`, :mod:`~backchannel.gate.hidden`,
  :mod:`~backchannel.gate.spelled` and :mod:`~backchannel.gate.phones`):
  the text as a reader sees it, disguises folded, with a map back to the source
  (:mod:`~backchannel.gate.foldmap`);
- :mod:`~backchannel.gate.plain`: the plain form the matcher compares (lower
  case, no diacritics, punctuation as spaces), with a map back;
- :mod:`~backchannel.gate.words`: word lists (ordinary words, honorifics…);
- :mod:`~backchannel.gate.patterns`: a roster compiled once into patterns;
- :mod:`~backchannel.gate.scan`: one check of one text, shared helpers;
- :mod:`~backchannel.gate.judge`: names (does the context make a word a person);
- :mod:`~backchannel.gate.describe`: titles, affiliations, descriptions;
- :mod:`~backchannel.gate.contacts`: emails, phones, handles;
- :mod:`~backchannel.gate.engine`: :class:`Gate`, :func:`build_gate`;
- :mod:`~backchannel.gate.model`: :class:`Participant`, :class:`Finding`,
  :class:`GateReport`;
- :mod:`~backchannel.gate.egress`: :func:`egress`, the one check every exit calls
  (:func:`lets_out`, its rule, for a page that offers an exit only when it is open).

(The plain-form function is :func:`backchannel.gate.plain.normalise`; it is
not exported here, where ``normalise`` is the module of the reader's view.)
"""

from backchannel.gate.egress import Blocked, egress, lets_out
from backchannel.gate.engine import Gate, build_gate, gate_check
from backchannel.gate.model import (
    K_ANONYMITY,
    KINDS,
    Finding,
    GateReport,
    Kind,
    Participant,
)

__all__ = [
    "KINDS",
    "K_ANONYMITY",
    "Blocked",
    "Finding",
    "Gate",
    "GateReport",
    "Kind",
    "Participant",
    "build_gate",
    "egress",
    "gate_check",
    "lets_out",
]
