"""API: seats, the people registry, affiliations and the composition dashboard."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Router, Status

from backchannel.accounts.http import ApiRequest
from backchannel.accounts.models import User
from backchannel.core.errors import NotFound, PermissionDenied, ValidationFailed
from backchannel.core.schemas import (
    READ,
    WRITE,
    ErrorOut,
    Id,
    api_fields,
    deletion,
    found,
)
from backchannel.participants import links, seating, services
from backchannel.participants.access import (
    access_invitation_by_id,
    access_organisation_for_people,
    access_person_by_id,
    access_seat_by_id,
    access_seat_to_end,
    require_composition,
)
from backchannel.participants.composition import composition_for
from backchannel.participants.models import (
    Affiliation,
    Capacity,
    Gender,
    Level,
    Seat,
    SeatRole,
)
from backchannel.participants.schemas import (
    AffiliationIn,
    AffiliationOut,
    CompositionOut,
    InvitationBulkIn,
    InvitationBulkOut,
    InvitationCreatedOut,
    InvitationIn,
    InvitationOut,
    LoginLinkOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    RosterImportIn,
    RosterImportOut,
    RosterRowOut,
    SeatIn,
    SeatOut,
    SeatPatch,
    affiliation_out,
    composition_out,
    invitation_out,
    login_link_out,
    person_out,
    seat_out,
)
from backchannel.participants.selectors import (
    affiliation_get,
    affiliation_person_id,
    invitation_list_for,
    person_in_organisation_get,
    person_list_for,
    roster_for,
    seats_by_ids,
)
from backchannel.processes.access import access_process_by_id
from backchannel.processes.api import ref_in_process
from backchannel.processes.models import Side

router = Router(tags=["participants"])

# -- seats


@router.get(
    "/processes/{id}/seats",
    response={200: list[SeatOut], **READ},
)
def seat_list(request: ApiRequest, id: Id) -> list[SeatOut]:
    """Who holds a seat: contacts only for the process's conveners and facilitators."""
    access = access_process_by_id(request.auth, id)
    require_composition(access)
    return [seat_out(access, seat) for seat in roster_for(access)]


@router.post(
    "/processes/{id}/seats",
    response={201: SeatOut, **WRITE},
)
def seat_create(request: ApiRequest, id: Id, payload: SeatIn) -> Status[SeatOut]:
    access = access_process_by_id(request.auth, id, manage=True)
    person = found(
        person_in_organisation_get(access.process.organisation_id, payload.person_id),
        "person_id",
        "No person with this id in the organisation's registry: use an id from "
        f"GET /api/organisations/{access.process.organisation_id}/people.",
    )
    side = ref_in_process(access, Side, payload.side_id, field="side_id", what="side")
    with api_fields(person="person_id", side="side_id"):
        seat = services.seat_create(
            access=access,
            person=person,
            role=payload.role,
            side=side,
            pseudonym=payload.pseudonym,
        )
    return Status(201, seat_out(access, seat))


@router.get("/seats/{id}", response={200: SeatOut, **READ})
def seat_detail(request: ApiRequest, id: Id) -> SeatOut:
    seat, access = access_seat_by_id(request.auth, id)
    require_composition(access)
    if not access.can_manage and not services.seat_is_taken_up(seat):
        # a seat only offered is the managers' business: as the roster
        raise NotFound("seat")
    return seat_out(access, seat)


@router.patch("/seats/{id}", response={200: SeatOut, **WRITE})
def seat_update(request: ApiRequest, id: Id, payload: SeatPatch) -> SeatOut:
    seat, access = access_seat_by_id(request.auth, id, manage=True)
    changes = payload.model_dump(exclude_unset=True)
    if "side_id" in changes:
        changes["side"] = ref_in_process(
            access, Side, changes.pop("side_id"), field="side_id", what="side"
        )
    with api_fields(side="side_id"):
        services.seat_update(access=access, seat=seat, **changes)
    return seat_out(access, seat)


deletion(router, "/seats/{id}", access_seat_by_id, services.seat_delete, manage=True)


@router.post("/seats/{id}/end-access", response={201: SeatOut, **WRITE})
def seat_end_access(request: ApiRequest, id: Id) -> Status[SeatOut]:
    """ "Not the right person": a convener of the process ends the access of a
    seat taken up by another login than its person's. The seat stops giving
    access today, the person's login link goes when no other live seat uses
    it, and a new invitation can be accepted by another account. Facilitators
    get 403; anyone else the 404 of an unknown id."""
    seat, access = access_seat_to_end(request.auth, id)
    seat = services.seat_access_end(access=access, seat=seat)
    return Status(201, seat_out(access, seat))


