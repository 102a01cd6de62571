"""The agenda: days, sessions, slots in UTC across daylight-saving changes, availability."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from missions.models import MissionApplication, Slot, Unavailability
from missions.services import (
    agenda_session_add,
    agenda_session_delete,
    agenda_session_generate_slots,
    meeting_day_add,
    unavailability_toggle,
)
from missions.slot_times import session_slot_times
from tests.factories import AgendaSessionFactory, MeetingDayFactory, MissionFactory

UTC = dt.UTC


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def _wall(slots, zone):
    tz = zoneinfo.ZoneInfo(zone)
    return [(s.astimezone(tz).strftime("%H:%M %Z"), e.astimezone(tz).strftime("%H:%M %Z"))
            for s, e in slots]


def _stored_slots(time_zone, date, start, end, slot_minutes=30, break_minutes=0):
    mission = MissionFactory(time_zone=time_zone, start_date=date, end_date=date)
    session = AgendaSessionFactory(
        day=MeetingDayFactory(mission=mission, date=date),
        start_time=start, end_time=end, slot_minutes=slot_minutes, break_minutes=break_minutes,
    )
    agenda_session_generate_slots(session=session)
    return list(Slot.objects.filter(session=session).order_by("index"))


def _raw_starts(slots) -> list[str]:
    """The start times as the database holds them, as UTC text, without Django's conversion."""
    column = (
        "CAST(starts_at AS TEXT)"
        if connection.vendor == "sqlite"
        else "to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM missions_slot WHERE id IN (%s) ORDER BY starts_at"
            % ",".join(str(s.pk) for s in slots)
        )
        return [row[0] for row in cursor.fetchall()]


def test_new_york_spring_forward_day_has_elapsed_time_slots_in_utc(db):
    # 2027-03-14: clocks jump from 02:00 EST to 03:00 EDT. 01:00–04:00 is two real hours.
    slots = _stored_slots("America/New_York", dt.date(2027, 3, 14), dt.time(1), dt.time(4))
    assert [(s.index, s.starts_at, s.ends_at) for s in slots] == [
        (0, utc(2027, 3, 14, 6, 0), utc(2027, 3, 14, 6, 30)),
        (1, utc(2027, 3, 14, 6, 30), utc(2027, 3, 14, 7, 0)),
        (2, utc(2027, 3, 14, 7, 0), utc(2027, 3, 14, 7, 30)),
        (3, utc(2027, 3, 14, 7, 30), utc(2027, 3, 14, 8, 0)),
    ]
    assert all(s.starts_at.utcoffset() == dt.timedelta(0) for s in slots)
    assert _wall([(s.starts_at, s.ends_at) for s in slots], "America/New_York") == [
        ("01:00 EST", "01:30 EST"), ("01:30 EST", "03:00 EDT"),
        ("03:00 EDT", "03:30 EDT"), ("03:30 EDT", "04:00 EDT"),
    ]  # fmt: skip
    assert _raw_starts(slots) == [
        "2027-03-14 06:00:00", "2027-03-14 06:30:00", "2027-03-14 07:00:00", "2027-03-14 07:30:00"
    ]


def test_stockholm_fall_back_day_holds_the_repeated_hour(db):
    # 2027-10-31: clocks go back from 03:00 CEST to 02:00 CET. 01:00–04:00 is four real hours.
    slots = _stored_slots("Europe/Stockholm", dt.date(2027, 10, 31), dt.time(1), dt.time(4))
    assert len(slots) == 8
    assert slots[0].starts_at == utc(2027, 10, 30, 23, 0)
    assert slots[-1].ends_at == utc(2027, 10, 31, 3, 0)
    assert all(s.ends_at - s.starts_at == dt.timedelta(minutes=30) for s in slots)
    assert [w[0] for w in _wall([(s.starts_at, s.ends_at) for s in slots], "Europe/Stockholm")] == [
        "01:00 CEST", "01:30 CEST", "02:00 CEST", "02:30 CEST",
        "02:00 CET", "02:30 CET", "03:00 CET", "03:30 CET",
    ]  # fmt: skip
    assert _raw_starts(slots)[:2] == ["2027-10-30 23:00:00", "2027-10-30 23:30:00"]


