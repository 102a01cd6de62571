"""The meeting pages: who may see and do what, query counts, and Simplified Chinese."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matchmaking.models import Meeting, ScheduleRun
from tests.i18n_utils import catalog_entries, untranslated_in
from tests.matchmaking.conftest import meeting_between, slots_of
from tests.test_i18n import CHROME_CATALOGS, catalogs

PERSONAS = ["anonymous", "sme_owner", "sme_member", "other_sme", "buyer", "approved_buyer", "staff"]


@pytest.fixture
def published(meeting_mission, sme_org, buyer_org):
    slot = slots_of(meeting_mission)[0]
    return meeting_between(
        meeting_mission, sme_org, buyer_org, slot=slot, table=1, status=Meeting.Status.PUBLISHED,
        published_slot=slot, published_table=1,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_staff_schedule_pages_are_403_for_everyone_else(persona, persona_client, meeting_mission,
                                                        published, sme_owner, buyer):
    client = persona_client(persona)
    mission = meeting_mission.pk
    run = ScheduleRun.objects.create(mission=meeting_mission)
    pages = [
        ("get", reverse("matchmaking:mission_schedule", args=[mission])),
        ("get", reverse("matchmaking:schedule_run_status", args=[mission, run.pk])),
    ]
    posts = [
        reverse("matchmaking:mission_schedule_run", args=[mission]),
        reverse("matchmaking:meeting_move", args=[mission]),
        reverse("matchmaking:mission_schedule_publish", args=[mission]),
        reverse("matchmaking:meeting_cancel", args=[mission, published.pk]),
    ]
    codes = [client.get(url).status_code for _m, url in pages]
    codes += [client.post(url).status_code for url in posts]
    if persona == "anonymous":
        assert codes == [302] * 6
    elif persona == "staff":
        assert codes[:2] == [200, 200]
    else:
        assert codes == [403] * 6
    if persona != "staff":
        assert ScheduleRun.objects.count() == 1
        assert Meeting.objects.get().status == "published"


def test_staff_can_start_a_run_and_cancel(staff_client, meeting_mission, published,
                                          django_capture_on_commit_callbacks):
    pytest.importorskip("matchmaking.scheduling.solver")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("matchmaking:mission_schedule_run", args=[meeting_mission.pk]),
            {"time_limit": "3"},
        )
    assert list(ScheduleRun.objects.values_list("status", "meetings_placed")) == [("done", 1)]
    staff_client.post(reverse("matchmaking:meeting_cancel", args=[meeting_mission.pk, published.pk]))
    assert Meeting.objects.get().status == "cancelled"


@pytest.mark.parametrize(
    "persona, status, sees_meeting",
    [
        ("anonymous", 302, False),
        ("sme_owner", 200, True),
        ("sme_member", 200, True),
        ("other_sme", 200, False),
        ("buyer", 200, True),
        ("approved_buyer", 200, False),
        ("staff", 404, False),  # staff have no organisation: no agenda of their own
    ],
)
def test_agenda_shows_only_ones_own_meetings(persona, status, sees_meeting, persona_client,
                                             published):
    response = persona_client(persona).get(reverse("matchmaking:my_agenda"))
    assert response.status_code == status
    body = response.content.decode()
    assert (f'data-meeting="{published.pk}"' in body) is sees_meeting
    ics = persona_client(persona).get(reverse("matchmaking:my_agenda_ics"))
    assert ics.status_code == status
    if status == 200:
        assert (published.uid.hex[:8] in ics.content.decode()) is sees_meeting


@pytest.mark.parametrize("rows", [1, 3])
def test_agenda_query_count_does_not_grow_with_rows(rows, sme_owner_client, meeting_mission,
                                                    sme_org, buyer_org, approved_buyer_org,
                                                    ):
    slots = slots_of(meeting_mission)
    buyers = [buyer_org, approved_buyer_org, buyer_org]
    for index in range(rows):
        meeting_between(
            meeting_mission, sme_org, buyers[index], slot=slots[index], table=1,
            status="published", published_slot=slots[index], published_table=1,
        )
    with CaptureQueriesContext(connection) as queries:
        response = sme_owner_client.get(reverse("matchmaking:my_agenda"))
    assert response.content.decode().count('class="agenda-meeting"') == rows
    # Session, user, memberships with their organisations (the navigation reads them too),
    # meetings, requests...: fixed, not per row.
    assert len(queries) == QUERIES_FOR_AGENDA


QUERIES_FOR_AGENDA = 6  # memberships and their organisations read once, for the navigation too; the bell's unread count, the preferred times, the answers; the feedback card from the meetings


def test_schedule_page_query_count_does_not_grow_with_rows(staff_client, meeting_mission,
                                                           sme_org, other_sme_org, buyer_org):
    slots = slots_of(meeting_mission)
    counts = []
    for index, sme in enumerate([sme_org, other_sme_org]):
        meeting_between(meeting_mission, sme, buyer_org, slot=slots[index], table=1,
                        status="scheduled")
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(reverse("matchmaking:mission_schedule", args=[meeting_mission.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def _zh_msgids():
    return [m for path in catalogs("zh_Hans", CHROME_CATALOGS) for m, _, _ in catalog_entries(path)]


def test_pages_in_simplified_chinese_have_no_english_left(sme_owner_client, staff_client,
                                                          meeting_mission, published):
    for client, url in (
        (sme_owner_client, reverse("matchmaking:my_agenda")),
        (staff_client, reverse("matchmaking:mission_schedule", args=[meeting_mission.pk])),
    ):
        client.cookies["django_language"] = "zh-hans"
        text = client.get(url).content.decode()
        assert 'lang="zh-hans"' in text
        assert untranslated_in(text, _zh_msgids()) == []
