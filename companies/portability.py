"""A company profile as one CSV row: the profile part of an organisation's data export.

The columns are those cluster staff import profiles from (``profile_import``), so an
export's ``profile.csv`` restores the profile, with the organisation's country, city and
website. Lists (sectors by code, technologies, certifications, target markets, cluster
slugs) are joined with ``|``. The logo and brochure travel beside the CSV in the export's
zip; the CSV names them only for the reader.
"""

from __future__ import annotations

import csv
import io

from .models import CompanyProfile

LIST_SEPARATOR = "|"
TEXT_COLUMNS = (
    "description_en", "description_zh", "employees_band", "turnover_band",
    "contact_name", "contact_email", "contact_phone",
)
NUMBER_COLUMNS = ("trl", "founded_year")
LIST_COLUMNS = ("technologies", "certifications", "target_markets")
PROFILE_COLUMNS = (
    "organisation", "country", "city", "website", "sectors", *LIST_COLUMNS, *TEXT_COLUMNS,
    *NUMBER_COLUMNS, "clusters", "status", "logo", "brochure",
)


def _joined(values) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values)


def profile_row(profile: CompanyProfile) -> dict[str, str]:
    """The profile as one CSV row (column → text)."""
    row = {
        "organisation": profile.organisation.name,
        "country": profile.organisation.country.code or "",
        "city": profile.organisation.city,
        "website": profile.organisation.website,
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
