"""HTML pages of the people registry and of the seats (roster) of a process."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from backchannel.accounts.http import WebRequest
from backchannel.core import uploads
from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.core.web import (
    GET,
    GET_POST,
    confirm_page,
    form_page,
    html_view,
    pick,
    posted,
    render_confirm,
    tab_page,
    web_errors,
)
from backchannel.participants import links, seating, services
from backchannel.participants.access import (
    access_organisation_for_people,
    access_person_by_id,
    access_seat_by_id,
    access_seat_to_end,
    organisations_for_people,
    require_composition,
)
from backchannel.participants.forms import (
    AffiliationForm,
    PersonForm,
    SeatCreateForm,
    SeatForm,
)
from backchannel.participants.links import login_link_for
from backchannel.participants.logins import login_name, login_of
from backchannel.participants.models import PERSON_DEFAULTS, Person
from backchannel.participants.selectors import (
    affiliation_get,
    latest_invitations,
    person_list_for,
    processes_to_seat_in,
    roster_for,
    unseated_people_for,
)
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.selectors import side_list_for

_page = tab_page(tab="roster")


def _roster_url(access: Any) -> str:
    return reverse("participants:seat-list", args=[access.process.pk])


# -- the roster of a process


@html_view(access_process_by_id, methods=GET)
def seat_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    require_composition(access)
    seats = roster_for(access)
    if access.can_manage:
        latest = latest_invitations(access)
        for seat in seats:
            seat.taken_up = services.seat_is_taken_up(seat)
            # Which login took the seat up: for the managers only, so that a
            # seat taken up by the wrong person can be seen (and ended).
            seat.holder = login_name(seat.person) if seat.taken_up else ""
            seat.invitation = latest.get(seat.pk)
            seat.invitation_state = (
                services.invitation_state_label(seat.invitation.state)
                if seat.invitation
                else ""
            )
    # "Tick all" is a link back here (no JavaScript): the boxes come ticked.
    tick_all = access.can_manage and request.GET.get("tick") == "all"
    context = _page(access, seats=seats, nav="processes", tick_all=tick_all)
    return render(request, "participants/seat_list.html", context)


@html_view(access_process_by_id, manage=True)
def seat_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    people = unseated_people_for(access)
    sides = side_list_for(access)
    initial = {"role": "participant"}
    wanted = request.GET.get("person", "")
    if any(str(p.pk) == wanted for p in people):
        initial["person"] = wanted  # from the person's "Seat in a process"
    form = SeatCreateForm(posted(request), people=people, sides=sides, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.seat_create(
            access=access,
            person=pick(people, form.cleaned_data["person"]),
            role=form.cleaned_data["role"],
            side=pick(sides, form.cleaned_data["side"]),
            pseudonym=form.cleaned_data["pseudonym"],
        ),
        then=_roster_url(access),
        message=_("Seat added."),
        template="processes/simple_form.html",
        context=lambda: _page(
            access,
            heading=_("Seat a person"),
            intro=_(
                "Seat someone from the organisation's people registry. "
                "To seat someone new, add them to the registry first."
            ),
            intro_links=[
                (
                    _with_query(
                        reverse(
                            "participants:person-create",
                            args=[access.process.organisation_id],
                        ),
                        next=request.path,
                    ),
                    _("Someone missing? Add them to the registry"),
                ),
                (
                    reverse("participants:seat-import", args=[access.process.pk]),
                    _("Seat many people at once from a roster"),
                ),
            ],
        ),
    )


@html_view(access_seat_by_id, manage=True)
def seat_edit(request: WebRequest, seat: Any, access: ProcessAccess) -> HttpResponse:
    sides = side_list_for(access)
    initial = {
        "role": seat.role,
        "side": str(seat.side_id or ""),
        "pseudonym": seat.pseudonym,
    }
    form = SeatForm(posted(request), sides=sides, initial=initial)

    def save() -> None:
        data = form.cleaned_data
        changes: dict[str, Any] = {
            "role": data["role"],
            "side": pick(sides, data["side"]),
        }
        if data["pseudonym"].strip():
            changes["pseudonym"] = data["pseudonym"].strip()
        services.seat_update(access=access, seat=seat, **changes)

    return form_page(
        request,
        form,
        save,
        then=_roster_url(access),
        message=_("Seat saved."),
        template="processes/simple_form.html",
        context=lambda: _page(
            access,
            heading=_("Edit the seat of %(name)s (%(code)s)")
            % {"name": seat.person.name, "code": seat.pseudonym},
            delete_url=reverse("participants:seat-delete", args=[seat.pk]),
        ),
    )


@html_view(access_seat_by_id, manage=True)
def seat_delete(request: WebRequest, seat: Any, access: ProcessAccess) -> HttpResponse:
    return confirm_page(
        request,
        lambda: services.seat_delete(access=access, seat=seat),
        then=_roster_url(access),
        message=_("Seat removed."),
        context=lambda: _page(
            access,
            question=_("Delete this seat?"),
            name=f"{seat.person.name} ({seat.pseudonym})",
            cancel_url=_roster_url(access),
        ),
    )


@login_required
@GET_POST
@web_errors
def seat_end_access(request: WebRequest, seat_id: Any) -> HttpResponse:
    """ "Not the right person": a convener ends the access of a seat taken up by
    another login than its person's (``services.seat_access_end``)."""
    seat, access = access_seat_to_end(request.user, seat_id)
    if request.method == "POST":
        services.seat_access_end(access=access, seat=seat)
        messages.success(
            request,
            _(
                "The seat's access has ended: that login no longer opens the "
                "process. Invite the right person with a new invitation."
            ),
        )
        return redirect("participants:seat-list", access.process.pk)
    if not access.can_end_seat_access:
        raise PermissionDenied(
            _("Only a convener of the process can end a seat's access.")
        )
    user = login_of(seat.person) if services.seat_is_taken_up(seat) else None
    context = {
        "access": access,
        "process": access.process,
        "question": _("End this seat's access?"),
        "name": f"{seat.person.name} ({seat.pseudonym})",
        "explanation": (
            _(
                "The seat was taken up by the login %(username)s. If that is not "
                "%(name)s, end its access: the login stops opening the process "
                "today, it is no longer linked to %(name)s (unless it holds their "
                "seat in another process), and you can invite the right person "
                "again. What was recorded under the seat stays."
            )
            % {"username": user.username, "name": seat.person.name}
            if user is not None
            else _("Nobody has taken this seat up: there is no access to end.")
        ),
        "confirm_label": _("End access"),
        "cancel_url": reverse("participants:seat-list", args=[access.process.pk]),
        "tab": "roster",
    }
    return render(request, "participants/seat_leave.html", context)