@router.post(
    "/processes/{id}/roster-import",
    response={200: RosterImportOut, 201: RosterImportOut, **WRITE},
)
def roster_import(
    request: ApiRequest, id: Id, payload: RosterImportIn
) -> Status[RosterImportOut]:
    """Seat people in bulk from a roster CSV: every problem with its line and
    nothing written (422), a preview with ``dry_run`` (200), else new people
    added to the registry and everyone seated, in one transaction (201)."""
    access = access_process_by_id(request.auth, id, manage=True)
    text = seating.check_roster_text(payload.csv)
    plan = seating.roster_plan(access=access, text=text)
    if plan.problems:
        raise ValidationFailed(seating.problems_as_errors(plan.problems))
    seats: list[Seat | None] = [None] * len(plan.rows)
    if not payload.dry_run:
        seats = [*seating.roster_seat(access=access, text=text)]
    rows = [
        RosterRowOut(
            line=row.line,
            name=row.name,
            action=row.action,
            person_id=seat.person_id
            if seat
            else (row.person.pk if row.person else None),
            seat_id=seat.pk if seat else None,
            side=str(row.side.name) if row.side else None,
            side_id=row.side.pk if row.side else None,
            role=SeatRole(row.role),
            capacity=Capacity(row.capacity),
            gender=Gender(row.gender),
            level=Level(row.level),
            differs=row.differs,
        )
        for row, seat in zip(plan.rows, seats, strict=True)
    ]
    out = RosterImportOut(
        dry_run=payload.dry_run,
        created=plan.new_people,
        matched=plan.matched_people,
        rows=rows,
    )
    return Status(200 if payload.dry_run else 201, out)


# -- composition


@router.get(
    "/processes/{id}/composition",
    response={200: CompositionOut, 403: ErrorOut, **READ},
)
def composition(request: ApiRequest, id: Id) -> CompositionOut:
    """Counts of participants by side, capacity, gender and level, with warnings.

    Built from the people registry, so only for those who may see contacts."""
    access = access_process_by_id(request.auth, id)
    if not access.can_see_contacts:
        raise PermissionDenied(
            "The composition of a process is for its conveners and facilitators: "
            "ask one of them."
        )
    return composition_out(composition_for(access))


# -- the people registry of an organisation


@router.get("/organisations/{id}/people", response={200: list[PersonOut], **READ})
def person_list(request: ApiRequest, id: Id) -> list[PersonOut]:
    organisation = access_organisation_for_people(request.auth, id)
    return [person_out(p) for p in person_list_for(organisation)]


@router.post("/organisations/{id}/people", response={201: PersonOut, **WRITE})
def person_create(request: ApiRequest, id: Id, payload: PersonIn) -> Status[PersonOut]:
    organisation = access_organisation_for_people(request.auth, id)
    person = services.person_create(
        actor=request.auth, organisation=organisation, **payload.model_dump()
    )
    return Status(201, person_out(person))


@router.get("/people/{id}", response={200: PersonOut, **READ})
def person_detail(request: ApiRequest, id: Id) -> PersonOut:
    return person_out(access_person_by_id(request.auth, id))


@router.patch("/people/{id}", response={200: PersonOut, **WRITE})
def person_update(request: ApiRequest, id: Id, payload: PersonPatch) -> PersonOut:
    person = access_person_by_id(request.auth, id)
    services.person_update(
        actor=request.auth, person=person, **payload.model_dump(exclude_unset=True)
    )
    return person_out(person)


@router.get("/people/{id}/login", response={200: LoginLinkOut, **READ})
def person_login(request: ApiRequest, id: Id) -> LoginLinkOut:
    """Which login the person is linked to, since when and through which
    process's invitation: for the organisation's conveners only (anyone else
    gets the 404 of a read they may not make)."""
    person = access_person_by_id(request.auth, id)
    try:
        link = links.login_link_get(request.auth, person)
    except PermissionDenied:
        raise NotFound("person") from None
    return login_link_out(link)


@router.delete("/people/{id}/login", response={204: None, **WRITE})
def person_login_unlink(request: ApiRequest, id: Id) -> Status[None]:
    """Unlink the person's login (organisation's conveners only): every seat of
    the person taken up with it ends today, in every process, and pending
    invitations for the person are revoked; invite them again."""
    person = access_person_by_id(request.auth, id)
    links.person_login_unlink(actor=request.auth, person=person)
    return Status(204, None)


