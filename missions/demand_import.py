"""Staff import many demand projects at once from a CSV or XLSX file.

All rows are validated first; only when every row is valid are they created, in one
transaction. A file with any bad row imports nothing and reports each bad row with its line
number, so staff fix the file and upload it again.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from companies import tabular
from companies.models import Organisation, Sector
from companies.rules import require_staff
from companies.tabular import RowError

from . import hooks
from .models import DemandProject, Mission
from .services import BUYER_KINDS

COLUMNS = [
    "buyer",
    "mission",
    "title",
    "description_en",
    "title_zh",
    "description_zh",
    "sectors",
    "technologies",
    "city",
    "market",
    "budget_band",
    "timeline",
    "procurement_stage",
    "min_trl",
    "required_certifications",
    "language",
    "contact_name",
    "contact_email",
    "status",
]
# A demand is written in English, Chinese or both: the title and description columns of
# at least one language must be there (checked below, per row as well).
REQUIRED_COLUMNS = {"buyer", "city", "market"}
LANGUAGE_COLUMNS = (("title", "description_en"), ("title_zh", "description_zh"))
MAX_ROWS = 5000
# Excluded from full_clean because they are resolved against preloaded rows already; this
# keeps validating 500 rows at a handful of queries instead of three per row.
_RESOLVED_FIELDS = ["buyer", "mission", "created_by"]

EXAMPLE_ROW = {
    "buyer": "jiangbei-new-area-planning",
    "mission": "",
    "title": "District heating retrofit, 12,000 homes",
    "description_en": "Replace coal boilers with a low-temperature heat network.",
    "title_zh": "",
    "description_zh": "",
    "sectors": "district-heating",
    "technologies": "heat pumps;thermal storage",
    "city": "Nanjing",
    "market": "china",
    "budget_band": "1m-10m",
    "timeline": "2027–2029",
    "procurement_stage": "planning",
    "min_trl": "7",
    "required_certifications": "ISO 9001",
    "language": "en",
    "contact_name": "Project office",
    "contact_email": "projects@example.org",
    "status": "open",
}


@dataclass
class DemandImportResult:
    created: list[DemandProject] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def bad_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})


def template_csv() -> str:
    """The CSV template staff download: the header and one example row."""
    return tabular.template_csv(COLUMNS, EXAMPLE_ROW)



def _build(row: dict, line: int, lookups: dict, actor) -> tuple[DemandProject | None, list, list]:
    errors: list[RowError] = [
        # The CSV reader passes them through; PostgreSQL refuses them (a 500 at import).
        RowError(line, column, _("Null characters are not allowed."))
        for column, value in row.items()
        if "\x00" in value
    ]
    buyer = lookups["buyers"].get(row.get("buyer", ""))
    if buyer is None:
        errors.append(RowError(line, "buyer", _("No buyer with this identifier.")))
    mission = None
    if row.get("mission"):
        mission = lookups["missions"].get(row["mission"])
        if mission is None:
            errors.append(RowError(line, "mission", _("No mission with this identifier.")))
    sectors = []
    for code in tabular.split_list(row.get("sectors", "")):
        if code in lookups["sectors"]:
            sectors.append(lookups["sectors"][code])
        else:
            errors.append(
                RowError(line, "sectors", _("Unknown sector: %(code)s.") % {"code": code})
            )
    min_trl = None
    if row.get("min_trl"):
        try:
            min_trl = int(row["min_trl"])
        except ValueError:
            errors.append(RowError(line, "min_trl", _("Enter a whole number from 1 to 9.")))
    demand = DemandProject(
        buyer=buyer,
        mission=mission,
        title=row.get("title", ""),
        description_en=row.get("description_en", ""),
        title_zh=row.get("title_zh", ""),
        description_zh=row.get("description_zh", ""),
        technologies=tabular.split_list(row.get("technologies", "")),
        city=row.get("city", ""),
        market=row.get("market", ""),
        budget_band=row.get("budget_band", ""),
        timeline=row.get("timeline", ""),
        procurement_stage=row.get("procurement_stage") or DemandProject.ProcurementStage.EXPLORING,
        min_trl=min_trl,
        required_certifications=tabular.split_list(row.get("required_certifications", "")),
        language=row.get("language") or "en",
        contact_name=row.get("contact_name", ""),
        contact_email=row.get("contact_email", ""),
        status=row.get("status") or DemandProject.Status.OPEN,
        created_by=actor,
    )
    try:
        # The field validators cover the model's check constraint (TRL 1–9) without a query.
        demand.full_clean(
            exclude=_RESOLVED_FIELDS, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            for message in messages:
                errors.append(RowError(line, column if column != "__all__" else "", message))
    if not any(row.get(t) and row.get(d) for t, d in LANGUAGE_COLUMNS):
        errors.append(
            RowError(
                line,
                "title",
                _("Write the title and description in Chinese, in English or in both."),
            )
        )
    return (None if errors else demand), sectors, errors


def demand_projects_import_csv(*, content: bytes, actor) -> DemandImportResult:
    """Create one demand project per row of a CSV or XLSX file, all or nothing; returns what
    happened.

    Side effects: when every row is valid, creates the demand projects and their sectors in
    one transaction and tells the ``demand_changed`` hooks about each; otherwise writes
    nothing and returns the row errors.
    """
    require_staff(actor)
    rows, errors = tabular.read_rows(
        content, columns=COLUMNS, required=REQUIRED_COLUMNS, one_group_of=LANGUAGE_COLUMNS,
        max_rows=MAX_ROWS,
    )
    if errors:
        return DemandImportResult(errors=errors)
    lookups = {
        "buyers": {o.slug: o for o in Organisation.objects.filter(kind__in=BUYER_KINDS)},
        "missions": {m.slug: m for m in Mission.objects.all()},
        "sectors": {s.code: s for s in Sector.objects.all()},
    }
    built: list[tuple[DemandProject, list[Sector]]] = []
    result = DemandImportResult()
    for line, row in rows:
        demand, sectors, row_errors = _build(row, line, lookups, actor)
        result.errors.extend(row_errors)
        if demand is not None:
            built.append((demand, sectors))
    if result.errors:
        return result
    with transaction.atomic():
        result.created = DemandProject.objects.bulk_create([demand for demand, _s in built])
        through = DemandProject.sectors.through
        through.objects.bulk_create(
            through(demandproject_id=demand.pk, sector_id=sector.pk)
            for demand, sectors in built
            for sector in sectors
        )
        for demand in result.created:
            hooks.demand_changed(demand_id=demand.pk)
    return result
