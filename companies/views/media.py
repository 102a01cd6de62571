"""Uploaded logos and brochures, served to whoever may see the profile they belong to.

Every file under MEDIA_ROOT belongs to a company profile; a draft profile's files go only
to its organisation's people and staff, exactly like the profile page. With
``MEDIA_SENDFILE`` set, a proxy in front sends the file (nginx's ``X-Accel-Redirect`` or
Apache's/lighttpd's ``X-Sendfile``); otherwise Django streams it.
"""

import mimetypes
import posixpath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from ..models import CompanyProfile
from ..selectors import profile_for_viewer


def media_file(request: HttpRequest, path: str) -> HttpResponse:
    name = posixpath.normpath(path).lstrip("/")
    if name != path or name.startswith(".."):
        raise Http404
    profile = (
        CompanyProfile.objects.filter(Q(logo=name) | Q(brochure=name))
        .select_related("organisation")
        .only("pk", "logo", "brochure", "organisation__slug")
        .first()
    )
    if profile is None:
        raise Http404
    # 404 for a draft the person may not see, as its page gives.
    profile_for_viewer(slug=profile.organisation.slug, user=request.user)
    if not default_storage.exists(name):
        raise Http404
    is_brochure = profile.brochure.name == name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    mode = settings.MEDIA_SENDFILE
    if mode == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + name
    elif mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = default_storage.path(name)
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        is_brochure, posixpath.basename(name)
    )
    # Drafts and contact-bearing files stay out of shared caches.
    response["Cache-Control"] = "private, max-age=3600"
    return response
