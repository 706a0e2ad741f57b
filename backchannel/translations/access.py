"""The doors to translations: each goes through the door of its original.

A translation answers ``NotFound`` whenever its original would, so a reader
never learns more from a translation than from the text it translates.
Writing needs ``ProcessAccess.can_translate`` (managers, rapporteurs,
interpreters); verifying needs ``can_verify_translations`` (interpreters).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from backchannel.core.errors import NotFound, PermissionDenied
from backchannel.processes.access import ProcessAccess, parse_id
from backchannel.translations.models import ContentTranslation
from backchannel.translations.registry import KINDS, Kind, kind_named


def require_translate(access: ProcessAccess) -> None:
    if not access.can_translate:
        raise PermissionDenied(
            _(
                "Your role in this process (%(role)s) reads translations but does "
                "not write them: ask an interpreter, the rapporteur or a "
                "facilitator."
            )
            % {"role": access.role}
        )


def require_verify(access: ProcessAccess) -> None:
    if not access.can_verify_translations:
        raise PermissionDenied(
            _(
                "Only an interpreter seated in this process (with the "
                "confidentiality pledge accepted) marks a translation verified; "
                "your role is %(role)s."
            )
            % {"role": access.role}
        )


def access_source(
    actor: Any, kind_name: str, source_id: Any, *, translate: bool = False
) -> tuple[Kind, Any, ProcessAccess]:
    kind = kind_named(kind_name)
    source, access = kind.access(actor, source_id)
    if translate:
        require_translate(access)
    return kind, source, access


def access_translation_by_id(
    actor: Any, translation_id: Any, *, translate: bool = False, verify: bool = False
) -> tuple[ContentTranslation, Kind, Any, ProcessAccess]:
    tid = parse_id(translation_id, "translation")
    translation = ContentTranslation.objects.filter(pk=tid).first()
    if translation is None:
        raise NotFound("translation")
    kind = KINDS[translation.source_field]
    try:
        source, access = kind.access(actor, translation.source_id)
    except NotFound:
        raise NotFound("translation") from None
    if translate:
        require_translate(access)
    if verify:
        require_verify(access)
    return translation, kind, source, access
