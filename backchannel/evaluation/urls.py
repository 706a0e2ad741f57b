from django.urls import path

from backchannel.core.web import routes_of, routes_under
from backchannel.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("processes/<uuid:process_id>/evaluation/", views.overview, name="overview"),
    *routes_under(views, "processes/<uuid:process_id>", "round", "list", "create"),
    *routes_of(views, "round", "edit", "close", "answer", "contacts"),
    path(
        "objectives/<uuid:objective_id>/rpp/",
        views.objective_place,
        name="objective-place",
    ),
    *routes_under(views, "processes/<uuid:process_id>", "outcome", "list", "create"),
    *routes_of(views, "outcome", "edit"),
    *routes_under(views, "processes/<uuid:process_id>", "risk", "list", "create"),
    *routes_of(views, "risk", "edit"),
    path(
        "processes/<uuid:process_id>/transfer-plan/", views.plan_edit, name="plan-edit"
    ),
]
