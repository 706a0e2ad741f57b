from django.urls import path

from backchannel.core.web import routes_of, routes_under
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
    *routes_under(views, "processes/<uuid:process_id>", "side", "list", "create"),
    *routes_of(views, "side", "edit", "delete"),
    *routes_under(views, "processes/<uuid:process_id>", "phase", "create"),
    *routes_of(views, "phase", "edit", "delete"),
    *routes_under(views, "phases/<uuid:phase_id>", "objective", "create"),
    *routes_of(views, "objective", "edit", "delete"),
    *routes_under(views, "objectives/<uuid:objective_id>", "indicator", "create"),
    *routes_of(views, "indicator", "edit", "delete"),
    *routes_under(views, "indicators/<uuid:indicator_id>", "measurement", "create"),
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
