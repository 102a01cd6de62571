"""Writes for missions: lifecycle, applications, demand projects and the agenda."""

import datetime as dt
import zoneinfo

from django.db import transaction

from .models import AgendaSession, Slot


def session_slot_times(
    *,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    slot_minutes: int,
    break_minutes: int,
    time_zone: str,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The (start, end) of every slot of a session, as aware UTC datetimes.

    The session's start and end are wall-clock times in the mission's zone; slots are laid
    out in elapsed time between them, so on a day with a daylight-saving change every
    meeting still lasts ``slot_minutes`` real minutes (the session simply holds one slot more
    or fewer). A wall-clock time that does not exist that day is read as the instant just
    after the jump; an ambiguous one as its first occurrence.
    """
    zone = zoneinfo.ZoneInfo(time_zone)
    utc = dt.UTC
    starts = _local_to_utc(dt.datetime.combine(date, start_time), zone)
    ends = _local_to_utc(dt.datetime.combine(date, end_time), zone)
    length = dt.timedelta(minutes=slot_minutes)
    step = dt.timedelta(minutes=slot_minutes + break_minutes)
    slots = []
    current = starts
    while current + length <= ends:
        slots.append((current.astimezone(utc), (current + length).astimezone(utc)))
        current += step
    return slots


def _local_to_utc(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    aware = naive.replace(tzinfo=zone, fold=0)
    as_utc = aware.astimezone(dt.UTC)
    # A non-existent local time (in a spring-forward gap) does not survive the round trip:
    # use the first real instant after the gap instead.
    if as_utc.astimezone(zone).replace(tzinfo=None) != naive:
        as_utc = naive.replace(tzinfo=zone, fold=1).astimezone(dt.UTC)
    return as_utc


@transaction.atomic
def agenda_session_generate_slots(*, session: AgendaSession) -> list[Slot]:
    """Replace the slots of ``session`` with freshly generated ones; returns them.

    Side effects: deletes the session's existing slots (and with them unavailabilities).
    """
    mission = session.day.mission
    times = session_slot_times(
        date=session.day.date,
        start_time=session.start_time,
        end_time=session.end_time,
        slot_minutes=session.slot_minutes,
        break_minutes=session.break_minutes,
        time_zone=mission.time_zone,
    )
    session.slots.all().delete()
    return Slot.objects.bulk_create(
        Slot(session=session, index=index, starts_at=start, ends_at=end)
        for index, (start, end) in enumerate(times)
    )
