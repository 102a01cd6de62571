"""The navigation bar: entries per role, shown only for pages that exist.

Apps add their entries to ``NAVIGATION``; an entry whose URL name does not resolve is left
out, so the bar never links to a page that is not there.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    # Entries with a menu are shown together in a dropdown of that name, to keep the bar
    # on one line.
    menu: str | Promise | None = None


ANONYMOUS = "anonymous"
SME = "sme"
BUYER = "buyer"
STAFF = "staff"
NEWCOMER = "newcomer"  # signed in, no organisation yet

EVERYONE = frozenset({ANONYMOUS, SME, BUYER, STAFF, NEWCOMER})
SIGNED_IN = frozenset({SME, BUYER, STAFF, NEWCOMER})

STAFF_TOOLS = _("Staff tools")

NAVIGATION: list[NavEntry] = [
    NavEntry(_("Home"), "home", EVERYONE),
    NavEntry(_("SME directory"), "companies:directory", EVERYONE),
    NavEntry(_("My company"), "companies:my_organisation", frozenset({SME, NEWCOMER})),
    NavEntry(_("My organisation"), "companies:my_organisation", frozenset({BUYER})),
    NavEntry(_("My matches"), "matchmaking:sme_matches", frozenset({SME})),
    NavEntry(_("Supplier matches"), "matchmaking:buyer_demands", frozenset({BUYER})),
    NavEntry(_("Demand projects"), "missions:demand_list", frozenset({BUYER, STAFF})),
    NavEntry(_("Missions"), "missions:mission_list", SIGNED_IN),
    NavEntry(_("My agenda"), "matchmaking:my_agenda", frozenset({SME, BUYER})),
    NavEntry(_("Outcomes"), "matchmaking:my_outcomes", frozenset({SME, BUYER})),
    NavEntry(_("Consortia"), "consortia:list", frozenset({SME})),
    NavEntry(_("Investors"), "investors:pipelines", frozenset({SME, BUYER})),
    NavEntry(_("Landing support"), "landing:package_list", frozenset({SME, BUYER})),
    NavEntry(_("API and webhooks"), "api:tokens", frozenset({SME, BUYER})),
    NavEntry(_("API and webhooks"), "api:tokens", frozenset({STAFF}), STAFF_TOOLS),
    NavEntry(_("Scoring runs"), "matchmaking:scoring_runs", frozenset({STAFF}), STAFF_TOOLS),
    NavEntry(_("Outcomes and KPIs"), "matchmaking:kpis", frozenset({STAFF}), STAFF_TOOLS),
    NavEntry(_("Buyer approval"), "companies:buyer_approvals", frozenset({STAFF}), STAFF_TOOLS),
    NavEntry(_("Investment pipelines"), "investors:pipelines", frozenset({STAFF}), STAFF_TOOLS),
    NavEntry(_("Landing support"), "landing:package_list", frozenset({STAFF}), STAFF_TOOLS),
    NavEntry(_("Package providers"), "landing:providers", frozenset({STAFF}), STAFF_TOOLS),
    NavEntry(_("Market briefs"), "intelligence:brief_list", frozenset({STAFF}), STAFF_TOOLS),
    NavEntry(_("Administration"), "admin:index", frozenset({STAFF}), STAFF_TOOLS),
]


def entries_for(role: str) -> list[dict]:
    """The entries a user of ``role`` sees, with their resolved URLs."""
    entries = []
    for entry in NAVIGATION:
        if role not in entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append(
            {"label": entry.label, "url": url, "url_name": entry.url_name, "menu": entry.menu}
        )
    return entries


def bar_for(role: str) -> list[dict]:
    """The bar as shown: plain entries, and one item per menu holding its entries."""
    bar: list[dict] = []
    menus: dict[str, dict] = {}
    for entry in entries_for(role):
        if entry["menu"] is None:
            bar.append(entry)
            continue
        key = str(entry["menu"])
        if key not in menus:
            menus[key] = {"label": entry["menu"], "entries": [], "url": None}
            bar.append(menus[key])
        menus[key]["entries"].append(entry)
    return bar
