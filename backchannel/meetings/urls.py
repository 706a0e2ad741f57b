from django.urls import path

from backchannel.meetings import views

app_name = "meetings"

urlpatterns = [
    path(
        "processes/<uuid:process_id>/meetings/new/",
        views.meeting_create,
        name="meeting-create",
    ),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<uuid:meeting_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<uuid:meeting_id>/delete/",
        views.meeting_delete,
        name="meeting-delete",
    ),
]
