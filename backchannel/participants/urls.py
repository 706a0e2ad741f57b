from django.urls import path

from backchannel.participants import invitation_views, views

app_name = "participants"

urlpatterns = [
    path("processes/<uuid:process_id>/roster/", views.seat_list, name="seat-list"),
    path(
        "processes/<uuid:process_id>/seats/new/", views.seat_create, name="seat-create"
    ),
    path(
        "processes/<uuid:process_id>/roster/import/",
        views.seat_import,
        name="seat-import",
    ),
    path("seats/<uuid:seat_id>/edit/", views.seat_edit, name="seat-edit"),
    path("seats/<uuid:seat_id>/delete/", views.seat_delete, name="seat-delete"),
    path(
        "seats/<uuid:seat_id>/end-access/",
        views.seat_end_access,
        name="seat-end-access",
    ),
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
    path(
        "invitations/<uuid:invitation_id>/revoke/",
        invitation_views.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "invitations/<uuid:invitation_id>/email/",
        invitation_views.invitation_email,
        name="invitation-email",
    ),
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
