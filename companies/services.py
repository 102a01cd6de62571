"""Writes for organisations, memberships, invitations and company profiles.

Every function takes keyword-only arguments, validates with ``full_clean()`` before saving
and runs in one transaction; its docstring names any side effect beyond the rows it writes.
"""

import datetime as dt
from collections.abc import Iterable

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import hooks
from .filters import CLUSTERS_KEY
from .models import (
    CompanyProfile,
    Invitation,
    Membership,
    Organisation,
    PendingOrganisation,
    ReferenceProject,
    Sector,
    User,
)
from .sites import site_url

INVITATION_MAX_AGE = dt.timedelta(days=7)
INVITATION_SALT = "companies.invitation"
# How many invitations one person may send per hour (each is an e-mail to a stranger).
INVITATIONS_PER_HOUR = 20
# Path segments under /companies/ that an organisation's slug must never take.
RESERVED_SLUGS = {"export", "mine", "preferences", "buyers", "invitations", "new"}


class InvitationInvalid(Exception):
    """The invitation link is forged, expired, already used or meant for someone else."""


def cache_forget(key: str) -> None:
    """Drop ``key`` from the cache now and once the transaction commits: a page reading it
    in between would otherwise keep the old value."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def clusters_forget(**_signal) -> None:
    """Forget the cached list of clusters (``filters.clusters``); connected to every save
    and delete of an organisation."""
    cache_forget(CLUSTERS_KEY)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    if base in RESERVED_SLUGS:
        base = f"{base}-org"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def organisation_create(
    *, user: User, name: str, kind: str, country: str, city: str = "", website: str = ""
) -> Organisation:
    """Create an SME or buyer organisation with ``user`` as its first owner.

    An SME also gets an empty draft company profile. Cluster organisations are made by
    staff in the admin, never here; buyers and investors wait for staff approval.
    """
    if kind not in (Organisation.Kind.SME, Organisation.Kind.BUYER, Organisation.Kind.INVESTOR):
        raise ValidationError(_("Only SMEs, buyers and investors can register themselves."))
    organisation = Organisation(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        country=country,
        city=city.strip(),
        website=website.strip(),
    )
    organisation.full_clean()
    organisation.save()
    membership = Membership(user=user, organisation=organisation, role=Membership.Role.OWNER)
    membership.full_clean()
    membership.save()
    if kind == Organisation.Kind.SME:
        profile = CompanyProfile(organisation=organisation)
        profile.full_clean()
        profile.save()
    return organisation


@transaction.atomic
def signup_organisation_request(*, user: User, name: str, kind: str, country: str) -> None:
    """Remember the organisation ``user`` named at sign-up until their address is verified.

    Nothing is created yet: an unverified address must not put a buyer in the staff's
    approval queue or an SME in the directory (see ``signup_organisation_create``).
    """
    if kind not in (Organisation.Kind.SME, Organisation.Kind.BUYER, Organisation.Kind.INVESTOR):
        raise ValidationError(_("Only SMEs, buyers and investors can register themselves."))
    pending = PendingOrganisation(user=user, name=name.strip(), kind=kind, country=country)
    pending.full_clean()
    pending.save()


@transaction.atomic
def signup_organisation_create(*, user: User) -> Organisation | None:
    """Create the organisation ``user`` named at sign-up, now that an address is verified.

    Does nothing for someone without a pending organisation or who already belongs to one
    (they joined through an invitation meanwhile); the pending row is removed either way.
    """
    pending = PendingOrganisation.objects.select_for_update().filter(user=user).first()
    if pending is None:
        return None
    pending.delete()
    if user.memberships.exists():
        return None
    return organisation_create(
        user=user, name=pending.name, kind=pending.kind, country=pending.country.code
    )


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, name: str, country: str, city: str, website: str
) -> Organisation:
    """Change an organisation's name, country, city and website (the slug stays)."""
    organisation.name = name.strip()
    organisation.country = country
    organisation.city = city.strip()
    organisation.website = website.strip()
    organisation.full_clean()
    organisation.save(update_fields=["name", "country", "city", "website"])
    return organisation


@transaction.atomic
def buyer_set_approval(*, organisation: Organisation, approved: bool, actor: User) -> Organisation:
    """Staff vouch for a buyer (who then sees supplier contact details) or withdraw it."""
    if not actor.is_staff:
        raise PermissionDenied
    if organisation.kind not in (Organisation.Kind.BUYER, Organisation.Kind.INVESTOR):
        raise ValidationError(_("Only buyers and investors can be approved."))
    newly_approved = approved and not organisation.buyer_approved
    organisation.buyer_approved = approved
    organisation.full_clean()
    organisation.save(update_fields=["buyer_approved"])
    if newly_approved:
        hooks.buyer_approved(organisation_id=organisation.pk)
    return organisation


