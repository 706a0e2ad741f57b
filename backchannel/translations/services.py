"""Every write to translations and to the stated language of an original.

Nothing here (nor anywhere in this app) sends text out of the server: a
"machine" translation is one somebody made with their own offline tool and
pasted in, marked so that nobody mistakes it for a checked one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backchannel.core.audit import audit_in
from backchannel.core.errors import ValidationFailed
from backchannel.core.languages import language_code, language_name
from backchannel.core.validation import clean, require
from backchannel.processes.access import ProcessAccess
from backchannel.translations.access import require_translate, require_verify
from backchannel.translations.models import ContentTranslation, Mark
from backchannel.translations.registry import KINDS, Kind

WRITABLE_MARKS = (Mark.MACHINE, Mark.DRAFT)


def _check_mark(mark: str) -> None:
    if mark == Mark.VERIFIED:
        raise ValidationFailed(
            {
                "mark": [
                    _(
                        "Save the translation as machine or draft; an interpreter "
                        "then verifies it (the verify action)."
                    )
                ]
            }
        )
    require(
        mark in WRITABLE_MARKS,
        "mark",
        _("Choose the mark 'machine' or 'draft'."),
    )


def _check_text(text: Any) -> str:
    require(
        isinstance(text, str) and bool(text.strip()),
        "text",
        _("Write the translation: it cannot be empty."),
    )
    return text.strip()


def original_changed(*, kind: Kind, source: Any) -> int:
    """The original's text changed in place (a note edited): its verified
    translations no longer match it, so they go back to draft and lose their
    verifier (an interpreter verifies them again). Returns how many.

    Idea versions and joint-text versions never change their text (a change is
    a new version), so only notes call this."""
    return ContentTranslation.objects.filter(
        **{kind.name: source}, mark=Mark.VERIFIED
    ).update(mark=Mark.DRAFT, verifier=None, verifier_role="", verified_on=None)


def note_text_changed(sender: Any, note: Any, **kwargs: Any) -> None:
    """Receiver of :data:`backchannel.records.signals.note_text_changed`
    (connected in apps.py): the edited note's verified translations go back
    to draft."""
    original_changed(kind=KINDS["note"], source=note)


@transaction.atomic
def translation_add(
    *,
    access: ProcessAccess,
    kind: Kind,
    source: Any,
    language: str,
    text: str,
    mark: str = Mark.DRAFT,
) -> ContentTranslation:
    """A new translation of ``source`` into ``language`` (machine or draft)."""
    require_translate(access)
    _check_mark(mark)
    language = (language or "").strip()
    original = kind.original_language(source)
    require(
        not original or language != original,
        "language",
        _("The original is already in %(language)s: choose another language.")
        % {"language": language_name(original)},
    )
    text = _check_text(text)
    if kind.check_text is not None:
        kind.check_text(access, source, text)
    translation = ContentTranslation(
        process=access.process,
        language=language,
        text=text,
        mark=mark,
        translator_id=access.seat_id,
        translator_role=access.role,
        **{kind.name: source},
    )
    clean(translation, exclude=["data_key", "process"])
    try:
        # A double submission can insert the same language between the check
        # in clean() and this insert: a clear error, not a server error.
        with transaction.atomic():
            translation.save()
    except IntegrityError:
        raise ValidationFailed(
            {
                "language": [
                    _(
                        "A translation into %(language)s was just added (sent "
                        "twice?): reload the page and edit that one."
                    )
                    % {"language": language_name(language)}
                ]
            }
        ) from None
    audit_in(access, "translation.add", translation)
    return translation


@transaction.atomic
def translation_update(
    *,
    access: ProcessAccess,
    translation: ContentTranslation,
    text: str | None = None,
    mark: str | None = None,
) -> ContentTranslation:
    """Change the text or the mark (machine or draft). A changed text is no
    longer verified: an interpreter verifies it again."""
    require_translate(access)
    if mark is not None:
        _check_mark(mark)
    changed = False
    if text is not None:
        text = _check_text(text)
        if text != str(translation.text):
            kind = KINDS[translation.source_field]
            if kind.check_text is not None:
                source = getattr(translation, kind.name)
                kind.check_text(access, source, text)
            translation.text = text
            translation.translator_id = access.seat_id
            translation.translator_role = access.role
            changed = True
    if mark is not None and mark != translation.mark:
        translation.mark = mark
        changed = True
    elif changed and translation.mark == Mark.VERIFIED:
        translation.mark = Mark.DRAFT
    if translation.mark != Mark.VERIFIED:
        translation.verifier_id = None
        translation.verifier_role = ""
        translation.verified_on = None
    if changed:
        clean(translation, exclude=["data_key", "process"])
        translation.save()
        audit_in(access, "translation.update", translation)
    return translation


@transaction.atomic
def translation_verify(
    *, access: ProcessAccess, translation: ContentTranslation
) -> ContentTranslation:
    """An interpreter checks the translation against the original."""
    require_verify(access)
    translation.mark = Mark.VERIFIED
    translation.verifier_id = access.seat_id
    translation.verifier_role = access.role
    translation.verified_on = timezone.localdate()
    translation.save()
    audit_in(access, "translation.verify", translation)
    return translation


@transaction.atomic
def translation_delete(
    *, access: ProcessAccess, translation: ContentTranslation
) -> None:
    require_translate(access)
    audit_in(access, "translation.delete", translation)
    translation.delete()


@transaction.atomic
def original_language_set(
    *, access: ProcessAccess, kind: Kind, source: Any, language: str
) -> Any:
    """State the language an original is written in (its text is untouched)."""
    require_translate(access)
    if kind.set_language is None:
        raise ValidationFailed(
            {
                "language": [
                    _(
                        "A joint text is written in its language of record: a "
                        "facilitator changes that on the joint text itself."
                    )
                ]
            }
        )
    language = (language or "").strip()
    if language:
        try:
            language_code(language)
        except ValidationError as exc:
            raise ValidationFailed({"language": list(exc.messages)}) from None
    require(
        not ContentTranslation.objects.filter(
            **{kind.name: source}, language=language
        ).exists(),
        "language",
        _("A translation into this language exists: the original cannot be in it."),
    )
    kind.set_language(source, language)
    audit_in(access, "content.language", source)
    return source
