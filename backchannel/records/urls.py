from django.urls import path

from backchannel.core.web import routes_of, routes_under
from backchannel.records import views

app_name = "records"

urlpatterns = [
    *routes_of(views, "meeting", "record"),
    path(
        "meetings/<uuid:meeting_id>/record/close/",
        views.record_close,
        name="record-close",
    ),
    path(
        "meetings/<uuid:meeting_id>/record/whole-meeting/",
        views.whole_meeting,
        name="whole-meeting",
    ),
    *routes_under(views, "segments/<uuid:segment_id>", "note", "create"),
    *routes_of(views, "note", "edit", "delete", "history"),
    path(
        "meetings/<uuid:meeting_id>/airtime/",
        views.airtime_tap,
        name="airtime-tap",
    ),
    path(
        "processes/<uuid:process_id>/airtime/",
        views.process_airtime,
        name="process-airtime",
    ),
]
