"""Writes for missions: lifecycle, applications, demand projects and the agenda.

Every function here is one named action: keyword-only arguments, ``full_clean`` before
``save``, one transaction. Side effects beyond the rows written are named in the docstring.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from companies.models import Organisation, Sector
from companies.rules import is_member, is_staff, require_staff

from . import dispatch, hooks
from .models import (
    TRANSITIONS,
    AgendaSession,
    DemandProject,
    MeetingDay,
    Mission,
    MissionApplication,
    Slot,
    Unavailability,
)
from .slot_times import session_slot_times

DECISIONS = (
    MissionApplication.Status.ACCEPTED,
    MissionApplication.Status.WAITLISTED,
    MissionApplication.Status.REJECTED,
)
BUYER_KINDS = (Organisation.Kind.BUYER, Organisation.Kind.INVESTOR)
# A delegation is 20-25 SMEs in the programmes; a few hundred is already a trade fair.
MAX_DELEGATION = 500
MOTIVATION_MAX_LENGTH = 4000


# --- Who may act ------------------------------------------------------------------------


def _require_member(actor, organisation: Organisation) -> None:
    if not is_member(actor, organisation.pk):
        raise PermissionDenied(_("You are not a member of this organisation."))


# --- Missions ---------------------------------------------------------------------------


# Words the mission URLs use for other pages (see urls.py).
RESERVED_SLUGS = frozenset({"new", "demand"})


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200] or "mission"
    slug, counter = base, 2
    while slug in RESERVED_SLUGS or Mission.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def mission_create(
    *,
    actor,
    title: str,
    target_market: str,
    host_city: str,
    time_zone: str,
    start_date: dt.date,
    end_date: dt.date,
    application_deadline: dt.datetime,
    capacity: int = 25,
    description: str = "",
    title_zh: str = "",
    description_zh: str = "",
    organisers: Iterable[Organisation] = (),
    sector_focus: Iterable[Sector] = (),
) -> Mission:
    """Create a mission in draft; returns it. Side effects: none beyond the new rows."""
    require_staff(actor)
    mission = Mission(
        title=title,
        title_zh=title_zh,
        description_zh=description_zh,
        slug=_unique_slug(title),
        target_market=target_market,
        host_city=host_city,
        time_zone=time_zone,
        start_date=start_date,
        end_date=end_date,
        application_deadline=application_deadline,
        capacity=capacity,
        description=description,
    )
    _validate_mission(mission)
    mission.save()
    mission.organisers.set(_clusters_only(organisers))
    mission.sector_focus.set(sector_focus)
    return mission


@transaction.atomic
def mission_update(
    *,
    mission: Mission,
    actor,
    organisers: Iterable[Organisation] | None = None,
    sector_focus: Iterable[Sector] | None = None,
    **fields,
) -> Mission:
    """Change a mission's details (never its status: see ``mission_transition``).

    The mission row is locked so that capacity cannot drop below the accepted delegation
    while staff accept someone at the same time.
    """
    require_staff(actor)
    if "status" in fields or "slug" in fields:
        raise ValidationError(_("Status and address cannot be changed here."))
    locked = Mission.objects.select_for_update().get(pk=mission.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    accepted = locked.applications.filter(status=MissionApplication.Status.ACCEPTED).count()
    if locked.capacity < accepted:
        raise ValidationError(
            {
                "capacity": _(
                    "%(accepted)s SMEs are already accepted; capacity cannot be lower."
                )
                % {"accepted": accepted}
            }
        )
    _validate_mission(locked)
    locked.save()
    if organisers is not None:
        locked.organisers.set(_clusters_only(organisers))
    if sector_focus is not None:
        locked.sector_focus.set(sector_focus)
    return locked


def _clusters_only(organisers: Iterable[Organisation]) -> list[Organisation]:
    organisers = list(organisers)
    if any(o.kind != Organisation.Kind.CLUSTER for o in organisers):
        raise ValidationError({"organisers": _("Missions are organised by clusters.")})
    return organisers


def _validate_mission(mission: Mission) -> None:
    # Said per field before full_clean, whose constraint check only names the constraint.
    errors = {}
    if mission.start_date and mission.end_date and mission.end_date < mission.start_date:
        errors["end_date"] = _("The last day cannot be before the first day.")
    if mission.capacity and mission.capacity > MAX_DELEGATION:
        errors["capacity"] = _("A delegation has at most %(max)d SMEs.") % {"max": MAX_DELEGATION}
    if errors:
        raise ValidationError(errors)
    mission.full_clean()
    zone = zoneinfo.ZoneInfo(mission.time_zone)
    if timezone.localtime(mission.application_deadline, zone).date() > mission.start_date:
        raise ValidationError(
            {"application_deadline": _("The application deadline must be before the first day.")}
        )


@transaction.atomic
def mission_transition(*, mission: Mission, to_status: str, actor) -> Mission:
    """Move ``mission`` one step along its lifecycle; returns the updated mission.

    Raises ValidationError (code ``illegal_transition``) for a move the lifecycle does not
    allow, and when opening a mission whose application deadline has passed. Side effects:
    locks the mission row while checking; ``mission`` is updated in place as well.
    """
    require_staff(actor)
    if to_status not in Mission.Status.values:
        raise ValidationError(_("Unknown mission status: %(status)s.") % {"status": to_status})
    locked = Mission.objects.select_for_update().get(pk=mission.pk)
    if to_status not in TRANSITIONS[locked.status]:
        allowed = ", ".join(
            str(Mission.Status(status).label) for status in locked.next_statuses
        ) or _("none, the mission is finished")
        raise ValidationError(
            _(
                "A mission that is “%(current)s” cannot become “%(target)s”. "
                "Allowed next steps: %(allowed)s."
            )
            % {
                "current": locked.get_status_display(),
                "target": Mission.Status(to_status).label,
                "allowed": allowed,
            },
            code="illegal_transition",
        )
    today = timezone.localdate(timezone.now(), zoneinfo.ZoneInfo(locked.time_zone))
    if to_status == Mission.Status.RUNNING and today < locked.start_date:
        raise ValidationError(
            _("The mission starts on %(date)s; it can run from that day on.")
            % {"date": date_format(locked.start_date, "DATE_FORMAT")},
            code="before_dates",
        )
    if to_status == Mission.Status.COMPLETED and today < locked.end_date:
        raise ValidationError(
            _("The mission ends on %(date)s; it can be completed from that day on.")
            % {"date": date_format(locked.end_date, "DATE_FORMAT")},
            code="before_dates",
        )
    if to_status == Mission.Status.OPEN and locked.application_deadline <= timezone.now():
        raise ValidationError(
            _("The application deadline has passed; move it before opening the mission."),
            code="deadline_passed",
        )
    locked.status = to_status
    locked.full_clean()
    locked.save(update_fields=["status", "updated_at"])
    mission.status, mission.updated_at = locked.status, locked.updated_at
    return locked


# --- Applications -----------------------------------------------------------------------


@transaction.atomic
def mission_apply(
    *,
    mission: Mission,
    organisation: Organisation,
    actor,
    motivation: str,
    sectors: Iterable[Sector] = (),
    wanted_demands: Iterable[DemandProject] = (),
) -> MissionApplication:
    """An SME applies to join the delegation of an open mission; returns the application.

    Side effects: none beyond the new rows (staff review applications on their dashboard).
    """
    _require_member(actor, organisation)
    if organisation.kind != Organisation.Kind.SME:
        raise ValidationError(_("Only SMEs can apply to join a delegation."))
    if len(motivation) > MOTIVATION_MAX_LENGTH:
        raise ValidationError(
            {"motivation": _("Say it in at most %(n)d characters.") % {"n": MOTIVATION_MAX_LENGTH}}
        )
    if not mission.is_open_for_applications:
        raise ValidationError(_("This mission is not open for applications."))
    if mission.application_deadline < timezone.now():
        raise ValidationError(_("The application deadline has passed."))
    wanted_demands = list(wanted_demands)
    if any(d.mission_id != mission.pk for d in wanted_demands):
        raise ValidationError(
            {"wanted_demands": _("Choose demand projects of this mission only.")}
        )
    if MissionApplication.objects.filter(mission=mission, organisation=organisation).exists():
        raise ValidationError(_("Your company has already applied to this mission."))
    application = MissionApplication(
        mission=mission, organisation=organisation, motivation=motivation, submitted_by=actor
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # a second submit racing the first
        raise ValidationError(_("Your company has already applied to this mission.")) from error
    application.sectors.set(sectors)
    application.wanted_demands.set(wanted_demands)
    return application


@transaction.atomic
def application_decide(
    *, application: MissionApplication, status: str, actor
) -> MissionApplication:
    """Accept, wait-list or reject an application; returns it, updated.

    Accepting locks the mission row and counts the accepted delegation under that lock, so
    the capacity holds even when several staff accept at the same moment. Side effects:
    every member of the SME is told the decision: by the registered listener (the
    notifications: in-app, and e-mailed through the outbox as each person chose), or,
    without one, by one e-mail each queued after commit.
    """
    require_staff(actor)
    if status not in DECISIONS:
        raise ValidationError(_("Unknown decision: %(status)s.") % {"status": status})
    mission = Mission.objects.select_for_update().get(pk=application.mission_id)
    locked = MissionApplication.objects.select_for_update().get(pk=application.pk)
    if not mission.takes_decisions:
        raise ValidationError(
            _("Decisions cannot be taken while the mission is “%(status)s”.")
            % {"status": mission.get_status_display()}
        )
    if locked.status == MissionApplication.Status.WITHDRAWN:
        raise ValidationError(_("This application was withdrawn."))
    if locked.status == status:
        raise ValidationError(
            _("This application is already “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if status == MissionApplication.Status.ACCEPTED:
        accepted = mission.applications.filter(status=MissionApplication.Status.ACCEPTED).count()
        if accepted >= mission.capacity:
            raise ValidationError(
                _("The delegation is full (%(capacity)s SMEs). Wait-list this SME instead.")
                % {"capacity": mission.capacity},
                code="mission_full",
            )
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "decided_by", "decided_at"])

    if not hooks.application_decided(application_id=locked.pk, status=status):
        dispatch.application_decision_send(application_id=locked.pk, status=status)
    application.status, application.decided_by, application.decided_at = (
        locked.status,
        locked.decided_by,
        locked.decided_at,
    )
    return locked


@transaction.atomic
def application_withdraw(*, application: MissionApplication, actor) -> MissionApplication:
    """The SME withdraws its application before the mission is confirmed."""
    _require_member(actor, application.organisation)
    mission = Mission.objects.select_for_update().get(pk=application.mission_id)
    if mission.status not in (Mission.Status.OPEN, Mission.Status.SELECTING):
        raise ValidationError(_("Applications can no longer be withdrawn."))
    application.status = MissionApplication.Status.WITHDRAWN
    application.full_clean()
    application.save(update_fields=["status"])
    return application


# --- Demand projects --------------------------------------------------------------------


def _check_buyer(*, buyer: Organisation, actor) -> None:
    if buyer.kind not in BUYER_KINDS:
        raise ValidationError({"buyer": _("Demand projects belong to buyers or investors.")})
    if not is_staff(actor):
        _require_member(actor, buyer)


@transaction.atomic
def demand_project_create(
    *, actor, buyer: Organisation, sectors: Iterable[Sector] = (), **fields
) -> DemandProject:
    """A buyer (or staff on the buyer's behalf) posts a demand project; returns it."""
    _check_buyer(buyer=buyer, actor=actor)
    demand = DemandProject(buyer=buyer, created_by=actor, **fields)
    demand.full_clean()
    demand.save()
    demand.sectors.set(sectors)
    hooks.demand_changed(demand_id=demand.pk)
    return demand


@transaction.atomic
def demand_project_update(
    *, demand_project: DemandProject, actor, sectors: Iterable[Sector] | None = None, **fields
) -> DemandProject:
    """Change a demand project (including opening or closing it); returns it.

    Side effects: tells the ``demand_changed`` hooks (the matching app rescores it).
    """
    _check_buyer(buyer=demand_project.buyer, actor=actor)
    if "buyer" in fields:
        require_staff(actor)
        _check_buyer(buyer=fields["buyer"], actor=actor)
    for name, value in fields.items():
        setattr(demand_project, name, value)
    demand_project.full_clean()
    demand_project.save()
    if sectors is not None:
        demand_project.sectors.set(sectors)
    hooks.demand_changed(demand_id=demand_project.pk)
    return demand_project


# --- Agenda -----------------------------------------------------------------------------


@transaction.atomic
def meeting_day_add(*, mission: Mission, date: dt.date, actor) -> MeetingDay:
    """Add a meeting day to the mission's agenda; returns it."""
    require_staff(actor)
    if not mission.start_date <= date <= mission.end_date:
        raise ValidationError({"date": _("The day must fall within the mission's dates.")})
    day = MeetingDay(mission=mission, date=date)
    day.full_clean()
    day.save()
    return day


@transaction.atomic
def agenda_session_add(
    *,
    day: MeetingDay,
    actor,
    part: str,
    start_time: dt.time,
    end_time: dt.time,
    slot_minutes: int = 30,
    break_minutes: int = 0,
    tables: int = 10,
) -> AgendaSession:
    """Add a session (morning or afternoon) to a meeting day; returns it.

    Side effects: generates the session's slots (in UTC) from its times.
    """
    require_staff(actor)
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("The session must end after it starts.")})
    session = AgendaSession(
        day=day,
        part=part,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        break_minutes=break_minutes,
        tables=tables,
    )
    session.full_clean()
    session.save()
    if not agenda_session_generate_slots(session=session):
        raise ValidationError(_("The session is too short for a single slot."))
    return session


@transaction.atomic
def agenda_session_delete(*, session: AgendaSession, actor) -> None:
    """Remove a session. Side effects: deletes its slots and the unavailabilities in them."""
    require_staff(actor)
    session.delete()


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


@transaction.atomic
def unavailability_toggle(*, slot: Slot, organisation: Organisation, actor) -> bool:
    """Mark ``slot`` as one in which ``organisation`` cannot meet, or unmark it.

    Returns True when the organisation is now unavailable in that slot. Only participants
    of the slot's mission (an accepted SME, or a buyer with demand in the mission) may mark.
    """
    from .selectors import mission_participant_organisations

    _require_member(actor, organisation)
    mission = slot.session.day.mission
    if organisation not in mission_participant_organisations(mission=mission, user=actor):
        raise PermissionDenied(_("Your organisation does not take part in this mission."))
    deleted, _rows = Unavailability.objects.filter(slot=slot, organisation=organisation).delete()
    if deleted:
        return False
    unavailability = Unavailability(slot=slot, organisation=organisation)
    unavailability.full_clean(validate_unique=False)
    unavailability.save()
    return True
