"""HTML pages of trial balloons (ideas), feedback, the cross-side view, and
joint texts (single-text drafting): each one's header (``html_view``) opens
the idea, version or text through its ``access_*`` door (``ideas.access``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backchannel.accounts.http import WebRequest
from backchannel.core.errors import NotFound
from backchannel.core.web import (
    GET,
    POST,
    confirm_page,
    confirm_view,
    form_page,
    form_view,
    html_view,
    name_views,
    pick,
    posted,
    tab_form,
    tab_page,
)
from backchannel.ideas import services
from backchannel.ideas.access import (
    access_feedback_by_id,
    access_idea_by_id,
    access_idea_version_by_id,
    access_joint_text_by_id,
    access_section_by_id,
    can_contribute,
    contributor_seat,
)
from backchannel.ideas.charts import convergence_chart
from backchannel.ideas.forms import (
    CommentForm,
    FeedbackForm,
    IdeaForm,
    JointTextForm,
    SectionFormSet,
    VersionForm,
    VersionNoteForm,
    VersionSettingsForm,
    attach_section_errors,
    sections_of,
)
from backchannel.ideas.models import IdeaStatus, JointText
from backchannel.ideas.selectors import (
    feedback_list_for,
    idea_detail_for,
    idea_ground_for,
    idea_list_for,
    joint_text_diff_for,
    joint_text_list_for,
    joint_text_view_for,
    own_feedback_for,
    version_ground_for,
)
from backchannel.meetings.models import Meeting
from backchannel.processes.access import ProcessAccess, access_process_by_id
from backchannel.processes.models import Objective, Side

_page = tab_page(tab="ideas")


# The one-form pages of ideas and joint texts: Cancel goes back to ``then``
# unless the context names another ``cancel_url``.
_simple_form = tab_form("ideas/simple_form.html", _page, cancel_to_then=True)


def _latest_text(idea: Any) -> dict[str, str]:
    latest = idea.versions.order_by("number").last()
    return {"text": latest.text if latest else ""}


def _list_url(access: ProcessAccess) -> str:
    return reverse("ideas:idea-list", args=[access.process.pk])


# -- ideas


@html_view(access_process_by_id, methods=GET)
def idea_list(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    ideas = idea_list_for(access)
    context = _page(
        access,
        ideas=ideas,
        cruxes=[(g.idea, v) for g in ideas for v in g.cruxes],
        joint_texts=joint_text_list_for(access),
        nav="processes",
    )
    return render(request, "ideas/idea_list.html", context)


def _idea_choices(access: ProcessAccess) -> dict[str, Any]:
    process = access.process
    return {
        "sides": list(Side.objects.filter(process=process).order_by("position")),
        "objectives": list(
            Objective.objects.filter(process=process).order_by(
                "phase__position", "position"
            )
        ),
        "meetings": list(Meeting.objects.filter(process=process).order_by("date")),
        # Where objectives are added, for the form to offer when there is none.
        "objectives_url": reverse("processes:process-detail", args=[process.pk])
        + "#phases",
    }


def _idea_fields(form: IdeaForm, choices: dict[str, Any]) -> dict[str, Any]:
    data = form.cleaned_data
    wanted = set(data["objectives"])
    return {
        "title": data["title"],
        "status": data["status"],
        "provenance": data["provenance"],
        "provenance_side": pick(choices["sides"], data["provenance_side"]),
        "objectives": [o for o in choices["objectives"] if str(o.pk) in wanted],
        "meeting": pick(choices["meetings"], data["meeting"]),
    }


@html_view(access_process_by_id, manage=True)
def idea_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    choices = _idea_choices(access)
    form = IdeaForm(posted(request), **choices)
    return form_page(
        request,
        form,
        lambda: services.idea_create(
            access=access,
            text=form.cleaned_data["text"],
            **_idea_fields(form, choices),
        ),
        then=_detail_url,
        message=_created_message,
        template="ideas/idea_form.html",
        context=_page(
            access, heading=_("New trial balloon"), cancel_url=_list_url(access)
        ),
    )


def _detail_url(idea: Any) -> str:
    return reverse("ideas:idea-detail", args=[idea.pk])


def _created_message(idea: Any) -> str:
    if idea.status == IdeaStatus.DRAFT:
        return _(
            "Trial balloon saved as a draft: participants do not see it yet. Float it when it is ready."
        )
    return _("Idea saved.")


@html_view(access_idea_by_id, manage=True)
def idea_edit(request: WebRequest, idea: Any, access: ProcessAccess) -> HttpResponse:
    idea = idea_detail_for(idea)
    choices = _idea_choices(access)
    initial = {
        "title": idea.title,
        "status": idea.status,
        "provenance": idea.provenance,
        "provenance_side": str(idea.provenance_side_id or ""),
        "objectives": [str(o.pk) for o in idea.objectives.all()],
        "meeting": str(idea.meeting_id or ""),
    }
    form = IdeaForm(posted(request), initial=initial, with_text=False, **choices)
    return form_page(
        request,
        form,
        lambda: services.idea_update(
            access=access, idea=idea, **_idea_fields(form, choices)
        ),
        then=_detail_url(idea),
        message=_("Idea saved."),
        template="ideas/idea_form.html",
        context=_page(
            access,
            heading=_("Edit trial balloon"),
            cancel_url=_detail_url(idea),
            delete_url=reverse("ideas:idea-delete", args=[idea.pk]),
        ),
    )


@html_view(access_idea_by_id, manage=True, methods=POST)
def idea_float(request: WebRequest, idea: Any, access: ProcessAccess) -> HttpResponse:
    """The one button on a draft: float it to the participants."""
    services.idea_float(access=access, idea=idea)
    messages.success(
        request,
        _("Floated: participants now see this idea and can give feedback."),
    )
    return redirect("ideas:idea-detail", idea.pk)


def _deletion(
    opens: Callable[..., Any],
    what: str,
    message: Any,
    question: Any,
    cancel: Callable[[Any], str],
) -> Callable[..., HttpResponse]:
    """An idea or a joint text (``what``) deleted by a manager, declared: the
    service ``<what>_delete``, named by its title, back to the ideas."""
    delete = getattr(services, f"{what}_delete")
    return confirm_view(
        opens,
        manage=True,
        act=lambda obj, access: delete(access=access, **{what: obj}),
        then=lambda obj, access: _list_url(access),
        message=message,
        question=question,
        name=lambda obj, access: str(obj.title),
        cancel=lambda obj, access: cancel(obj),
        page=_page,
    )


idea_delete = _deletion(
    access_idea_by_id,
    "idea",
    gettext_lazy("Idea deleted."),
    gettext_lazy("Delete this idea, with its versions and all feedback?"),
    _detail_url,
)


@html_view(access_idea_by_id, methods=GET)
def idea_detail(request: WebRequest, idea: Any, access: ProcessAccess) -> HttpResponse:
    idea = idea_detail_for(idea)
    ground = idea_ground_for(access, idea)
    own = own_feedback_for(access, idea)
    contributor = can_contribute(access)
    open_version = next(
        (
            v.version
            for v in reversed(ground.versions)
            if not v.version.closed and idea.takes_feedback
        ),
        None,
    )
    form = None
    if contributor and open_version is not None:
        form = FeedbackForm(initial=_feedback_initial(own.get(open_version.pk)))
    context = _page(
        access,
        idea=idea,
        ground=ground,
        versions=[(v, own.get(v.version.pk)) for v in reversed(ground.versions)],
        contributor=contributor,
        open_version=open_version,
        form=form,
        chart=convergence_chart(ground),
        nav="processes",
    )
    return render(request, "ideas/idea_detail.html", context)


idea_version_create = form_view(
    access_idea_by_id,
    manage=True,
    show=_simple_form,
    form=lambda data, idea, access: VersionForm(data, initial=_latest_text(idea)),
    save=lambda data, idea, access: services.idea_version_create(
        access=access, idea=idea, **data
    ),
    then=lambda idea, access: _detail_url(idea),
    message=gettext_lazy("New version saved."),
    page=lambda idea, access: {"heading": _("New version"), "subject": str(idea.title)},
)


def _version_settings(version: Any) -> dict[str, Any]:
    return {"closed": version.closed, "results_shared": version.results_shared}


idea_version_settings = form_view(
    access_idea_version_by_id,
    manage=True,
    show=_simple_form,
    form=lambda data, version, access: VersionSettingsForm(
        data, initial=_version_settings(version)
    ),
    save=lambda data, version, access: services.idea_version_update(
        access=access, version=version, **data
    ),
    then=lambda version, access: reverse("ideas:idea-detail", args=[version.idea_id]),
    message=lambda version, access: (
        _("Version %(number)s saved.") % {"number": version.number}
    ),
    page=lambda version, access: {
        "heading": _("Feedback on version %(number)s") % {"number": version.number},
        "subject": str(version.idea.title),
    },
)


# -- feedback


def _feedback_initial(feedback: Any) -> dict[str, Any]:
    if feedback is None:
        return {}
    return {
        "stance": str(feedback.stance),
        "conditions": "\n".join(feedback.conditions),
        "red_lines": "\n".join(feedback.red_lines),
        "comment": str(feedback.comment),
    }


@html_view(access_idea_version_by_id)
def feedback_edit(
    request: WebRequest, version: Any, access: ProcessAccess
) -> HttpResponse:
    """Give or edit one's own feedback on a version."""
    seat = contributor_seat(access)
    mine = version.feedback.filter(seat=seat).first()
    form = FeedbackForm(posted(request), initial=_feedback_initial(mine))
    return form_page(
        request,
        form,
        lambda: services.feedback_record(
            access=access, version=version, **form.values()
        ),
        then=reverse("ideas:idea-detail", args=[version.idea_id]),
        message=_(
            "Your feedback is saved. You can change it while the version is open."
        ),
        template="ideas/feedback_form.html",
        context=_page(access, version=version, idea=version.idea, mine=mine),
    )


