"""The consortia a buyer sees among the ranked suppliers of a demand project.

The matching page only loads this tag; matching never imports the consortia area.
"""

from django import template

from ..consortia import selectors

register = template.Library()


@register.simple_tag
def presented_consortia(demand, rows) -> dict:
    """Presented consortia placed in the ranked list by combined score: ``{"before": {row
    index: [views]}, "after": [views]}`` (a fixed number of queries)."""
    views = selectors.consortium_views(selectors.presented_for_demand(demand=demand))
    before: dict[int, list] = {}
    after = []
    scores = [row.match.score for row in rows]
    for view in sorted(views, key=lambda v: -v.combined_score):
        index = next((i for i, s in enumerate(scores) if view.combined_score >= s), None)
        if index is None:
            after.append(view)
        else:
            before.setdefault(index, []).append(view)
    return {"before": before, "after": after}


@register.simple_tag
def demands_with_proposals(rows) -> set[int]:
    """Of the demand projects in an SME's match rows, those with consortium proposals (one
    query), so the page links to them."""
    return selectors.demands_with_proposals(demand_ids=[row.match.demand_id for row in rows])
