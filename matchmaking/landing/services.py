"""Writes of the landing support area: staff approve providers, packages are published,
SMEs apply, providers decide.

Capacity holds under concurrency as for mission applications: accepting locks the package
row and counts the accepted applications under that lock. Side effects: the other side is
told through the notifications area (in-app, and e-mail through the meetings outbox in the
reader's language and time zone).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Organisation
from companies.rules import is_member, is_staff, require_staff

from ..meetings.selectors import organisation_recipients
from ..notifications.models import Kind
from ..notifications.services import notify
from . import selectors
from .models import PackageApplication, PackageProvider, SupportPackage

DECISIONS = (
    PackageApplication.Status.ACCEPTED,
    PackageApplication.Status.WAITLISTED,
    PackageApplication.Status.DECLINED,
)


@transaction.atomic
def provider_set_approval(*, organisation: Organisation, approved: bool, actor) -> PackageProvider:
    """Staff approve (or withdraw the approval of) a partner organisation as a provider."""
    require_staff(actor)
    if organisation.kind == Organisation.Kind.SME:
        raise ValidationError(_("SMEs cannot provide landing support packages."))
    provider, _created = PackageProvider.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    provider.approved = approved
    provider.approved_by = actor if approved else None
    provider.approved_at = timezone.now() if approved else None
    provider.full_clean()
    provider.save()
    return provider


@transaction.atomic
def package_create(*, actor, provider: Organisation | None, **fields) -> SupportPackage:
    """Publish a package: staff for anyone (or the platform team itself), an approved
    provider's people for their own organisation."""
    if not is_staff(actor):
        if provider is None or not is_member(actor, provider.pk):
            raise PermissionDenied(_("Only staff or the provider can publish this package."))
        if not selectors.is_approved_provider(provider.pk):
            raise PermissionDenied(_("Staff have not approved your organisation as a provider."))
    package = SupportPackage(provider=provider, created_by=actor, **fields)
    package.full_clean()
    package.save()
    return package


def _tell(organisation_id: int | None, *, params: dict, url: str, actor) -> None:
    if organisation_id is None:
        return
    notify(recipients=organisation_recipients(organisation_id), kind=Kind.LANDING_SUPPORT,
           params=params, url=url, exclude=actor)


@transaction.atomic
def package_apply(
    *, package: SupportPackage, sme: Organisation, actor, message: str
) -> PackageApplication:
    """An SME applies for a published package; returns the application.

    Side effect: the provider's people are told (packages of the platform team show on the
    staff's package pages).
    """
    if sme.kind != Organisation.Kind.SME or not is_member(actor, sme.pk):
        raise PermissionDenied(_("Only an SME's people can apply for it."))
    if package.status != SupportPackage.Status.PUBLISHED:
        raise ValidationError(_("This package does not take applications."))
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Say in a few words why and when you need it.")})
    application = PackageApplication(package=package, sme=sme, message=message,
                                     submitted_by=actor)
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ValidationError(_("Your company has already applied for this package.")) from error
    _tell(package.provider_id, actor=actor,
          url=reverse("landing:package_detail", args=[package.pk]),
          params={"event": "submitted", "other": sme.name, "package": package.title_en,
                  "package_zh": package.title_zh})
    return application


@transaction.atomic
def application_decide(
    *, application: PackageApplication, status: str, actor, answer: str = ""
) -> PackageApplication:
    """The provider (or staff) accepts, wait-lists or declines an application, with a
    message; returns it.

    Accepting locks the package row and counts the accepted applications under that lock,
    so the capacity holds when several people accept at the same moment (as
    ``missions.services.application_decide`` does for a delegation). Side effect: the SME's
    people are told.
    """
    if status not in DECISIONS:
        raise ValidationError(_("Unknown decision: %(status)s.") % {"status": status})
    package = SupportPackage.objects.select_for_update().get(pk=application.package_id)
    if not selectors.may_manage(actor, package):
        raise PermissionDenied(_("Only the provider or staff can decide on this application."))
    locked = PackageApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status == PackageApplication.Status.WITHDRAWN:
        raise ValidationError(_("This application was withdrawn."))
    if locked.status == status:
        raise ValidationError(_("This application is already “%(status)s”.")
                              % {"status": locked.get_status_display()})
    if status == PackageApplication.Status.ACCEPTED:
        accepted = package.applications.filter(status=PackageApplication.Status.ACCEPTED).count()
        if accepted >= package.capacity:
            raise ValidationError(
                _("The package is full (%(capacity)s places). Wait-list this SME instead.")
                % {"capacity": package.capacity},
                code="package_full",
            )
    locked.status, locked.answer = status, answer.strip()
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    _tell(locked.sme_id, actor=actor, url=reverse("landing:my_applications"),
          params={"event": status, "package": package.title_en,
                  "package_zh": package.title_zh})
    application.status, application.answer = locked.status, locked.answer
    return locked
