from django.urls import path

from backchannel.core.web import routes_of, routes_under
from backchannel.participants import invitation_views, views

app_name = "participants"

urlpatterns = [
    path("processes/<uuid:process_id>/roster/", views.seat_list, name="seat-list"),
    *routes_under(views, "processes/<uuid:process_id>", "seat", "create"),
    path(
        "processes/<uuid:process_id>/roster/import/",
        views.seat_import,
        name="seat-import",
    ),
    *routes_of(views, "seat", "edit", "delete", "end-access"),
    path(
        "seats/<uuid:seat_id>/invite/",
        invitation_views.invitation_create,
        name="invitation-create",
    ),
    path(
        "processes/<uuid:process_id>/invitations/",
        invitation_views.invitation_bulk,
        name="invitation-bulk",
    ),
    path(
        "processes/<uuid:process_id>/invitations/handover/",
        invitation_views.invitation_handover,
        name="invitation-handover",
    ),
    *routes_of(invitation_views, "invitation", "revoke", "email"),
    path(
        "processes/<uuid:process_id>/leave/",
        invitation_views.seat_leave,
        name="seat-leave",
    ),
    path(
        "processes/<uuid:process_id>/ground-rules/",
        invitation_views.seat_rules,
        name="seat-rules",
    ),
    path("people/", views.organisation_list, name="organisation-list"),
    path(
        "organisations/<uuid:organisation_id>/people/",
        views.person_list,
        name="person-list",
    ),
    path(
        "organisations/<uuid:organisation_id>/people/new/",
        views.person_create,
        name="person-create",
    ),
    path("people/<uuid:person_id>/edit/", views.person_edit, name="person-edit"),
    path(
        "people/<uuid:person_id>/login/unlink/",
        views.person_login_unlink,
        name="person-login-unlink",
    ),
    path(
        "people/<uuid:person_id>/affiliations/new/",
        views.affiliation_create,
        name="affiliation-create",
    ),
    path(
        "people/<uuid:person_id>/affiliations/<uuid:affiliation_id>/delete/",
        views.affiliation_delete,
        name="affiliation-delete",
    ),
]
