"""Meeting scheduling for brokerage events (pure Python, no Django).

Public API:

* data model: :class:`Instance`, :class:`TimeSlot`, :class:`Participant`,
  :class:`BilateralMeeting`, :class:`Schedule`, :class:`Assignment`, :func:`load_instance`,
  :func:`instance_from_json`, :func:`schedule_to_dict`, :func:`schedule_from_dict`;
* solving: :func:`solve` returning a :class:`SolveResult`;
* checking: :func:`check_schedule` returning a :class:`CheckReport` (independent of the
  solver);
* synthetic data: :func:`generate_large_event`, :func:`upper_bound_placeable`.

``Slot`` and ``Meeting`` remain as old names of :class:`TimeSlot` and
:class:`BilateralMeeting`, renamed so they do not read like the Django models.
"""

from .check import CheckReport, Violation, check_schedule
from .generate import generate_large_event, upper_bound_placeable
from .model import (
    Assignment,
    BilateralMeeting,
    Instance,
    Meeting,
    Participant,
    Schedule,
    Slot,
    TimeSlot,
    instance_from_json,
    instance_to_dict,
    load_instance,
    schedule_from_dict,
    schedule_to_dict,
)
from .solver import SolveResult, solve

__all__ = [
    "Assignment",
    "BilateralMeeting",
    "CheckReport",
    "Instance",
    "Meeting",
    "Participant",
    "Schedule",
    "Slot",
    "SolveResult",
    "TimeSlot",
    "Violation",
    "check_schedule",
    "generate_large_event",
    "instance_from_json",
    "instance_to_dict",
    "load_instance",
    "schedule_from_dict",
    "schedule_to_dict",
    "solve",
    "upper_bound_placeable",
]