@html_view(access_idea_version_by_id)
def feedback_withdraw(
    request: WebRequest, version: Any, access: ProcessAccess
) -> HttpResponse:
    """Withdraw one's own feedback on a version (after a confirmation)."""
    contributor_seat(access)
    return confirm_page(
        request,
        lambda: services.feedback_withdraw(access=access, version=version),
        then=reverse("ideas:idea-detail", args=[version.idea_id]),
        message=_("Your feedback is withdrawn."),
        context=_page(
            access,
            question=_("Withdraw your feedback?"),
            button=_("Withdraw"),
            name=_("Your feedback on version %(number)s of “%(title)s”")
            % {"number": version.number, "title": version.idea.title},
            cancel_url=reverse("ideas:feedback-edit", args=[version.pk]),
        ),
    )


@html_view(access_feedback_by_id)
def feedback_remove(
    request: WebRequest, feedback: Any, access: ProcessAccess
) -> HttpResponse:
    """A facilitator removes a participant's feedback at their request."""
    version = feedback.version
    return confirm_page(
        request,
        lambda: services.feedback_remove(access=access, feedback=feedback),
        then=reverse("ideas:feedback-list", args=[version.pk]),
        message=_("The feedback is removed."),
        context=lambda: _page(
            access,
            question=_("Remove this participant's feedback, at their request?"),
            name=_("%(seat)s on version %(number)s of “%(title)s”")
            % {
                "seat": feedback.seat.pseudonym if feedback.seat else _("seat removed"),
                "number": version.number,
                "title": version.idea.title,
            },
            button=_("Remove"),
            cancel_url=reverse("ideas:feedback-list", args=[version.pk]),
        ),
    )


