"""URLs of the matching pages (scores, reasons, buyer and SME decisions, scoring runs)."""

from django.urls import path

from . import views

urlpatterns = [
    path("demands/", views.buyer_demand_list, name="buyer_demands"),
    path("demands/<id:pk>/", views.demand_suppliers, name="demand_suppliers"),
    path(
        "demands/<id:pk>/suppliers/<id:sme_id>/decide/",
        views.demand_decide,
        name="demand_decide",
    ),
    path(
        "demands/<id:pk>/suppliers/<id:sme_id>/reasons/",
        views.demand_supplier_reasons,
        name="demand_supplier_reasons",
    ),
    path("mine/", views.sme_matches, name="sme_matches"),
    path("mine/<id:demand_id>/reasons/", views.sme_match_reasons, name="sme_match_reasons"),
    path("mine/<id:demand_id>/feedback/", views.sme_feedback, name="sme_feedback"),
    path("runs/", views.scoring_runs, name="scoring_runs"),
    path("runs/start/", views.scoring_run_start, name="scoring_run_start"),
    path("runs/<id:pk>/progress/", views.scoring_run_progress, name="scoring_run_progress"),
]
