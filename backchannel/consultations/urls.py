from django.urls import path

from backchannel.consultations import public, views
from backchannel.core.web import routes_of, routes_under

app_name = "consultations"

urlpatterns = [
    # The public side: no account, an unguessable link (first: the
    # busiest URLs there are).
    path("c/<str:token>/", public.vote, name="vote"),
    path("c/<str:token>/vote", public.vote_json, name="vote-json"),
    path("c/<str:token>/propose/", public.propose, name="propose"),
    path("c/<str:token>/results/", public.results, name="public-results"),
    # The facilitators' pages.
    *routes_under(
        views, "processes/<uuid:process_id>", "consultation", "list", "create"
    ),
    path(
        "consultations/<uuid:consultation_id>/",
        views.consultation_detail,
        name="consultation-detail",
    ),
    *routes_of(views, "consultation", "edit", "delete"),
    path(
        "consultations/<uuid:consultation_id>/link/",
        views.link_renew,
        name="link-renew",
    ),
    *routes_under(views, "consultations/<uuid:consultation_id>", "statement", "list"),
    path(
        "consultations/statements/<uuid:statement_id>/moderate/",
        views.statement_moderate,
        name="statement-moderate",
    ),
    *routes_of(views, "consultation", "results"),
    path(
        "consultations/<uuid:consultation_id>/analyze/",
        views.analysis_request,
        name="analysis-request",
    ),
    *routes_of(views, "consultation", "import", "export"),
]
