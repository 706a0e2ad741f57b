from django.urls import path

from backchannel.processes import views

app_name = "processes"

urlpatterns = [
    path("processes/", views.process_list, name="process-list"),
    path("processes/new/", views.process_create, name="process-create"),
    path("processes/<uuid:process_id>/edit/", views.process_edit, name="process-edit"),
    path(
        "processes/<uuid:process_id>/destroy/",
        views.process_destroy,
        name="process-destroy",
    ),
    path(
        "processes/<uuid:process_id>/destroy/<str:action>/",
        views.process_destroy_action,
        name="process-destroy-action",
    ),
    path("processes/<uuid:process_id>/sides/", views.side_list, name="side-list"),
    path(
        "processes/<uuid:process_id>/sides/new/", views.side_create, name="side-create"
    ),
    path("sides/<uuid:side_id>/edit/", views.side_edit, name="side-edit"),
    path("sides/<uuid:side_id>/delete/", views.side_delete, name="side-delete"),
    path(
        "processes/<uuid:process_id>/phases/new/",
        views.phase_create,
        name="phase-create",
    ),
    path("phases/<uuid:phase_id>/edit/", views.phase_edit, name="phase-edit"),
    path("phases/<uuid:phase_id>/delete/", views.phase_delete, name="phase-delete"),
    path(
        "phases/<uuid:phase_id>/objectives/new/",
        views.objective_create,
        name="objective-create",
    ),
    path(
        "objectives/<uuid:objective_id>/edit/",
        views.objective_edit,
        name="objective-edit",
    ),
    path(
        "objectives/<uuid:objective_id>/delete/",
        views.objective_delete,
        name="objective-delete",
    ),
    path(
        "objectives/<uuid:objective_id>/indicators/new/",
        views.indicator_create,
        name="indicator-create",
    ),
    path(
        "indicators/<uuid:indicator_id>/edit/",
        views.indicator_edit,
        name="indicator-edit",
    ),
    path(
        "indicators/<uuid:indicator_id>/delete/",
        views.indicator_delete,
        name="indicator-delete",
    ),
    path(
        "indicators/<uuid:indicator_id>/measurements/new/",
        views.measurement_create,
        name="measurement-create",
    ),
    path(
        "processes/<uuid:process_id>/external-processes/new/",
        views.external_process_create,
        name="external-process-create",
    ),
    path(
        "processes/<uuid:process_id>/ecosystem/new/",
        views.ecosystem_link_create,
        name="ecosystem-link-create",
    ),
    path(
        "ecosystem-links/<uuid:link_id>/delete/",
        views.ecosystem_link_delete,
        name="ecosystem-link-delete",
    ),
]
