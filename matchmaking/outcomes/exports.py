"""The KPI report as CSV and XLSX for the funders' reports: the funnel (counts and values
per currency), its breakdowns, and one row per SME. openpyxl is imported when used."""

import csv
import io

from django.utils.translation import gettext as _

from .kpis import STAGES, VALUED_STAGES, Report


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def funnel_rows(report: Report) -> list[list]:
    """Header, then (section, group, stage, count) rows and (…, stage, currency, value)."""
    rows: list[list] = [[_("Section"), _("Group"), _("Stage"), _("Count"), _("Currency"), _("Value")]]
    sections = [(_("All"), _("All"), report.total)]
    sections += [(_("Mission"), m.title, f) for m, f in report.by_mission]
    for _key, label, groups in report.breakdowns:
        sections += [(str(label), group, funnel) for group, funnel in groups]
    for section, group, funnel in sections:
        for key, label in STAGES:
            rows.append([section, group, str(label), funnel.counts[key], "", ""])
        rows.append([section, group, _("No-shows"), funnel.no_shows, "", ""])
        rows.append([section, group, _("Acceptance rate"), _rate(funnel.acceptance_rate), "", ""])
        rows.append([section, group, _("No-show rate"), _rate(funnel.no_show_rate), "", ""])
        for key, label in STAGES:
            for currency, value in sorted(funnel.values.get(key, {}).items()):
                rows.append([section, group, str(label), "", currency, value])
    return rows + pipeline_rows(report) + support_rows(report)


def pipeline_rows(report: Report) -> list[list]:
    """The investment pipeline, in the funnel's columns: all, per mission, per country and
    per sector; investment values per currency."""
    pipeline = report.pipeline
    if pipeline is None:
        return []
    title = _("Investment pipeline")
    sections = [(str(title), _("All"), pipeline.total)]
    sections += [(f"{title}: {_('Mission')}", m.title, f) for m, f in pipeline.by_mission]
    for _key, label, groups in pipeline.breakdowns:
        sections += [(f"{title}: {label}", group, funnel) for group, funnel in groups]
    rows = []
    for section, group, funnel in sections:
        for stage in funnel.stages():
            rows.append([section, group, str(stage["label"]), stage["count"], "", ""])
            for currency, value in stage["values"]:
                rows.append([section, group, str(stage["label"]), "", currency, value])
    return rows


def sme_rows(report: Report) -> list[list]:
    """One row per SME: its counts per stage and its values per stage and currency."""
    currencies = sorted({c for row in report.rows for v in row["values"].values() for c in v})
    header = [_("SME"), _("Country")] + [str(label) for _k, label in STAGES] + [_("No-shows")]
    header += [f"{label} ({currency})" for key, label in STAGES if key in VALUED_STAGES
               for currency in currencies]
    rows = [header]
    for row in report.rows:
        line = [row["sme"], str(row["country"])] + [row["counts"][k] for k, _l in STAGES]
        line.append(row["no_shows"])
        line += [row["values"].get(key, {}).get(currency, 0) for key, _l in STAGES
                 if key in VALUED_STAGES for currency in currencies]
        rows.append(line)
    return rows


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheets read UTF-8


def xlsx_bytes(report: Report) -> bytes:
    """A workbook with a "Funnel" and an "SMEs" sheet holding the same numbers as the page."""
    from openpyxl import Workbook

    workbook = Workbook()
    funnel = workbook.active
    funnel.title = "Funnel"
    for row in funnel_rows(report):
        funnel.append(row)
    smes = workbook.create_sheet("SMEs")
    for row in sme_rows(report):
        smes.append(row)
    for sheet in (funnel, smes):
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def support_rows(report: Report) -> list[list]:
    """Landing support: applications and packages held, in all and per host city."""
    support = report.support
    if support is None:
        return []
    title = str(_("Landing support"))
    groups = [(_("All"), support.applications, support.held)]
    groups += [(city, applications, held) for city, applications, held in support.by_city]
    rows = []
    for group, applications, held in groups:
        rows.append([title, group, _("Applications"), applications, "", ""])
        rows.append([title, group, _("Packages held"), held, "", ""])
    return rows
