"""The kinds of content that can be translated, and how to reach each.

Each kind names its foreign key on ``ContentTranslation`` and reuses its app's
own access function: reading (or translating) a text needs exactly the access
that reading the original needs. To add a kind: add a nullable foreign key to
``ContentTranslation`` (and to ``models.SOURCE_FIELDS``), a migration, and one
``Kind`` below (as was done for transfer outputs, ``output``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backchannel.consultations.access import access_statement_by_id
from backchannel.consultations.models import Statement
from backchannel.core.errors import NotFound, ValidationFailed
from backchannel.core.validation import require
from backchannel.ideas.access import access_idea_version_by_id
from backchannel.ideas.models import IdeaVersion, JointTextVersion
from backchannel.processes.access import ProcessAccess, access_in_process
from backchannel.records.access import access_note_by_id
from backchannel.records.models import Note
from backchannel.records.services import check_note_text, identifying
from backchannel.transfer.access import access_output_by_id
from backchannel.transfer.services import output_text


@dataclass(frozen=True)
class Kind:
    name: str  # also the foreign key's name on ContentTranslation
    label: Any
    # (actor, id) -> (source, access); NotFound when the actor may not read it.
    access: Callable[[Any, Any], tuple[Any, ProcessAccess]]
    original: Callable[[Any], str]
    original_language: Callable[[Any], str]
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    # Where the stated language lives (None: it is the language of record,
    # changed with the joint text itself).
    set_language: Callable[[Any, str], Any] | None = None
    language_of_record: Callable[[Any], str] | None = None
    # (access, source, text) -> None or ValidationFailed: the original's own
    # rules for what its text may say, applied to the translation too.
    check_text: Callable[[ProcessAccess, Any, str], None] | None = None


# -- notes


def _note_access(actor: Any, note_id: Any) -> tuple[Note, ProcessAccess]:
    note, access = access_note_by_id(actor, note_id)
    note = Note.objects.select_related("meeting", "segment").get(pk=note.pk)
    return note, access


def _note_check_text(access: ProcessAccess, note: Note, text: str) -> None:
    """Under the Chatham House Rule a translation names nobody either."""
    check_note_text(access, note.segment, text)


def _note_set_language(note: Note, code: str) -> Note:
    note.language = code
    note.save(update_fields=["language"])
    return note


# -- idea versions


def _idea_version_access(
    actor: Any, version_id: Any
) -> tuple[IdeaVersion, ProcessAccess]:
    return access_idea_version_by_id(actor, version_id)


def _idea_set_language(version: IdeaVersion, code: str) -> IdeaVersion:
    version.idea.language = code
    version.idea.save(update_fields=["language"])
    return version


# -- joint-text versions


def _joint_version_access(
    actor: Any, version_id: Any
) -> tuple[JointTextVersion, ProcessAccess]:
    version, access = access_in_process(
        actor,
        JointTextVersion,
        version_id,
        what="version",
        process_path="joint_text__process",
    )
    return JointTextVersion.objects.select_related("joint_text").get(
        pk=version.pk
    ), access


def joint_version_text(version: JointTextVersion) -> str:
    """The sections of one version as numbered plain text."""
    parts = []
    for number, section in enumerate(version.sections.order_by("position"), 1):
        parts += [f"{number}. {section.heading}", "", str(section.body), ""]
    return "\n".join(parts).rstrip()


# -- transfer outputs


def _output_access(actor: Any, output_id: Any) -> tuple[Any, ProcessAccess]:
    """The output's own door: those who compose outputs (a translation of an
    output is read by exactly the output's readers; interpreters are not)."""
    return access_output_by_id(actor, output_id)


def _output_text(output: Any) -> str:
    return output_text(output)


def _output_set_language(output: Any, code: str) -> Any:
    if output.released:
        raise ValidationFailed(
            {"language": [gettext("This output was released and is frozen.")]}
        )
    if output.has_language_of_record:
        raise ValidationFailed(
            {
                "language": [
                    gettext(
                        "A joint statement is written in its language of record: "
                        "change that on the output itself."
                    )
                ]
            }
        )
    output.language = code or "en"
    output.save(update_fields=["language"])
    return output


# -- statements of a public consultation


def _statement_access(actor: Any, statement_id: Any) -> tuple[Statement, ProcessAccess]:
    statement, access = access_statement_by_id(actor, statement_id)
    return Statement.objects.select_related("consultation").get(pk=statement.pk), access


def _statement_check_text(
    access: ProcessAccess, statement: Statement, text: str
) -> None:
    """A statement is public, and so is its translation: it names nobody of
    the organisation's registry (the gate of every exit)."""
    found = identifying(access.process, text)
    require(
        not found,
        "text",
        gettext(
            "Statements are public, and so are their translations, but this text identifies someone: %(value)s. Rewrite it so that it names nobody."
        )
        % {"value": "; ".join(found)},
    )


def _statement_set_language(statement: Statement, code: str) -> Statement:
    statement.language = code
    statement.save(update_fields=["language"])
    return statement


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="note",
            label=_("Note"),
            access=_note_access,
            original=lambda note: str(note.text),
            original_language=lambda note: note.language,
            title=lambda note: (
                gettext("Note in %(meeting)s, %(segment)s")
                % {"meeting": note.meeting.title, "segment": note.segment.label}
            ),
            url=lambda note: reverse("records:meeting-record", args=[note.meeting_id]),
            set_language=_note_set_language,
            check_text=_note_check_text,
        ),
        Kind(
            name="idea_version",
            label=_("Idea version"),
            access=_idea_version_access,
            original=lambda version: str(version.text),
            original_language=lambda version: version.idea.language,
            title=lambda version: (
                gettext("%(idea)s, version %(number)s")
                % {"idea": version.idea.title, "number": version.number}
            ),
            url=lambda version: reverse("ideas:idea-detail", args=[version.idea_id]),
            set_language=_idea_set_language,
        ),
        Kind(
            name="joint_text_version",
            label=_("Joint-text version"),
            access=_joint_version_access,
            original=joint_version_text,
            original_language=lambda version: version.joint_text.language,
            title=lambda version: (
                gettext("%(text)s, version %(number)s")
                % {"text": version.joint_text.title, "number": version.number}
            ),
            url=lambda version: (
                reverse("ideas:joint-text-detail", args=[version.joint_text_id])
                + f"?version={version.number}"
            ),
            language_of_record=lambda version: version.joint_text.language,
        ),
        Kind(
            name="output",
            label=_("Output"),
            access=_output_access,
            original=_output_text,
            original_language=lambda output: output.language,
            title=lambda output: str(output.title),
            url=lambda output: reverse("transfer:output-detail", args=[output.pk]),
            set_language=_output_set_language,
            language_of_record=lambda output: (
                output.language if output.has_language_of_record else None
            ),
        ),
        Kind(
            name="statement",
            label=_("Consultation statement"),
            access=_statement_access,
            original=lambda statement: str(statement.text),
            original_language=lambda statement: statement.language,
            title=lambda statement: (
                gettext("%(consultation)s, statement %(number)s")
                % {
                    "consultation": statement.consultation.title,
                    "number": statement.number,
                }
            ),
            url=lambda statement: (
                reverse(
                    "consultations:statement-list", args=[statement.consultation_id]
                )
                + f"#statement-{statement.pk}"
            ),
            set_language=_statement_set_language,
            check_text=_statement_check_text,
        ),
    )
}


def kind_named(name: str) -> Kind:
    kind = KINDS.get(name)
    if kind is None:
        raise NotFound("kind of text")
    return kind
