from django.urls import path

from backchannel.translations import views

app_name = "translations"

urlpatterns = [
    path(
        "texts/<str:kind>/<uuid:source_id>/translations/",
        views.side_by_side_page,
        name="side-by-side",
    ),
    path(
        "texts/<str:kind>/<uuid:source_id>/translations/new/",
        views.translation_create,
        name="translation-create",
    ),
    path(
        "texts/<str:kind>/<uuid:source_id>/language/",
        views.original_language,
        name="original-language",
    ),
    path(
        "translations/<uuid:translation_id>/edit/",
        views.translation_edit,
        name="translation-edit",
    ),
    path(
        "translations/<uuid:translation_id>/verify/",
        views.translation_verify,
        name="translation-verify",
    ),
    path(
        "translations/<uuid:translation_id>/delete/",
        views.translation_delete,
        name="translation-delete",
    ),
    path(
        "translations/<uuid:translation_id>/export/",
        views.translation_export,
        name="translation-export",
    ),
    path("processes/<uuid:process_id>/pledge/", views.pledge, name="pledge"),
]
