"""ICS files: fields, VTIMEZONE, and times right for readers in other zones across DST."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core import mail

from matchmaking.meetings.schedule import mission_schedule_publish
from matchmaking.models import Meeting
from tests.factories import MembershipFactory, UserFactory
from tests.matchmaking.conftest import delegate, meeting_between, mission_with_agenda, slots_of

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# 2027: the USA moves its clocks on 14 March, Europe on 28 March; Shanghai never does.
DAYS = (dt.date(2027, 3, 10), dt.date(2027, 3, 20), dt.date(2027, 3, 30))


@pytest.fixture
def dst_mission(db, sme_org, buyer_org, sme_owner, buyer, staff_user,
                django_capture_on_commit_callbacks):
    """A Shanghai mission on three days around the DST changes, one 09:00 meeting a day;
    the buyer has a colleague in Stockholm and one in New York (the latter reads Chinese)."""
    mission = mission_with_agenda(days=DAYS, time_zone="Asia/Shanghai")
    delegate(mission, sme_org)
    stockholm = UserFactory(email="sthlm@jiangbei.example.cn", time_zone="Europe/Stockholm")
    new_york = UserFactory(
        email="ny@jiangbei.example.cn", time_zone="America/New_York", language="zh-hans"
    )
    for user in (stockholm, new_york):
        MembershipFactory(user=user, organisation=buyer_org)
    nine = [s for s in slots_of(mission) if s.starts_at.astimezone(SHANGHAI).hour == 9
            and s.starts_at.astimezone(SHANGHAI).minute == 0]
    assert [s.starts_at.astimezone(SHANGHAI).date() for s in nine] == list(DAYS)
    meetings = [
        meeting_between(mission, sme_org, buyer_org, slot=slot, table=1,
                        status=Meeting.Status.SCHEDULED)
        for slot in nine
    ]
    with django_capture_on_commit_callbacks(execute=True):
        mission_schedule_publish(mission=mission, actor=staff_user)
    return mission, meetings


def _mail_to(address):
    return next(m for m in mail.outbox if m.to == [address])


def _calendars(message):
    return [icalendar.Calendar.from_ical(c) for _n, c, t in message.attachments if "calendar" in t]


def test_ics_carries_method_uid_sequence_vtimezone_organizer_and_attendees(dst_mission):
    mission, meetings = dst_mission
    calendars = _calendars(_mail_to("sthlm@jiangbei.example.cn"))
    assert len(calendars) == 3
    for calendar, meeting in zip(calendars, meetings, strict=True):
        assert calendar["METHOD"] == "REQUEST"
        assert calendar["VERSION"] == "2.0"
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
        event = next(iter(calendar.walk("VEVENT")))
        assert str(event["UID"]) == f"{meeting.uid}@127.0.0.1"
        assert int(event["SEQUENCE"]) == 0
        assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert event["DTSTART"].to_ical() == event.decoded("DTSTART").strftime("%Y%m%dT090000").encode()
        assert str(event["ORGANIZER"]) == "mailto:noreply@localhost"
        attendees = sorted(str(a) for a in event.get("ATTENDEE"))
        assert attendees == sorted(
            [
                "mailto:buyer@jiangbei.example.cn",
                "mailto:sthlm@jiangbei.example.cn",
                "mailto:ny@jiangbei.example.cn",
                "mailto:owner@nordic-heat.example.com",
            ]
        )
        assert (event.decoded("DTEND") - event.decoded("DTSTART")) == dt.timedelta(minutes=30)


@pytest.mark.parametrize(
    "zone, expected",
    [
        # Stockholm: CET (UTC+1) until 28 March, then CEST (UTC+2).
        ("Europe/Stockholm", ["2027-03-10 02:00", "2027-03-20 02:00", "2027-03-30 03:00"]),
        # New York: EST (UTC-5) until 14 March, then EDT (UTC-4); the evening before.
        ("America/New_York", ["2027-03-09 20:00", "2027-03-19 21:00", "2027-03-29 21:00"]),
    ],
)
def test_ics_times_read_right_in_other_zones_across_dst(dst_mission, zone, expected):
    calendars = _calendars(_mail_to("sthlm@jiangbei.example.cn"))
    starts = [next(iter(c.walk("VEVENT"))).decoded("DTSTART") for c in calendars]
    assert [s.astimezone(SHANGHAI).strftime("%H:%M") for s in starts] == ["09:00"] * 3
    local = [s.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") for s in starts]
    assert local == expected


def test_email_lists_mission_time_and_the_readers_own_time(dst_mission):
    stockholm = _mail_to("sthlm@jiangbei.example.cn").body
    assert "Wed 10 Mar 2027, 09:00–09:30 (Asia/Shanghai)" in stockholm
    assert "Wed 10 Mar 2027, 02:00–02:30 your time (Europe/Stockholm)" in stockholm
    assert "Tue 30 Mar 2027, 03:00–03:30 your time (Europe/Stockholm)" in stockholm
    new_york = _mail_to("ny@jiangbei.example.cn")
    # In Chinese, with New York times (the evening before in Shanghai's terms).
    assert "（America/New_York）" in new_york.body or "(America/New_York)" in new_york.body
    assert "20:00–20:30" in new_york.body and "21:00–21:30" in new_york.body
    assert "您在" in new_york.subject or "会议" in new_york.subject


def test_agenda_download_is_one_calendar_with_every_meeting(dst_mission, buyer_client):
    _mission, meetings = dst_mission
    response = buyer_client.get("/matching/agenda/agenda.ics")
    assert response["Content-Type"] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert uids == [f"{m.uid}@127.0.0.1" for m in meetings]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
