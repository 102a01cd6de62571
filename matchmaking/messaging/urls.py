"""URLs of message threads (in the "matchmaking" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("messages/", views.thread_list, name="message_threads"),
    path(
        "messages/<id:demand_id>/<id:sme_id>/",
        views.message_thread,
        name="message_thread",
    ),
]
