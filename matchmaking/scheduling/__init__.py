"""Meeting scheduling for brokerage events (pure Python, no Django).

Public API:

* data model: :class:`Instance`, :class:`Slot`, :class:`Participant`, :class:`Meeting`,
  :class:`Schedule`, :class:`Assignment`, :func:`load_instance`, :func:`instance_from_json`,
  :func:`schedule_to_dict`, :func:`schedule_from_dict`;
* solving: :func:`solve` returning a :class:`SolveResult`;
* checking: :func:`check_schedule` returning a :class:`CheckReport` (independent of the
  solver);
* synthetic data: :func:`generate_large_event`, :func:`upper_bound_placeable`.
"""

from .check import CheckReport, Violation, check_schedule
from .generate import generate_large_event, upper_bound_placeable
from .model import (
    Assignment,
    Instance,
    Meeting,
    Participant,
    Schedule,
    Slot,
    instance_from_json,
    instance_to_dict,
    load_instance,
    schedule_from_dict,
    schedule_to_dict,
)
from .solver import SolveResult, solve

__all__ = [
    "Assignment",
    "CheckReport",
    "Instance",
    "Meeting",
    "Participant",
    "Schedule",
    "Slot",
    "SolveResult",
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
