"""Landing support: providers approved by staff, packages, applications and decisions, and
the capacity that holds when many accept at once."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from matchmaking.landing import selectors, services
from matchmaking.landing.models import PackageApplication, PackageProvider, SupportPackage
from matchmaking.meetings.models import OutboxMessage
from matchmaking.notifications.models import Notification
from tests.factories import CompanyProfileFactory, MembershipFactory, UserFactory

from .conftest import make_package

A = PackageApplication.Status


def test_only_staff_approve_providers_and_never_smes(staff_user, sme_owner, sme_org,
                                                      approved_buyer_org, approved_buyer):
    with pytest.raises(PermissionDenied):
        services.provider_set_approval(organisation=approved_buyer_org, approved=True,
                                       actor=approved_buyer)
    with pytest.raises(ValidationError):
        services.provider_set_approval(organisation=sme_org, approved=True, actor=staff_user)
    provider = services.provider_set_approval(organisation=approved_buyer_org, approved=True,
                                              actor=staff_user)
    assert (provider.approved, provider.approved_by) == (True, staff_user)
    services.provider_set_approval(organisation=approved_buyer_org, approved=False,
                                   actor=staff_user)
    assert PackageProvider.objects.get().approved is False


def test_an_unapproved_partner_cannot_publish(staff_user, approved_buyer_org, approved_buyer):
    with pytest.raises(PermissionDenied):
        make_package(approved_buyer_org, approved_buyer)
    assert SupportPackage.objects.count() == 0
    # Staff publish for the platform team itself.
    package = make_package(None, staff_user)
    assert (package.provider, package.is_free) == (None, True)


def test_a_price_needs_its_currency(provider_org, provider):
    with pytest.raises(ValidationError):
        make_package(provider_org, provider, price=5000)
    package = make_package(provider_org, provider, price=5000, currency="CNY")
    assert (package.price, package.currency, package.is_free) == (5000, "CNY", False)


def test_an_sme_applies_and_the_provider_is_told_in_chinese(package, sme_org, sme_owner,
                                                            provider):
    application = services.package_apply(package=package, sme=sme_org, actor=sme_owner,
                                         message="We open a Nanjing office in March.")
    assert (application.status, application.submitted_by) == (A.SUBMITTED, sme_owner)
    told = Notification.objects.get(recipient=provider)
    assert told.params["event"] == "submitted"
    subject = OutboxMessage.objects.get(recipient=provider.email).payload["subject"]
    assert subject == "Nordic Heat Solutions申请了服务包“江北新区六个月实验室场地”。"
    with pytest.raises(ValidationError, match="already applied"):
        services.package_apply(package=package, sme=sme_org, actor=sme_owner, message="Again")


def test_only_an_smes_people_apply_and_only_to_published_packages(
    package, sme_org, other_sme_owner, approved_buyer, approved_buyer_org, sme_owner
):
    with pytest.raises(PermissionDenied):
        services.package_apply(package=package, sme=sme_org, actor=other_sme_owner, message="x")
    with pytest.raises(PermissionDenied):
        services.package_apply(package=package, sme=approved_buyer_org, actor=approved_buyer,
                               message="x")
    package.status = SupportPackage.Status.CLOSED
    package.save()
    with pytest.raises(ValidationError, match="does not take applications"):
        services.package_apply(package=package, sme=sme_org, actor=sme_owner, message="x")


def test_the_provider_decides_with_a_message_and_the_sme_holds_the_package(
    package, sme_org, sme_owner, provider, other_sme_owner, staff_user
):
    application = services.package_apply(package=package, sme=sme_org, actor=sme_owner,
                                         message="March")
    with pytest.raises(PermissionDenied):
        services.application_decide(application=application, status=A.ACCEPTED,
                                    actor=other_sme_owner)
    with pytest.raises(PermissionDenied):
        services.application_decide(application=application, status=A.ACCEPTED,
                                    actor=sme_owner)
    services.application_decide(application=application, status=A.WAITLISTED, actor=provider,
                                answer="A place frees up in April.")
    services.application_decide(application=application, status=A.ACCEPTED, actor=staff_user,
                                answer="Welcome to Jiangbei!")
    application.refresh_from_db()
    assert (application.status, application.answer, application.decided_by) == (
        A.ACCEPTED, "Welcome to Jiangbei!", staff_user)
    assert selectors.packages_held(sme_org.pk) == [package]
    assert [n.params["event"] for n in Notification.objects.filter(recipient=sme_owner)
            .order_by("pk")] == ["waitlisted", "accepted"]


def test_accepting_beyond_capacity_is_refused(package, provider):
    package.capacity = 1
    package.save()
    first, second = (CompanyProfileFactory().organisation for _ in range(2))
    for sme in (first, second):
        PackageApplication.objects.create(package=package, sme=sme, message="x")
    applications = list(package.applications.order_by("pk"))
    services.application_decide(application=applications[0], status=A.ACCEPTED, actor=provider)
    with pytest.raises(ValidationError, match="full") as refused:
        services.application_decide(application=applications[1], status=A.ACCEPTED,
                                    actor=provider)
    assert refused.value.error_list[0].code == "package_full"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ten_parallel_applications_for_the_last_place_end_with_exactly_one_accepted(
    staff_user,
):
    """Ten SMEs apply at once and the provider's people accept each at once; one place is
    left of three: exactly one is accepted, the nine others are refused as full."""
    from companies.models import Membership, Organisation
    from tests.factories import OrganisationFactory

    provider_org = OrganisationFactory(kind=Organisation.Kind.CLUSTER, name="JBIC")
    services.provider_set_approval(organisation=provider_org, approved=True, actor=staff_user)
    deciders = []
    for index in range(10):
        user = UserFactory(email=f"desk{index}@jbic.example.cn")
        MembershipFactory(user=user, organisation=provider_org, role=Membership.Role.MEMBER)
        deciders.append(user)
    package = make_package(provider_org, deciders[0], capacity=3)
    for _ in range(2):
        sme = CompanyProfileFactory().organisation
        services.application_decide(
            application=PackageApplication.objects.create(package=package, sme=sme, message="x"),
            status=A.ACCEPTED, actor=deciders[0])
    applicants = []
    for index in range(10):
        profile = CompanyProfileFactory()
        owner = UserFactory(email=f"owner{index}@sme.example.com")
        MembershipFactory(user=owner, organisation=profile.organisation,
                          role=Membership.Role.OWNER)
        applicants.append((profile.organisation, owner))
    barrier = threading.Barrier(10)
    outcomes: dict[int, str] = {}

    def apply_and_accept(index: int) -> None:
        sme, owner = applicants[index]
        try:
            barrier.wait(timeout=20)
            application = services.package_apply(package=package, sme=sme, actor=owner,
                                                 message="We need the last place.")
            services.application_decide(application=application, status=A.ACCEPTED,
                                        actor=deciders[index])
            outcomes[sme.pk] = "accepted"
        except ValidationError as error:
            outcomes[sme.pk] = error.error_list[0].code or "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=apply_and_accept, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcomes.values()) == ["accepted"] + ["package_full"] * 9
    assert package.applications.filter(status=A.ACCEPTED).count() == package.capacity == 3
    newcomers = package.applications.filter(sme__in=[sme for sme, _o in applicants])
    assert newcomers.count() == 10
    assert sorted(newcomers.values_list("status", flat=True)) == [A.ACCEPTED] + [A.SUBMITTED] * 9
