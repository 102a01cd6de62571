"""Extension points for apps that build on companies (companies never imports them).

The matching app registers a callback at start-up (in its ``AppConfig.ready``) that
rescores an SME whose profile changed. Services call ``profile_changed`` inside their
transaction; callbacks decide themselves what to defer until commit.
"""

from collections.abc import Callable

# (organisation id of the SME whose profile changed) -> None
ProfileChangedCallback = Callable[[int], None]

_profile_changed_callbacks: list[ProfileChangedCallback] = []


def register_profile_changed(callback: ProfileChangedCallback) -> None:
    """Call ``callback(organisation_id)`` whenever a company profile changes (once each)."""
    if callback not in _profile_changed_callbacks:
        _profile_changed_callbacks.append(callback)


def unregister_profile_changed(callback: ProfileChangedCallback) -> None:
    if callback in _profile_changed_callbacks:
        _profile_changed_callbacks.remove(callback)


def profile_changed(*, organisation_id: int) -> None:
    """Tell the registered callbacks that the profile of ``organisation_id`` changed."""
    for callback in list(_profile_changed_callbacks):
        callback(organisation_id)


# (organisation id of the buyer staff approved) -> None
BuyerApprovedCallback = Callable[[int], None]

_buyer_approved_callbacks: list[BuyerApprovedCallback] = []


def register_buyer_approved(callback: BuyerApprovedCallback) -> None:
    """Call ``callback(organisation_id)`` when staff approve a buyer (notifications)."""
    if callback not in _buyer_approved_callbacks:
        _buyer_approved_callbacks.append(callback)


def buyer_approved(*, organisation_id: int) -> None:
    for callback in list(_buyer_approved_callbacks):
        callback(organisation_id)


# (invitation id, recipient, subject, text) -> None. The mail queue of the platform takes
# member invitations, in the same transaction, so each goes out once even if the process
# sending it dies; with none registered the e-mail is sent directly after commit.
InvitationMailer = Callable[..., None]

_invitation_mailers: list[InvitationMailer] = []


def register_invitation_mailer(mailer: InvitationMailer) -> None:
    if mailer not in _invitation_mailers:
        _invitation_mailers.append(mailer)


def invitation_mail(*, invitation_id: int, recipient: str, subject: str, text: str) -> bool:
    """Hand a member invitation's e-mail to the registered mail queue; False when none is."""
    for mailer in list(_invitation_mailers):
        mailer(invitation_id=invitation_id, recipient=recipient, subject=subject, text=text)
        return True
    return False


# (investor organisation id, SME organisation id) -> whether the investor may see the SME's
# contact details. The investors area answers: only once the SME accepted an introduction.
InvestorContactsRule = Callable[[int, int], bool]

_investor_contacts_rules: list[InvestorContactsRule] = []


def register_investor_contacts_rule(rule: InvestorContactsRule) -> None:
    if rule not in _investor_contacts_rules:
        _investor_contacts_rules.append(rule)


def investor_may_see_contacts(*, investor_id: int, sme_id: int) -> bool:
    """Whether an approved investor may see the SME's contacts; no rule registered: never."""
    return any(rule(investor_id, sme_id) for rule in list(_investor_contacts_rules))


# (SME organisation id) -> the landing support packages it holds, as dicts with "title",
# "city" and "url", for its profile page. The landing support area answers.
PackagesHeldProvider = Callable[[int], list[dict]]

_packages_held_providers: list[PackagesHeldProvider] = []


def register_packages_held_provider(provider: PackagesHeldProvider) -> None:
    if provider not in _packages_held_providers:
        _packages_held_providers.append(provider)


def packages_held(*, organisation_id: int) -> list[dict]:
    return [item for provider in list(_packages_held_providers)
            for item in provider(organisation_id)]
