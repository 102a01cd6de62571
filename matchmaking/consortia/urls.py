"""URLs of the consortium pages (namespace "consortia", under /consortia/)."""

from django.urls import path

from . import views

app_name = "consortia"

urlpatterns = [
    path("", views.consortium_list, name="list"),
    path("demands/<id:pk>/", views.demand_proposals, name="demand_proposals"),
    path(
        "demands/<id:pk>/proposals/<id:rank>/form/",
        views.form_from_proposal,
        name="form_from_proposal",
    ),
    path("demands/<id:pk>/new/", views.form_from_scratch, name="form_from_scratch"),
    path("<id:pk>/", views.consortium_detail, name="detail"),
    path("<id:pk>/present/", views.consortium_present, name="present"),
    path("<id:pk>/decide/", views.consortium_decide, name="decide"),
    path("<id:pk>/meeting/", views.consortium_meeting, name="meeting"),
    path("<id:pk>/meeting/accept/", views.consortium_meeting_accept, name="meeting_accept"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
