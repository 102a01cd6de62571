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
