"""Where the slots of an agenda session fall, in UTC: plain datetime arithmetic, no database.

Sessions are planned in the mission's wall-clock time; meetings happen in elapsed time.
"""

import datetime as dt
import zoneinfo


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
    as_utc = naive.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)
    if as_utc.astimezone(zone).replace(tzinfo=None) == naive:
        return as_utc
    # The wall-clock time falls in a spring-forward gap and never happens that day: use
    # the moment of the jump, the first real instant after it. ``fold=1`` reads the time
    # with the offset after the jump (an instant before it), ``fold=0`` with the offset
    # before (an instant after it); the jump lies between, found to the second.
    before, after = naive.replace(tzinfo=zone, fold=1).astimezone(dt.UTC), as_utc
    while after - before > dt.timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(zone).replace(tzinfo=None) < naive:
            before = middle
        else:
            after = middle
    return after
