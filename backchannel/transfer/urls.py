from django.urls import path

from backchannel.core.web import routes_of, routes_under
from backchannel.transfer import views

app_name = "transfer"

urlpatterns = [
    *routes_under(views, "processes/<uuid:process_id>", "output", "list", "create"),
    path("outputs/<uuid:output_id>/", views.output_detail, name="output-detail"),
    *routes_of(
        views, "output", "edit", "delete", "gate", "redact", "export", "release"
    ),
    path(
        "outputs/<uuid:output_id>/release/<str:action>/",
        views.output_release_action,
        name="output-release-action",
    ),
    *routes_under(views, "processes/<uuid:process_id>", "transfer", "list", "create"),
    *routes_of(views, "transfer", "delete"),
    path(
        "transfers/<uuid:transfer_id>/uptake/new/",
        views.uptake_create,
        name="uptake-create",
    ),
]
