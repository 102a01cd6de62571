"""Extension points for apps that build on missions (missions never imports them).

The matching app registers, at start-up (in its ``AppConfig.ready``):

- a provider of match scores: the staff dashboard then shows each applicant's score;
  without a provider the dashboard simply has no score column;
- a provider of market-entry readiness (the intelligence area), shown and sortable the same
  way;
- callbacks told when a demand project changes, so it can be rescored. Services call
  ``demand_changed`` inside their transaction; callbacks decide themselves what to defer
  until commit.
"""

from collections.abc import Callable, Mapping, Sequence

from .models import Mission, MissionApplication

# (mission, applications) -> {application id: score 0–100}
ApplicationScoreProvider = Callable[[Mission, Sequence[MissionApplication]], Mapping[int, int]]
# (id of the demand project that was created or changed) -> None
DemandChangedCallback = Callable[[int], None]

_application_score_provider: ApplicationScoreProvider | None = None
_demand_changed_callbacks: list[DemandChangedCallback] = []


def register_application_score_provider(provider: ApplicationScoreProvider | None) -> None:
    """Install (or, with None, remove) the provider of applicants' match scores."""
    global _application_score_provider
    _application_score_provider = provider


def application_score_provider() -> ApplicationScoreProvider | None:
    return _application_score_provider


# (mission, applications) -> {application id: (readiness 0–100, the items it misses)}
ApplicationReadinessProvider = Callable[
    [Mission, Sequence[MissionApplication]], Mapping[int, tuple[int, Sequence[str]]]
]

_application_readiness_provider: ApplicationReadinessProvider | None = None


def register_application_readiness_provider(
    provider: ApplicationReadinessProvider | None,
) -> None:
    """Install (or, with None, remove) the provider of applicants' market-entry readiness
    for the mission's market: the staff dashboard then shows it and sorts by it."""
    global _application_readiness_provider
    _application_readiness_provider = provider


def application_readiness_provider() -> ApplicationReadinessProvider | None:
    return _application_readiness_provider


def register_demand_changed(callback: DemandChangedCallback) -> None:
    """Call ``callback(demand_id)`` whenever a demand project is created or changed."""
    if callback not in _demand_changed_callbacks:
        _demand_changed_callbacks.append(callback)


def unregister_demand_changed(callback: DemandChangedCallback) -> None:
    if callback in _demand_changed_callbacks:
        _demand_changed_callbacks.remove(callback)


def demand_changed(*, demand_id: int) -> None:
    """Tell the registered callbacks that demand project ``demand_id`` changed."""
    for callback in list(_demand_changed_callbacks):
        callback(demand_id)


# (application id, new status) -> whether it delivered the decision to the SME
ApplicationDecidedCallback = Callable[[int, str], bool | None]

_application_decided_callbacks: list[ApplicationDecidedCallback] = []


def register_application_decided(callback: ApplicationDecidedCallback) -> None:
    """Call ``callback(application_id, status)`` after staff decide on an application."""
    if callback not in _application_decided_callbacks:
        _application_decided_callbacks.append(callback)


def application_decided(*, application_id: int, status: str) -> bool:
    """Tell the listeners; True when one of them delivers the decision to the SME (it
    returned True), so the missions app does not e-mail it a second time."""
    delivered = False
    for callback in list(_application_decided_callbacks):
        delivered = bool(callback(application_id, status)) or delivered
    return delivered
