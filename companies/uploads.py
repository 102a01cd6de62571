"""Checks for uploaded logos and brochures, by content rather than by name or header.

A logo must decode as PNG, JPEG or WebP within a pixel budget (a small file can declare a
huge canvas: a decompression bomb); it is then re-encoded, which drops anything a crafted
file carried besides pixels. A brochure must be a PDF by its magic bytes. Either gets a
random storage name, so an upload never chooses where or under what name it is stored.
"""

import io
import secrets
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4096 * 4096
LOGO_MAX_SIDE = 1024  # logos are shown small; larger ones are scaled down on re-encoding
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
BROCHURE_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def random_name(prefix: str, extension: str) -> str:
    return f"{prefix}/{secrets.token_urlsafe(18)}.{extension}"


def _check_size(upload: UploadedFile, limit: int) -> None:
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)},
        )


def clean_logo(upload: UploadedFile) -> ContentFile:
    """Return the logo re-encoded as PNG under a random name, or raise ValidationError."""
    _check_size(upload, LOGO_MAX_BYTES)
    not_an_image = ValidationError(
        _("The logo must be a PNG, JPEG or WebP image."), code="not_an_image"
    )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in LOGO_FORMATS:
                    raise not_an_image
                width, height = probe.size
                if width * height > LOGO_MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                probe.verify()
            # verify() leaves the image unusable; decode a fresh copy to re-encode it.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = image.convert("RGBA") if image.mode not in ("RGB", "RGBA") else image
                image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
                out = io.BytesIO()
                image.save(out, format="PNG", optimize=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(0, 0) from error
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise not_an_image from error
    return ContentFile(out.getvalue(), name=random_name("logos", "png"))


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        _("The image is too large in pixels; the limit is %(limit)s megapixels."),
        code="too_many_pixels",
        params={"limit": LOGO_MAX_PIXELS // 1_000_000},
    )


def clean_brochure(upload: UploadedFile) -> ContentFile:
    """Return the brochure under a random name if it is a PDF, or raise ValidationError."""
    _check_size(upload, BROCHURE_MAX_BYTES)
    upload.seek(0)
    data = upload.read()
    # The PDF header may follow a little junk; readers accept it within the first 1 KiB.
    if PDF_MAGIC not in data[:1024] or b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("The brochure must be a PDF document."), code="not_a_pdf")
    return ContentFile(data, name=random_name("brochures", "pdf"))
