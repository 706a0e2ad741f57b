"""The recorded content a process file carries, one ``Kind`` per model.

Each kind is a flat list of the file (``notes``, ``idea_versions`` …) whose
items have a ``key`` and name other objects by their keys. Its fields are
read from the Django model: every concrete field is carried except the id,
the data key, the process (implied), logins (``User`` links: logins do not
travel) and what ``skip`` names. The pydantic model of each kind is built
from the same fields (``content.py``), so the schema and the export cannot
drift apart. The list is in dependency order: a kind refers only to kinds
above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models

from backchannel.consultations.models import Ballot, Consultation, Statement
from backchannel.core.fields import SealedLoginField
from backchannel.evaluation.models import (
    ContactReport,
    EvaluationPlan,
    Outcome,
    Risk,
    TrustResponse,
    TrustRound,
)
from backchannel.ideas.models import (
    Feedback,
    Idea,
    IdeaVersion,
    JointText,
    JointTextVersion,
    Section,
    SectionComment,
)
from backchannel.meetings.models import Meeting, Segment
from backchannel.participants.models import Seat
from backchannel.processes.models import Objective, Phase, Side
from backchannel.records.models import Airtime, Note, NoteVersion, RecordClosure
from backchannel.transfer.models import GateOverride, Output, Transfer, Uptake
from backchannel.translations.models import ContentTranslation


@dataclass(frozen=True)
class Kind:
    name: str  # the list in the file
    key: str  # what a reference to it is called (and its keys' prefix)
    model: type[models.Model]
    scope: str  # the lookup from the model to its process
    skip: tuple[str, ...] = ()
    # JSON fields whose values name other objects of the process by id: the
    # file names them ``key:<key>`` instead.
    json_refs: tuple[str, ...] = ()
    # Sorted by these exported fields (default: the whole item), so that the
    # order, hence the keys, depend on exported values only.
    sort: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


# The design and roster objects content refers to (written by ``export.py``).
DESIGN_KEYS: dict[type[models.Model], str] = {
    Side: "side",
    Phase: "phase",
    Objective: "objective",
    Seat: "participant",
    Meeting: "meeting",
    Segment: "segment",
}

KINDS: list[Kind] = [
    Kind("record_closures", "record-closure", RecordClosure, "meeting__process"),
    Kind(
        "notes",
        "note",
        Note,
        "meeting__process",
        sort=("meeting", "segment", "position", "created_on", "text"),
    ),
    Kind("note_versions", "note-version", NoteVersion, "note__meeting__process"),
    Kind("airtime", "airtime", Airtime, "meeting__process"),
    Kind("ideas", "idea", Idea, "process"),
    Kind(
        "idea_versions",
        "idea-version",
        IdeaVersion,
        "idea__process",
        json_refs=("published",),
    ),
    Kind("feedback", "feedback", Feedback, "version__idea__process"),
    Kind("joint_texts", "joint-text", JointText, "process"),
    Kind(
        "joint_text_versions",
        "joint-text-version",
        JointTextVersion,
        "joint_text__process",
    ),
    Kind("sections", "section", Section, "version__joint_text__process"),
    Kind(
        "section_comments",
        "section-comment",
        SectionComment,
        "section__version__joint_text__process",
    ),
    Kind(
        "trust_rounds", "trust-round", TrustRound, "process", json_refs=("published",)
    ),
    Kind("trust_responses", "trust-response", TrustResponse, "round__process"),
    Kind(
        "contact_reports",
        "contact-report",
        ContactReport,
        "round__process",
        json_refs=("contacts",),
    ),
    # A consultation gets a new public link on import (the old one belongs to
    # the deployment it came from): its token is not carried.
    Kind(
        "consultations",
        "consultation",
        Consultation,
        "process",
        skip=("token", "token_hash"),
    ),
    # The author is carried on the ballot (``ballots[].wrote``): ballots are
    # ordered by their votes, which name statements.
    Kind(
        "statements",
        "statement",
        Statement,
        "consultation__process",
        skip=("author",),
        sort=("consultation", "number"),
    ),
    Kind("outputs", "output", Output, "process", json_refs=("sources",)),
    Kind("gate_overrides", "gate-override", GateOverride, "output__process"),
    Kind("transfers", "transfer", Transfer, "process"),
    Kind("uptakes", "uptake", Uptake, "transfer__process"),
    Kind("outcomes", "outcome", Outcome, "process"),
    Kind("risks", "risk", Risk, "process"),
    Kind("evaluation_plans", "evaluation-plan", EvaluationPlan, "process"),
    Kind("translations", "translation", ContentTranslation, "process"),
]

# Inside a JSON field (an output's sources, a contact report), another object
# of the file is named ``key:<its key>`` instead of its database id.
REF = "key:"

# Ballots are written by hand (``content.py``): an anonymous voter, as the
# statements they voted on and wrote. Votes are the bulk of a consultation, so
# each is one ``"statement-key": value`` pair. Ballot ids (a hash of the
# voter's cookie) are not carried: voters start a new ballot after a move.
BALLOTS = "ballots"
BALLOT_MODEL = Ballot

MODEL_KEYS: dict[type[models.Model], str] = {
    **DESIGN_KEYS,
    **{kind.model: kind.key for kind in KINDS},
    Ballot: "ballot",
}


def is_login(f: Any) -> bool:
    """A link to a login, clear or sealed (``participants.logins``): logins do
    not travel."""
    if isinstance(f, SealedLoginField) or f.name == "login_index":
        return True
    return bool(
        f.is_relation and f.related_model._meta.label == settings.AUTH_USER_MODEL
    )


def carried_fields(kind: Kind) -> list[Any]:
    """The model fields a kind carries, in model order."""
    out = []
    for f in kind.model._meta.get_fields():
        if not getattr(f, "concrete", False) and not f.many_to_many:
            continue
        if f.auto_created or getattr(f, "primary_key", False):
            continue
        if f.name in ("data_key", *kind.skip) or is_login(f):
            continue
        if f.is_relation and getattr(f.related_model, "__name__", "") == "Process":
            continue
        if f.many_to_many and getattr(f, "remote_field", None) is None:
            continue
        out.append(f)
    return out


def file_name(f: Any) -> str:
    """The name of a model field in the file: ``key`` is taken by the item's
    own key, so a model's ``key`` (a section's identity across versions) is
    ``identity``."""
    return "identity" if f.name == "key" else f.name
