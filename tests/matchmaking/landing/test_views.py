"""Landing support pages for every role: the list and a package for everyone signed in, a
draft only for its provider and staff, applying for SMEs, deciding for the provider and
staff, approving providers for staff."""

import re

import pytest
from django.urls import reverse

from matchmaking.landing import services
from matchmaking.landing.models import PackageApplication, SupportPackage
from tests.fixtures import ALL_PERSONAS
from tests.matchmaking.investors.conftest import client_for

from .conftest import make_package

ROLES = [*ALL_PERSONAS, "provider", "investor"]
SMES = {"sme_owner", "sme_member", "other_sme"}
MANAGERS = {"provider", "staff", "admin"}


@pytest.fixture
def clients(persona_client, request):
    def get(role):
        if role in ("provider", "investor"):
            return client_for(request.getfixturevalue(role))
        return persona_client(role)
    return get


@pytest.fixture
def application(package, sme_org, sme_owner):
    return services.package_apply(package=package, sme=sme_org, actor=sme_owner, message="March")


PAGES = {
    "package_list": set(ROLES) - {"anonymous"},
    "package_detail": set(ROLES) - {"anonymous"},
    "draft_detail": MANAGERS,
    "package_create": MANAGERS,
    "my_applications": SMES,
}


def _url(name, package, draft):
    if name == "package_detail":
        return reverse("landing:package_detail", args=[package.pk])
    if name == "draft_detail":
        return reverse("landing:package_detail", args=[draft.pk])
    return reverse(f"landing:{name}")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_for_each_role(clients, package, provider_org, provider, role, name):
    draft = make_package(provider_org, provider, title_en="Recruitment help",
                         status=SupportPackage.Status.DRAFT)
    response = clients(role).get(_url(name, package, draft))
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == (200 if role in PAGES[name] else 404), (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_the_providers_page_is_for_staff(clients, role):
    response = clients(role).get(reverse("landing:providers"))
    expected = {"anonymous": 302, "staff": 200, "admin": 200}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_applying_is_for_smes(clients, package, role):
    response = clients(role).post(reverse("landing:package_apply", args=[package.pk]),
                                  {"message": "We need a desk"})
    if role in SMES:
        assert response.status_code == 302
        assert package.applications.count() == 1
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)
        assert package.applications.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_deciding_is_for_the_provider_and_staff(clients, application, role):
    response = clients(role).post(reverse("landing:application_decide", args=[application.pk]),
                                  {"status": "accepted", "answer": "Welcome"})
    application.refresh_from_db()
    if role in MANAGERS:
        assert (response.status_code, application.status, application.answer) == (
            302, PackageApplication.Status.ACCEPTED, "Welcome")
    else:
        assert response.status_code == (302 if role == "anonymous" else 404)
        assert application.status == PackageApplication.Status.SUBMITTED


def test_a_provider_of_another_organisation_cannot_decide(clients, application, staff_user):
    from companies.models import Membership, Organisation
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    rival = OrganisationFactory(kind=Organisation.Kind.CLUSTER, name="Rival Centre")
    services.provider_set_approval(organisation=rival, approved=True, actor=staff_user)
    user = UserFactory(email="rival@centre.example.cn")
    MembershipFactory(user=user, organisation=rival, role=Membership.Role.OWNER)
    response = client_for(user).post(
        reverse("landing:application_decide", args=[application.pk]), {"status": "accepted"})
    assert response.status_code == 404


def test_staff_approve_a_provider_from_the_page(staff_client, approved_buyer_org):
    response = staff_client.post(reverse("landing:providers"),
                                 {"organisation": approved_buyer_org.pk, "approved": "on"})
    assert response.status_code == 302
    assert approved_buyer_org.package_provider.approved is True


def test_a_provider_publishes_a_package_from_the_form(clients, provider_org):
    response = clients("provider").post(reverse("landing:package_create"), {
        "provider": provider_org.pk, "host_city": "Nanjing", "country": "CN",
        "kind": "registration", "title_en": "Company registration in Jiangbei",
        "title_zh": "江北新区公司注册", "description_en": "We file the papers.",
        "capacity": "5", "status": "published"})
    package = SupportPackage.objects.get(title_en="Company registration in Jiangbei")
    assert response["Location"] == reverse("landing:package_detail", args=[package.pk])
    assert (package.provider, package.capacity, package.is_free) == (provider_org, 5, True)


def test_the_sme_sees_the_packages_it_holds(clients, application, provider, package):
    services.application_decide(application=application, status="accepted", actor=provider)
    html = clients("sme_member").get(reverse("landing:my_applications")).content.decode()
    held = html.split('id="packages-held"')[1].split("</section>")[0]
    assert re.findall(r'data-package="(\d+)"', held) == [str(package.pk)]


def test_the_package_list_has_a_fixed_query_count(clients, provider_org, provider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = clients("sme_owner")
    counts = []
    for new in (1, 2):
        for index in range(new):
            make_package(provider_org, provider, title_en=f"Package {new}-{index}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("landing:package_list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_smes_profile_page_shows_the_packages_it_holds(clients, application, provider,
                                                           package, sme_org):
    url = reverse("companies:profile_detail", args=[sme_org.slug])
    assert 'id="packages-held"' not in clients("other_sme").get(url).content.decode()
    services.application_decide(application=application, status="accepted", actor=provider)
    html = clients("other_sme").get(url).content.decode()
    held = html.split('id="packages-held"')[1].split("</section>")[0]
    assert reverse("landing:package_detail", args=[package.pk]) in held
    assert "Six months of lab space in Jiangbei" in held
    client = clients("other_sme")
    client.cookies["django_language"] = "zh-hans"
    assert "江北新区六个月实验室场地" in client.get(url).content.decode()
