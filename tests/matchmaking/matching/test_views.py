"""Matching pages: who may see and do what, what they show, and their query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from matchmaking.matching import rescoring
from matchmaking.matching import services as matching_services
from matchmaking.models import BuyerDecision, MatchScore, ScoringRun, SmeFeedback
from tests.factories import ClusterFactory, CompanyProfileFactory
from tests.fixtures import PERSONAS
from tests.i18n_utils import catalog_entries, untranslated_in
from tests.test_i18n import CATALOG_ROOTS, catalogs

pytestmark = pytest.mark.usefixtures("fresh_scoring_context")


@pytest.fixture
def scored(sme_org, other_sme_org, heat_demand, solar_demand, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rescoring.scoring_run_start_full()
    assert MatchScore.objects.count() == 4
    return heat_demand


def suppliers_url(demand) -> str:
    return reverse("matchmaking:demand_suppliers", args=[demand.pk])


# --- Permissions -------------------------------------------------------------------------

SUPPLIERS_STATUS = {
    "anonymous": 302,
    "sme_owner": 404,
    "sme_member": 404,
    "other_sme": 404,
    "buyer": 200,
    "approved_buyer": 404,
    "staff": 200,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_demand_suppliers_only_for_the_demands_buyer_and_staff(persona, persona_client, scored):
    response = persona_client(persona).get(suppliers_url(scored))
    assert response.status_code == SUPPLIERS_STATUS[persona]
    if response.status_code == 200:
        names = [row.match.sme.name for row in response.context["suppliers"].rows]
        assert names == ["Nordic Heat Solutions", "Solar Alps GmbH"]


DECIDE_STATUS = {**SUPPLIERS_STATUS, "buyer": 302, "staff": 302}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_buyer_and_staff_can_shortlist(persona, persona_client, scored, sme_org):
    url = reverse("matchmaking:demand_decide", args=[scored.pk, sme_org.pk])
    response = persona_client(persona).post(url, {"action": "shortlisted"})
    assert response.status_code == DECIDE_STATUS[persona]
    expected = [(scored.pk, sme_org.pk, "shortlisted")] if persona in ("buyer", "staff") else []
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    assert list(BuyerDecision.objects.values_list("demand_id", "sme_id", "status")) == expected


SME_PAGE_STATUS = {
    "anonymous": 302,
    "sme_owner": 200,
    "sme_member": 200,
    "other_sme": 200,
    "buyer": 404,
    "approved_buyer": 404,
    "staff": 404,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_smes_see_their_own_matches_only(persona, persona_client, scored, sme_org, other_sme_org):
    response = persona_client(persona).get(reverse("matchmaking:sme_matches"))
    assert response.status_code == SME_PAGE_STATUS[persona]
    if response.status_code == 200:
        own = other_sme_org if persona == "other_sme" else sme_org
        assert {row.match.sme_id for row in response.context["rows"]} == {own.pk}
        assert [row.match.demand.title for row in response.context["rows"]][0] == (
            "Rooftop solar for New York schools"
            if persona == "other_sme"
            else "Jiangbei low-temperature heat network"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_feedback_is_given_for_the_own_sme_only(
    persona, persona_client, scored, sme_org, other_sme_org, django_capture_on_commit_callbacks
):
    url = reverse("matchmaking:sme_feedback", args=[scored.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client(persona).post(url, {"verdict": "interested"})
    assert response.status_code == {**SME_PAGE_STATUS, "sme_owner": 302, "sme_member": 302,
                                     "other_sme": 302}[persona]
    expected = {
        "sme_owner": [(sme_org.pk, "interested")],
        "sme_member": [(sme_org.pk, "interested")],
        "other_sme": [(other_sme_org.pk, "interested")],
    }.get(persona, [])
    assert list(SmeFeedback.objects.values_list("sme_id", "verdict")) == expected


# Staff pages answer 403 to everyone else (the one staff check, ``companies.rules``).
RUNS_STATUS = {persona: 403 for persona in PERSONAS} | {"anonymous": 302, "staff": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_scoring_runs_are_for_staff(persona, persona_client, django_capture_on_commit_callbacks):
    client = persona_client(persona)
    assert client.get(reverse("matchmaking:scoring_runs")).status_code == RUNS_STATUS[persona]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matchmaking:scoring_run_start"))
    assert response.status_code == (302 if persona in ("staff", "anonymous") else 403)
    runs = list(ScoringRun.objects.values_list("scope", "status"))
    assert runs == ([("full", "done")] if persona == "staff" else [])


# --- What the pages show ---------------------------------------------------------------------


@pytest.mark.django_db
def test_contacts_only_for_approved_buyers(
    buyer_client, approved_buyer_client, scored, solar_demand
):
    unapproved = buyer_client.get(suppliers_url(scored)).content.decode()
    assert "sales@nordic-heat.example.com" not in unapproved
    assert "Contact details are shown once the platform team has approved" in unapproved
    approved = approved_buyer_client.get(suppliers_url(solar_demand)).content.decode()
    assert "hello@solar-alps.example.com" in approved


@pytest.mark.django_db
def test_decline_needs_a_reason_and_the_buyer_sees_sme_feedback(
    buyer_client, scored, sme_org, sme_owner, django_capture_on_commit_callbacks
):
    url = reverse("matchmaking:demand_decide", args=[scored.pk, sme_org.pk])
    buyer_client.post(url, {"action": "declined", "reason": ""})
    assert BuyerDecision.objects.count() == 0
    buyer_client.post(url, {"action": "declined", "reason": "Outside our budget"})
    assert list(BuyerDecision.objects.values_list("status", "reason")) == [
        ("declined", "Outside our budget")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        matching_services.sme_feedback_give(
            sme=sme_org, demand=scored, verdict="interested", actor=sme_owner
        )
    page = buyer_client.get(suppliers_url(scored)).content.decode()
    assert "The company is interested" in page
    assert "Outside our budget" in page


@pytest.mark.django_db
def test_filters_by_country_cluster_and_minimum_score(buyer_client, scored, sme_org):
    cluster = ClusterFactory(name="Sustainable Business Hub")
    sme_org.profile.clusters.add(cluster)

    def names(params):
        response = buyer_client.get(suppliers_url(scored), params)
        return [row.match.sme.name for row in response.context["suppliers"].rows]

    assert names({"country": "AT"}) == ["Solar Alps GmbH"]
    assert names({"cluster": cluster.pk}) == ["Nordic Heat Solutions"]
    assert names({"min_score": 60}) == ["Nordic Heat Solutions"]
    assert names({"min_score": 100}) == []


@pytest.mark.django_db
def test_supplier_card_names_the_smes_clusters_by_name(buyer_client, scored, sme_org):
    for name in ("Zürich <Cleantech>", "Alpine Energy Cluster"):
        sme_org.profile.clusters.add(ClusterFactory(name=name))
    page = buyer_client.get(suppliers_url(scored)).content.decode()
    card = page[page.index(f'data-sme="{sme_org.pk}"'):]
    assert "Alpine Energy Cluster, Zürich &lt;Cleantech&gt;" in card[: card.index("</li>")]
    # A process whose cached list of clusters is older than a cluster still names it.
    from django.core.cache import cache

    from companies.filters import CLUSTERS_KEY

    cache.set(CLUSTERS_KEY, [])
    page = buyer_client.get(suppliers_url(scored)).content.decode()
    card = page[page.index(f'data-sme="{sme_org.pk}"'):]
    assert "Alpine Energy Cluster, Zürich &lt;Cleantech&gt;" in card[: card.index("</li>")]


@pytest.mark.django_db
def test_supplier_card_escapes_what_people_typed(staff_client, staff_user, scored, sme_org):
    markup = '<script>alert(1)</script> "quoted" & more'
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more"
    sme_org.name = f"Nordic {markup}"
    sme_org.save()
    profile = sme_org.profile
    profile.contact_name, profile.contact_phone = markup, '<b>1 & "2"</b>'
    profile.save()
    matching_services.buyer_decide(
        demand=scored,
        sme=sme_org,
        status=BuyerDecision.Status.DECLINED,
        actor=staff_user,
        reason=markup,
    )
    page = staff_client.get(suppliers_url(scored)).content.decode()
    card = page[page.index(f'data-sme="{sme_org.pk}"') :]
    card = card[: card.index("</li>")]
    assert "<script>" not in page
    assert f"Nordic {escaped}</a>" in card  # the name
    assert f'<small class="text-secondary">{escaped}</small>' in card  # the reason
    assert f"Contact: {escaped} · " in card
    assert " · &lt;b&gt;1 &amp; &quot;2&quot;&lt;/b&gt;</p>" in card  # the phone
    assert card.count(escaped) == 3


@pytest.mark.django_db
def test_demand_card_escapes_what_people_typed(sme_owner_client, scored, buyer_org):
    markup = '<script>alert(1)</script> "quoted" & more'
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more"
    buyer_org.name = f"Buyer {markup}"
    buyer_org.save()
    scored.title, scored.city = f"Heat {markup}", f"City {markup}"
    scored.save()
    page = sme_owner_client.get(reverse("matchmaking:sme_matches")).content.decode()
    card = page[page.index(f'data-demand="{scored.pk}"') :]
    card = card[: card.index("</li>")]
    assert "<script>" not in page
    assert f'<span lang="en">Heat {escaped}</span>' in card  # the title
    assert f"Buyer {escaped} · City {escaped}" in card  # the buyer and the city
    assert card.count(escaped) == 3


@pytest.mark.django_db
def test_supplier_page_explains_in_the_readers_language(buyer_client, scored):
    english = buyer_client.get(suppliers_url(scored)).content.decode()
    assert "Technologies: both name district heating and heat pump." in english
    chinese = buyer_client.get(suppliers_url(scored), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = chinese.content.decode()
    assert "技术关键词：双方都涉及区域供热、热泵。" in text
    assert "行业匹配" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("client_name", "url_name"),
    [
        ("buyer_client", "suppliers"),
        ("buyer_client", "matchmaking:buyer_demands"),
        ("sme_owner_client", "matchmaking:sme_matches"),
        ("staff_client", "matchmaking:scoring_runs"),
    ],
)
def test_matching_pages_in_chinese_have_no_untranslated_text(
    request, client_name, url_name, scored
):
    client = request.getfixturevalue(client_name)
    url = suppliers_url(scored) if url_name == "suppliers" else reverse(url_name)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    msgids = [m for path in catalogs("zh_Hans", CATALOG_ROOTS) for m, _, _ in catalog_entries(path)]
    with translation.override("zh-hans"):
        assert untranslated_in(response.content.decode(), msgids) == []


# --- Query counts (1 and 3 rows) ---------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_suppliers(n, django_capture_on_commit_callbacks):
    for number in range(n):
        profile = CompanyProfileFactory(
            description_en=f"Heat pumps for district heating, plant {number}.",
        )
        profile.clusters.add(ClusterFactory())
    with django_capture_on_commit_callbacks(execute=True):
        rescoring.scoring_run_start_full()


@pytest.mark.django_db
def test_supplier_list_query_count_does_not_grow(
    buyer_client, buyer_org, heat_demand, django_capture_on_commit_callbacks
):
    _more_suppliers(1, django_capture_on_commit_callbacks)
    one = _queries(buyer_client, suppliers_url(heat_demand))
    _more_suppliers(2, django_capture_on_commit_callbacks)
    assert MatchScore.objects.filter(demand=heat_demand).count() == 3
    assert _queries(buyer_client, suppliers_url(heat_demand)) == one


@pytest.mark.django_db
def test_sme_and_buyer_lists_query_counts_do_not_grow(
    sme_owner_client, buyer_client, sme_org, buyer_org, django_capture_on_commit_callbacks
):
    from matchmaking.intelligence.selectors import briefs_by_demand
    from missions.models import DemandProject
    from tests.factories import DemandProjectFactory

    def add_demands(n):
        for number in range(n):
            DemandProjectFactory(buyer=buyer_org, title=f"Heat network {number}")
        with django_capture_on_commit_callbacks(execute=True):
            rescoring.scoring_run_start_full()

    add_demands(1)
    # The briefs with a version are read once, then kept in the cache.
    briefs_by_demand(demands=DemandProject.objects.filter(buyer=buyer_org))
    sme_one = _queries(sme_owner_client, reverse("matchmaking:sme_matches"))
    buyer_one = _queries(buyer_client, reverse("matchmaking:buyer_demands"))
    add_demands(2)
    assert MatchScore.objects.filter(sme=sme_org).count() == 3
    assert _queries(sme_owner_client, reverse("matchmaking:sme_matches")) == sme_one
    assert _queries(buyer_client, reverse("matchmaking:buyer_demands")) == buyer_one


# --- Pages of 20 (the best 100) ------------------------------------------------------------


def _ranked(response) -> list[tuple[int, float]]:
    return [(row.rank, row.match.score) for row in response.context["suppliers"].rows]


@pytest.mark.django_db
def test_supplier_list_comes_in_pages_of_twenty_with_links_that_keep_the_filters(
    buyer_client, buyer_org, heat_demand, django_capture_on_commit_callbacks
):
    _more_suppliers(22, django_capture_on_commit_callbacks)
    assert MatchScore.objects.filter(demand=heat_demand).count() == 22
    url = suppliers_url(heat_demand)

    first = buyer_client.get(url, {"min_score": 0})
    assert [rank for rank, _ in _ranked(first)] == list(range(1, 21))
    html = first.content.decode()
    assert "1–20 of 22" in html
    assert 'rel="next" href="?min_score=0&amp;page=2"' in html
    assert 'rel="prev"' not in html
    # The links go above and below the list, both with the page numbers.
    assert html.count('<a class="page-link" href="?min_score=0&amp;page=2" aria-label="Page 2">2</a>') == 2
    assert html.count('rel="next"') == 2

    second = buyer_client.get(url, {"min_score": 0, "page": 2})
    assert [rank for rank, _ in _ranked(second)] == [21, 22]
    assert max(score for _, score in _ranked(second)) <= min(s for _, s in _ranked(first))
    everyone = {r.match.sme_id for r in first.context["suppliers"].rows + second.context["suppliers"].rows}
    assert everyone == set(MatchScore.objects.filter(demand=heat_demand).values_list("sme_id", flat=True))
    html = second.content.decode()
    assert "21–22 of 22" in html
    assert 'rel="prev" href="?min_score=0&amp;page=1"' in html
    # Only the best three of the whole list show their reasons unfolded.
    assert html.count('<details class="match-reasons" open>') == 0
    assert first.content.decode().count('<details class="match-reasons" open>') == 3

    # A page past the end shows the last one; a page that is not a number, the first.
    assert _ranked(buyer_client.get(url, {"page": 99})) == _ranked(second)
    assert _ranked(buyer_client.get(url, {"page": "x²"})) == _ranked(first)

    chinese = buyer_client.get(url, {"page": 2}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "第 21–22 项，共 22 项" in chinese and "上一页" in chinese and "1–20 of" not in chinese


@pytest.mark.django_db
def test_sme_match_list_comes_in_pages_of_twenty(
    sme_owner_client, sme_org, buyer_org, django_capture_on_commit_callbacks
):
    from tests.factories import DemandProjectFactory

    for number in range(21):
        DemandProjectFactory(buyer=buyer_org, title=f"Heat network {number}")
    with django_capture_on_commit_callbacks(execute=True):
        rescoring.scoring_run_start_full()
    assert MatchScore.objects.filter(sme=sme_org).count() == 21
    url = reverse("matchmaking:sme_matches")

    first = sme_owner_client.get(url)
    second = sme_owner_client.get(url, {"page": 2})
    assert [row.rank for row in first.context["rows"]] == list(range(1, 21))
    assert [row.rank for row in second.context["rows"]] == [21]
    shown = [row.match.demand_id for row in first.context["rows"] + second.context["rows"]]
    assert sorted(shown) == sorted(MatchScore.objects.filter(sme=sme_org).values_list("demand_id", flat=True))
    assert "1–20 of 21" in first.content.decode()
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert "21–21 of 21" in second.content.decode()


# --- Folded cards load their reasons when opened -------------------------------------------


@pytest.mark.django_db
def test_folded_supplier_cards_load_their_reasons_when_opened(
    buyer_client, buyer_org, heat_demand, django_capture_on_commit_callbacks
):
    from matchmaking.matching import selectors

    _more_suppliers(4, django_capture_on_commit_callbacks)
    response = buyer_client.get(suppliers_url(heat_demand), {"min_score": 0})
    rows = response.context["suppliers"].rows
    assert [row.rank for row in rows if row.explained] == [1, 2, 3]
    folded = rows[3].match
    url = reverse("matchmaking:demand_supplier_reasons", args=[heat_demand.pk, folded.sme_id])
    html = response.content.decode()
    assert html.count('<ul class="list-unstyled mb-0 match-components">') == 3
    assert f'hx-get="{url}" hx-trigger="toggle once"' in html
    assert f'<a href="{url}">Show the reasons</a>' in html  # without JavaScript
    # The list leaves the folded rows' reasons to the card: the full rescore stored none.
    assert MatchScore.objects.get(pk=folded.pk).reasons == {}

    fragment = buyer_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<ul class="list-unstyled mb-0 match-components">')
    assert "<html" not in fragment
    stored = MatchScore.objects.get(pk=folded.pk)
    assert stored.reasons != {}  # built once, then kept
    names = [item.name for item in selectors.explanations(stored, "en")]
    assert names and fragment.count('<li class="mb-2" data-component=') == len(names)
    for item in selectors.explanations(stored, "en"):
        assert f'data-component="{item.name}"' in fragment

    page = buyer_client.get(url).content.decode()  # a page of its own without JavaScript
    assert "<html" in page and "Why this match" in page
    assert f'<a href="{suppliers_url(heat_demand)}">Back to the list</a>' in page
    chinese = buyer_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "匹配理由" in chinese and "返回列表" in chinese and "Back to the list" not in chinese


@pytest.mark.django_db
def test_a_supplier_outside_the_list_has_no_reasons_to_load(buyer_client, scored, sme_org):
    url = reverse("matchmaking:demand_supplier_reasons", args=[scored.pk, sme_org.pk])
    assert buyer_client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    sme_org.profile.status = "draft"
    sme_org.profile.save()
    assert buyer_client.get(url, HTTP_HX_REQUEST="true").status_code == 404
    missing = reverse("matchmaking:demand_supplier_reasons", args=[scored.pk, 10**9])
    assert buyer_client.get(missing).status_code == 404


@pytest.mark.django_db
def test_folded_sme_cards_load_their_reasons_and_draft_missions_stay_hidden(
    sme_owner_client, sme_org, buyer_org, django_capture_on_commit_callbacks
):
    from tests.factories import DemandProjectFactory, MissionFactory

    for number in range(4):
        DemandProjectFactory(buyer=buyer_org, title=f"Heat network {number}")
    draft = DemandProjectFactory(
        buyer=buyer_org, title="Unannounced heat network", mission=MissionFactory(status="draft")
    )
    with django_capture_on_commit_callbacks(execute=True):
        rescoring.scoring_run_start_full()
    response = sme_owner_client.get(reverse("matchmaking:sme_matches"))
    rows = response.context["rows"]
    assert [row.rank for row in rows if row.explained] == [1, 2, 3] and len(rows) == 4
    url = reverse("matchmaking:sme_match_reasons", args=[rows[3].match.demand_id])
    assert f'hx-get="{url}"' in response.content.decode()
    fragment = sme_owner_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<ul class="list-unstyled mb-0 match-components">')
    assert 'data-component="text"' in fragment
    page = sme_owner_client.get(url).content.decode()
    assert "Heat network" in page and "Back to the list" in page

    assert MatchScore.objects.filter(sme=sme_org, demand=draft).exists()
    hidden = reverse("matchmaking:sme_match_reasons", args=[draft.pk])
    assert sme_owner_client.get(hidden, HTTP_HX_REQUEST="true").status_code == 404
