from django.urls import path

from backchannel.transfer import views

app_name = "transfer"

urlpatterns = [
    path("processes/<uuid:process_id>/outputs/", views.output_list, name="output-list"),
    path(
        "processes/<uuid:process_id>/outputs/new/",
        views.output_create,
        name="output-create",
    ),
    path("outputs/<uuid:output_id>/", views.output_detail, name="output-detail"),
    path("outputs/<uuid:output_id>/edit/", views.output_edit, name="output-edit"),
    path("outputs/<uuid:output_id>/delete/", views.output_delete, name="output-delete"),
    path("outputs/<uuid:output_id>/gate/", views.output_gate, name="output-gate"),
    path("outputs/<uuid:output_id>/redact/", views.output_redact, name="output-redact"),
    path("outputs/<uuid:output_id>/export/", views.output_export, name="output-export"),
    path(
        "outputs/<uuid:output_id>/release/", views.output_release, name="output-release"
    ),
    path(
        "outputs/<uuid:output_id>/release/<str:action>/",
        views.output_release_action,
        name="output-release-action",
    ),
    path(
        "processes/<uuid:process_id>/transfers/",
        views.transfer_list,
        name="transfer-list",
    ),
    path(
        "processes/<uuid:process_id>/transfers/new/",
        views.transfer_create,
        name="transfer-create",
    ),
    path(
        "transfers/<uuid:transfer_id>/delete/",
        views.transfer_delete,
        name="transfer-delete",
    ),
    path(
        "transfers/<uuid:transfer_id>/uptake/new/",
        views.uptake_create,
        name="uptake-create",
    ),
]