@html_view(access_process_by_id, manage=True)
def seat_import(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    """Seat in bulk: paste or upload a roster, see the preview, confirm."""
    seating.require_seating_rights(access)
    context = _page(
        access,
        # One column a piece: the page lets the header wrap after each comma
        # (a 390 px phone cannot hold it on one line).
        header_columns=seating.HEADER.split(","),
        accepted=seating.accepted_columns(),
        example=seating.roster_example(
            [str(side.name) for side in access.process.sides.order_by("position")]
        ),
        nav="processes",
        text="",
        problems=[],
        plan=None,
    )
    if request.method == "GET":
        return render(request, "participants/seat_import.html", context)
    try:
        upload = request.FILES.get("file")
        if upload is not None and upload.size:
            data = upload.read(uploads.limit("MAX_UPLOAD_BYTES") + 1)
            text = seating.read_roster_bytes(data, label=upload.name or "The file")
        else:
            text = seating.check_roster_text(request.POST.get("roster", ""))
    except ValidationFailed as exc:
        context["problems"] = exc.lines()
        return render(request, "participants/seat_import.html", context, status=422)
    context["text"] = text
    if request.POST.get("confirm") == "1":
        try:
            seats = seating.roster_seat(access=access, text=text)
        except ValidationFailed as exc:
            context["problems"] = exc.lines()
            return render(request, "participants/seat_import.html", context, status=422)
        messages.success(
            request,
            ngettext("%(n)s person seated", "%(n)s people seated", len(seats))
            % {"n": len(seats)},
        )
        context["seated"] = seats
        return render(request, "participants/seat_import_done.html", context)
    plan = seating.roster_plan(access=access, text=text)
    if plan.problems:
        context["problems"] = [str(p) for p in plan.problems]
        return render(request, "participants/seat_import.html", context, status=422)
    context["plan"] = plan
    return render(request, "participants/seat_import.html", context)


# -- the people registry of an organisation


@login_required
@require_GET
@web_errors
def organisation_list(request: WebRequest) -> HttpResponse:
    organisations = organisations_for_people(request.user)
    if not organisations:
        raise PermissionDenied(
            _(
                "People registries are open to conveners and facilitators only: ask a convener of your organisation if you need to add someone."
            )
        )
    if len(organisations) == 1:
        return redirect("participants:person-list", organisations[0].pk)
    return render(
        request,
        "participants/organisation_list.html",
        {"organisations": organisations, "nav": "people"},
    )


@login_required
@require_GET
@web_errors
def person_list(request: WebRequest, organisation_id: Any) -> HttpResponse:
    organisation = access_organisation_for_people(request.user, organisation_id)
    context = {
        "organisation": organisation,
        "people": person_list_for(organisation),
        "nav": "people",
    }
    return render(request, "participants/person_list.html", context)


def _safe_next(request: WebRequest) -> str:
    """The page to go back to after a form (``next``), if it is a path on this
    site; anything else (another host, a scheme) is dropped."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` added to (or replacing those in) its query."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


@login_required
@GET_POST
@web_errors
def person_create(request: WebRequest, organisation_id: Any) -> HttpResponse:
    organisation = access_organisation_for_people(request.user, organisation_id)
    form = PersonForm(posted(request), initial=dict(PERSON_DEFAULTS))
    back = _safe_next(request)

    def then(person: Person) -> str:
        # Back where they came from (the seat form) with the person chosen.
        if back:
            return _with_query(back, person=str(person.pk))
        return reverse("participants:person-edit", args=[person.pk])

    return form_page(
        request,
        form,
        lambda: services.person_create(
            actor=request.user, organisation=organisation, **form.service_kwargs()
        ),
        aliases=PersonForm.ALIASES,
        then=then,
        message=_("Person added to the registry."),
        template="participants/person_form.html",
        context={"organisation": organisation, "nav": "people", "next": back},
    )


def _person_page(
    request: WebRequest,
    person: Person,
    forms: tuple[PersonForm, AffiliationForm],
    submitted: PersonForm | AffiliationForm,
    save: Callable[[], Any],
    *,
    message: str,
    then: str,
) -> HttpResponse:
    """A person's page has two forms, the person's and a new affiliation's:
    ``submitted`` is the one posted to ``save``."""
    form, affiliation_form = forms
    return form_page(
        request,
        submitted,
        save,
        aliases=PersonForm.ALIASES if submitted is form else None,
        then=then,
        message=message,
        template="participants/person_form.html",
        context=lambda: {
            "organisation": person.organisation,
            "person": person,
            "form": form,
            "affiliation_form": affiliation_form,
            "affiliations": list(person.affiliations.all()),
            "seat_in": processes_to_seat_in(request.user, person),
            "login_link": login_link_for(request.user, person),
            "nav": "people",
        },
    )


@login_required
@GET_POST
@web_errors
def person_edit(request: WebRequest, person_id: Any) -> HttpResponse:
    person = access_person_by_id(request.user, person_id)
    form = PersonForm(posted(request), initial=PersonForm.initial_for(person))
    return _person_page(
        request,
        person,
        (form, AffiliationForm()),
        form,
        lambda: services.person_update(
            actor=request.user, person=person, **form.service_kwargs()
        ),
        message=_("Person saved."),
        then=reverse("participants:person-edit", args=[person.pk]),
    )


@login_required
@require_POST
@web_errors
def affiliation_create(request: WebRequest, person_id: Any) -> HttpResponse:
    person = access_person_by_id(request.user, person_id)
    affiliation_form = AffiliationForm(request.POST)
    return _person_page(
        request,
        person,
        (PersonForm(initial=PersonForm.initial_for(person)), affiliation_form),
        affiliation_form,
        lambda: services.affiliation_add(
            actor=request.user, person=person, **affiliation_form.cleaned_data
        ),
        message=_("Affiliation added."),
        then=reverse("participants:person-edit", args=[person.pk]) + "#affiliations",
    )


@login_required
@GET_POST
@web_errors
def person_login_unlink(request: WebRequest, person_id: Any) -> HttpResponse:
    """Unlink a person's login (organisation's conveners): see ``participants.links``."""
    person = access_person_by_id(request.user, person_id)
    cancel = reverse("participants:person-edit", args=[person.pk])
    if login_link_for(request.user, person) is None:
        raise PermissionDenied(
            _(
                "Only a convener of the organisation may unlink a person's login: "
                "ask one of them."
            )
        )
    if request.method == "POST":
        ended = links.person_login_unlink(actor=request.user, person=person)
        messages.success(
            request,
            ngettext(
                "Login unlinked; %(n)s seat ended. Invite the person again.",
                "Login unlinked; %(n)s seats ended. Invite the person again.",
                ended,
            )
            % {"n": ended},
        )
        return redirect(cancel)
    context = {
        "question": _("Unlink this person's login?"),
        "name": person.name,
        "cancel_url": cancel,
        "nav": "people",
    }
    return render_confirm(request, context)


@login_required
@GET_POST
@web_errors
def affiliation_delete(
    request: WebRequest, person_id: Any, affiliation_id: Any
) -> HttpResponse:
    person = access_person_by_id(request.user, person_id)
    affiliation = affiliation_get(person, affiliation_id)
    cancel = reverse("participants:person-edit", args=[person.pk]) + "#affiliations"
    return confirm_page(
        request,
        lambda: services.affiliation_delete(
            actor=request.user, affiliation=affiliation
        ),
        then=cancel,
        message=_("Affiliation removed."),
        context={
            "question": _("Delete this affiliation?"),
            "name": f"{person.name}: {affiliation.describe()}",
            "cancel_url": cancel,
            "nav": "people",
        },
    )
