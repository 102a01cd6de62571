"""The match lists' cards: a buyer's supplier cards, an SME's demand cards and every
card's reasons, written here in Python.

The components of every card went through an included template: on a page of 25 cards
that was about 5,000 template nodes, a third of the page's time; the same markup built
here costs a tenth of that. Its texts are plain strings, escaped with the standard
library's ``html.escape`` (what Django's ``escape`` calls, without its check for lazy
texts, which a page of twenty cards made five hundred times).
"""

from collections.abc import Sequence
from html import escape

from django import template
from django.template.backends.utils import csrf_input
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop

from companies.filters import country_choices
from companies.jinja import id_url, number, translated, url
from companies.templatetags.companies_tags import bilingual

from ..matching.models import SmeFeedback

register = template.Library()


# The fixed texts of a match's reasons, translated with ``translated`` (once a language).
REASONS_TEXTS = {
    "not_scored": gettext_noop("not scored"),
    "why": gettext_noop("Why this match"),
    "show": gettext_noop("Show the reasons"),
}


def _reasons_text(key: str, language: str | None) -> str:
    return escape(translated(REASONS_TEXTS[key], language))


@register.simple_tag
def reason_list(explained: Sequence, language: str | None = None) -> SafeString:
    """A match's components (``selectors.Explained``), each with its share and sentence,
    in ``language`` (the active one if not given)."""
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
            share = (
                f'<span class="text-secondary not-scored">{_reasons_text("not_scored", language)}'
                "</span>"
            )
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
def match_reasons(
    explained: Sequence, open: bool = False, url: str = "", language: str | None = None
) -> SafeString:
    """A match's reasons under "Why this match", open or folded. A folded card of a list
    comes without them and loads them from ``url`` when opened (htmx); without JavaScript,
    it shows a link to the page of that URL. Most cards of a list stay folded: writing
    their reasons made half of the list's size. Written in ``language`` (the active one if
    not given)."""
    summary = f'<summary class="small text-success mb-2">{_reasons_text("why", language)}</summary>'
    if open or not url:
        return mark_safe(  # every text is escaped
            f'<details class="match-reasons"{" open" if open else ""}>\n{summary}\n'
            f"{reason_list(explained, language)}\n</details>"
        )
    url = escape(url)
    return mark_safe(  # every text is escaped
        f'<details class="match-reasons" hx-get="{url}" hx-trigger="toggle once" '
        f'hx-target="find .match-components" hx-swap="outerHTML">\n{summary}\n'
        f'<div class="match-components small"><a href="{url}">'
        f"{_reasons_text('show', language)}</a></div>\n</details>"
    )


# The fixed texts of the links between the pages of a match list.
PAGE_LINKS_TEXTS = {
    "pages": gettext_noop("Result pages"),
    "position": gettext_noop("%(first)s–%(last)s of %(total)s"),
    "previous": gettext_noop("Previous"),
    "next": gettext_noop("Next"),
    "page": gettext_noop("Page %(number)s"),
}


@register.simple_tag(takes_context=True)
def page_links(context) -> SafeString:
    """The links between the pages of a match list (what ``views._pagination`` gives),
    written once and shown above and below the list; nothing when there is one page."""
    page = context["page"]
    if not page.has_other_pages():
        return mark_safe("")
    language = get_language()
    text = {key: translated(value, language) for key, value in PAGE_LINKS_TEXTS.items()}
    query_string = context["query_string"]
    prefix = escape(f"?{query_string}&" if query_string else "?")
    items = []
    if page.has_previous():
        items.append(
            f'<li class="page-item"><a class="page-link" rel="prev" href="{prefix}page='
            f'{page.previous_page_number()}">{escape(text["previous"])}</a></li>'
        )
    for shown in context["page_range"]:
        if shown == page.number:
            items.append(
                f'<li class="page-item active" aria-current="page"><span class="page-link">'
                f"{shown}</span></li>"
            )
        elif shown == context["ellipsis"]:
            items.append('<li class="page-item disabled"><span class="page-link">…</span></li>')
        else:
            label = escape(text["page"] % {"number": shown})
            items.append(
                f'<li class="page-item"><a class="page-link" href="{prefix}page={shown}" '
                f'aria-label="{label}">{shown}</a></li>'
            )
    if page.has_next():
        items.append(
            f'<li class="page-item"><a class="page-link" rel="next" href="{prefix}page='
            f'{page.next_page_number()}">{escape(text["next"])}</a></li>'
        )
    position = text["position"] % {
        "first": page.start_index(), "last": page.end_index(), "total": page.paginator.count
    }
    return mark_safe(  # every text is escaped
        f'<nav class="d-flex flex-wrap align-items-center justify-content-between gap-2 '
        f'match-pages" aria-label="{escape(text["pages"])}">\n'
        f'  <p class="small text-secondary mb-0 page-position">{escape(position)}</p>\n'
        f'  <ul class="pagination flex-wrap mb-0">\n    {"\n    ".join(items)}\n  </ul>\n'
        f"</nav>"
    )


