"""Extension points of the meetings area (it never imports who listens).

The project's ``AppConfig.ready`` registers the notifications area here. Services call
``meeting_event`` inside their transaction; listeners defer their own work to the commit.

Kinds: ``meeting_request`` (new request), ``meeting_accepted``, ``meeting_declined``,
``meeting_withdrawn``, ``meeting_expired`` (each with ``meeting_request``),
``meeting_answer`` (a side answered a published invitation), ``schedule_change`` and
``meeting_cancelled`` (each with ``meeting``).
"""

from collections.abc import Callable

MeetingEventCallback = Callable[..., None]

_callbacks: list[MeetingEventCallback] = []


def register_meeting_event(callback: MeetingEventCallback) -> None:
    """Call ``callback(kind=…, meeting_request=…, meeting=…, actor=…, organisation_id=…)``."""
    if callback not in _callbacks:
        _callbacks.append(callback)


def unregister_meeting_event(callback: MeetingEventCallback) -> None:
    if callback in _callbacks:
        _callbacks.remove(callback)


def meeting_event(
    *, kind: str, meeting_request=None, meeting=None, actor=None, organisation_id=None
) -> None:
    """Tell the listeners; ``organisation_id`` names the side that acted when no user did
    (an answer through a signed e-mail link)."""
    for callback in list(_callbacks):
        callback(
            kind=kind,
            meeting_request=meeting_request,
            meeting=meeting,
            actor=actor,
            organisation_id=organisation_id,
        )
