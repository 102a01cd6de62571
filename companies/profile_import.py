"""Cluster staff import many SME company profiles at once, from a CSV or XLSX file.

Each row becomes a new SME organisation with a draft profile. Every row is checked first,
through the profile form itself (the same rules and messages as the page), and shown to
staff as a preview; only when every row is valid are they created, in one transaction. A
file with any bad row imports nothing and reports each bad row with its line and column.

Where a row names no sector, sectors are suggested from its own words (``sector_suggest``)
and kept on the profile as suggestions awaiting confirmation: the SME's people find them
ticked on the profile form at their first log-in, and confirm or untick them there.

The columns are those of the profile CSV in an organisation's data export, plus the
organisation's country, city, website and the e-mail address of the person invited to own
it, so an export's ``profile.csv`` imports as it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from . import services, tabular
from .forms import ProfileForm, split_keywords
from .models import CompanyProfile, Membership, Organisation, Sector
from .rules import require_staff
from .tabular import RowError

COLUMNS = (
    "organisation", "country", "city", "website", "owner_email", "sectors", "technologies",
    "certifications", "target_markets", "description_en", "description_zh", "employees_band",
    "turnover_band", "contact_name", "contact_email", "contact_phone", "trl", "founded_year",
    "clusters",
)
# In an export's profile.csv, read for nothing: an imported profile starts as a draft for its
# SME to check and publish, and files travel beside the CSV, not in it.
IGNORED_COLUMNS = ("status", "logo", "brochure")
REQUIRED_COLUMNS = ("organisation", "country")
MAX_ROWS = 2000
MAX_BYTES = tabular.MAX_BYTES
# Form fields whose errors belong to another column of the file.
FORM_FIELD_COLUMN = {"other_certifications": "certifications"}

EXAMPLE_ROW = {
    "organisation": "Nordic Heat Solutions",
    "country": "SE",
    "city": "Malmö",
    "website": "https://nordic-heat.example.com",
    "owner_email": "ceo@nordic-heat.example.com",
    "sectors": "",
    "technologies": "heat pumps|thermal storage",
    "certifications": "ISO 9001|CE",
    "target_markets": "china|usa",
    "description_en": "Large heat pumps that recover waste heat for district heating networks.",
    "description_zh": "",
    "employees_band": "10-49",
    "turnover_band": "2-10m",
    "contact_name": "Sales team",
    "contact_email": "sales@nordic-heat.example.com",
    "contact_phone": "+46 40 123 456",
    "trl": "8",
    "founded_year": "2012",
    "clusters": "",
}


@dataclass
class ProfileRow:
    """One valid row, ready to create: the organisation's fields, the profile form's
    arguments for ``profile_update``, suggested sector codes and the invitee."""

    line: int
    name: str
    country: str
    city: str
    website: str
    owner_email: str
    arguments: dict
    sector_codes: list[str]
    suggested: list[str]


@dataclass
class ProfileImport:
    """What a file gives: its rows when all are valid, else the errors; after the import,
    the organisations created."""

    digest: str = ""
    rows: list[ProfileRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: list[Organisation] = field(default_factory=list)

    @property
    def bad_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})


def template_csv() -> str:
    """The CSV template staff download: the header and one example row."""
    return tabular.template_csv(COLUMNS, EXAMPLE_ROW)


# --- Reading the file -----------------------------------------------------------------------


def _read_rows(content: bytes) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """(line, column → text) of every non-empty row, or the errors of the file itself."""
    rows, errors = tabular.read_rows(
        content, columns=COLUMNS, required=REQUIRED_COLUMNS, ignored=IGNORED_COLUMNS,
        max_rows=MAX_ROWS,
    )
    if any("\x00" in value for _line, row in rows for value in row.values()):
        return [], tabular.file_error(
            _("The file holds a NUL character, which no text may contain.")
        )
    return rows, errors


# --- Checking the rows ------------------------------------------------------------------------



def _form_data(row: dict[str, str], line: int, lookups: dict) -> tuple[dict, list[str], list]:
    """The profile form's data for a row, its sector codes, and errors of unknown codes."""
    errors = []
    codes = tabular.split_list(row.get("sectors", ""))
    for code in codes:
        if code not in lookups["sectors"]:
            errors.append(RowError(line, "sectors", _("Unknown sector: %(code)s.") % {"code": code}))
    clusters = []
    for slug in tabular.split_list(row.get("clusters", "")):
        if slug in lookups["clusters"]:
            clusters.append(lookups["clusters"][slug])
        else:
            errors.append(RowError(line, "clusters", _("No cluster with this identifier: "
                                                       "%(slug)s.") % {"slug": slug}))
    certifications = tabular.split_list(row.get("certifications", ""))
    common = set(CompanyProfile.COMMON_CERTIFICATIONS)
    data = {
        "description_en": row.get("description_en", ""),
        "description_zh": row.get("description_zh", ""),
        "technologies": ", ".join(tabular.split_list(row.get("technologies", ""))),
        "trl": row.get("trl", ""),
        "certifications": [c for c in certifications if c in common],
        "other_certifications": ", ".join(c for c in certifications if c not in common),
        "target_markets": tabular.split_list(row.get("target_markets", "")),
        "employees_band": row.get("employees_band", ""),
        "turnover_band": row.get("turnover_band", ""),
        "founded_year": row.get("founded_year", ""),
        "contact_name": row.get("contact_name", ""),
        "contact_email": row.get("contact_email", ""),
        "contact_phone": row.get("contact_phone", ""),
        "sectors": [str(lookups["sectors"][c]) for c in codes if c in lookups["sectors"]],
        "clusters": [str(pk) for pk in clusters],
    }
    return data, [c for c in codes if c in lookups["sectors"]], errors


