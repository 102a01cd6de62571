"""Extension points of the outcomes area (it never imports who listens).

The project's ``AppConfig.ready`` registers the webhooks area here. ``outcome_record``
calls ``outcome_recorded`` inside its transaction; listeners defer their work to the commit.
"""

from collections.abc import Callable

OutcomeCallback = Callable[..., None]

_callbacks: list[OutcomeCallback] = []


def register_outcome_recorded(callback: OutcomeCallback) -> None:
    """Call ``callback(outcome=…)`` whenever an organisation records an outcome."""
    if callback not in _callbacks:
        _callbacks.append(callback)


def unregister_outcome_recorded(callback: OutcomeCallback) -> None:
    if callback in _callbacks:
        _callbacks.remove(callback)


def outcome_recorded(*, outcome) -> None:
    for callback in list(_callbacks):
        callback(outcome=outcome)
