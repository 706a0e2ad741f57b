from django.urls import path

from backchannel.records import views

app_name = "records"

urlpatterns = [
    path(
        "meetings/<uuid:meeting_id>/record/",
        views.meeting_record,
        name="meeting-record",
    ),
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
    path(
        "segments/<uuid:segment_id>/notes/new/",
        views.note_create,
        name="note-create",
    ),
    path("notes/<uuid:note_id>/edit/", views.note_edit, name="note-edit"),
    path("notes/<uuid:note_id>/delete/", views.note_delete, name="note-delete"),
    path("notes/<uuid:note_id>/history/", views.note_history, name="note-history"),
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