# --- Memberships and invitations ---------------------------------------------------------


def _owner_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=Membership.Role.OWNER).count()


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Make a member an owner or an owner a member; the last owner stays an owner."""
    # Lock the organisation's memberships so two owners demoting each other cannot both win.
    list(Membership.objects.select_for_update().filter(organisation=membership.organisation_id))
    if (
        membership.role == Membership.Role.OWNER
        and role != Membership.Role.OWNER
        and _owner_count(membership.organisation) <= 1
    ):
        raise ValidationError(_("An organisation must keep at least one owner."))
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a person from an organisation; the last owner cannot be removed."""
    list(Membership.objects.select_for_update().filter(organisation=membership.organisation_id))
    if membership.role == Membership.Role.OWNER and _owner_count(membership.organisation) <= 1:
        raise ValidationError(_("An organisation must keep at least one owner."))
    membership.delete()


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=INVITATION_SALT, compress=True)


def invitation_url(invitation: Invitation) -> str:
    path = reverse("companies:invitation_accept", kwargs={"token": invitation_token(invitation)})
    return f"{site_url()}{path}"


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: User
) -> Invitation:
    """Invite ``email`` to join ``organisation``.

    Side effect: e-mails the invitee a signed link valid for seven days, through the
    platform's mail queue (``hooks.invitation_mail``, in this transaction) or after commit.
    """
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("This person is already a member."))
    pending = Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True
    ).first()
    if pending is not None:
        if timezone.now() - pending.created_at < INVITATION_MAX_AGE:
            raise ValidationError(
                _("%(email)s has already been invited and the invitation is still valid."),
                params={"email": email},
            )
        pending.delete()  # expired: a new one replaces it
    _consume_invitation_allowance(invited_by)
    invitation = Invitation(
        organisation=organisation, email=email, role=role, invited_by=invited_by
    )
    invitation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:  # the same invitation, sent at the same moment
        raise ValidationError(
            _("%(email)s has already been invited and the invitation is still valid."),
            params={"email": email},
        ) from error
    subject, text = _invitation_email(invitation)
    queued = hooks.invitation_mail(
        invitation_id=invitation.pk, recipient=invitation.email, subject=subject, text=text
    )
    if not queued:
        transaction.on_commit(lambda: send_mail(subject, text, None, [invitation.email]))
    return invitation


def _consume_invitation_allowance(inviter: User) -> None:
    """Count one invitation against ``inviter``'s hourly allowance, or refuse it."""
    window = int(timezone.now().timestamp()) // 3600
    key = f"companies:invitations:{inviter.pk}:{window}"
    cache.add(key, 0, timeout=3600)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        sent = 1
    if sent > INVITATIONS_PER_HOUR:
        raise ValidationError(
            _("You have sent too many invitations in the last hour. Please try again later.")
        )


