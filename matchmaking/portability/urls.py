from django.urls import path

from . import views

app_name = "portability"
urlpatterns = [
    path("<slug:slug>/", views.organisation_data, name="data"),
    path("<slug:slug>/export.zip", views.organisation_export, name="export"),
]
