"""The dashboard's URL, in the ``processes`` namespace it always had (its name is
``processes:process-detail``): backchannel/urls.py includes these patterns with
the processes' own under that one namespace."""

from django.urls import path

from backchannel.dashboard import views

urlpatterns = [
    path("processes/<uuid:process_id>/", views.process_detail, name="process-detail"),
]
