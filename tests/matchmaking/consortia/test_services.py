"""Proposals after a rescore, forming a consortium, answers, presenting it, the buyer's
shortlist and meeting, and the scheduler keeping every member busy in that slot."""

import pytest
from django.core.exceptions import ValidationError

from matchmaking.consortia import selectors, services
from matchmaking.consortia.models import Consortium, ConsortiumMember, ConsortiumProposal
from matchmaking.meetings import schedule
from matchmaking.meetings.models import Meeting
from matchmaking.meetings.selectors import mission_schedule_instance
from missions.models import Unavailability
from missions.services import demand_project_update
from tests.matchmaking.conftest import meeting_between, slots_of

from .conftest import AUTOMATION, HEAT, WATER

pytestmark = pytest.mark.django_db


def _sectors(view):
    return {m.sme.pk: [x.code for x in m.sectors] for m in view.members}


def test_a_demand_change_computes_proposals_after_its_rescore(
    trio, approved_buyer, django_capture_on_commit_callbacks
):
    # The hook path: the demand's save tells missions' hooks; matching rescores and then
    # consortia proposes (tasks inline without a broker, after commit).
    with_commit = ConsortiumProposal.objects.filter(demand=trio.demand)
    assert with_commit.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        demand_project_update(demand_project=trio.demand, actor=approved_buyer, timeline="2027")
    proposals = selectors.demand_proposals(demand=trio.demand, language="en")
    assert [p.rank for p in proposals] == [1]
    best = proposals[0]
    assert _sectors(best) == {
        trio.heat.organisation_id: [HEAT],
        trio.water.organisation_id: [WATER],
        trio.automation.organisation_id: [AUTOMATION],
    }
    assert best.missing == []
    assert best.countries == 3
    assert all(m.reason for m in best.members)


def test_a_sector_nobody_covers_is_named_as_missing(trio, approved_buyer):
    from tests.fixtures import sector

    trio.demand.sectors.add(sector("soil-remediation.groundwater"))
    services.proposals_compute(demand_id=trio.demand.pk)
    best = selectors.demand_proposals(demand=trio.demand, language="en")[0]
    assert [s.code for s in best.missing] == ["soil-remediation.groundwater"]
    assert best.complete is False


def _formed(trio) -> Consortium:
    services.proposals_compute(demand_id=trio.demand.pk)
    lead = trio.heat.organisation
    return services.consortium_form_from_proposal(
        demand=trio.demand, rank=1, actor=trio.owners[lead.pk], lead=lead
    )


def test_forming_from_a_proposal_invites_the_others_by_e_mail_with_a_signed_link(
    trio, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consortium = _formed(trio)
    answers = dict(consortium.members.values_list("sme_id", "answer"))
    assert answers == {
        trio.heat.organisation_id: "accepted",
        trio.water.organisation_id: "invited",
        trio.automation.organisation_id: "invited",
    }
    assert consortium.status == Consortium.Status.FORMING
    assert sorted(m["To"] for m in smtp_sink.messages) == ["bems@example.org", "water@example.org"]
    body = smtp_sink.messages[0].get_content()
    link = body.split("/consortia/invitation/")[1].split("/")[0]
    member = services.member_from_token(link)
    assert member is not None and member.consortium_id == consortium.pk
    assert services.member_from_token(link + "x") is None
    # Sending again e-mails nobody twice.
    assert services.invitations_email(consortium_id=consortium.pk) == 0


def test_once_all_accept_it_is_ready_and_can_be_presented_a_decline_blocks_it(trio):
    consortium = _formed(trio)
    water = consortium.members.get(sme=trio.water.organisation)
    automation = consortium.members.get(sme=trio.automation.organisation)
    services.member_answer(member=automation, answer="declined")
    with pytest.raises(ValidationError):
        services.consortium_present(consortium=consortium, actor=trio.owners[trio.heat.organisation_id])
    services.member_answer(member=water, answer="accepted")
    services.member_answer(member=automation, answer="accepted")
    consortium.refresh_from_db()
    assert consortium.status == Consortium.Status.READY
    services.consortium_present(consortium=consortium, actor=trio.owners[trio.heat.organisation_id])
    consortium.refresh_from_db()
    assert consortium.status == Consortium.Status.PRESENTED


def _presented(trio) -> Consortium:
    consortium = _formed(trio)
    for member in consortium.members.exclude(answer="accepted"):
        services.member_answer(member=member, answer="accepted")
    consortium.refresh_from_db()
    return services.consortium_present(
        consortium=consortium, actor=trio.owners[trio.heat.organisation_id]
    )


def test_the_combined_score_is_the_mean_of_the_covering_members_scores(trio):
    consortium = _presented(trio)
    view = selectors.consortium_views([consortium])[0]
    scores = dict(trio.demand.match_scores.values_list("sme_id", "score"))
    assert view.combined_score == round(sum(scores.values()) / 3, 1)
    assert view.missing == []


def test_the_scheduler_keeps_every_member_busy_in_the_consortium_meeting_slot(
    trio, approved_buyer, buyer_org, staff_user
):
    consortium = _presented(trio)
    services.consortium_decide(consortium=consortium, actor=approved_buyer, decision="shortlisted")
    services.consortium_meeting_request(consortium=consortium, actor=approved_buyer)
    consortium.refresh_from_db()
    meeting = services.consortium_meeting_accept(
        consortium=consortium, actor=trio.owners[trio.heat.organisation_id]
    )
    # The water member has its own meeting with another buyer, and cannot come to the
    # first two slots: a bilateral mapping would put both meetings in slot 3 at once.
    slots = slots_of(trio.mission)
    own = meeting_between(trio.mission, trio.water.organisation, buyer_org)
    for slot in slots[:2]:
        Unavailability.objects.create(slot=slot, organisation=trio.water.organisation)
    mapping = mission_schedule_instance(mission=trio.mission)
    plain = {m.id: m.participants for m in mapping.instance.meetings}
    assert plain[meeting.pk] == (trio.heat.organisation_id, trio.demand.buyer_id)
    assert plain[own.pk] == (trio.heat.organisation_id, buyer_org.pk)
    run = schedule.mission_schedule_start(mission=trio.mission, actor=staff_user)
    schedule.schedule_run_execute(run_id=run.pk)
    meeting.refresh_from_db()
    own.refresh_from_db()
    assert meeting.slot_id is not None and own.slot_id is not None
    assert meeting.slot_id != own.slot_id
    assert meeting.slot_id not in {s.pk for s in slots[:2]}
    busy = {
        m.sme_id: m.slot_id
        for m in Meeting.objects.filter(mission=trio.mission).exclude(pk=meeting.pk)
    }
    members = set(consortium.members.values_list("sme_id", flat=True))
    assert all(busy.get(sme) != meeting.slot_id for sme in members)


def test_an_sme_outside_the_proposal_cannot_form_it(trio, sme_org, sme_owner):
    services.proposals_compute(demand_id=trio.demand.pk)
    with pytest.raises(ValidationError):
        services.consortium_form_from_proposal(
            demand=trio.demand, rank=1, actor=sme_owner, lead=sme_org
        )
    assert not ConsortiumMember.objects.exists()
