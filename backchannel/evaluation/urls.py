from django.urls import path

from backchannel.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("processes/<uuid:process_id>/evaluation/", views.overview, name="overview"),
    path("processes/<uuid:process_id>/rounds/", views.round_list, name="round-list"),
    path(
        "processes/<uuid:process_id>/rounds/new/",
        views.round_create,
        name="round-create",
    ),
    path("rounds/<uuid:round_id>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<uuid:round_id>/close/", views.round_close, name="round-close"),
    path("rounds/<uuid:round_id>/answer/", views.round_answer, name="round-answer"),
    path(
        "rounds/<uuid:round_id>/contacts/", views.round_contacts, name="round-contacts"
    ),
    path(
        "objectives/<uuid:objective_id>/rpp/",
        views.objective_place,
        name="objective-place",
    ),
    path(
        "processes/<uuid:process_id>/outcomes/", views.outcome_list, name="outcome-list"
    ),
    path(
        "processes/<uuid:process_id>/outcomes/new/",
        views.outcome_create,
        name="outcome-create",
    ),
    path("outcomes/<uuid:outcome_id>/edit/", views.outcome_edit, name="outcome-edit"),
    path("processes/<uuid:process_id>/risks/", views.risk_list, name="risk-list"),
    path(
        "processes/<uuid:process_id>/risks/new/", views.risk_create, name="risk-create"
    ),
    path("risks/<uuid:risk_id>/edit/", views.risk_edit, name="risk-edit"),
    path(
        "processes/<uuid:process_id>/transfer-plan/", views.plan_edit, name="plan-edit"
    ),
]
