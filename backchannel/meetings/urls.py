from django.urls import path

from backchannel.meetings import views

app_name = "meetings"

urlpatterns = [
    path(
        "processes/<uuid:process_id>/meetings/new/",
        views.meeting_create,
        name="meeting-create",
    ),
    path(
        "processes/<uuid:process_id>/meetings/",
        views.meeting_list,
        name="meeting-list",
    ),
    path(
        "processes/<uuid:process_id>/meetings.ics",
        views.process_calendar,
        name="process-calendar",
    ),
    path(
        "meetings/<uuid:meeting_id>/calendar.ics",
        views.meeting_calendar,
        name="meeting-calendar",
    ),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<uuid:meeting_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<uuid:meeting_id>/delete/",
        views.meeting_delete,
        name="meeting-delete",
    ),
]
