from django.urls import path

from backchannel.accounts import views

app_name = "accounts"

urlpatterns = [
    path("setup/<str:token>/", views.first_run, name="first-run"),
    path("language/", views.language_set, name="language-set"),
    path("account/api/", views.api_access, name="api-access"),
    path("account/tokens/", views.token_list, name="token-list"),
    path("account/tokens/new/", views.token_create, name="token-create"),
    path("audit/", views.audit_index, name="audit-index"),
    path(
        "organisations/<uuid:organisation_id>/audit/",
        views.audit_list,
        name="audit-list",
    ),
]
