"""Reads for the matching app's pages."""

from companies.models import CompanyProfile, Organisation
from missions.models import DemandProject, Mission


def platform_stats() -> dict[str, int]:
    """The counts on the home page."""
    return {
        "smes": CompanyProfile.objects.filter(status=CompanyProfile.Status.PUBLISHED).count(),
        "buyers": Organisation.objects.filter(kind=Organisation.Kind.BUYER).count(),
        "demands": DemandProject.objects.filter(status=DemandProject.Status.OPEN).count(),
        "missions": Mission.objects.exclude(
            status__in=[Mission.Status.DRAFT, Mission.Status.CANCELLED]
        ).count(),
    }
