"""The staff schedule page says, in words, how good the last schedule is."""

import pytest
from django.urls import reverse
from django.utils import translation

from matchmaking.models import ScheduleRun


def _run(mission, *, optimal: bool) -> ScheduleRun:
    return ScheduleRun.objects.create(
        mission=mission,
        status=ScheduleRun.Status.DONE,
        progress=100,
        time_limit=30.0,
        meetings_total=6,
        meetings_placed=6,
        total_gaps=3,
        worst_gaps=2,
        optimal=optimal,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "optimal", "words", "gaps"),
    [
        ("en", True, "no better schedule exists", "3 idle gaps in all, at most 2 for one"),
        ("en", False, "best found in 30 s", "3 idle gaps in all, at most 2 for one"),
        ("zh-hans", True, "已证明不存在更优的日程", "共 3 个空档，单个参与方最多 2 个"),
        ("zh-hans", False, "30 秒内找到的最佳日程", "共 3 个空档，单个参与方最多 2 个"),
    ],
)
def test_schedule_page_gives_gaps_and_whether_the_schedule_is_proven_best(
    staff_client, meeting_mission, language, optimal, words, gaps
):
    run = _run(meeting_mission, optimal=optimal)
    with translation.override(language):
        url = reverse("matchmaking:schedule_run_status", args=[meeting_mission.pk, run.pk])
        page = staff_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert words in page
    other = {"no better schedule exists", "best found in 30 s", "已证明不存在更优的日程"} - {words}
    assert not any(text in page for text in other)
    assert gaps in page
