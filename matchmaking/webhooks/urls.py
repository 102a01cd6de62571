from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("<slug:slug>/", views.webhook_list, name="list"),
    path("<slug:slug>/<id:pk>/delete/", views.webhook_delete, name="delete"),
]
