"""URLs of the investors area (namespace "investors", under /investors/)."""

from django.urls import path

from . import views

app_name = "investors"

urlpatterns = [
    path("", views.pipelines, name="pipelines"),
    path("smes/", views.browse, name="browse"),
    path("smes/<slug:slug>/interest/", views.interest_create, name="interest_create"),
    path("pipelines/<id:pk>/", views.pipeline_detail, name="pipeline_detail"),
    path("pipelines/<id:pk>/introduction/", views.introduction_answer,
         name="introduction_answer"),
    path("pipelines/<id:pk>/move/", views.pipeline_move, name="pipeline_move"),
]
