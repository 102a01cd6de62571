"""A company profile as one CSV row, and back: the profile part of an organisation's data
export, and what its owner imports to restore the profile later.

Lists (sectors by code, technologies, certifications, target markets, cluster slugs) are
joined with ``|``. The logo and brochure travel beside the CSV in the export's zip; the
CSV names them only for the reader.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import services
from .models import CompanyProfile, Organisation, Sector

LIST_SEPARATOR = "|"
TEXT_COLUMNS = (
    "description_en", "description_zh", "employees_band", "turnover_band",
    "contact_name", "contact_email", "contact_phone",
)
NUMBER_COLUMNS = ("trl", "founded_year")
LIST_COLUMNS = ("technologies", "certifications", "target_markets")
PROFILE_COLUMNS = (
    "organisation", "sectors", *LIST_COLUMNS, *TEXT_COLUMNS, *NUMBER_COLUMNS, "clusters",
    "status", "logo", "brochure",
)


def _joined(values) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values)


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR) if part.strip()]


def profile_row(profile: CompanyProfile) -> dict[str, str]:
    """The profile as one CSV row (column → text)."""
    row = {
        "organisation": profile.organisation.name,
        "sectors": _joined(sorted(s.code for s in profile.sectors.all())),
        "clusters": _joined(sorted(c.slug for c in profile.clusters.all())),
        "status": profile.status,
        "logo": profile.logo.name or "",
        "brochure": profile.brochure.name or "",
    }
    row |= {name: _joined(getattr(profile, name) or []) for name in LIST_COLUMNS}
    row |= {name: getattr(profile, name) or "" for name in TEXT_COLUMNS}
    row |= {
        name: "" if getattr(profile, name) is None else str(getattr(profile, name))
        for name in NUMBER_COLUMNS
    }
    return row


def profile_csv(profile: CompanyProfile) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PROFILE_COLUMNS)
    writer.writeheader()
    writer.writerow(profile_row(profile))
    return out.getvalue()


def _number(row: dict, name: str) -> int | None:
    text = (row.get(name) or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError as error:
        raise ValidationError({name: _("Enter a whole number.")}) from error


def profile_data_from_row(row: dict) -> tuple[dict, list[Sector], list[Organisation]]:
    """The editable fields, sectors and clusters a CSV row gives; ValidationError naming
    the column when a value is not understood."""
    data: dict = {name: _split(row.get(name, "")) for name in LIST_COLUMNS}
    data |= {name: (row.get(name) or "").strip() for name in TEXT_COLUMNS}
    data |= {name: _number(row, name) for name in NUMBER_COLUMNS}
    codes = _split(row.get("sectors", ""))
    sectors = list(Sector.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {s.code for s in sectors})
    if unknown:
        raise ValidationError(
            {"sectors": _("Unknown sector codes: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    slugs = _split(row.get("clusters", ""))
    clusters = list(Organisation.objects.filter(slug__in=slugs, kind=Organisation.Kind.CLUSTER))
    return data, sectors, clusters


@transaction.atomic
def profile_import_csv(*, organisation: Organisation, text: str) -> CompanyProfile:
    """Fill ``organisation``'s profile from the first row of a profile CSV (as exported),
    through ``profile_update``: the same validation and the same hooks as the form. The
    profile stays a draft for its owners to check and publish; files are uploaded again."""
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise ValidationError(_("The file holds no profile row."))
    data, sectors, clusters = profile_data_from_row(rows[0])
    profile, _created = CompanyProfile.objects.get_or_create(organisation=organisation)
    return services.profile_update(profile=profile, data=data, sectors=sectors, clusters=clusters)
