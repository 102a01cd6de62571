"""Market briefs on the demand project and mission pages, readiness on the profile page.

The missions and companies pages only load this tag library; neither app imports the
intelligence area.
"""

from django import template

from ..intelligence import selectors

register = template.Library()


@register.inclusion_tag("matchmaking/intelligence/_briefs.html")
def demand_market_briefs(demand) -> dict:
    return {"briefs": selectors.briefs_for_demand(demand=demand)}


@register.inclusion_tag("matchmaking/intelligence/_briefs.html")
def mission_market_briefs(mission) -> dict:
    return {"briefs": selectors.briefs_for_mission(mission=mission)}


@register.inclusion_tag("matchmaking/intelligence/_readiness_summary.html")
def readiness_summary(sme) -> dict:
    return {"sme": sme, "views": selectors.readiness_of_sme(sme=sme)}


@register.simple_tag
def briefs_by_demand(rows) -> dict:
    """The briefs of each demand project in an SME's match rows (a fixed number of queries)."""
    return selectors.briefs_by_demand(demands=[row.match.demand for row in rows])