def test_an_ordinary_day_with_breaks():
    slots = session_slot_times(
        date=dt.date(2027, 5, 10), start_time=dt.time(9), end_time=dt.time(12, 30),
        slot_minutes=25, break_minutes=5, time_zone="Asia/Shanghai",
    )
    assert [(s.isoformat(), e.isoformat()) for s, e in slots] == [
        ("2027-05-10T01:00:00+00:00", "2027-05-10T01:25:00+00:00"),
        ("2027-05-10T01:30:00+00:00", "2027-05-10T01:55:00+00:00"),
        ("2027-05-10T02:00:00+00:00", "2027-05-10T02:25:00+00:00"),
        ("2027-05-10T02:30:00+00:00", "2027-05-10T02:55:00+00:00"),
        ("2027-05-10T03:00:00+00:00", "2027-05-10T03:25:00+00:00"),
        ("2027-05-10T03:30:00+00:00", "2027-05-10T03:55:00+00:00"),
        ("2027-05-10T04:00:00+00:00", "2027-05-10T04:25:00+00:00"),
    ]


def test_a_session_starting_in_the_spring_forward_gap_starts_at_the_jump():
    # 02:30 does not exist in New York on 2027-03-14; the first real instant is 03:00 EDT.
    slots = session_slot_times(
        date=dt.date(2027, 3, 14), start_time=dt.time(2, 30), end_time=dt.time(4),
        slot_minutes=30, break_minutes=0, time_zone="America/New_York",
    )
    assert slots == [
        (utc(2027, 3, 14, 7, 0), utc(2027, 3, 14, 7, 30)),
        (utc(2027, 3, 14, 7, 30), utc(2027, 3, 14, 8, 0)),
    ]


def test_an_ambiguous_start_is_read_as_its_first_occurrence():
    slots = session_slot_times(
        date=dt.date(2027, 10, 31), start_time=dt.time(2, 30), end_time=dt.time(3, 0),
        slot_minutes=30, break_minutes=0, time_zone="Europe/Stockholm",
    )
    # 02:30 CEST (00:30 UTC) to 03:00 CET (02:00 UTC): three real slots.
    assert [s for s, _ in slots] == [
        utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 1, 0), utc(2027, 10, 31, 1, 30)
    ]


def test_staff_build_the_agenda(staff_user):
    mission = MissionFactory(start_date=dt.date(2027, 6, 1), end_date=dt.date(2027, 6, 3))
    day = meeting_day_add(mission=mission, date=dt.date(2027, 6, 2), actor=staff_user)
    session = agenda_session_add(
        day=day, actor=staff_user, part="morning", start_time=dt.time(9),
        end_time=dt.time(11), slot_minutes=30, break_minutes=10, tables=12,
    )
    assert list(session.slots.order_by("index").values_list("starts_at", flat=True)) == [
        utc(2027, 6, 2, 1, 0), utc(2027, 6, 2, 1, 40), utc(2027, 6, 2, 2, 20),
    ]
    with pytest.raises(ValidationError) as excinfo:
        meeting_day_add(mission=mission, date=dt.date(2027, 6, 4), actor=staff_user)
    assert excinfo.value.message_dict == {"date": ["The day must fall within the mission's dates."]}
    with pytest.raises(ValidationError, match="too short"):
        agenda_session_add(day=day, actor=staff_user, part="afternoon", start_time=dt.time(14),
                           end_time=dt.time(14, 20), slot_minutes=30)
    assert day.sessions.count() == 1
    agenda_session_delete(session=session, actor=staff_user)
    assert Slot.objects.count() == 0


def test_only_staff_build_the_agenda(sme_owner, mission):
    with pytest.raises(PermissionDenied):
        meeting_day_add(mission=mission, date=mission.start_date, actor=sme_owner)


def test_participants_mark_and_unmark_slots(
    mission, sme_application, demand, sme_member, sme_org, buyer, buyer_org, other_sme_owner,
    other_sme_org, staff_user,
):
    sme_application.status = MissionApplication.Status.ACCEPTED
    sme_application.save()
    session = AgendaSessionFactory(day=MeetingDayFactory(mission=mission))
    slot = agenda_session_generate_slots(session=session)[0]
    assert unavailability_toggle(slot=slot, organisation=sme_org, actor=sme_member)
    assert unavailability_toggle(slot=slot, organisation=buyer_org, actor=buyer)
    assert set(Unavailability.objects.values_list("slot_id", "organisation_id")) == {
        (slot.pk, sme_org.pk), (slot.pk, buyer_org.pk),
    }
    assert not unavailability_toggle(slot=slot, organisation=sme_org, actor=sme_member)
    assert list(Unavailability.objects.values_list("organisation_id", flat=True)) == [buyer_org.pk]
    # Not in the delegation, or not a member of the organisation: refused.
    with pytest.raises(PermissionDenied):
        unavailability_toggle(slot=slot, organisation=other_sme_org, actor=other_sme_owner)
    with pytest.raises(PermissionDenied):
        unavailability_toggle(slot=slot, organisation=sme_org, actor=staff_user)
    assert Unavailability.objects.count() == 1
