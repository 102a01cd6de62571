"""The investors' pipeline: interest, the SME's answer, moves; who may do each; what the
other side is told; and the contact rule companies asks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from companies.selectors import can_see_contacts
from matchmaking.investors import selectors, services
from matchmaking.investors.models import Pipeline, PipelineStep, Stage
from matchmaking.meetings.models import OutboxMessage
from matchmaking.notifications.models import Notification
from matchmaking.outcomes.kpis import PipelineRow, pipeline_funnel


@pytest.fixture
def pipeline(investor_org, investor, sme_org, sme_owner, sme_member, delegation_mission):
    return services.interest_mark(investor=investor_org, sme=sme_org,
                                  note="We back district heating in Jiangsu.", actor=investor)


def test_marking_interest_opens_a_pipeline_in_the_smes_mission_and_tells_the_sme(
    pipeline, investor, investor_org, sme_org, sme_owner, sme_member, delegation_mission
):
    assert (pipeline.stage, pipeline.mission_id, pipeline.introduced_at) == (
        Stage.INTEREST, delegation_mission.pk, None)
    assert list(pipeline.steps.values_list("from_stage", "to_stage", "moved_by")) == [
        ("", "interest", investor.pk)]
    told = Notification.objects.filter(kind="investor_interest")
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted(
        [sme_owner.email, sme_member.email])
    assert OutboxMessage.objects.filter(recipient=sme_owner.email,
                                        kind=OutboxMessage.Kind.NOTIFICATION).count() == 1


def test_the_sme_reads_the_email_in_chinese_in_its_own_time_zone(
    investor_org, investor, sme_org, sme_owner
):
    sme_owner.language, sme_owner.time_zone = "zh-hans", "Asia/Shanghai"
    sme_owner.save()
    services.interest_mark(investor=investor_org, sme=sme_org, note="Hello", actor=investor)
    row = OutboxMessage.objects.get(recipient=sme_owner.email)
    assert "Nordic Green Ventures" in row.payload["subject"]
    assert "投资" in row.payload["subject"], row.payload["subject"]


def test_interest_twice_in_the_same_sme_is_refused(pipeline, investor_org, investor, sme_org):
    with pytest.raises(ValidationError, match="already marked interest"):
        services.interest_mark(investor=investor_org, sme=sme_org, note="Again", actor=investor)
    assert Pipeline.objects.count() == 1


def test_an_unapproved_investor_cannot_mark_interest(unapproved_investor, sme_org):
    organisation = unapproved_investor.organisation
    with pytest.raises(PermissionDenied):
        services.interest_mark(investor=organisation, sme=sme_org, note="Hi",
                               actor=unapproved_investor)
    assert Pipeline.objects.count() == 0


def test_a_buyer_cannot_mark_interest_as_an_investor(approved_buyer, approved_buyer_org, sme_org):
    with pytest.raises(PermissionDenied):
        services.interest_mark(investor=approved_buyer_org, sme=sme_org, note="Hi",
                               actor=approved_buyer)


def test_someone_outside_the_investor_cannot_mark_interest_for_it(
    investor_org, other_investor, sme_org
):
    with pytest.raises(PermissionDenied):
        services.interest_mark(investor=investor_org, sme=sme_org, note="Hi", actor=other_investor)


def test_interest_only_in_published_smes(investor_org, investor):
    from tests.factories import CompanyProfileFactory

    draft = CompanyProfileFactory(status="draft").organisation
    with pytest.raises(ValidationError, match="published SMEs"):
        services.interest_mark(investor=investor_org, sme=draft, note="Hi", actor=investor)


def test_contacts_show_to_the_investor_only_once_the_sme_accepted(
    pipeline, investor, other_investor, sme_owner, sme_profile, approved_buyer
):
    assert can_see_contacts(user=investor, profile=sme_profile) is False
    services.introduction_answer(pipeline=pipeline, accept=True, actor=sme_owner)
    assert can_see_contacts(user=investor, profile=sme_profile) is True
    assert can_see_contacts(user=other_investor, profile=sme_profile) is False
    # Buyers keep their rule: approved ones see contacts.
    assert can_see_contacts(user=approved_buyer, profile=sme_profile) is True


def test_accepting_moves_to_introduced_and_tells_the_investor(pipeline, investor, sme_owner):
    services.introduction_answer(pipeline=pipeline, accept=True, actor=sme_owner,
                                 message="Happy to talk")
    pipeline.refresh_from_db()
    assert pipeline.stage == Stage.INTRODUCED and pipeline.introduced_at is not None
    assert list(pipeline.steps.values_list("to_stage", "moved_by", "message")) == [
        ("interest", investor.pk, "We back district heating in Jiangsu."),
        ("introduced", sme_owner.pk, "Happy to talk")]
    told = Notification.objects.get(recipient=investor)
    assert told.params["event"] == "accepted"


def test_declining_ends_it_and_hides_contacts(pipeline, investor, sme_owner, sme_profile):
    services.introduction_answer(pipeline=pipeline, accept=False, actor=sme_owner)
    pipeline.refresh_from_db()
    assert (pipeline.stage, pipeline.introduced_at) == (Stage.DECLINED, None)
    assert can_see_contacts(user=investor, profile=sme_profile) is False
    with pytest.raises(ValidationError, match="not accepted the introduction"):
        services.pipeline_move(pipeline=pipeline, stage=Stage.DUE_DILIGENCE, actor=investor)


def test_only_the_sme_answers_and_only_once(pipeline, investor, sme_owner, other_sme_owner):
    with pytest.raises(PermissionDenied):
        services.introduction_answer(pipeline=pipeline, accept=True, actor=investor)
    with pytest.raises(PermissionDenied):
        services.introduction_answer(pipeline=pipeline, accept=True, actor=other_sme_owner)
    services.introduction_answer(pipeline=pipeline, accept=True, actor=sme_owner)
    with pytest.raises(ValidationError, match="already been answered"):
        services.introduction_answer(pipeline=pipeline, accept=False, actor=sme_owner)


def test_moving_before_the_introduction_is_refused(pipeline, investor):
    with pytest.raises(ValidationError, match="not accepted the introduction"):
        services.pipeline_move(pipeline=pipeline, stage=Stage.DUE_DILIGENCE, actor=investor)


def test_the_pipeline_moves_forward_to_an_investment_with_its_value(
    pipeline, investor, sme_owner
):
    services.introduction_answer(pipeline=pipeline, accept=True, actor=sme_owner)
    services.pipeline_move(pipeline=pipeline, stage=Stage.DUE_DILIGENCE, actor=investor)
    with pytest.raises(ValidationError, match="forward only"):
        services.pipeline_move(pipeline=pipeline, stage=Stage.INTRODUCED, actor=investor)
    with pytest.raises(ValidationError, match="value and its currency"):
        services.pipeline_move(pipeline=pipeline, stage=Stage.INVESTMENT, actor=investor)
    services.pipeline_move(pipeline=pipeline, stage=Stage.INVESTMENT, actor=investor,
                           value=2_500_000, currency="EUR", stake_percent=Decimal("12.50"),
                           deal_date=dt.date(2027, 6, 15))
    pipeline.refresh_from_db()
    assert (pipeline.stage, pipeline.value, pipeline.currency, pipeline.stake_percent,
            pipeline.deal_date) == ("investment", 2_500_000, "EUR", Decimal("12.50"),
                                    dt.date(2027, 6, 15))
    assert list(pipeline.steps.values_list("from_stage", "to_stage")) == [
        ("", "interest"), ("interest", "introduced"), ("introduced", "due_diligence"),
        ("due_diligence", "investment")]
    assert Notification.objects.filter(recipient=sme_owner, kind="investment_pipeline").count() == 2


def test_only_the_investor_moves_it_and_not_after_it_ended(
    pipeline, investor, other_investor, sme_owner, staff_user
):
    services.introduction_answer(pipeline=pipeline, accept=True, actor=sme_owner)
    for outsider in (other_investor, sme_owner, staff_user):
        with pytest.raises(PermissionDenied):
            services.pipeline_move(pipeline=pipeline, stage=Stage.TERM_SHEET, actor=outsider)
    services.pipeline_move(pipeline=pipeline, stage=Stage.DROPPED, actor=investor)
    with pytest.raises(ValidationError, match="already"):
        services.pipeline_move(pipeline=pipeline, stage=Stage.TERM_SHEET, actor=investor)


def test_kpi_rows_keep_how_far_a_dropped_pipeline_went(pipeline, investor, sme_owner, sme_org):
    services.introduction_answer(pipeline=pipeline, accept=True, actor=sme_owner)
    services.pipeline_move(pipeline=pipeline, stage=Stage.TERM_SHEET, actor=investor)
    services.pipeline_move(pipeline=pipeline, stage=Stage.DROPPED, actor=investor)
    assert selectors.kpi_pipeline_rows(None) == [PipelineRow(
        pipeline_id=pipeline.pk, sme_id=sme_org.pk, mission_id=pipeline.mission_id,
        furthest="term_sheet", value=None, currency="")]


def test_the_pipeline_funnel_counts_each_stage_reached_and_values_per_currency():
    rows = [
        PipelineRow(1, 10, None, "interest"),
        PipelineRow(2, 10, None, "investment", 100, "EUR"),
        PipelineRow(3, 11, None, "closed", 50, "EUR"),
        PipelineRow(4, 12, None, "investment", 700, "CNY"),
        PipelineRow(5, 12, None, "due_diligence"),
    ]
    funnel = pipeline_funnel(rows)
    assert funnel.counts == {"interest": 5, "introduced": 4, "due_diligence": 4,
                             "term_sheet": 3, "investment": 3, "closed": 1}
    assert funnel.values == {"CNY": 700, "EUR": 150}


def test_an_investor_can_request_a_meeting_like_a_buyer_and_the_scheduler_places_it(
    investor_org, investor, sme_org, sme_owner, delegation_mission, staff_user,
    django_capture_on_commit_callbacks,
):
    from matchmaking.meetings import services as meeting_services
    from matchmaking.meetings.models import Meeting
    from tests.factories import DemandProjectFactory

    demand = DemandProjectFactory(buyer=investor_org, mission=delegation_mission,
                                  title="Joint venture for heat networks")
    pipeline = services.interest_mark(investor=investor_org, sme=sme_org, note="Hi",
                                      actor=investor)
    assert selectors.meeting_demands(pipeline) == [demand]
    request = meeting_services.meeting_request_create(demand=demand, sme=sme_org, actor=investor)
    meeting = meeting_services.meeting_request_accept(meeting_request=request, actor=sme_owner)
    assert (meeting.buyer_id, meeting.sme_id, meeting.status) == (
        investor_org.pk, sme_org.pk, Meeting.Status.ACCEPTED)
    assert PipelineStep.objects.count() == 1

    from matchmaking.meetings.schedule import mission_schedule_start

    with django_capture_on_commit_callbacks(execute=True):
        run = mission_schedule_start(mission=delegation_mission, actor=staff_user, time_limit=5)
    run.refresh_from_db()  # the task ran inline on commit
    meeting.refresh_from_db()
    assert (run.status, run.meetings_total, run.meetings_placed, run.unplaced) == (
        "done", 1, 1, [])
    assert meeting.slot.session.day.mission_id == delegation_mission.pk
    assert meeting.table == 1
