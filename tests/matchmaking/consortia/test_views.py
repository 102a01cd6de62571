"""The consortium pages: who may open and act on each (404 for outsiders), their query
counts from one to three rows, and their Chinese renders."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from companies.filters import clusters
from matchmaking.consortia import services
from matchmaking.consortia.models import Consortium, ConsortiumMember, ConsortiumProposal
from matchmaking.matching.rescoring import demand_rescore
from tests.fixtures import sector
from tests.i18n_utils import catalog_entries, untranslated_in
from tests.matchmaking.conftest import delegate
from tests.test_i18n import CATALOG_ROOTS, catalogs

from .conftest import AUTOMATION, HEAT, WATER, _sme

pytestmark = pytest.mark.django_db

SIGNED_IN = ["sme_owner", "sme_member", "other_sme", "buyer", "approved_buyer", "staff"]
# sme_org (sme_owner, sme_member) is the consortium's lead; approved_buyer owns the demand.
MEMBERS = {"sme_owner", "sme_member", "staff"}


@pytest.fixture
def consortium(sme_org, sme_owner, trio) -> Consortium:
    sme_org.profile.sectors.set([sector(HEAT)])
    delegate(trio.mission, sme_org)
    demand_rescore(demand_id=trio.demand.pk)
    return services.consortium_form(
        demand=trio.demand,
        actor=sme_owner,
        members={
            sme_org.pk: [HEAT],
            trio.water.organisation_id: [WATER],
            trio.automation.organisation_id: [AUTOMATION],
        },
        lead=sme_org,
        name="Jiangbei utilities consortium",
    )


def _accept_all(consortium: Consortium) -> Consortium:
    for member in consortium.members.exclude(answer=ConsortiumMember.Answer.ACCEPTED):
        services.member_answer(member=member, answer=ConsortiumMember.Answer.ACCEPTED)
    consortium.refresh_from_db()
    return consortium


@pytest.fixture
def presented(consortium, sme_owner) -> Consortium:
    return services.consortium_present(consortium=_accept_all(consortium), actor=sme_owner)


def _login_redirect(response) -> bool:
    return response.status_code == 302 and "/login/" in response["Location"]


# --- Pages: who may open them ------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", *SIGNED_IN])
def test_the_consortium_list_shows_only_ones_own_consortia(persona, persona_client, consortium):
    response = persona_client(persona).get(reverse("consortia:list"))
    if persona == "anonymous":
        assert _login_redirect(response)
        return
    assert response.status_code == 200
    assert ("Jiangbei utilities consortium" in response.content.decode()) == (persona in MEMBERS)


@pytest.mark.parametrize("persona", ["anonymous", *SIGNED_IN])
@pytest.mark.parametrize("url_name", ["consortia:demand_proposals", "consortia:form_from_scratch"])
def test_proposals_and_the_form_open_to_matched_smes_and_staff_only(
    persona, url_name, persona_client, consortium, trio
):
    services.proposals_compute(demand_id=trio.demand.pk)
    response = persona_client(persona).get(reverse(url_name, args=[trio.demand.pk]))
    if persona == "anonymous":
        assert _login_redirect(response)
    elif persona in MEMBERS:
        assert response.status_code == 200
        assert trio.demand.title in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", *SIGNED_IN])
def test_a_forming_consortium_is_seen_by_its_members_and_staff_not_yet_by_the_buyer(
    persona, persona_client, consortium
):
    response = persona_client(persona).get(reverse("consortia:detail", args=[consortium.pk]))
    if persona == "anonymous":
        assert _login_redirect(response)
    elif persona in MEMBERS:
        assert response.status_code == 200
        assert response.context["consortium"] == consortium
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_once_presented_the_buyer_sees_it_too(persona, persona_client, presented):
    response = persona_client(persona).get(reverse("consortia:detail", args=[presented.pk]))
    expected = 200 if persona in MEMBERS | {"approved_buyer"} else 404
    assert response.status_code == expected


def test_the_invitation_page_opens_with_its_signed_link_only(anonymous_client, consortium, trio):
    member = consortium.members.get(sme=trio.water.organisation)
    url = reverse("consortia:invitation", args=[services.member_token(member)])
    page = anonymous_client.get(url)
    assert page.status_code == 200
    assert page.context["member"] == member
    forged = reverse("consortia:invitation", args=[services.member_token(member) + "x"])
    assert anonymous_client.get(forged).status_code == 404
    assert anonymous_client.post(url, {"answer": "accepted"}).status_code == 302
    member.refresh_from_db()
    assert member.answer == ConsortiumMember.Answer.ACCEPTED


# --- Actions: who may take them ----------------------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", *SIGNED_IN])
def test_forming_from_a_proposal_is_for_its_smes_and_staff(persona, persona_client, trio):
    services.proposals_compute(demand_id=trio.demand.pk)
    url = reverse("consortia:form_from_proposal", args=[trio.demand.pk, 1])
    response = persona_client(persona).post(url)
    if persona == "anonymous":
        assert _login_redirect(response)
        assert Consortium.objects.count() == 0
    elif persona == "staff":
        formed = Consortium.objects.get()
        assert response["Location"] == reverse("consortia:detail", args=[formed.pk])
        assert formed.proposal_rank == 1
    else:
        # The persona SMEs are not matched to this demand: nothing leaks, nothing formed.
        assert response.status_code == 404
        assert Consortium.objects.count() == 0


@pytest.mark.parametrize("persona", ["anonymous", *SIGNED_IN])
def test_presenting_is_for_members_and_staff(persona, persona_client, consortium):
    ready = _accept_all(consortium)
    assert ready.status == Consortium.Status.READY
    response = persona_client(persona).post(reverse("consortia:present", args=[ready.pk]))
    ready.refresh_from_db()
    if persona in MEMBERS:
        assert response.status_code == 302
        assert ready.status == Consortium.Status.PRESENTED
    else:
        assert _login_redirect(response) if persona == "anonymous" else response.status_code == 404
        assert ready.status == Consortium.Status.READY


@pytest.mark.parametrize("persona", ["anonymous", *SIGNED_IN])
def test_only_the_buyer_shortlists_and_requests_the_meeting(persona, persona_client, presented):
    client = persona_client(persona)
    decided = client.post(
        reverse("consortia:decide", args=[presented.pk]), {"decision": "shortlisted"}
    )
    met = client.post(reverse("consortia:meeting", args=[presented.pk]), {"message": "Hello"})
    presented.refresh_from_db()
    if persona == "approved_buyer":
        assert (decided.status_code, met.status_code) == (302, 302)
        assert presented.buyer_decision == Consortium.Decision.SHORTLISTED
        assert presented.meeting_request.sme_id == presented.lead_id
        assert presented.meeting_request.requested_by_org_id == presented.demand.buyer_id
    elif persona == "staff":
        # Staff may record the buyer's shortlist, but a meeting is asked for by the buyer.
        assert (decided.status_code, met.status_code) == (302, 404)
        assert presented.buyer_decision == Consortium.Decision.SHORTLISTED
        assert presented.meeting_request is None
    else:
        if persona == "anonymous":
            assert _login_redirect(decided) and _login_redirect(met)
        else:
            # Members may see the consortium but not act as its buyer: 404 all the same.
            assert (decided.status_code, met.status_code) == (404, 404)
        assert presented.buyer_decision == ""
        assert presented.meeting_request is None


@pytest.mark.parametrize("persona", ["anonymous", *SIGNED_IN])
def test_only_the_lead_accepts_the_buyers_meeting_request(
    persona, persona_client, presented, approved_buyer
):
    services.consortium_meeting_request(consortium=presented, actor=approved_buyer)
    url = reverse("consortia:meeting_accept", args=[presented.pk])
    response = persona_client(persona).post(url)
    presented.refresh_from_db()
    status = presented.meeting_request.status
    if persona in {"sme_owner", "sme_member"}:
        assert response.status_code == 302
        assert status == "accepted"
    else:
        assert status == "pending"
        if persona == "anonymous":
            assert _login_redirect(response)
        else:
            # Staff and the buyer see the consortium, but answering is the lead SME's alone.
            assert response.status_code == 404


# --- Query counts (1 and 3 rows) ---------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _another(trio, number: int, code: str):
    profile, owner = _sme(
        f"Water Works {number}", f"water-works-{number}", "FR", code,
        f"Wastewater treatment with membrane bioreactors, plant {number}.",
        f"water{number}@example.org",
    )
    return profile, owner


def test_the_consortium_list_query_count_does_not_grow(staff_client, trio, staff_user):
    def form(n):
        for _ in range(n):
            services.consortium_form(
                demand=trio.demand,
                actor=staff_user,
                members={trio.heat.organisation_id: [HEAT], trio.water.organisation_id: [WATER]},
            )

    form(1)
    one = _queries(staff_client, reverse("consortia:list"))
    form(2)
    assert Consortium.objects.count() == 3
    assert _queries(staff_client, reverse("consortia:list")) == one


def test_the_proposals_page_query_count_does_not_grow(staff_client, trio):
    url = reverse("consortia:demand_proposals", args=[trio.demand.pk])
    services.proposals_compute(demand_id=trio.demand.pk)
    assert ConsortiumProposal.objects.filter(demand=trio.demand).count() == 1
    one = _queries(staff_client, url)
    for number in (1, 2):
        _another(trio, number, WATER)
    demand_rescore(demand_id=trio.demand.pk)
    services.proposals_compute(demand_id=trio.demand.pk)
    assert ConsortiumProposal.objects.filter(demand=trio.demand).count() == 3
    assert _queries(staff_client, url) == one


def test_the_suppliers_page_query_count_does_not_grow_with_presented_consortia(
    approved_buyer_client, trio, staff_user
):
    url = reverse("matchmaking:demand_suppliers", args=[trio.demand.pk])

    def present(members):
        consortium = services.consortium_form(demand=trio.demand, actor=staff_user, members=members)
        services.consortium_present(consortium=_accept_all(consortium), actor=staff_user)

    heat, water, automation = (
        trio.heat.organisation_id, trio.water.organisation_id, trio.automation.organisation_id
    )
    present({heat: [HEAT], water: [WATER]})
    clusters()  # the filter's clusters are read once, then kept in the cache
    one = _queries(approved_buyer_client, url)
    present({heat: [HEAT], automation: [AUTOMATION]})
    present({water: [WATER], automation: [AUTOMATION]})
    page = approved_buyer_client.get(url)
    assert page.content.decode().count('data-consortium="') == 3
    assert _queries(approved_buyer_client, url) == one


# --- Chinese -------------------------------------------------------------------------------


def _chinese_leftovers(client, url) -> list[str]:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    msgids = [m for path in catalogs("zh_Hans", CATALOG_ROOTS) for m, _, _ in catalog_entries(path)]
    with translation.override("zh-hans"):
        return untranslated_in(response.content.decode(), msgids)


def test_consortium_pages_in_chinese_have_no_english_left(
    sme_owner_client, approved_buyer_client, anonymous_client, presented, trio
):
    services.proposals_compute(demand_id=trio.demand.pk)
    demand = trio.demand.pk
    member = presented.members.get(sme=trio.water.organisation)
    pages = [
        (sme_owner_client, reverse("consortia:list")),
        (sme_owner_client, reverse("consortia:demand_proposals", args=[demand])),
        (sme_owner_client, reverse("consortia:form_from_scratch", args=[demand])),
        (sme_owner_client, reverse("consortia:detail", args=[presented.pk])),
        (sme_owner_client, reverse("matchmaking:sme_matches")),
        (approved_buyer_client, reverse("consortia:detail", args=[presented.pk])),
        (approved_buyer_client, reverse("matchmaking:demand_suppliers", args=[demand])),
        (anonymous_client, reverse("consortia:invitation", args=[services.member_token(member)])),
    ]
    assert {url: _chinese_leftovers(client, url) for client, url in pages} == {
        url: [] for _, url in pages
    }


def test_the_invitation_e_mail_is_in_the_members_language(
    trio, smtp_sink, staff_user, django_capture_on_commit_callbacks
):
    owner = trio.owners[trio.water.organisation_id]
    owner.language = "zh-hans"
    owner.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.consortium_form(
            demand=trio.demand,
            actor=staff_user,
            members={trio.heat.organisation_id: [HEAT], trio.water.organisation_id: [WATER]},
        )
    by_address = {m["To"]: m for m in smtp_sink.messages}
    chinese = by_address["water@example.org"]
    assert "联合体邀请" in chinese["Subject"]
    assert "请在此接受或谢绝" in chinese.get_content()
    assert "Invitation to a consortium" in by_address["heat@example.org"]["Subject"]


def test_an_sme_finds_the_proposals_from_its_matches(sme_owner_client, consortium, trio):
    matches = reverse("matchmaking:sme_matches")
    link = reverse("consortia:demand_proposals", args=[trio.demand.pk])
    assert link not in sme_owner_client.get(matches).content.decode()
    services.proposals_compute(demand_id=trio.demand.pk)
    assert link in sme_owner_client.get(matches).content.decode()