@html_view(access_idea_version_by_id, manage=True, methods=GET)
def feedback_list(
    request: WebRequest, version: Any, access: ProcessAccess
) -> HttpResponse:
    """Individual responses, for the managers: every visit is audited."""
    rows = feedback_list_for(access, version)
    context = _page(
        access,
        version=version,
        idea=version.idea,
        rows=rows,
        ground=version_ground_for(access, version),
    )
    return render(request, "ideas/feedback_list.html", context)


# -- joint texts


def _sections_form(
    request: HttpRequest,
    access: ProcessAccess,
    *,
    joint_text: JointText | None,
) -> HttpResponse:
    """New joint text (title, language, sections) or a new version of one."""
    view = joint_text_view_for(access, joint_text) if joint_text else None
    section_initial = (
        [
            {
                "key": str(s.section.key),
                "heading": s.section.heading,
                "body": s.section.body,
            }
            for s in view.sections
        ]
        if view
        else [{}, {}]
    )
    head = (
        JointTextForm(posted(request))
        if joint_text is None
        else VersionNoteForm(posted(request))
    )
    formset = SectionFormSet(
        posted(request), initial=section_initial, prefix="sections"
    )
    for number, row in enumerate(formset.forms, start=1):
        row.fields["heading"].label = f"Section {number}: heading"
        row.fields["body"].label = f"Section {number}: text"
        row.fields["remove"].label = f"Leave section {number} out"

    @transaction.atomic
    def save() -> JointText:
        sections, _where = sections_of(formset)
        if joint_text is None:
            return services.joint_text_create(
                access=access, sections=sections, **head.cleaned_data
            )
        services.joint_text_version_create(
            access=access,
            joint_text=joint_text,
            sections=sections,
            note=head.cleaned_data["note"],
        )
        return joint_text

    return form_page(
        request,
        head,
        save,
        formset=formset,
        errors_to=lambda errors: attach_section_errors(
            formset, errors, sections_of(formset)[1]
        ),
        then=lambda saved: reverse("ideas:joint-text-detail", args=[saved.pk]),
        message=_("Joint text saved."),
        template="ideas/joint_text_form.html",
        context=_page(
            access,
            joint_text=joint_text,
            heading=_("New version") if joint_text else _("New joint text"),
            cancel_url=(
                reverse("ideas:joint-text-detail", args=[joint_text.pk])
                if joint_text
                else _list_url(access)
            ),
        ),
    )


