from django.urls import path

from backchannel.core.web import routes_of
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
    *routes_of(views, "translation", "edit", "verify", "delete", "export"),
    path("processes/<uuid:process_id>/pledge/", views.pledge, name="pledge"),
]