# The fixed texts of a supplier card, translated once a list (``_supplier_texts``).
SUPPLIER_CARD_TEXTS = {
    "interested": gettext_noop("The company is interested"),
    "not_relevant": gettext_noop("The company finds this not relevant"),
    "confidence": gettext_noop("confidence %(c)s"),
    "contact": gettext_noop("Contact"),
    "contacts_later": gettext_noop(
        "Contact details are shown once the platform team has approved your organisation."
    ),
    "shortlist": gettext_noop("Shortlist"),
    "decline_reason": gettext_noop("Reason for declining"),
    "decline": gettext_noop("Decline"),
    "undo": gettext_noop("Undo"),
    "request_meeting": gettext_noop("Request a meeting"),
    "meeting_requested": gettext_noop("Meeting requested"),
}


def _supplier_texts(language: str) -> dict[str, str]:
    return {key: translated(text, language) for key, text in SUPPLIER_CARD_TEXTS.items()}


@register.simple_tag(takes_context=True)
def supplier_cards(
    context, rows, demand, meeting_url: str | None = None, consortia_before: dict | None = None
) -> SafeString:
    """The cards of a buyer's supplier list (``selectors.SupplierRow``), each after the
    presented consortia that outscore it (``consortia_before``: views by row index), which
    their Django template writes.

    The cards are written here, like their reasons: a list repeats twenty of them, and
    Jinja2 made about twelve hundred function calls a card (attribute lookups, escaping,
    calls through its context), a third of the page's; these make a tenth of that. Every
    text from the database or the request goes through ``escape``."""
    request = context["request"]
    before = {}
    if consortia_before:
        consortia = context.template.engine.get_template(
            "matchmaking/consortia/_supplier_cards.html"
        )
        for index, views in consortia_before.items():
            with context.push(views=views):
                before[index] = consortia.render(context)
    language = get_language()
    text = {key: escape(value) for key, value in _supplier_texts(language).items()}
    shared = {
        "csrf": csrf_input(request),
        "next": f'<input type="hidden" name="next" value="{escape(request.get_full_path())}">',
        "language": language,
        "countries": dict(country_choices()),
        "reasons_url": id_url("matchmaking:demand_supplier_reasons", demand.pk),
        "decide_url": id_url("matchmaking:demand_decide", demand.pk),
    }
    cards = []
    for index, row in enumerate(rows):
        cards.append(before.get(index, ""))
        cards.append(_supplier_card(row, demand, meeting_url, request.user.is_staff, text, shared))
    return mark_safe("".join(cards))  # every text is escaped


