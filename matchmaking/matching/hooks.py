"""Extension points of the matching pages (matching never imports the meetings area).

The project's ``AppConfig.ready`` registers a provider that tells, for (demand project,
SME id) pairs, the demand read with its mission, whether a meeting may be requested or one is already open; without a provider
the matching pages offer no meeting button.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

# States a provider answers per pair.
REQUEST_ALLOWED = "allowed"
REQUEST_OPEN = "open"

# ([(demand project, SME organisation id), …]) -> {(demand id, SME id): REQUEST_ALLOWED | REQUEST_OPEN}
# Pairs missing from the answer may not request a meeting (no mission, mission past
# requesting, SME outside the delegation).
MeetingRequestStates = Callable[[Sequence[tuple[Any, int]]], Mapping[tuple[int, int], str]]

_meeting_request_states: MeetingRequestStates | None = None


def register_meeting_request_states(provider: MeetingRequestStates | None) -> None:
    """Install (or, with None, remove) the provider of meeting-request states."""
    global _meeting_request_states
    _meeting_request_states = provider


def meeting_request_states(pairs: Sequence[tuple[Any, int]]) -> Mapping[tuple[int, int], str]:
    if _meeting_request_states is None or not pairs:
        return {}
    return _meeting_request_states(pairs)
