"""Template tags that let other areas' pages show outcomes' cards without importing it."""

from django import template

from companies.rules import organisation_ids

from ..outcomes import selectors

register = template.Library()


@register.inclusion_tag("matchmaking/outcomes/_feedback_cards.html", takes_context=True)
def feedback_cards(context) -> dict:
    """The past meetings on which the user's side still owes feedback (agenda card)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"feedback_due": selectors.feedback_due_for(organisation_ids(user))}


@register.inclusion_tag("matchmaking/outcomes/_catalogue_link.html", takes_context=True)
def catalogue_link(context, mission) -> dict:
    """A download link to the mission's delegation catalogue, for staff and approved buyers
    (the view checks the same rule)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = mission.status not in ("draft", "cancelled") or getattr(user, "is_staff", False)
    return {"mission": mission, "show": allowed and selectors.may_download_catalogue(user)}