def _invitation_email(invitation: Invitation) -> tuple[str, str]:
    """The invitation's subject and text, in the inviter's current language."""
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "inviter": invitation.invited_by,
        "url": invitation_url(invitation),
        "days": INVITATION_MAX_AGE.days,
    }
    subject = render_to_string("companies/email/invitation_subject.txt", context)
    text = render_to_string("companies/email/invitation_message.txt", context)
    return " ".join(subject.split()), text


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation a link names, or raise ``InvitationInvalid``."""
    try:
        data = signing.loads(
            token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE.total_seconds()
        )
    except signing.BadSignature as error:
        raise InvitationInvalid from error
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=data.get("invitation"), accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        raise InvitationInvalid
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the invitation's organisation as ``user``; the invitation is then used up.

    Only the person the invitation was sent to (same e-mail address) can accept it.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationInvalid
    if invitation.email.lower() != user.email.lower():
        raise InvitationInvalid
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.full_clean()
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


# --- Company profiles ----------------------------------------------------------------------

PUBLISH_REQUIREMENTS = ("description_en", "sectors")


@transaction.atomic
def profile_update(
    *,
    profile: CompanyProfile,
    data: dict,
    sectors: Iterable[Sector] | None = None,
    clusters: Iterable[Organisation] | None = None,
    logo: ContentFile | None = None,
    brochure: ContentFile | None = None,
    remove_logo: bool = False,
    remove_brochure: bool = False,
) -> CompanyProfile:
    """Change a profile's fields (``data``: field name → value), sectors and clusters.

    ``logo`` and ``brochure`` must already be checked (``companies.uploads``); a replaced
    or removed file is deleted from storage after commit. A published profile that no
    longer meets the publishing requirements goes back to draft. Side effect: tells the
    ``profile_changed`` hooks (the matching app rescores the SME).
    """
    editable = {field.name for field in CompanyProfile._meta.concrete_fields} - {
        "id", "organisation", "status", "published_at", "updated_at", "search_vector",
        "logo", "brochure",
    }
    unknown = set(data) - editable
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in data.items():
        setattr(profile, name, value)
    # Validate before touching storage, so a rejected change leaves no file behind.
    profile.full_clean(exclude=["logo", "brochure"])
    old_files, new_files = [], []
    try:
        for field, upload, remove in (
            ("logo", logo, remove_logo),
            ("brochure", brochure, remove_brochure),
        ):
            current = getattr(profile, field)
            if (upload is not None or remove) and current:
                old_files.append((current.storage, current.name))
            if upload is not None:
                current.save(upload.name, upload, save=False)
                new_files.append((current.storage, current.name))
            elif remove:
                setattr(profile, field, "")
        profile.save()
    except Exception:
        for storage, name in new_files:
            storage.delete(name)
        raise
    if sectors is not None:
        profile.sectors.set(list(sectors))
    if clusters is not None:
        profile.clusters.set(list(clusters))
    if profile.is_published and missing_for_publishing(profile):
        profile.status = CompanyProfile.Status.DRAFT
        profile.save(update_fields=["status"])
    for storage, name in old_files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    hooks.profile_changed(organisation_id=profile.organisation_id)
    return profile


def missing_for_publishing(profile: CompanyProfile) -> list[str]:
    """Names of what a profile still lacks before it may be published."""
    missing = []
    if not profile.description_en.strip():
        missing.append(str(CompanyProfile._meta.get_field("description_en").verbose_name))
    if not profile.sectors.exists():
        missing.append(str(CompanyProfile._meta.get_field("sectors").verbose_name))
    return missing


@transaction.atomic
def profile_publish(*, profile: CompanyProfile) -> CompanyProfile:
    """Publish a profile: it shows in the directory and on its public page.

    Side effect: tells the ``profile_changed`` hooks.
    """
    missing = missing_for_publishing(profile)
    if missing:
        raise ValidationError(
            _("Complete these before publishing: %(missing)s."),
            params={"missing": ", ".join(missing)},
        )
    profile.status = CompanyProfile.Status.PUBLISHED
    profile.published_at = profile.published_at or timezone.now()
    profile.full_clean()
    profile.save(update_fields=["status", "published_at", "updated_at"])
    hooks.profile_changed(organisation_id=profile.organisation_id)
    return profile


@transaction.atomic
def profile_unpublish(*, profile: CompanyProfile) -> CompanyProfile:
    """Take a profile back to draft: it disappears from the directory.

    Side effect: tells the ``profile_changed`` hooks.
    """
    profile.status = CompanyProfile.Status.DRAFT
    profile.full_clean()
    profile.save(update_fields=["status", "updated_at"])
    hooks.profile_changed(organisation_id=profile.organisation_id)
    return profile


@transaction.atomic
def reference_project_add(
    *,
    profile: CompanyProfile,
    title: str,
    place: str = "",
    year: int | None = None,
    description: str = "",
    sector: Sector | None = None,
) -> ReferenceProject:
    """Add a delivered project to a profile."""
    reference = ReferenceProject(
        profile=profile, title=title, place=place, year=year, description=description,
        sector=sector,
    )
    reference.full_clean()
    reference.save()
    hooks.profile_changed(organisation_id=profile.organisation_id)
    return reference


@transaction.atomic
def reference_project_delete(*, reference: ReferenceProject) -> None:
    """Remove a reference project."""
    organisation_id = reference.profile.organisation_id
    reference.delete()
    hooks.profile_changed(organisation_id=organisation_id)


# --- People ----------------------------------------------------------------------------------


@transaction.atomic
def user_preferences_update(*, user: User, full_name: str, time_zone: str, language: str) -> User:
    """Change the name a person shows, the time zone times are shown in and their language."""
    user.full_name = full_name.strip()
    user.time_zone = time_zone
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "time_zone", "language"])
    return user


@transaction.atomic
def demo_staff_totp_setup(*, user: User, secret: str) -> None:
    """Give a demo staff account a TOTP authenticator with a known base32 ``secret``.

    Staff must use two-factor authentication; the demo prints the secret so that whoever
    tries the demo can add it to an authenticator app (or compute codes with any TOTP
    tool) and log in. Idempotent: an existing TOTP authenticator is replaced. Never call
    this for real accounts: the secret is public.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