def _organisation_errors(row: dict[str, str], line: int, lookups: dict) -> list[RowError]:
    name = row.get("organisation", "")
    organisation = Organisation(
        name=name, slug="import-check", kind=Organisation.Kind.SME,
        country=row.get("country", "").upper(), city=row.get("city", ""),
        website=row.get("website", ""),
    )
    errors = []
    try:
        organisation.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            column = {"name": "organisation", "__all__": ""}.get(column, column)
            errors += [RowError(line, column, message) for message in messages]
    if name and name.casefold() in lookups["names"]:
        errors.append(RowError(line, "organisation",
                               _("An organisation with this name is already registered.")))
    email = row.get("owner_email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            errors += [RowError(line, "owner_email", message) for message in error.messages]
    return errors


def _suggested_codes(form: ProfileForm, known: dict[str, int]) -> list[str]:
    from .sector_suggest import suggest_sectors  # loads scikit-learn on first use

    data = form.cleaned_data
    suggestions = suggest_sectors(
        data["description_en"], split_keywords(data["technologies"]),
        description_zh=data["description_zh"],
    )
    return [s.code for s in suggestions if s.code in known]


def profiles_import_check(*, content: bytes, actor) -> ProfileImport:
    """Read and check every row of a CSV or XLSX file without writing anything: the rows
    ready to create (with their suggested sectors), or every error by line and column."""
    require_staff(actor)
    result = ProfileImport(digest=hashlib.sha256(content).hexdigest())
    rows, result.errors = _read_rows(content)
    if result.errors:
        return result
    lookups = {
        "sectors": dict(Sector.objects.values_list("code", "pk")),
        "clusters": dict(
            Organisation.objects.filter(kind=Organisation.Kind.CLUSTER).values_list("slug", "pk")
        ),
        "names": {name.casefold() for name in Organisation.objects.values_list("name", flat=True)},
    }
    seen: dict[str, int] = {}
    for line, row in rows:
        errors = _organisation_errors(row, line, lookups)
        name = row.get("organisation", "").casefold()
        if name and name in seen:
            errors.append(RowError(line, "organisation", _(
                "This organisation is already on line %(line)s of the file.")
                % {"line": seen[name]}))
        seen.setdefault(name, line)
        data, codes, code_errors = _form_data(row, line, lookups)
        errors += code_errors
        form = ProfileForm(data)
        if not form.is_valid():
            for name_, messages in form.errors.items():
                column = "" if name_ == "__all__" else FORM_FIELD_COLUMN.get(name_, name_)
                errors += [RowError(line, column, message) for message in messages]
        result.errors += errors
        if errors:
            continue
        result.rows.append(ProfileRow(
            line=line, name=row["organisation"], country=row["country"].upper(),
            city=row.get("city", ""), website=row.get("website", ""),
            owner_email=row.get("owner_email", "").lower(),
            arguments=form.service_arguments(), sector_codes=codes,
            suggested=[] if codes else _suggested_codes(form, lookups["sectors"]),
        ))
    invitations = sum(1 for row in result.rows if row.owner_email)
    if invitations > services.INVITATIONS_PER_HOUR:
        result.errors.append(RowError(0, "owner_email", _(
            "At most %(max)s owner invitations per hour: split the file, or leave owner_email "
            "empty and invite the owners later.") % {"max": services.INVITATIONS_PER_HOUR}))
    if result.errors:
        result.rows = []
    return result


# --- Writing ----------------------------------------------------------------------------------


def profiles_import(*, content: bytes, actor) -> ProfileImport:
    """Create one SME organisation with its draft profile per row, all or nothing.

    Side effects: when every row is valid, in one transaction, creates the organisations,
    their profiles (through ``profile_update``, which tells the ``profile_changed`` hooks)
    and an owner invitation for each ``owner_email`` (through ``invitation_create``, which
    e-mails it); otherwise writes nothing and returns the row errors.
    """
    result = profiles_import_check(content=content, actor=actor)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            _create(result, actor)
    except ValidationError as error:
        # Refused while writing (the inviter's hourly allowance of invitations was used up
        # since the check, say): nothing is kept, and the row it stopped at is named.
        done = len(result.created)
        line = result.rows[done].line if done < len(result.rows) else 0
        result.created = []
        result.errors = [RowError(line, "", message) for message in error.messages]
    return result


def _create(result: ProfileImport, actor) -> None:
    for row in result.rows:
        organisation = Organisation(
            name=row.name, slug=services._unique_slug(row.name), kind=Organisation.Kind.SME,
            country=row.country, city=row.city, website=row.website,
        )
        organisation.full_clean()
        organisation.save()
        profile = CompanyProfile(organisation=organisation, suggested_sectors=row.suggested or None)
        profile.full_clean()
        profile.save()
        services.profile_update(profile=profile, **row.arguments)
        if row.owner_email:
            services.invitation_create(organisation=organisation, email=row.owner_email,
                                       role=Membership.Role.OWNER, invited_by=actor)
        result.created.append(organisation)


# --- The SME's confirmation -------------------------------------------------------------------


def profile_awaiting_confirmation(user) -> CompanyProfile | None:
    """A profile of the person's SMEs whose imported sector suggestions wait for them."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        CompanyProfile.objects.filter(
            organisation__memberships__user=user, organisation__kind=Organisation.Kind.SME,
            suggested_sectors__isnull=False,
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


def pending_sectors(profile: CompanyProfile) -> list[Sector]:
    """The sectors suggested at import that the SME has not confirmed or dropped yet."""
    return list(Sector.objects.filter(code__in=profile.suggested_sectors or ()).order_by("code"))


def with_suggestions_settled(profile: CompanyProfile, arguments: dict) -> dict:
    """``profile_update`` arguments from the profile form, amended when import suggestions
    were waiting: they are settled, and those the SME unticked are dismissed, so they no
    longer count in the matching."""
    pending = set(profile.suggested_sectors or ())
    if not pending:
        return arguments
    kept = {sector.code for sector in arguments.get("sectors") or ()}
    data = dict(arguments["data"])
    data["suggested_sectors"] = None
    data["dismissed_sectors"] = sorted(set(data.get("dismissed_sectors") or ()) | (pending - kept))
    return {**arguments, "data": data}
