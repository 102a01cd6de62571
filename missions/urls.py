from django.urls import path

from . import views

app_name = "missions"

# Fixed words come before the mission slug; services never give a mission one of them.
urlpatterns = [
    path("", views.mission_list, name="mission_list"),
    path("new/", views.mission_create, name="mission_create"),
    path("demand/", views.demand_list, name="demand_list"),
    path("demand/new/", views.demand_create, name="demand_create"),
    path("demand/import/", views.demand_import, name="demand_import"),
    path(
        "demand/import/template.csv",
        views.demand_import_template,
        name="demand_import_template",
    ),
    path("demand/<id:pk>/", views.demand_detail, name="demand_detail"),
    path("demand/<id:pk>/edit/", views.demand_edit, name="demand_edit"),
    path("<slug:slug>/", views.mission_detail, name="mission_detail"),
    path("<slug:slug>/edit/", views.mission_edit, name="mission_edit"),
    path("<slug:slug>/status/", views.mission_transition, name="mission_transition"),
    path("<slug:slug>/dashboard/", views.mission_dashboard, name="mission_dashboard"),
    path("<slug:slug>/apply/", views.mission_apply, name="mission_apply"),
    path("<slug:slug>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path(
        "<slug:slug>/applications/<id:pk>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path("<slug:slug>/agenda/", views.agenda_manage, name="agenda_manage"),
    path("<slug:slug>/agenda/days/", views.agenda_day_add, name="agenda_day_add"),
    path(
        "<slug:slug>/agenda/days/<id:day_pk>/sessions/",
        views.agenda_session_add,
        name="agenda_session_add",
    ),
    path(
        "<slug:slug>/agenda/sessions/<id:pk>/delete/",
        views.agenda_session_delete,
        name="agenda_session_delete",
    ),
    path("<slug:slug>/availability/", views.availability, name="availability"),
    path(
        "<slug:slug>/availability/<id:slot_pk>/",
        views.availability_toggle,
        name="availability_toggle",
    ),
]
