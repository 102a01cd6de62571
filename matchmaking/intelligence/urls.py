"""URLs of market briefs and readiness (namespace "intelligence", under /intelligence/)."""

from django.urls import path

from . import views

app_name = "intelligence"

urlpatterns = [
    path("briefs/", views.brief_list, name="brief_list"),
    path("briefs/<str:market>/<str:sector>/edit/", views.brief_edit, name="brief_edit"),
    path("briefs/<id:pk>/", views.brief_detail, name="brief_detail"),
    path("briefs/<id:pk>/history/", views.brief_history, name="brief_history"),
    path("briefs/<id:pk>/pdf/", views.brief_pdf, name="brief_pdf"),
    path("readiness/<slug:slug>/", views.readiness, name="readiness"),
]