def _supplier_card(row, demand, meeting_url, is_staff: bool, text: dict, shared: dict) -> str:
    match, profile, sme_id = row.match, row.profile, row.match.sme_id
    sme = match.sme
    score = number(match.score, 0)
    name = escape(sme.name)
    if profile:
        name = f'<a href="{escape(url("companies:profile_detail", sme.slug))}">{name}</a>'
    country = sme.country
    facts = [escape(shared["countries"].get(country.code) or country.name)]
    if row.clusters:
        facts.append(escape(", ".join(row.clusters)))
    if profile and profile.trl:
        facts.append(f"TRL {profile.trl}")
    badges = []  # on lines of their own, so a space parts them
    if row.feedback:
        interested = row.feedback.is_interested
        badges.append(
            f'<span class="badge {"text-bg-success" if interested else "text-bg-secondary"} '
            f'sme-feedback">{text["interested" if interested else "not_relevant"]}</span>'
        )
    decision = row.decision
    if decision:
        badges.append(
            f'<span class="badge {"text-bg-primary" if decision.is_shortlisted else "text-bg-warning"}'
            f' decision" data-decision="{escape(decision.status)}">'
            f"{escape(decision.get_status_display())}</span>"
        )
        if decision.reason:
            badges[-1] += f' <small class="text-secondary">{escape(decision.reason)}</small>'
    confidence = text["confidence"] % {"c": number(match.confidence, 2)}
    if row.show_contacts:
        contact = [escape(profile.contact_name or "–")]
        if profile.contact_email:
            email = escape(profile.contact_email)
            contact.append(f'<a href="mailto:{email}">{email}</a>')
        if profile.contact_phone:
            contact.append(escape(profile.contact_phone))
        contacts = f'<p class="small mb-2 contacts">{text["contact"]}: {" · ".join(contact)}</p>'
    elif not is_staff:
        contacts = f'<p class="small text-secondary mb-2">{text["contacts_later"]}</p>'
    else:
        contacts = ""
    reasons = match_reasons(
        row.explained, row.explained_open, shared["reasons_url"](sme_id), shared["language"]
    )
    decide = escape(shared["decide_url"](sme_id))
    csrf, next_field = shared["csrf"], shared["next"]
    undo = (
        f'<form method="post" action="{decide}">{csrf}{next_field}'
        f'<button class="btn btn-sm btn-link" name="action" value="clear" type="submit">'
        f'{text["undo"]}</button></form>'
        if decision
        else ""
    )
    if meeting_url and row.can_request_meeting:
        meeting = (
            f'<a class="btn btn-sm btn-outline-primary request-meeting" href="'
            f'{escape(meeting_url)}?demand={demand.pk}&amp;sme={sme_id}">'
            f'{text["request_meeting"]}</a>'
        )
    elif row.meeting_requested:
        meeting = (
            f'<span class="badge text-bg-info align-self-center meeting-requested">'
            f'{text["meeting_requested"]}</span>'
        )
    else:
        meeting = ""
    return f"""
<li class="card mb-3 supplier" data-sme="{sme_id}" data-score="{score}">
  <div class="card-body">
    <div class="d-flex flex-wrap justify-content-between gap-2">
      <div>
        <h2 class="h5 mb-1"><span class="text-secondary me-1">{row.rank}.</span> {name}</h2>
        <p class="small text-secondary mb-1">{" · ".join(facts)}</p>
        {"\n        ".join(badges)}
      </div>
      <div class="text-end">
        <div class="display-6 fw-semibold match-score">{score}</div>
        <div class="small text-secondary">{confidence}</div>
      </div>
    </div>
    {contacts}
    {reasons}
    <div class="d-flex flex-wrap gap-2 mt-3 align-items-start">
      <form method="post" action="{decide}">{csrf}{next_field}
        <button class="btn btn-sm btn-success text-nowrap" name="action" value="shortlisted" type="submit">{text["shortlist"]}</button>
      </form>
      <form method="post" action="{decide}" class="d-flex flex-nowrap gap-1 decline-form">{csrf}{next_field}
        <label class="visually-hidden" for="reason-{sme_id}">{text["decline_reason"]}</label>
        <input class="form-control form-control-sm" id="reason-{sme_id}" name="reason" placeholder="{text["decline_reason"]}" required>
        <button class="btn btn-sm btn-outline-danger text-nowrap" name="action" value="declined" type="submit">{text["decline"]}</button>
      </form>
      {undo}
      {meeting}
    </div>
  </div>
</li>"""


# The fixed texts of an SME's demand card, translated once a list.
DEMAND_CARD_TEXTS = {
    "market_briefs": gettext_noop("Market briefs"),
    "interested": gettext_noop("Interested"),
    "not_relevant": gettext_noop("Not relevant"),
    "withdraw": gettext_noop("Withdraw my answer"),
    "consortium_proposals": gettext_noop("Consortium proposals"),
    "request_meeting": gettext_noop("Request a meeting"),
    "meeting_requested": gettext_noop("Meeting requested"),
}


