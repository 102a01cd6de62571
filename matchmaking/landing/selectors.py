"""Reads of the landing support area: who may manage a package, what each person sees."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from companies.models import Organisation
from companies.rules import is_member, is_staff, organisation_ids, user_organisations

from .models import PackageApplication, PackageProvider, SupportPackage


def approved_providers_of(user) -> list[Organisation]:
    """The user's organisations that staff approved as package providers."""
    ids = organisation_ids(user)
    return list(
        Organisation.objects.filter(
            pk__in=ids, package_provider__approved=True
        ).order_by("name")
    )


def is_approved_provider(organisation_id: int) -> bool:
    return PackageProvider.objects.filter(organisation_id=organisation_id, approved=True).exists()


def may_manage(user, package: SupportPackage) -> bool:
    """Staff manage every package; an approved provider's people manage its own."""
    if is_staff(user):
        return True
    return bool(
        package.provider_id
        and is_member(user, package.provider_id)
        and is_approved_provider(package.provider_id)
    )


def sme_of(user) -> Organisation | None:
    found = user_organisations(user, kinds=[Organisation.Kind.SME])
    return found[0] if found else None


def _with_counts(packages: QuerySet[SupportPackage]) -> QuerySet[SupportPackage]:
    return packages.select_related("provider").annotate(
        accepted_count=Count(
            "applications", filter=Q(applications__status=PackageApplication.Status.ACCEPTED)
        )
    )


def packages_for(user, *, city: str = "") -> QuerySet[SupportPackage]:
    """Published packages, and for staff and providers also their drafts and closed ones."""
    packages = SupportPackage.objects.all()
    if not is_staff(user):
        mine = [o.pk for o in approved_providers_of(user)]
        packages = packages.filter(
            Q(status=SupportPackage.Status.PUBLISHED) | Q(provider__in=mine)
        )
    if city:
        packages = packages.filter(host_city=city)
    return _with_counts(packages).order_by("host_city", "kind", "title_en", "pk")


def host_cities() -> list[str]:
    return list(
        SupportPackage.objects.filter(status=SupportPackage.Status.PUBLISHED)
        .order_by("host_city").values_list("host_city", flat=True).distinct()
    )


def package_for_viewer(*, user, pk: int) -> SupportPackage | None:
    return packages_for(user).filter(pk=pk).first()


def applications_of_package(package: SupportPackage) -> list[PackageApplication]:
    return list(package.applications.select_related("sme", "submitted_by").order_by(
        "created_at", "pk"))


def application_of_sme(*, package: SupportPackage, sme: Organisation | None):
    if sme is None:
        return None
    return package.applications.filter(sme=sme).first()


def application_for_manager(*, user, pk: int) -> PackageApplication | None:
    """The application if ``user`` manages its package (staff or the approved provider)."""
    application = (
        PackageApplication.objects.select_related("package", "package__provider", "sme")
        .filter(pk=pk).first()
    )
    if application is None or not may_manage(user, application.package):
        return None
    return application


def applications_of_sme(sme_ids: set[int]) -> list[PackageApplication]:
    return list(
        PackageApplication.objects.filter(sme__in=sme_ids)
        .select_related("package", "package__provider", "sme")
        .order_by("-created_at", "-pk")
    )


def packages_held(sme_id: int) -> list[SupportPackage]:
    """The packages an SME holds: its accepted applications."""
    return list(
        SupportPackage.objects.filter(
            applications__sme=sme_id, applications__status=PackageApplication.Status.ACCEPTED
        ).select_related("provider").order_by("host_city", "title_en")
    )


def providers_for_staff() -> list[PackageProvider]:
    return list(PackageProvider.objects.select_related("organisation", "approved_by").order_by(
        "approved", "organisation__name"))


def provider_candidates() -> QuerySet[Organisation]:
    """Organisations staff may approve as providers: any but SMEs, not yet approved."""
    return Organisation.objects.exclude(kind=Organisation.Kind.SME).exclude(
        package_provider__approved=True
    ).order_by("name")


def kpi_support_rows(mission=None) -> list[tuple[int, str, str]]:
    """(SME id, host city, status) of every application, for the KPI page; for a mission,
    those of the SMEs in its delegation (packages themselves belong to no mission)."""
    from missions.models import MissionApplication

    applications = PackageApplication.objects.exclude(status=PackageApplication.Status.WITHDRAWN)
    if mission is not None:
        applications = applications.filter(sme__in=MissionApplication.objects.filter(
            mission=mission, status=MissionApplication.Status.ACCEPTED).values("organisation"))
    return list(applications.values_list("sme_id", "package__host_city", "status"))


def packages_held_for_profile(organisation_id: int) -> list[dict]:
    """What an SME's profile page shows of the packages it holds (companies asks)."""
    from django.urls import reverse

    return [
        {"title": package.title, "city": package.host_city,
         "url": reverse("landing:package_detail", args=[package.pk])}
        for package in packages_held(organisation_id)
    ]
