"""URLs of the consortium pages (namespace "consortia", under /consortia/)."""

from django.urls import path

from . import views

app_name = "consortia"

urlpatterns = [
    path("", views.consortium_list, name="list"),
    path("demands/<int:pk>/", views.demand_proposals, name="demand_proposals"),
    path(
        "demands/<int:pk>/proposals/<int:rank>/form/",
        views.form_from_proposal,
        name="form_from_proposal",
    ),
    path("demands/<int:pk>/new/", views.form_from_scratch, name="form_from_scratch"),
    path("<int:pk>/", views.consortium_detail, name="detail"),
    path("<int:pk>/present/", views.consortium_present, name="present"),
    path("<int:pk>/decide/", views.consortium_decide, name="decide"),
    path("<int:pk>/meeting/", views.consortium_meeting, name="meeting"),
    path("<int:pk>/meeting/accept/", views.consortium_meeting_accept, name="meeting_accept"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
