"""Views of the companies app, one module per area; each view is thin."""

from .account import invitation_accept, preferences
from .directory import directory, directory_export, profile_detail
from .organisation import (
    buyer_approval_set,
    buyer_approvals,
    member_invite,
    member_remove,
    member_role,
    my_organisation,
    organisation_edit,
    organisation_manage,
)
from .profile import (
    profile_edit,
    profile_publish,
    profile_unpublish,
    reference_delete,
    references,
)

__all__ = [
    "buyer_approval_set", "buyer_approvals", "directory", "directory_export",
    "invitation_accept", "member_invite", "member_remove", "member_role", "my_organisation",
    "organisation_edit", "organisation_manage", "preferences", "profile_detail",
    "profile_edit", "profile_publish", "profile_unpublish", "reference_delete", "references",
]
