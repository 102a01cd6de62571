"""Issue 15, acceptance 3: every page of every role rendered in Simplified Chinese carries
no English date (no English month or weekday name, no a.m./p.m.) and no date written in
the English order with Chinese month names ("15 六月 2027")."""

import re

import pytest
from django.urls import reverse

from matchmaking.models import Meeting, MeetingRequest, Notification, ScheduleRun
from tests.factories import DemandProjectFactory
from tests.matchmaking.conftest import delegate, mission_with_agenda, slots_of

pytestmark = pytest.mark.django_db

ENGLISH_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun|a\.m\.|p\.m\.)\b"
)
# Option lists of countries hold names such as "Svalbard and Jan Mayen": not dates.
# Django's Chinese month names ("15 六月 2027") mean a date written in an English order;
# the Chinese format writes months as numbers ("2027年6月15日").
MONTH_NAME_ORDER = re.compile(r"(?<![年\d])(?:十[一二]|[一二三四五六七八九十])月")
TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<select.*?</select>|<[^>]+>", re.S)


@pytest.fixture
def world(sme_org, buyer_org, sme_owner, buyer, staff_user, cluster_org):
    mission = mission_with_agenda(title="Nanjing heat mission", title_zh="南京供热考察团")
    mission.organisers.set([cluster_org])
    delegate(mission, sme_org)
    demand = DemandProjectFactory(buyer=buyer_org, mission=mission, title="Heat grid")
    request = MeetingRequest.objects.create(
        mission=mission, sme=sme_org, buyer=buyer_org, demand=demand, requested_by_org=sme_org,
        message="Hello", expires_at=mission.created_at.replace(year=2030),
    )
    slot = slots_of(mission)[0]
    Meeting.objects.create(
        mission=mission, sme=sme_org, buyer=buyer_org, demand=demand, slot=slot, table=1,
        status="published", published_slot=slot, published_table=1,
    )
    ScheduleRun.objects.create(mission=mission, status="done", meetings_total=1,
                               meetings_placed=1, total_gaps=0, worst_gaps=0)
    for person in (sme_owner, buyer):
        Notification.objects.create(recipient=person, kind="schedule_change",
                                    params={"other": "X", "starts_at": slot.starts_at.isoformat()})
    return mission, demand, request


def _pages(mission, demand, request, sme_org, buyer_org):
    thread = reverse("matchmaking:message_thread", args=[demand.pk, sme_org.pk])
    everyone = [reverse("home"), reverse("companies:directory"),
                reverse("companies:profile_detail", args=[sme_org.slug])]
    signed_in = [*everyone, reverse("missions:mission_list"),
                 reverse("missions:mission_detail", args=[mission.slug]),
                 reverse("companies:preferences"), reverse("matchmaking:notifications"),
                 reverse("matchmaking:notification_preferences")]
    return {
        "anonymous": everyone,
        "sme_owner": [*signed_in, reverse("matchmaking:sme_matches"),
                      reverse("matchmaking:my_agenda"), thread,
                      reverse("matchmaking:meeting_request_detail", args=[request.pk]),
                      reverse("matchmaking:meeting_request_create")
                      + f"?demand={demand.pk}&sme={sme_org.pk}",
                      reverse("companies:organisation_manage", args=[sme_org.slug]),
                      reverse("companies:profile_edit", args=[sme_org.slug]),
                      reverse("missions:availability", args=[mission.slug])],
        "buyer": [*signed_in, reverse("matchmaking:buyer_demands"),
                  reverse("matchmaking:demand_suppliers", args=[demand.pk]),
                  reverse("missions:demand_list"),
                  reverse("missions:demand_detail", args=[demand.pk]),
                  reverse("matchmaking:my_agenda"), thread],
        "staff": [*signed_in, reverse("missions:mission_dashboard", args=[mission.slug]),
                  reverse("missions:agenda_manage", args=[mission.slug]),
                  reverse("missions:mission_edit", args=[mission.slug]),
                  reverse("matchmaking:mission_schedule", args=[mission.pk]),
                  reverse("matchmaking:scoring_runs") + f"?mission={mission.pk}",
                  reverse("companies:buyer_approvals"), thread],
    }


def test_no_english_date_on_any_page_in_chinese(world, persona_client, sme_org, buyer_org):
    found = []
    for persona, urls in _pages(*world, sme_org, buyer_org).items():
        client = persona_client(persona)
        client.cookies["django_language"] = "zh-hans"
        for url in urls:
            response = client.get(url, headers={"accept-language": "zh-hans"})
            assert response.status_code == 200, (persona, url, response.status_code)
            text = TAGS.sub(" ", response.content.decode())
            for pattern in (ENGLISH_DATE, MONTH_NAME_ORDER):
                found += [(persona, url, text[max(0, m.start() - 60):m.end() + 20].strip())
                          for m in pattern.finditer(text)]
    assert found == []
