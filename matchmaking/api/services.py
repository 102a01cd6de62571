"""Writes of the API area: creating and revoking API tokens."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Organisation
from companies.rules import is_owner

from .keys import TOKEN_START, new_secret, token_hash
from .models import ApiToken

MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def api_token_create(
    *, actor, name: str, scope: str, organisation: Organisation | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``actor`` (personal) or for ``organisation`` (its owners only);
    returns the row and the secret, which is shown once and never stored."""
    if organisation is not None and not is_owner(actor, organisation.pk):
        raise PermissionDenied(_("Only the organisation's owners can create its API tokens."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read only or read and write.")})
    active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(count)d active tokens; revoke one before creating another.")
            % {"count": active}
        )
    secret = new_secret()
    token = ApiToken(
        name=name,
        user=actor,
        organisation=organisation,
        scope=scope,
        prefix=secret[: len(TOKEN_START) + 6],
        key_hash=token_hash(secret),
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token: its owner, or for an organisation token any owner of it."""
    allowed = token.user_id == actor.pk or (
        token.organisation_id is not None and is_owner(actor, token.organisation_id)
    )
    if not allowed:
        raise PermissionDenied(_("Only the token's owner can revoke it."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note that a token was used (at most once a minute, to spare the database)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