@router.post("/people/{id}/affiliations", response={201: AffiliationOut, **WRITE})
def affiliation_add(
    request: ApiRequest, id: Id, payload: AffiliationIn
) -> Status[AffiliationOut]:
    person = access_person_by_id(request.auth, id)
    affiliation = services.affiliation_add(
        actor=request.auth, person=person, **payload.model_dump()
    )
    return Status(201, affiliation_out(affiliation))


@router.delete("/affiliations/{id}", response={204: None, **WRITE})
def affiliation_delete(request: ApiRequest, id: Id) -> Status[None]:
    services.affiliation_delete(
        actor=request.auth, affiliation=_access_affiliation(request.auth, id)
    )
    return Status(204, None)


def _access_affiliation(actor: User, affiliation_id: str) -> Affiliation:
    """Through the person: whoever may not open the person gets the same 404."""
    try:
        person = access_person_by_id(actor, affiliation_person_id(affiliation_id))
    except NotFound:
        raise NotFound("affiliation") from None
    return affiliation_get(person, affiliation_id)


# -- invitations


@router.post("/seats/{id}/invitations", response={201: InvitationCreatedOut, **WRITE})
def invitation_create(
    request: ApiRequest, id: Id, payload: InvitationIn
) -> Status[InvitationCreatedOut]:
    """A single-use invitation to take up the seat: the code and link are in
    this answer only (only a hash is stored). A pending invitation of the same
    seat is revoked."""
    seat, access = access_seat_by_id(request.auth, id, manage=True)
    base = settings.BACKCHANNEL_BASE_URL or request.build_absolute_uri("/")
    # An email that cannot be sent leaves no invitation behind whose code
    # nobody has seen.
    with transaction.atomic():
        invitation, code = services.invitation_create(
            access=access, seat=seat, days=payload.days
        )
        if payload.email:
            services.invitation_send(
                access=access, code=code, email=payload.email, base=base
            )
    out = invitation_out(invitation)
    return Status(
        201,
        InvitationCreatedOut(
            **out.model_dump(),
            code=services.format_code(code),
            link=services.invitation_link(code, base=base),
        ),
    )


@router.post("/processes/{id}/invitations", response={201: InvitationBulkOut, **WRITE})
def invitation_bulk(
    request: ApiRequest, id: Id, payload: InvitationBulkIn
) -> Status[InvitationBulkOut]:
    """Invite several seats (``seats``) or all (``all``), as the roster's bulk
    invitation: a seat taken up is skipped, and so is one whose invitation is
    still pending unless ``replace_pending``."""
    access = access_process_by_id(request.auth, id, manage=True)
    if payload.all:
        seats = [s for s in roster_for(access) if s.left_on is None]
    else:
        seats = seats_by_ids(access, [str(s) for s in payload.seats])
        if len(seats) != len(set(payload.seats)):
            raise ValidationFailed(
                {
                    "seats": [
                        _(
                            "Some of these seats are not in this process: list "
                            "the seats' ids from GET /processes/{id}/seats."
                        )
                    ]
                }
            )
    if not seats:
        raise ValidationFailed(
            {"seats": [_('Name the seats to invite, or give "all": true.')]}
        )
    batch = services.invitation_create_many(
        access=access,
        seats=seats,
        replace_pending=payload.replace_pending,
        days=payload.days,
    )
    base = settings.BACKCHANNEL_BASE_URL or request.build_absolute_uri("/")
    made = [
        InvitationCreatedOut(
            **invitation_out(invitation).model_dump(),
            code=services.format_code(code),
            link=services.invitation_link(code, base=base),
        )
        for invitation, code in batch.made
    ]
    return Status(
        201,
        InvitationBulkOut(
            made=made,
            skipped_pending=[str(s.pseudonym) for s in batch.pending],
            skipped_taken_up=[str(s.pseudonym) for s in batch.taken_up],
            message=batch.summary(),
        ),
    )


@router.get("/processes/{id}/invitations", response={200: list[InvitationOut], **READ})
def invitation_list(request: ApiRequest, id: Id) -> list[InvitationOut]:
    """Every invitation of the process, newest first: for its managers."""
    access = access_process_by_id(request.auth, id, manage=True)
    return [invitation_out(i) for i in invitation_list_for(access)]


@router.delete("/invitations/{id}", response={204: None, **WRITE})
def invitation_revoke(request: ApiRequest, id: Id) -> Status[None]:
    """Revoke a pending invitation: its link and code stop working (the record
    of it stays, as revoked)."""
    invitation, access = access_invitation_by_id(request.auth, id)
    services.invitation_revoke(access=access, invitation=invitation)
    return Status(204, None)
