"""API: translations of notes, idea versions and joint-text versions, and the
interpreter's confidentiality pledge."""

from __future__ import annotations

from typing import Annotated

from ninja import Path, Router, Status

from backchannel.accounts.http import ApiRequest
from backchannel.core.schemas import READ, WRITE, Id
from backchannel.participants.models import Seat, SeatRole
from backchannel.participants.pledge import PLEDGE_TEXT, PLEDGE_VERSION
from backchannel.participants.services import pledge_accept
from backchannel.processes.access import access_process_by_id
from backchannel.translations import services
from backchannel.translations.access import access_source, access_translation_by_id
from backchannel.translations.schemas import (
    LanguageIn,
    PledgeIn,
    PledgeOut,
    TextTranslationsOut,
    TranslationIn,
    TranslationOut,
    TranslationPatch,
    text_translations_out,
    translation_out,
)
from backchannel.translations.selectors import side_by_side

router = Router(tags=["translations"])

Kind = Annotated[
    str,
    Path(
        description="note, idea_version, joint_text_version, output or statement; others "
        "answer 404."
    ),
]


@router.get(
    "/texts/{kind}/{id}/translations", response={200: TextTranslationsOut, **READ}
)
def text_translations(request: ApiRequest, kind: Kind, id: Id) -> TextTranslationsOut:
    """The original (with its language, and for a joint text its language of
    record) and every translation of it. Anyone who may read the original."""
    found, source, access = access_source(request.auth, kind, id)
    return text_translations_out(side_by_side(access, found, source))


@router.post("/texts/{kind}/{id}/translations", response={201: TranslationOut, **WRITE})
def translation_add(
    request: ApiRequest, kind: Kind, id: Id, payload: TranslationIn
) -> Status[TranslationOut]:
    """Add a translation (machine or draft): managers, rapporteurs, interpreters."""
    found, source, access = access_source(request.auth, kind, id, translate=True)
    translation = services.translation_add(
        access=access, kind=found, source=source, **payload.dict()
    )
    return Status(201, translation_out(translation, shows_seats=access.can_manage))


@router.put("/texts/{kind}/{id}/language", response={200: TextTranslationsOut, **WRITE})
def original_language_set(
    request: ApiRequest, kind: Kind, id: Id, payload: LanguageIn
) -> TextTranslationsOut:
    """State the language the original is written in (its text is untouched)."""
    found, source, access = access_source(request.auth, kind, id, translate=True)
    services.original_language_set(
        access=access, kind=found, source=source, language=payload.language
    )
    return text_translations_out(side_by_side(access, found, source))


@router.patch("/translations/{id}", response={200: TranslationOut, **WRITE})
def translation_update(
    request: ApiRequest, id: Id, payload: TranslationPatch
) -> TranslationOut:
    """Change the text or the mark; a changed text is no longer verified."""
    translation, _, _, access = access_translation_by_id(
        request.auth, id, translate=True
    )
    services.translation_update(
        access=access, translation=translation, **payload.dict(exclude_unset=True)
    )
    return translation_out(translation, shows_seats=access.can_manage)


@router.post("/translations/{id}/verify", response={201: TranslationOut, **WRITE})
def translation_verify(request: ApiRequest, id: Id) -> Status[TranslationOut]:
    """Mark verified: only an interpreter seated in the process."""
    translation, _, _, access = access_translation_by_id(request.auth, id, verify=True)
    services.translation_verify(access=access, translation=translation)
    return Status(201, translation_out(translation, shows_seats=access.can_manage))


@router.delete("/translations/{id}", response={204: None, **WRITE})
def translation_delete(request: ApiRequest, id: Id) -> Status[None]:
    translation, _, _, access = access_translation_by_id(
        request.auth, id, translate=True
    )
    services.translation_delete(access=access, translation=translation)
    return Status(204, None)


def _pledge_out(seat: Seat | None, role: str) -> PledgeOut:
    return PledgeOut(
        version=PLEDGE_VERSION,
        text=str(PLEDGE_TEXT),
        required=role == SeatRole.INTERPRETER,
        accepted_version=seat.pledge_version if seat else "",
        accepted_on=seat.pledge_accepted_on if seat else None,
    )


@router.get("/processes/{id}/pledge", response={200: PledgeOut, **READ})
def pledge_detail(request: ApiRequest, id: Id) -> PledgeOut:
    """The interpreter's confidentiality pledge, and whether you accepted it."""
    access = access_process_by_id(request.auth, id, before_pledge=True)
    seat = Seat.objects.filter(pk=access.seat_id).first() if access.seat_id else None
    return _pledge_out(seat, access.role)


@router.post("/processes/{id}/pledge", response={201: PledgeOut, **WRITE})
def pledge_accept_api(
    request: ApiRequest, id: Id, payload: PledgeIn
) -> Status[PledgeOut]:
    """Accept the pledge (interpreters only): until then they see nothing."""
    access = access_process_by_id(request.auth, id, before_pledge=True)
    seat = pledge_accept(access=access, accept=payload.accept)
    return Status(201, _pledge_out(seat, access.role))