@register.simple_tag(takes_context=True)
def demand_cards(context, rows, briefs: dict, with_proposals: set[int]) -> SafeString:
    """The cards of an SME's match list (``selectors.DemandRow``), with links to the
    market briefs of each demand project (``briefs``: by demand id) and to its consortium
    proposals when it has some (``with_proposals``: demand ids).

    Written here like the buyer's supplier cards: Jinja2 spent about six hundred function
    calls on a card. Every text from the database goes through ``escape``."""
    language = get_language()
    text = {
        key: escape(translated(value, language)) for key, value in DEMAND_CARD_TEXTS.items()
    }
    organisation = context["organisation"]
    shared = {
        "csrf": csrf_input(context["request"]),
        "meeting_url": escape(url("matchmaking:meeting_request_create")),
        "sme": organisation.pk,
        "interested": escape(SmeFeedback.Verdict.INTERESTED),
        "not_relevant": escape(SmeFeedback.Verdict.NOT_RELEVANT),
        "language": language,
        "reasons_url": id_url("matchmaking:sme_match_reasons"),
        "feedback_url": id_url("matchmaking:sme_feedback"),
        "proposals_url": id_url("consortia:demand_proposals"),
    }
    return mark_safe(  # every text is escaped
        "".join(
            _demand_card(row, briefs.get(row.match.demand_id, ()), with_proposals, text, shared)
            for row in rows
        )
    )


def _demand_card(row, briefs, with_proposals, text: dict, shared: dict) -> str:
    match = row.match
    demand, demand_id = match.demand, match.demand_id
    where = f"{escape(demand.buyer.name)} · {escape(demand.city)}"
    if demand.mission_id:
        mission = demand.mission
        where += f" · {bilingual(mission.title, mission.title_zh)}"
    links = ""
    if briefs:
        linked = ", ".join(
            f'<a href="{escape(url("intelligence:brief_detail", view.brief.pk))}">'
            f"{escape(view.label)}</a>"
            for view in briefs
        )
        links = f'\n        <p class="small mb-2 market-brief-links">{text["market_briefs"]}: {linked}</p>'
    reasons = match_reasons(
        row.explained, row.explained_open, shared["reasons_url"](demand_id), shared["language"]
    )
    feedback = row.feedback
    interested = "btn-success" if feedback and feedback.is_interested else "btn-outline-success"
    not_relevant = (
        "btn-secondary" if feedback and feedback.is_not_relevant else "btn-outline-secondary"
    )
    actions = []
    if feedback:
        actions.append(
            f'<button class="btn btn-sm btn-link" name="verdict" value="" type="submit">'
            f'{text["withdraw"]}</button>'
        )
    if demand_id in with_proposals:
        actions.append(
            f'<a class="btn btn-sm btn-outline-success consortium-proposals" href="'
            f'{escape(shared["proposals_url"](demand_id))}">'
            f'{text["consortium_proposals"]}</a>'
        )
    if row.can_request_meeting:
        actions.append(
            f'<a class="btn btn-sm btn-outline-primary ms-auto request-meeting" href="'
            f'{shared["meeting_url"]}?demand={demand_id}&amp;sme={shared["sme"]}">'
            f'{text["request_meeting"]}</a>'
        )
    elif row.meeting_requested:
        actions.append(
            f'<span class="badge text-bg-info align-self-center ms-auto meeting-requested">'
            f'{text["meeting_requested"]}</span>'
        )
    feedback_url = escape(shared["feedback_url"](demand_id))
    return f"""
<li class="card mb-3 demand-match" data-demand="{demand_id}">
  <div class="card-body">
    <div class="d-flex flex-wrap justify-content-between gap-2">
      <div>
        <h2 class="h5 mb-1">{bilingual(demand.title, demand.title_zh)}</h2>
        <p class="small text-secondary mb-1">{where}</p>
      </div>
      <div class="display-6 fw-semibold match-score">{number(match.score, 0)}</div>
    </div>{links}
    {reasons}
    <form method="post" action="{feedback_url}" class="d-flex gap-2 mt-3 sme-feedback-form">{shared["csrf"]}
      <button class="btn btn-sm {interested}" name="verdict" value="{shared["interested"]}" type="submit">{text["interested"]}</button>
      <button class="btn btn-sm {not_relevant}" name="verdict" value="{shared["not_relevant"]}" type="submit">{text["not_relevant"]}</button>
      {"\n      ".join(actions)}
    </form>
  </div>
</li>"""
