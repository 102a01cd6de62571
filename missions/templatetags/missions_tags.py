"""Template helpers of the missions app."""

from django import template

from ..models import DemandProject, Mission, MissionApplication

register = template.Library()

# The colour of a status badge, keyed by the enums themselves (not by string literals).
_TONES = {
    Mission.Status.OPEN: "success",
    Mission.Status.CONFIRMED: "success",
    MissionApplication.Status.ACCEPTED: "success",
    DemandProject.Status.OPEN: "success",
    Mission.Status.CANCELLED: "muted",
    MissionApplication.Status.REJECTED: "muted",
    DemandProject.Status.CLOSED: "muted",
    MissionApplication.Status.WAITLISTED: "warning",
    Mission.Status.SELECTING: "warning",
}


@register.filter
def status_tone(status: str) -> str:
    """"success", "muted", "warning" or "neutral" for a mission, application or demand status."""
    return _TONES.get(status, "neutral")
