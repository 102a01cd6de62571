"""The KPI page and its exports count landing support applications and packages held, per
host city; for a mission, those of its delegation's SMEs."""

import csv
import io

from django.urls import reverse

from matchmaking.landing import services
from tests.factories import CompanyProfileFactory
from tests.matchmaking.conftest import delegate, mission_with_agenda
from tests.matchmaking.outcomes.test_kpis import KpiPage

from .conftest import make_package


def test_applications_and_packages_held_per_host_city(staff_client, package, provider,
                                                      provider_org, sme_org, sme_owner):
    other = CompanyProfileFactory().organisation
    boston = make_package(provider_org, provider, host_city="Boston", country="US",
                          title_en="Desk in Cambridge")
    mission = mission_with_agenda()
    delegate(mission, sme_org)
    first = services.package_apply(package=package, sme=sme_org, actor=sme_owner, message="x")
    services.application_decide(application=first, status="accepted", actor=provider)
    from matchmaking.landing.models import PackageApplication

    PackageApplication.objects.create(package=package, sme=other, message="y")
    PackageApplication.objects.create(package=boston, sme=other, message="z")

    page = KpiPage()
    page.feed(staff_client.get(reverse("matchmaking:kpis")).content.decode())
    assert dict(page.figures[("kpi-support", "Nanjing")]) == {"applications": 2, "held": 1}
    assert dict(page.figures[("kpi-support", "Boston")]) == {"applications": 1, "held": 0}
    page = KpiPage()
    page.feed(staff_client.get(reverse("matchmaking:kpis") + f"?mission={mission.pk}")
              .content.decode())
    assert {group for section, group in page.figures if section == "kpi-support"} == {"Nanjing"}
    assert dict(page.figures[("kpi-support", "Nanjing")]) == {"applications": 1, "held": 1}

    text = staff_client.get(reverse("matchmaking:kpis_export", args=["csv"])).content.decode(
        "utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text)) if r[0] == "Landing support"]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("All", "Applications", "3"), ("All", "Packages held", "1"),
        ("Boston", "Applications", "1"), ("Boston", "Packages held", "0"),
        ("Nanjing", "Applications", "2"), ("Nanjing", "Packages held", "1")]
