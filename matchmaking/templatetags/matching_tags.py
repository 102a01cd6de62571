"""The match lists' cards (Jinja2 partials) and their reasons, written in Python.

The components of every card went through an included template: on a page of 25 cards
that was about 5,000 template nodes, a third of the page's time; the same markup built
here costs a tenth of that. Its texts are plain strings, escaped with the standard
library's ``html.escape`` (what Django's ``escape`` calls, without its check for lazy
texts, which a page of twenty cards made five hundred times).
"""

from collections.abc import Sequence
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from companies.jinja import render_partial
from companies.templatetags.companies_tags import bilingual

register = template.Library()


@register.simple_tag
def reason_list(explained: Sequence) -> SafeString:
    """A match's components (``selectors.Explained``), each with its share and sentence."""
    items = []
    for item in explained:
        label = escape(item.label)
        if item.scored:
            share = f"<span>{item.percent}%</span>"
            bar = (
                f'<div class="progress mb-1" role="progressbar" style="height: 6px" '
                f'aria-label="{label}" aria-valuenow="{item.percent}" aria-valuemin="0" '
                f'aria-valuemax="100">\n'
                f'        <div class="progress-bar bg-success" style="width: {item.percent}%">'
                f"</div>\n      </div>"
            )
        else:
            share = f'<span class="text-secondary not-scored">{escape(gettext("not scored"))}</span>'
            bar = ""
        items.append(
            f'    <li class="mb-2" data-component="{escape(item.name)}">\n'
            f'      <div class="d-flex justify-content-between small">'
            f'<span class="fw-semibold">{label}</span>{share}</div>\n'
            f"      {bar}\n"
            f'      <p class="small text-secondary mb-0 reason">{escape(item.sentence)}</p>\n'
            f"    </li>\n"
        )
    return mark_safe(  # every text above is escaped
        f'<ul class="list-unstyled mb-0 match-components">\n{"".join(items)}</ul>'
    )


@register.simple_tag
def match_reasons(explained: Sequence, open: bool = False, url: str = "") -> SafeString:
    """A match's reasons under "Why this match", open or folded. A folded card of a list
    comes without them and loads them from ``url`` when opened (htmx); without JavaScript,
    it shows a link to the page of that URL. Most cards of a list stay folded: writing
    their reasons made half of the list's size."""
    summary = f'<summary class="small text-success mb-2">{escape(gettext("Why this match"))}</summary>'
    if open or not url:
        return mark_safe(  # every text is escaped
            f'<details class="match-reasons"{" open" if open else ""}>\n{summary}\n'
            f"{reason_list(explained)}\n</details>"
        )
    url = escape(url)
    return mark_safe(  # every text is escaped
        f'<details class="match-reasons" hx-get="{url}" hx-trigger="toggle once" '
        f'hx-target="find .match-components" hx-swap="outerHTML">\n{summary}\n'
        f'<div class="match-components small"><a href="{url}">'
        f"{escape(gettext('Show the reasons'))}</a></div>\n</details>"
    )


@register.simple_tag(takes_context=True)
def page_links(context) -> SafeString:
    """The links between the pages of a match list (what ``views._pagination`` gives),
    written once by Jinja2 and shown above and below the list."""
    return render_partial(
        context,
        "matchmaking/matching/_pagination.html",
        **{key: context[key] for key in ("page", "page_range", "ellipsis", "query_string")},
    )


@register.simple_tag(takes_context=True)
def supplier_card(context, row, demand, meeting_url: str | None = None) -> SafeString:
    """One card of a buyer's supplier list (``selectors.SupplierRow``), written by Jinja2."""
    request = context["request"]
    return render_partial(
        context,
        "matchmaking/matching/_supplier_card.html",
        row=row,
        demand=demand,
        meeting_url=meeting_url,
        here=request.get_full_path(),
        is_staff=request.user.is_staff,
        reasons=match_reasons,
    )


@register.simple_tag(takes_context=True)
def demand_card(context, row, briefs: dict, with_proposals: set[int]) -> SafeString:
    """One card of an SME's match list (``selectors.DemandRow``), written by Jinja2, with
    links to the market briefs of its demand project (``briefs``: by demand id) and to its
    consortium proposals when it has some (``with_proposals``: demand ids)."""
    return render_partial(
        context,
        "matchmaking/matching/_demand_card.html",
        row=row,
        briefs=briefs.get(row.match.demand_id, []),
        with_proposals=row.match.demand_id in with_proposals,
        organisation=context["organisation"],
        verdicts=context["verdicts"],
        bilingual=bilingual,
        reasons=match_reasons,
    )
