from django.urls import path

from backchannel.core.web import routes_of, routes_under
from backchannel.meetings import views

app_name = "meetings"

urlpatterns = [
    *routes_under(views, "processes/<uuid:process_id>", "meeting", "create", "list"),
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
    *routes_of(views, "meeting", "edit", "delete"),
]
