"""URLs of the landing support area (namespace "landing", under /landing/)."""

from django.urls import path

from . import views

app_name = "landing"

urlpatterns = [
    path("", views.package_list, name="package_list"),
    path("packages/new/", views.package_create, name="package_create"),
    path("packages/<id:pk>/", views.package_detail, name="package_detail"),
    path("packages/<id:pk>/apply/", views.package_apply, name="package_apply"),
    path("applications/<id:pk>/decide/", views.application_decide, name="application_decide"),
    path("mine/", views.my_applications, name="my_applications"),
    path("providers/", views.providers, name="providers"),
]
