"""Invitations: made by a process's managers from a seat or the roster, and
taken up by the invitee on the public ``/join/`` pages.

Nothing about a process (not even its title) is shown on ``/join/`` before
the code is checked. The code leaves the address bar at once: it is kept in
the session while the invitee reads the ground rules.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.image.svg
from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from backchannel.accounts.adapter import AccountAdapter
from backchannel.accounts.http import WebRequest
from backchannel.core.errors import PermissionDenied, ValidationFailed
from backchannel.core.web import (
    GET_POST,
    attach_errors,
    confirm_page,
    form_page,
    posted,
    process_page,
    render_form,
    web_errors,
)
from backchannel.participants import services
from backchannel.participants.access import (
    access_invitation_by_id,
    access_seat_by_id,
)
from backchannel.participants.forms import (
    InvitationEmailForm,
    InvitationForm,
    JoinCodeForm,
    JoinForm,
    RulesForm,
)
from backchannel.participants.logins import login_user
from backchannel.participants.models import Invitation, Seat
from backchannel.participants.selectors import roster_for, seats_by_ids
from backchannel.processes.access import access_process_by_id
from backchannel.processes.rules import ground_rules_text, ground_rules_version

SESSION_KEY = "join_code"
# The invitations just made, for the page after the redirect: shown once, then
# dropped, so that reloading it makes nothing and revokes nothing.
HANDOVER_KEY = "invitation_handover"


@dataclass(frozen=True)
class Handover:
    """What a manager hands over for one invitation: shown once."""

    seat: Seat
    invitation: Invitation
    code: str
    link: str
    qr_svg: SafeString

    @property
    def formatted_code(self) -> str:
        return services.format_code(self.code)


def qr_svg(text: str) -> SafeString:
    """An inline SVG QR code (drawn here: no outside request)."""
    image = qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2
    )
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg)  # noqa: S308  made by the library from our own link


def _base(request: HttpRequest) -> str:
    return settings.BACKCHANNEL_BASE_URL or request.build_absolute_uri("/")


def _handover(request: HttpRequest, seat: Seat, made: tuple[Invitation, str]):
    invitation, code = made
    link = services.invitation_link(code, base=_base(request))
    return Handover(seat, invitation, code, link, qr_svg(link))


def _hand_over(
    request: HttpRequest, access: Any, made: list[tuple[Seat, tuple[Invitation, str]]]
) -> HttpResponse:
    """POST/redirect/GET: keep the new codes in the (encrypted) session for the
    one page that shows them, and redirect to it."""
    request.session[HANDOVER_KEY] = {
        "process": str(access.process.pk),
        "items": [
            {"seat": str(seat.pk), "invitation": str(inv.pk), "code": code}
            for seat, (inv, code) in made
        ],
    }
    return redirect("participants:invitation-handover", access.process.pk)


@login_required
@require_http_methods(["GET"])
@web_errors
def invitation_handover(request: WebRequest, process_id: Any) -> HttpResponse:
    """The invitations just made, shown exactly once (read from the session and
    cleared); a reload says so and makes nothing."""
    access = access_process_by_id(request.user, process_id, manage=True)
    stash = request.session.get(HANDOVER_KEY) or {}
    if stash.get("process") == str(access.process.pk):
        del request.session[HANDOVER_KEY]
    else:
        stash = {}
    items = stash.get("items", [])
    seats = {str(s.pk): s for s in seats_by_ids(access, [i["seat"] for i in items])}
    invitations = {
        str(i.pk): i
        for i in Invitation.objects.filter(
            seat__process=access.process, pk__in=[i["invitation"] for i in items]
        )
    }
    handovers = [
        _handover(request, seats[i["seat"]], (invitations[i["invitation"]], i["code"]))
        for i in items
        if i["seat"] in seats and i["invitation"] in invitations
    ]
    if not handovers:
        messages.warning(
            request,
            _(
                "Invitation links and codes are shown only once, and these were. "
                "Nothing new was made: to hand one over again, make a new "
                "invitation from the roster (it replaces the earlier one)."
            ),
        )
        return redirect("participants:seat-list", access.process.pk)
    return _render_handovers(request, access, handovers)


def _render_handovers(
    request: HttpRequest, access: Any, handovers: list[Handover]
) -> HttpResponse:
    context = {
        "access": access,
        "process": access.process,
        "handovers": handovers,
        "email_enabled": settings.EMAIL_ENABLED,
        "email_form": InvitationEmailForm(),
        "tab": "roster",
    }
    response = render(request, "participants/invitation_handover.html", context)
    response["Cache-Control"] = "no-store"
    return response


# -- managers


@login_required
@GET_POST
@web_errors
def invitation_create(request: WebRequest, seat_id: Any) -> HttpResponse:
    seat, access = access_seat_by_id(request.user, seat_id, manage=True)
    form = InvitationForm(posted(request))
    return form_page(
        request,
        form,
        lambda: services.invitation_create(
            access=access, seat=seat, days=form.cleaned_data["days"]
        ),
        aliases={"seat": "days"},
        then=lambda made: _hand_over(request, access, [(seat, made)]),
        message=None,
        template="processes/simple_form.html",
        context=lambda: process_page(
            access,
            heading=_("Invite %(name)s (%(code)s)")
            % {"name": seat.person.name, "code": seat.pseudonym},
            intro=_(
                "The invitation is a single-use link, also shown as a short code and "
                "a QR code, for you to hand over in person or through a channel you "
                "trust. The invitee chooses a login, accepts the ground rules and "
                "takes up this seat, and only this one."
            ),
            tab="roster",
            submit=_("Make the invitation"),
        ),
    )


@login_required
@require_POST
@web_errors
def invitation_bulk(request: WebRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id, manage=True)
    everyone = request.POST.get("all") == "not-invited"
    if everyone:  # no JavaScript needed to select them all
        seats = [s for s in roster_for(access) if s.left_on is None]
    else:
        seats = seats_by_ids(access, request.POST.getlist("seat"))
    if not seats:
        messages.warning(
            request,
            _(
                "Nobody was invited: tick the seats to invite in the roster's first "
                "column, or choose “Invite all seats not yet invited”."
            ),
        )
        return redirect("participants:seat-list", access.process.pk)
    batch = services.invitation_create_many(
        access=access,
        seats=seats,
        replace_pending=not everyone and request.POST.get("replace_pending") == "1",
    )
    if not batch.made:
        notice = messages.warning
    elif batch.pending or batch.taken_up:
        notice = messages.info
    else:
        notice = messages.success
    notice(request, batch.summary())
    if not batch.made:
        return redirect("participants:seat-list", access.process.pk)
    return _hand_over(request, access, [(made[0].seat, made) for made in batch.made])


@login_required
@require_POST
@web_errors
def invitation_email(request: WebRequest, invitation_id: Any) -> HttpResponse:
    invitation, access = access_invitation_by_id(request.user, invitation_id)
    code = services.normalise_code(request.POST.get("code", ""))
    form = InvitationEmailForm(request.POST)
    if (
        not hmac.compare_digest(
            services.invitation_code_hash(code), invitation.code_hash
        )
        or invitation.state != "pending"
    ):
        messages.error(
            request,
            _("This invitation can no longer be sent: make a new one from the roster."),
        )
    elif form.is_valid():
        try:
            services.invitation_send(
                access=access,
                code=code,
                email=form.cleaned_data["email"],
                base=_base(request),
            )
        except ValidationFailed as exc:
            for msgs in exc.errors.values():
                for message in msgs:
                    messages.error(request, message)
        else:
            messages.success(request, _("The invitation was sent."))
    else:
        messages.error(
            request, _("Give an email address such as name@example.org, or none.")
        )
    return redirect("participants:seat-list", access.process.pk)


@login_required
@GET_POST
@web_errors
def invitation_revoke(request: WebRequest, invitation_id: Any) -> HttpResponse:
    """Revoke a pending invitation, once the manager confirms it (GET asks, POST
    revokes and redirects to the roster), as leaving a process does."""
    invitation, access = access_invitation_by_id(request.user, invitation_id)
    roster = reverse("participants:seat-list", args=[access.process.pk])
    seat = invitation.seat
    return confirm_page(
        request,
        lambda: services.invitation_revoke(access=access, invitation=invitation),
        then=roster,
        message=_("Invitation revoked: its link and code no longer work."),
        context=lambda: process_page(
            access,
            question=_("Revoke this invitation?"),
            name=f"{seat.person.name} ({seat.pseudonym})",
            explanation=_(
                "Its link and code stop working at once. To let the person "
                "join later, make a new invitation."
            ),
            button=_("Revoke invitation"),
            errors_title=_("It cannot be revoked:"),
            cancel_url=roster,
            tab="roster",
        ),
    )


@login_required
@GET_POST
@web_errors
def seat_leave(request: WebRequest, process_id: Any) -> HttpResponse:
    access = access_process_by_id(request.user, process_id)
    if access.seat_id is None:
        raise PermissionDenied(
            _("You hold no seat in this process, so there is none to leave.")
        )
    return confirm_page(
        request,
        lambda: services.seat_leave(access=access),
        then=reverse("home"),
        message=_(
            "You have left the process: your login no longer opens it. What "
            "was recorded stays as it was."
        ),
        context=lambda: process_page(
            access,
            question=_("Leave this process?"),
            name=str(access.process.title),
            explanation=_(
                "Your seat stops giving your login access today. What you "
                "contributed stays in the record, as before. To come back you "
                "need a new invitation."
            ),
            confirm_label=_("Leave the process"),
            cancel_url=reverse("processes:process-detail", args=[access.process.pk]),
        ),
        template="participants/seat_leave.html",
        show_errors=False,
    )


# -- the invitee (public)


def _client(request: HttpRequest) -> str:
    return AccountAdapter(request).get_client_ip(request)


def _check(request: HttpRequest, code: str) -> Invitation:
    client = _client(request)
    services.invitation_throttle(client)
    try:
        return services.invitation_find(code)
    except services.InvitationUnusable as exc:
        if exc.state == "unknown":
            services.invitation_miss(client)
        raise


def _refused(
    request: HttpRequest, exc: PermissionDenied, form: JoinCodeForm
) -> HttpResponse:
    status = 429 if isinstance(exc, services.InvitationThrottled) else 410
    if isinstance(exc, services.InvitationUnusable) and exc.state == "unknown":
        status = 404
    context = {
        "form": form,
        "refusal": exc.message,
        # A used link asks its owner to log in: offer the way to.
        "offer_login": isinstance(exc, services.InvitationUnusable)
        and exc.state == "accepted"
        and not request.user.is_authenticated,
    }
    response = render(request, "participants/join_code.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@GET_POST
def join(request: HttpRequest) -> HttpResponse:
    """Enter a code by hand. Shows nothing about any process."""
    form = JoinCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            _check(request, form.cleaned_data["code"])
        except PermissionDenied as exc:
            return _refused(request, exc, JoinCodeForm())
        request.session[SESSION_KEY] = services.normalise_code(
            form.cleaned_data["code"]
        )
        return redirect("join-accept")
    return render_form(request, "participants/join_code.html", {"form": form})


@never_cache
@require_http_methods(["GET"])
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """The link: check the code, keep it in the session, and take it out of
    the address bar (and of the browser's history) at once."""
    try:
        _check(request, code)
    except PermissionDenied as exc:
        return _refused(request, exc, JoinCodeForm())
    request.session[SESSION_KEY] = services.normalise_code(code)
    return redirect("join-accept")


@never_cache
@GET_POST
def join_accept(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_KEY, "")
    if not code:
        return redirect("join")
    try:
        invitation = _check(request, code)
    except PermissionDenied as exc:
        request.session.pop(SESSION_KEY, None)
        return _refused(request, exc, JoinCodeForm())
    process = invitation.seat.process
    user = request.user if request.user.is_authenticated else None
    version = ground_rules_version(process)
    form = JoinForm(
        posted(request), new_login=user is None, initial={"rules_version": version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seat = services.invitation_accept(
                code=code,
                user=user,
                accept_rules=data["accept_rules"],
                rules_version=data["rules_version"],
                username=data.get("username", ""),
                password=data.get("password1", ""),
            )
        except services.InvitationUnusable as exc:
            request.session.pop(SESSION_KEY, None)
            return _refused(request, exc, JoinCodeForm())
        except ValidationFailed as exc:
            attach_errors(form, exc.errors, aliases=JoinForm.ALIASES)
        else:
            request.session.pop(SESSION_KEY, None)
            if user is None:
                created = login_user(seat.person)
                login(
                    request,
                    created,
                    backend="django.contrib.auth.backends.ModelBackend",
                )
                # The password was chosen just now: a role that needs a second
                # factor sets it up next without typing it again.
                record_authentication(request, created, method="password")
            messages.success(
                request,
                _("Welcome: you have taken up your seat (%(code)s).")
                % {"code": seat.pseudonym},
            )
            return redirect("processes:process-detail", seat.process_id)
    context = {
        "form": form,
        "invited_process": process,
        "seat": invitation.seat,
        "rules": ground_rules_text(process),
        "rules_version": version,
        "valid_through": invitation.valid_through,
        "logged_in_as": user,
    }
    response = render_form(request, "participants/join_accept.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@GET_POST
@web_errors
def seat_rules(request: WebRequest, process_id: Any) -> HttpResponse:
    """The ground rules of the process, and whether the seat holder accepted
    their current version (accept it here when not)."""
    access = access_process_by_id(request.user, process_id)
    if access.seat_id is None:
        raise PermissionDenied(
            _(
                "You hold no seat in this process: the ground rules are accepted "
                "by those seated."
            )
        )
    seat = Seat.objects.get(pk=access.seat_id)
    version = ground_rules_version(access.process)
    form = RulesForm(posted(request), initial={"rules_version": version})
    return form_page(
        request,
        form,
        lambda: services.rules_accept(
            access=access,
            accept=form.cleaned_data["accept_rules"],
            rules_version=form.cleaned_data["rules_version"],
        ),
        then=reverse("participants:seat-rules", args=[access.process.pk]),
        message=_("Ground rules accepted."),
        template="participants/seat_rules.html",
        context=lambda: process_page(
            access,
            seat=seat,
            rules=ground_rules_text(access.process),
            rules_version=version,
            current=seat.rules_version == version,
        ),
    )
