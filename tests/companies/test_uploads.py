"""Acceptance 3: bad logos and brochures are rejected with a message; nothing is stored."""

import io
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from companies import uploads
from companies.models import CompanyProfile

pytestmark = pytest.mark.django_db

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _image(fmt: str, size=(200, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(out, format=fmt)
    return out.getvalue()


def _png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny, valid PNG that declares a 900-megapixel canvas (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"

BAD_UPLOADS = [
    ("logo", "huge.png", b"\x89PNG\r\n\x1a\n" + os.urandom(uploads.LOGO_MAX_BYTES), "image/png",
     "too large"),
    ("logo", "brochure.png", MINIMAL_PDF, "image/png", "must be a PNG, JPEG or WebP"),
    ("logo", "page.png", HTML, "image/png", "must be a PNG, JPEG or WebP"),
    ("logo", "logo.svg", SVG, "image/svg+xml", "must be a PNG, JPEG or WebP"),
    ("logo", "bomb.png", _png_bomb(), "image/png", "too large in pixels"),
    ("logo", "wide.png", _png_bomb(5000, 5000), "image/png", "too large in pixels"),
    ("logo", "anim.gif", _image("GIF"), "image/gif", "must be a PNG, JPEG or WebP"),
    ("brochure", "brochure.pdf", _image("PNG"), "application/pdf", "must be a PDF"),
    ("brochure", "brochure.pdf", HTML, "application/pdf", "must be a PDF"),
    ("brochure", "huge.pdf", MINIMAL_PDF + os.urandom(uploads.BROCHURE_MAX_BYTES), "application/pdf",
     "too large"),
]


def _stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return [
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    ]


def _form_data(profile: CompanyProfile) -> dict:
    return {
        "description_en": "Unchanged description.",
        "sectors": [s.pk for s in profile.sectors.all()],
        "trl": "7",
    }


@pytest.mark.parametrize(("field", "name", "content", "content_type", "message"), BAD_UPLOADS)
def test_bad_upload_is_rejected_and_nothing_is_stored(
    field, name, content, content_type, message, sme_owner_client, sme_profile, settings
):
    before = CompanyProfile.objects.values().get(pk=sme_profile.pk)
    response = sme_owner_client.post(
        reverse("companies:profile_edit", args=["nordic-heat"]),
        {**_form_data(sme_profile), field: SimpleUploadedFile(name, content, content_type)},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert f'data-error-for="{field}"' in response.content.decode()
    assert _stored_files(settings) == []
    after = CompanyProfile.objects.values().get(pk=sme_profile.pk)
    assert after == before  # no field changed, not even the description


def test_good_logo_is_reencoded_to_png_under_a_random_name(sme_owner_client, sme_profile, settings):
    jpeg = _image("JPEG", size=(3000, 1500))
    response = sme_owner_client.post(
        reverse("companies:profile_edit", args=["nordic-heat"]),
        {
            **_form_data(sme_profile),
            "logo": SimpleUploadedFile("../../etc/evil.jpg", jpeg, "image/jpeg"),
            "brochure": SimpleUploadedFile("My Brochure.pdf", MINIMAL_PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    sme_profile.refresh_from_db()
    assert sme_profile.logo.name.startswith("logos/") and sme_profile.logo.name.endswith(".png")
    assert "evil" not in sme_profile.logo.name
    assert "Brochure" not in sme_profile.brochure.name
    with Image.open(sme_profile.logo.path) as stored:
        assert (stored.format, stored.size) == ("PNG", (1024, 512))
    assert sorted(_stored_files(settings)) == sorted([sme_profile.logo.name, sme_profile.brochure.name])


def test_replacing_a_logo_deletes_the_old_file(
    sme_owner_client, sme_profile, settings, django_capture_on_commit_callbacks
):
    url = reverse("companies:profile_edit", args=["nordic-heat"])
    with django_capture_on_commit_callbacks(execute=True):
        sme_owner_client.post(url, {**_form_data(sme_profile), "logo": SimpleUploadedFile("a.png", _image("PNG"))})
    sme_profile.refresh_from_db()
    first = sme_profile.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        sme_owner_client.post(url, {**_form_data(sme_profile), "logo": SimpleUploadedFile("b.webp", _image("WEBP"))})
    sme_profile.refresh_from_db()
    assert sme_profile.logo.name != first
    assert _stored_files(settings) == [sme_profile.logo.name]
