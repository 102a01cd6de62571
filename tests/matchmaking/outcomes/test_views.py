"""Acceptance 4: every page of the outcomes area over the personas. One organisation's
feedback and outcomes never show to another; staff see them only as counts; another
organisation's meeting, follow-up or match answers 404. Also query counts and Chinese."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matchmaking.models import FollowUp, MatchScore, MeetingFeedback, Outcome
from tests.fixtures import PERSONAS
from tests.i18n_utils import catalog_entries, untranslated_in
from tests.matchmaking.conftest import meeting_between
from tests.test_i18n import CHROME_CATALOGS, catalogs

SECRET_NOTE = "BUYER-SECRET-NEXT-STEP"
SECRET_OUTCOME = "BUYER-SECRET-OUTCOME"
SME_SECRET = "SME-SECRET-OUTCOME"
ANON = "anonymous"
SIDES = {"sme_owner", "sme_member", "buyer"}  # the two sides of the meeting
SME_SIDE = {"sme_owner", "sme_member"}


@pytest.fixture
def world(past_meeting, sme_org, buyer_org, sme_owner, sme_member, buyer, other_sme_owner,
          approved_buyer, staff_user):
    MeetingFeedback.objects.create(meeting=past_meeting, organisation=buyer_org,
                                   took_place="held", rating="deal_expected",
                                   next_step=SECRET_NOTE)
    Outcome.objects.create(mission=past_meeting.mission, meeting=past_meeting, sme=sme_org,
                           buyer=buyer_org, organisation=buyer_org, kind="loi", value=987_654,
                           currency="CNY", notes=SECRET_OUTCOME)
    Outcome.objects.create(mission=past_meeting.mission, meeting=past_meeting, sme=sme_org,
                           buyer=buyer_org, organisation=sme_org, kind="pilot", notes=SME_SECRET)
    follow_up = FollowUp.objects.create(meeting=past_meeting, organisation=sme_org, months=3,
                                        due_on=timezone.localdate())
    demand = past_meeting.mission.demand_projects.create(
        buyer=buyer_org, title="Heat grid", description_en="Heat.", city="Nanjing", market="china")
    MatchScore.objects.create(sme=sme_org, demand=demand, score=81, algorithm_version="t",
                              computed_at=timezone.now())
    return {"meeting": past_meeting, "follow_up": follow_up, "demand": demand}


def _expect(persona: str, allowed: set[str], denied: int = 404) -> int | str:
    if persona == ANON:
        return "login"
    return 200 if persona in allowed else denied


def _status(response) -> int | str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_participant_pages_over_the_personas(persona, persona_client, world, sme_org):
    client = persona_client(persona)
    meeting, follow_up, demand = world["meeting"], world["follow_up"], world["demand"]
    pages = {
        reverse("matchmaking:meeting_feedback", args=[meeting.pk]): SIDES,
        reverse("matchmaking:follow_up_answer", args=[follow_up.pk]): SME_SIDE,
        reverse("matchmaking:outcome_create") + f"?meeting={meeting.pk}": SIDES,
        reverse("matchmaking:outcome_create") + f"?sme={sme_org.pk}&demand={demand.pk}": SIDES,
        reverse("matchmaking:my_outcomes"): SIDES | {"other_sme", "approved_buyer"},
    }
    for url, allowed in pages.items():
        response = client.get(url)
        assert _status(response) == _expect(persona, allowed), (url, persona)
        text = response.content.decode()
        # The buyer's answer and outcome never show to the SME side or anyone else, and the
        # SME's outcome never to the buyer: the SME has not answered, so it cannot see theirs.
        if persona != "buyer":
            assert SECRET_NOTE not in text and SECRET_OUTCOME not in text, (url, persona)
        if persona not in SME_SIDE:
            assert SME_SECRET not in text, (url, persona)
    if persona == "buyer":
        own = client.get(reverse("matchmaking:my_outcomes")).content.decode()
        assert "987654 CNY" in own


@pytest.mark.parametrize("persona", PERSONAS)
def test_writes_of_outsiders_are_404_and_change_nothing(persona, persona_client, world):
    client = persona_client(persona)
    meeting, follow_up = world["meeting"], world["follow_up"]
    before = (MeetingFeedback.objects.count(), Outcome.objects.count(),
              FollowUp.objects.filter(answered_at__isnull=False).count())
    posts = [
        (reverse("matchmaking:meeting_feedback", args=[meeting.pk]), SIDES,
         {"took_place": "no_show"}),
        (reverse("matchmaking:follow_up_answer", args=[follow_up.pk]), SME_SIDE,
         {"contact_continued": "on"}),
        (reverse("matchmaking:outcome_create"), SIDES,
         {"meeting": meeting.pk, "kind": "contract", "value": "5", "currency": "EUR"}),
    ]
    for url, allowed, data in posts:
        response = client.post(url, data)
        if persona in allowed:
            assert response.status_code == 302, (url, persona)
        else:
            assert _status(response) == _expect(persona, set()), (url, persona)
    after = (MeetingFeedback.objects.count(), Outcome.objects.count(),
             FollowUp.objects.filter(answered_at__isnull=False).count())
    if persona in SME_SIDE:
        assert after == (before[0] + 1, before[1] + 2, 1)  # feedback; contact + contract
    elif persona == "buyer":
        assert after == (before[0], before[1] + 1, 0)  # its feedback changed; a contract
        assert MeetingFeedback.objects.get(organisation=meeting.buyer_id).took_place == "no_show"
    else:
        assert after == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_kpis_and_exports_are_staff_only_and_show_only_counts(persona, persona_client, world):
    client = persona_client(persona)
    mission = world["meeting"].mission
    for url in (
        reverse("matchmaking:kpis"),
        reverse("matchmaking:kpis") + f"?mission={mission.pk}",
        reverse("matchmaking:kpis_export", args=["csv"]),
        reverse("matchmaking:kpis_export", args=["csv"]) + "?part=smes",
        reverse("matchmaking:kpis_export", args=["xlsx"]),
    ):
        response = client.get(url)
        assert _status(response) == _expect(persona, {"staff"}, denied=403), (url, persona)
        if persona == "staff" and "xlsx" not in url:
            text = response.content.decode("utf-8-sig")
            assert SECRET_NOTE not in text and SECRET_OUTCOME not in text and SME_SECRET not in text
            assert "987654" in text  # the value, as a sum per currency


@pytest.mark.parametrize("persona", PERSONAS)
def test_catalogue_is_for_staff_and_approved_buyers(persona, persona_client, done_mission,
                                                    sme_owner, buyer):
    response = persona_client(persona).get(
        reverse("matchmaking:delegation_catalogue", args=[done_mission.pk]))
    assert _status(response) == _expect(persona, {"staff", "approved_buyer"}, denied=403)
    if response.status_code == 200:
        assert response.content.startswith(b"%PDF")


def test_a_draft_missions_catalogue_is_404_for_buyers(approved_buyer_client, staff_client, db):
    from tests.matchmaking.conftest import mission_with_agenda

    draft = mission_with_agenda(status="draft")
    url = reverse("matchmaking:delegation_catalogue", args=[draft.pk])
    assert approved_buyer_client.get(url).status_code == 404
    assert staff_client.get(url + "x").status_code == 404


def test_the_agenda_shows_a_feedback_card_once_the_meeting_is_over(
    sme_owner_client, past_meeting, sme_org, buyer_org
):
    from tests.matchmaking.conftest import mission_with_agenda

    future = meeting_between(mission_with_agenda(), sme_org, buyer_org)
    html = sme_owner_client.get(reverse("matchmaking:my_agenda")).content.decode()
    assert f'class="card feedback-due-card h-100" data-meeting="{past_meeting.pk}"' in html
    assert f'data-meeting="{future.pk}"' not in html.split('id="feedback-due"')[1].split(
        "</section>")[0]
    sme_owner_client.post(reverse("matchmaking:meeting_feedback", args=[past_meeting.pk]),
                          {"took_place": "held", "rating": "useful"})
    html = sme_owner_client.get(reverse("matchmaking:my_agenda")).content.decode()
    assert 'id="feedback-due"' not in html


def test_the_other_sides_answer_shows_once_both_have_answered(
    sme_owner_client, world
):
    meeting = world["meeting"]
    url = reverse("matchmaking:meeting_feedback", args=[meeting.pk])
    html = sme_owner_client.get(url).content.decode()
    assert SECRET_NOTE not in html
    assert "They have answered; you will see their answer once you have sent yours." in html
    sme_owner_client.post(url, {"took_place": "held", "rating": "useful", "next_step": "Call"})
    html = sme_owner_client.get(url).content.decode()
    assert SECRET_NOTE in html and "Deal expected" in html


def test_my_outcomes_query_count_does_not_grow_with_rows(sme_owner_client, sme_org,
                                                         buyer_org, sme_owner):
    from .conftest import past_mission, published_meeting

    mission = past_mission(sessions=(("morning", dt.time(9), dt.time(13), 2),))  # 8 slots
    counts, made = [], 0
    for rows in (1, 3):
        for _index in range(rows):
            meeting = published_meeting(mission, sme_org, buyer_org, index=made)
            made += 1
            MeetingFeedback.objects.create(meeting=meeting, organisation=sme_org,
                                           took_place="held", rating="useful")
            Outcome.objects.create(mission=mission, meeting=meeting, sme=sme_org,
                                   buyer=buyer_org, organisation=sme_org, kind="contact")
            FollowUp.objects.create(meeting=meeting, organisation=sme_org, months=3,
                                    due_on=dt.date(2026, 1, 1))
        with CaptureQueriesContext(connection) as queries:
            response = sme_owner_client.get(reverse("matchmaking:my_outcomes"))
        assert response.content.decode().count('class="outcome-row"') == made
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def _zh_msgids():
    return [m for path in catalogs("zh_Hans", CHROME_CATALOGS) for m, _, _ in catalog_entries(path)]


def test_pages_in_simplified_chinese_have_no_english_left(sme_owner_client, staff_client, world,
                                                          sme_org):
    meeting, follow_up, demand = world["meeting"], world["follow_up"], world["demand"]
    for client, url in (
        (sme_owner_client, reverse("matchmaking:my_outcomes")),
        (sme_owner_client, reverse("matchmaking:my_agenda")),
        (sme_owner_client, reverse("matchmaking:meeting_feedback", args=[meeting.pk])),
        (sme_owner_client, reverse("matchmaking:follow_up_answer", args=[follow_up.pk])),
        (sme_owner_client, reverse("matchmaking:outcome_create") + f"?meeting={meeting.pk}"),
        (sme_owner_client,
         reverse("matchmaking:outcome_create") + f"?sme={sme_org.pk}&demand={demand.pk}"),
        (staff_client, reverse("matchmaking:kpis")),
        (staff_client, reverse("matchmaking:kpis") + f"?mission={meeting.mission_id}"),
    ):
        client.cookies["django_language"] = "zh-hans"
        text = client.get(url).content.decode()
        assert 'lang="zh-hans"' in text, url
        assert untranslated_in(text, _zh_msgids()) == [], url


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_mission_page_offers_the_catalogue_to_staff_and_approved_buyers(
    persona, persona_client, done_mission
):
    done_mission.status = "confirmed"
    done_mission.save(update_fields=["status"])
    response = persona_client(persona).get(
        reverse("missions:mission_detail", args=[done_mission.slug]))
    link = reverse("matchmaking:delegation_catalogue", args=[done_mission.pk])
    if persona == ANON:
        assert _status(response) == "login"
    else:
        assert response.status_code == 200
        assert (link in response.content.decode()) == (persona in {"staff", "approved_buyer"})
