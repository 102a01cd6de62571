"""URLs of message threads (in the "matchmaking" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("messages/", views.thread_list, name="message_threads"),
    path(
        "messages/<int:demand_id>/<int:sme_id>/",
        views.message_thread,
        name="message_thread",
    ),
]