@html_view(access_process_by_id, manage=True)
def joint_text_create(request: WebRequest, access: ProcessAccess) -> HttpResponse:
    return _sections_form(request, access, joint_text=None)


@html_view(access_joint_text_by_id, manage=True)
def joint_text_version_create(
    request: WebRequest, joint_text: Any, access: ProcessAccess
) -> HttpResponse:
    return _sections_form(request, access, joint_text=joint_text)


def _asked_version(request: HttpRequest, access: ProcessAccess, joint_text: Any) -> Any:
    """The joint text at the version the query asks for (``?version=``), or
    the 404 of a version it does not have."""
    view = joint_text_view_for(access, joint_text, _version_number(request, "version"))
    if view is None:
        raise NotFound("version")
    return view


def _version_number(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise NotFound("version") from None


@html_view(access_joint_text_by_id, methods=GET)
def joint_text_detail(
    request: WebRequest, joint_text: Any, access: ProcessAccess
) -> HttpResponse:
    view = _asked_version(request, access, joint_text)
    context = _page(
        access,
        view=view,
        joint_text=joint_text,
        contributor=can_contribute(access),
        comment_form=CommentForm(),
        nav="processes",
    )
    return render(request, "ideas/joint_text_detail.html", context)


@html_view(access_joint_text_by_id, methods=GET)
def joint_text_diff(
    request: WebRequest, joint_text: Any, access: ProcessAccess
) -> HttpResponse:
    numbers = list(
        joint_text.versions.order_by("number").values_list("number", flat=True)
    )
    to_number = _version_number(request, "to") or numbers[-1]
    from_number = _version_number(request, "from") or max(
        [n for n in numbers if n < to_number] or [to_number]
    )
    diffs = joint_text_diff_for(joint_text, from_number, to_number)
    if diffs is None:
        raise NotFound("version")
    context = _page(
        access,
        joint_text=joint_text,
        diffs=diffs,
        numbers=numbers,
        from_number=from_number,
        to_number=to_number,
    )
    return render(request, "ideas/joint_text_diff.html", context)


@html_view(access_joint_text_by_id, methods=GET)
def joint_text_export(
    request: WebRequest, joint_text: Any, access: ProcessAccess
) -> HttpResponse:
    """The text of one version as plain text, its language of record on top."""
    view = _asked_version(request, access, joint_text)
    text = services.joint_text_export(access=access, view=view)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Language"] = joint_text.language
    response["Content-Disposition"] = (
        f'attachment; filename="joint-text-v{view.version.number}.txt"'
    )
    return response


def _joint_text_url(joint_text: Any, *anchor: str) -> str:
    return reverse("ideas:joint-text-detail", args=[joint_text.pk]) + "".join(anchor)


joint_text_edit = form_view(
    access_joint_text_by_id,
    manage=True,
    show=_simple_form,
    form=lambda data, joint_text, access: JointTextForm(
        data, initial={"title": joint_text.title, "language": joint_text.language}
    ),
    save=lambda data, joint_text, access: services.joint_text_update(
        access=access, joint_text=joint_text, **data
    ),
    then=lambda joint_text, access: _joint_text_url(joint_text),
    message=gettext_lazy("Joint text saved."),
    page=lambda joint_text, access: {
        "heading": _("Edit joint text"),
        "delete_url": reverse("ideas:joint-text-delete", args=[joint_text.pk]),
    },
)


joint_text_delete = _deletion(
    access_joint_text_by_id,
    "joint_text",
    gettext_lazy("Joint text deleted."),
    gettext_lazy("Delete this joint text, with every version and comment?"),
    _joint_text_url,
)


def _comment_form(data: Any, section: Any, access: ProcessAccess) -> CommentForm:
    contributor_seat(access)  # only a contributor comments
    return CommentForm(data)


section_comment_create = form_view(
    access_section_by_id,
    show=_simple_form,
    form=_comment_form,
    save=lambda data, section, access: services.section_comment_create(
        access=access, section=section, **data
    ),
    then=lambda section, access: _joint_text_url(
        section.version.joint_text, f"#section-{section.key}"
    ),
    message=gettext_lazy("Comment added under your side."),
    page=lambda section, access: {
        "heading": _("Comment on a section"),
        "subject": f"{section.version.joint_text.title}: {section.heading}",
        "cancel_url": _joint_text_url(section.version.joint_text),
    },
)


name_views(globals())
