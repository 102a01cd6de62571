"""URLs of the outcomes area (in the "matchmaking" namespace, under /matching/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("outcomes/", views.my_outcomes, name="my_outcomes"),
    path("outcomes/new/", views.outcome_create, name="outcome_create"),
    path("outcomes/meetings/<id:pk>/feedback/", views.meeting_feedback, name="meeting_feedback"),
    path("outcomes/follow-ups/<id:pk>/", views.follow_up_answer, name="follow_up_answer"),
    path("kpis/", views.kpis_page, name="kpis"),
    path("kpis/export.<slug:fmt>", views.kpis_export, name="kpis_export"),
    path(
        "missions/<id:mission_id>/catalogue.pdf",
        views.delegation_catalogue,
        name="delegation_catalogue",
    ),
]
