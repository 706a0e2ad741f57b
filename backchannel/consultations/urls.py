from django.urls import path

from backchannel.consultations import public, views

app_name = "consultations"

urlpatterns = [
    # The public side: no account, an unguessable link (first: the
    # busiest URLs there are).
    path("c/<str:token>/", public.vote, name="vote"),
    path("c/<str:token>/vote", public.vote_json, name="vote-json"),
    path("c/<str:token>/propose/", public.propose, name="propose"),
    path("c/<str:token>/results/", public.results, name="public-results"),
    # The facilitators' pages.
    path(
        "processes/<uuid:process_id>/consultations/",
        views.consultation_list,
        name="consultation-list",
    ),
    path(
        "processes/<uuid:process_id>/consultations/new/",
        views.consultation_create,
        name="consultation-create",
    ),
    path(
        "consultations/<uuid:consultation_id>/",
        views.consultation_detail,
        name="consultation-detail",
    ),
    path(
        "consultations/<uuid:consultation_id>/edit/",
        views.consultation_edit,
        name="consultation-edit",
    ),
    path(
        "consultations/<uuid:consultation_id>/delete/",
        views.consultation_delete,
        name="consultation-delete",
    ),
    path(
        "consultations/<uuid:consultation_id>/link/",
        views.link_renew,
        name="link-renew",
    ),
    path(
        "consultations/<uuid:consultation_id>/statements/",
        views.statement_list,
        name="statement-list",
    ),
    path(
        "consultations/statements/<uuid:statement_id>/moderate/",
        views.statement_moderate,
        name="statement-moderate",
    ),
    path(
        "consultations/<uuid:consultation_id>/results/",
        views.consultation_results,
        name="consultation-results",
    ),
    path(
        "consultations/<uuid:consultation_id>/analyze/",
        views.analysis_request,
        name="analysis-request",
    ),
    path(
        "consultations/<uuid:consultation_id>/import/",
        views.consultation_import,
        name="consultation-import",
    ),
    path(
        "consultations/<uuid:consultation_id>/export/",
        views.consultation_export,
        name="consultation-export",
    ),
]
