"""API shapes of translations and of the interpreter's pledge."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from backchannel.core.languages import LANGUAGE_MAX
from backchannel.core.schemas import In, Out
from backchannel.translations.models import TRANSLATION_MAX, ContentTranslation
from backchannel.translations.selectors import SideBySide, role_label

LANGUAGE_HELP = "A language code (BCP 47) such as en, fr, es, ar, ru or zh-hans."
MARK_HELP = (
    "'machine' for text pasted from a translation tool you ran yourself (nothing "
    "is ever sent to an outside service), 'draft' for a human draft. Only an "
    "interpreter marks a translation verified, with the verify operation."
)


class TranslationIn(In):
    language: str = Field(max_length=LANGUAGE_MAX, description=LANGUAGE_HELP)
    text: str = Field(max_length=TRANSLATION_MAX)
    mark: str = Field("draft", description=MARK_HELP)


class TranslationPatch(In):
    text: str | None = Field(
        None,
        max_length=TRANSLATION_MAX,
        description="A changed text is no longer verified.",
    )
    mark: str | None = Field(None, description=MARK_HELP)


class LanguageIn(In):
    language: str = Field(
        max_length=LANGUAGE_MAX,
        description=LANGUAGE_HELP + " Empty: not stated.",
    )


class PledgeIn(In):
    accept: bool = Field(description="true to accept the pledge as shown.")


class TranslationOut(Out):
    WITHHELD = frozenset({"translator_seat_id", "verifier_seat_id"})

    id: uuid.UUID
    kind: str
    source_id: uuid.UUID
    language: str
    text: str
    mark: str
    translated_by: str = Field(description="The role that wrote it (not who).")
    verified_by: str = Field(description="The role that verified it, or empty.")
    verified_on: dt.date | None
    updated_on: dt.date
    translator_seat_id: uuid.UUID | None = Field(None, description="Managers only.")
    verifier_seat_id: uuid.UUID | None = Field(None, description="Managers only.")


class TextTranslationsOut(Schema):
    kind: str
    source_id: uuid.UUID
    title: str
    original_language: str = Field(description="Empty when not stated.")
    original_text: str
    language_of_record: str | None = Field(
        description="Joint texts: the language whose text counts."
    )
    translations: list[TranslationOut]


class PledgeOut(Schema):
    version: str
    text: str
    required: bool = Field(description="Whether your role needs to accept it.")
    accepted_version: str
    accepted_on: dt.date | None


def translation_out(
    translation: ContentTranslation, *, shows_seats: bool
) -> TranslationOut:
    return TranslationOut(
        id=translation.pk,
        kind=translation.source_field,
        source_id=translation.source_id,
        language=translation.language,
        text=str(translation.text),
        mark=translation.mark,
        translated_by=role_label(translation.translator_role),
        verified_by=role_label(translation.verifier_role),
        verified_on=translation.verified_on,
        updated_on=translation.updated_on,
        translator_seat_id=translation.translator_id if shows_seats else None,
        verifier_seat_id=translation.verifier_id if shows_seats else None,
    )


def text_translations_out(view: SideBySide) -> TextTranslationsOut:
    return TextTranslationsOut(
        kind=view.kind.name,
        source_id=view.source.pk,
        title=view.title,
        original_language=view.original.language,
        original_text=view.original.text,
        language_of_record=view.language_of_record,
        translations=[
            translation_out(t, shows_seats=view.shows_seats) for t in view.translations
        ],
    )
