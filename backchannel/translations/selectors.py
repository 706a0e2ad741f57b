"""Reads: the translations of one text, and the side-by-side view."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.utils.translation import gettext as _

from backchannel.core.audit import audit_process
from backchannel.core.errors import GateBlocked, NotFound
from backchannel.core.languages import is_rtl, language_name
from backchannel.participants.models import SeatRole
from backchannel.processes.access import ORG_CONVENER, ProcessAccess
from backchannel.transfer.access import can_compose
from backchannel.transfer.services import gate_outgoing
from backchannel.translations.models import ContentTranslation, Mark
from backchannel.translations.registry import Kind


def role_label(role: str) -> str:
    """The role that wrote or verified, as shown to readers (never the seat)."""
    if not role:
        return ""
    if role == ORG_CONVENER:
        return _("Organisation convener")
    try:
        return str(SeatRole(role).label)
    except ValueError:
        return role


@dataclass
class TextInLanguage:
    language: str
    text: str

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def rtl(self) -> bool:
        return is_rtl(self.language)


@dataclass
class SideBySide:
    kind: Kind
    source: Any
    access: ProcessAccess
    title: str
    url: str
    original: TextInLanguage
    language_of_record: str | None
    translations: list[ContentTranslation]
    chosen: ContentTranslation | None

    @property
    def shows_seats(self) -> bool:
        return self.access.can_manage

    @property
    def language_of_record_name(self) -> str:
        return language_name(self.language_of_record or "")


def translations_of(kind: Kind, source: Any) -> list[ContentTranslation]:
    return list(ContentTranslation.objects.filter(**{kind.name: source}))


def side_by_side(
    access: ProcessAccess, kind: Kind, source: Any, language: str | None = None
) -> SideBySide:
    """The original and one translation (``language``, else the first verified,
    else the first) for reading them in two columns."""
    translations = translations_of(kind, source)
    chosen = next((t for t in translations if t.language == language), None)
    if chosen is None and not language:
        chosen = next(
            (t for t in translations if t.mark == Mark.VERIFIED),
            translations[0] if translations else None,
        )
    record = kind.language_of_record(source) if kind.language_of_record else None
    return SideBySide(
        kind=kind,
        source=source,
        access=access,
        title=kind.title(source),
        url=kind.url(source),
        original=TextInLanguage(kind.original_language(source), kind.original(source)),
        language_of_record=record,
        translations=translations,
        chosen=chosen,
    )


def translation_export(view: SideBySide) -> str:
    """The chosen translation as plain text, saying plainly that it does not
    count: the original (or, for a joint text, its language of record) does.
    Text leaving the workspace: it passes the identification gate (``GateBlocked``
    when it names a participant) and is audited like the joint text's export."""
    translation = view.chosen
    if translation is None:
        raise NotFound("translation")
    if view.language_of_record:
        authority = _(
            "Not authoritative: only the text in the language of record "
            "(%(language)s) counts."
        ) % {"language": language_name(view.language_of_record)}
    else:
        authority = _("Not authoritative: only the original text counts.")
    lines = [
        view.title,
        _("Translation into %(language)s (%(mark)s)")
        % {
            "language": language_name(translation.language),
            "mark": translation.get_mark_display(),
        },
    ]
    if view.language_of_record:
        lines.append(
            _("Language of record: %(language)s")
            % {"language": view.language_of_record}
        )
    lines += [authority, "", str(translation.text)]
    text = "\n".join(lines).rstrip() + "\n"
    # The gate reads what people wrote (the title and the translation); the
    # lines between are the workspace's own fixed words (language, mark).
    try:
        gate_outgoing(view.access.process, f"{view.title}\n\n{translation.text}")
    except GateBlocked:
        if can_compose(view.access) or view.access.is_operator:
            raise  # composers, and the operator's CLI, see the findings
        # Readers who do not compose outputs get no findings: which phrases
        # match someone, of what kind and on which side would be a registry
        # lookup (as the joint text's export).
        raise GateBlocked(
            SimpleNamespace(findings=(), text=""),
            _(
                "This text names or describes a participant, so it cannot leave "
                "the workspace as it is: ask a facilitator."
            ),
        ) from None
    audit_process(
        view.access.actor, view.access.process, "translation.export", translation
    )
    return text


def content_languages(process: Any) -> list[str]:
    """The languages the process's content is translated into (registered with
    :func:`backchannel.transfer.selectors.register_content_languages`)."""
    return list(
        ContentTranslation.objects.filter(process=process).values_list(
            "language", flat=True
        )
    )
