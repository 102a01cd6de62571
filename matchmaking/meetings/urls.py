"""URLs of the meeting pages (requests, schedule, agenda, invitations)."""

from django.urls import path

from . import views

urlpatterns = [
    path("requests/new/", views.meeting_request_create, name="meeting_request_create"),
    path(
        "requests/<id:pk>/<slug:action>/",
        views.meeting_request_answer,
        name="meeting_request_answer",
    ),
    path("requests/<id:pk>/", views.meeting_request_detail, name="meeting_request_detail"),
    path("meetings/<id:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path(
        "meetings/<id:pk>/answer/<slug:response>/", views.meeting_answer, name="meeting_answer"
    ),
    path("agenda/", views.my_agenda, name="my_agenda"),
    path("agenda/agenda.ics", views.my_agenda_ics, name="my_agenda_ics"),
    path("meetings/respond/<str:token>/", views.meeting_respond, name="meeting_respond"),
    path("missions/<id:mission_id>/schedule/", views.mission_schedule, name="mission_schedule"),
    path(
        "missions/<id:mission_id>/schedule/run/",
        views.mission_schedule_run,
        name="mission_schedule_run",
    ),
    path(
        "missions/<id:mission_id>/schedule/runs/<id:pk>/",
        views.schedule_run_status,
        name="schedule_run_status",
    ),
    path("missions/<id:mission_id>/schedule/move/", views.meeting_move, name="meeting_move"),
    path(
        "missions/<id:mission_id>/schedule/publish/",
        views.mission_schedule_publish,
        name="mission_schedule_publish",
    ),
    path(
        "missions/<id:mission_id>/meetings/<id:pk>/cancel/",
        views.meeting_cancel,
        name="meeting_cancel",
    ),
]
