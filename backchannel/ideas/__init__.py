"""Trial balloons (ideas), structured feedback, common ground across sides, and
single-text drafting (joint texts).

Decisions, in one place:

* **Provenance** is stored at the chosen tier only: "the facilitator's text" and
  "anonymous" store nothing about the origin, "a side" stores the side. No
  idea or version keeps an author; moving to a less identifying tier forgets
  the side. Drafts are seen by the managers (conveners, facilitators) only.
* **Who gives feedback**: participants seated on a side, one feedback per seat
  per version, editable while the version is open and the idea floated or
  refined. A new version closes the earlier ones.
* **Who reads feedback**: its author and the managers. Rapporteurs, observers
  and interpreters read no individual feedback. Each manager read of
  individual feedback is audited (``feedback.read``); an author reading their
  own is not (no trail of participants' activity).
* **Aggregates**: managers always see the cross-side view; everyone else seated
  sees a version's aggregates only once a manager shares its results. A side
  with fewer than 3 responses shows "fewer than 3" and nothing else (no counts,
  shares or texts); conditions, red lines and comments of the other sides are
  shuffled and unattributed. The total is shown only when no side is small.
* **Score**: ``Π_sides (acceptable + 1) / (responses + 2)`` over all declared
  sides, with only "acceptable" counting; a lenient score counts "acceptable
  if …" too. It uses every response but is shown only when every side has at
  least 3 ("not enough responses" otherwise). Cruxes: one side's acceptable
  share ≥ 0.6 while another's ≤ 0.4, both with ≥ 3 responses. The arithmetic
  is in ``backchannel.analysis.common_ground`` (NumPy only).
* **Joint texts**: versions of the whole text; a section keeps a ``key`` across
  versions so diffs compare it with itself. Comments (participants on a side,
  latest version only) are shown to everyone seated grouped by side; who wrote
  them (the seat) only to the managers. The language of record is a code on
  the text, shown on its pages, in the API and in the plain-text export.
"""
