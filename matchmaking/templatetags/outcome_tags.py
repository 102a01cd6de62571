"""Template tags that let other areas' pages show outcomes' cards without importing it."""

from django import template

from companies.rules import organisation_ids

from ..outcomes import selectors

register = template.Library()


@register.inclusion_tag("matchmaking/outcomes/_feedback_cards.html", takes_context=True)
def feedback_cards(context, agenda=None) -> dict:
    """The past meetings on which the user's side still owes feedback (agenda card).
    ``agenda``, when given, is the user's published agenda already read by the page, which
    holds all those meetings, so they are not read again."""
    request = context.get("request")
    user = getattr(request, "user", None)
    ids = organisation_ids(user)
    if agenda is not None:
        return {"feedback_due": selectors.feedback_due_among(agenda, ids)}
    return {"feedback_due": selectors.feedback_due_for(ids)}


@register.inclusion_tag("matchmaking/outcomes/_catalogue_link.html", takes_context=True)
def catalogue_link(context, mission) -> dict:
    """A download link to the mission's delegation catalogue, for staff and approved buyers
    (the view checks the same rule)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = mission.status not in ("draft", "cancelled") or getattr(user, "is_staff", False)
    return {"mission": mission, "show": allowed and selectors.may_download_catalogue(user)}
