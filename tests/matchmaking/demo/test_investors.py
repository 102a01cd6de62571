"""The demo has an investor with a pipeline and a host city with landing support packages."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from companies.models import User
from matchmaking.investors.models import Pipeline, PipelineStep
from matchmaking.landing.models import PackageApplication, SupportPackage
from matchmaking.outcomes.kpis import pipeline_report

pytestmark = pytest.mark.django_db


def _rows():
    return (
        sorted(Pipeline.objects.values_list("sme__slug", "stage", "value", "currency")),
        PipelineStep.objects.count(),
        sorted(SupportPackage.objects.values_list("title_en", "capacity", "price")),
        sorted(PackageApplication.objects.values_list("package__title_en", "sme__slug", "status")),
    )


def test_the_demo_investor_has_a_pipeline_and_nanjing_has_packages():
    call_command("seed_demo", "--seed", "7", stdout=StringIO())
    first = _rows()
    call_command("seed_demo", "--seed", "7", stdout=StringIO())  # idempotent
    assert _rows() == first

    investor = User.objects.get(email="investor@demo.example.org")
    assert (investor.organisation.slug, investor.organisation.buyer_approved) == ("winnoc", True)
    stages = sorted(Pipeline.objects.filter(investor=investor.organisation)
                    .values_list("stage", flat=True))
    assert stages == ["due_diligence", "interest", "joint_venture"]
    deal = Pipeline.objects.get(stage="joint_venture")
    assert (deal.value, deal.currency, deal.sme.slug) == (
        1_500_000, "EUR", User.objects.get(email="sme@demo.example.org").organisation.slug)
    assert list(deal.steps.values_list("to_stage", flat=True)) == [
        "interest", "introduced", "due_diligence", "term_sheet", "joint_venture"]
    assert pipeline_report().total.counts == {
        "interest": 3, "introduced": 2, "due_diligence": 2, "term_sheet": 1, "investment": 1,
        "closed": 0}
    assert pipeline_report().total.values == {"EUR": 1_500_000}

    packages = SupportPackage.objects.filter(host_city="Nanjing", status="published")
    assert packages.count() == 5
    assert all(p.title_zh and p.description_zh for p in packages)
    assert {p.provider.package_provider.approved for p in packages} == {True}

    # The demo SME holds its package and sees it; the investor sees its pipelines.
    client = Client()
    client.force_login(User.objects.get(email="sme@demo.example.org"),
                       backend="django.contrib.auth.backends.ModelBackend")
    held = client.get(reverse("landing:my_applications")).context["held"]
    assert [p.title_en for p in held] == ["Company registration in Jiangbei New Area"]
    client.force_login(investor, backend="django.contrib.auth.backends.ModelBackend")
    assert len(client.get(reverse("investors:pipelines")).context["pipelines"]) == 3
