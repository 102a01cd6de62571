"""The rows of a buyer's supplier list, read in one query.

A card shows a match with its SME, the SME's profile, the buyer's decision and the SME's
feedback. Through the ORM that took three queries, and building them in Python (not
running them) took a fifth of the list's time: a query with three models selected is
compiled column by column on every page. Here one fixed query joins the five tables by
their ``_meta`` names, and each value goes through the converters the ORM itself would
apply, so the rows are the model instances the ORM gives (a test compares them field by
field). Selectors use it; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model

from companies.models import CompanyProfile, Organisation

from .models import BuyerDecision, MatchScore, SmeFeedback


@dataclass
class SupplierRecord:
    match: MatchScore  # with ``sme`` (and ``sme.profile``) set: no query reads them again
    profile: CompanyProfile | None
    decision: BuyerDecision | None
    feedback: SmeFeedback | None


def _read_fields(model: type[Model], deferred: Sequence[str] = ()) -> list[Field]:
    return [field for field in model._meta.concrete_fields if field.name not in deferred]


def supplier_records(
    *,
    match_ids: Sequence[int],
    profile_deferred: Sequence[str] = (),
    reasons_of: Collection[int] | None = None,
) -> list[SupplierRecord]:
    """The matches ``match_ids``, in that order, each with its SME and the SME's profile
    (without the fields ``profile_deferred``), and the demand's buyer decision and SME
    feedback on that pair (None when there is none). One query.

    The matches' reasons are read for ``reasons_of`` only (None: all of them); the
    others' are left deferred, so reading one asks the database."""
    if not match_ids:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    # (alias, model, fields read), in the order of the columns; each model's key first.
    parts = [
        ("m", MatchScore, _read_fields(MatchScore)),
        ("o", Organisation, _read_fields(Organisation)),
        ("p", CompanyProfile, _read_fields(CompanyProfile, profile_deferred)),
        ("d", BuyerDecision, _read_fields(BuyerDecision)),
        ("f", SmeFeedback, _read_fields(SmeFeedback)),
    ]
    quote = connection.ops.quote_name
    reasons = MatchScore._meta.get_field("reasons")
    wanted = [pk for pk in match_ids if reasons_of is None or pk in reasons_of]
    narrowed = len(wanted) < len(match_ids)  # some rows' reasons are left out
    match_pk = f"m.{quote(MatchScore._meta.pk.column)}"

    def selected(alias: str, field: Field) -> str:
        if field is reasons and narrowed:
            # NULL for the others: the column of a row is its largest part.
            listed = ", ".join(["%s"] * len(wanted)) or "NULL"
            return f"CASE WHEN {match_pk} IN ({listed}) THEN m.{quote(field.column)} END"
        return f"{alias}.{quote(field.column)}"

    columns = ", ".join(
        selected(alias, field) for alias, _model, fields in parts for field in fields
    )
    reasons_params = wanted if narrowed else []

    def table(model: type[Model]) -> str:
        return quote(model._meta.db_table)

    def column(model: type[Model], name: str) -> str:
        return quote(model._meta.get_field(name).column)

    match_sme, match_demand = column(MatchScore, "sme"), column(MatchScore, "demand")
    sql = (
        f"SELECT {columns} FROM {table(MatchScore)} m "
        f"JOIN {table(Organisation)} o ON o.{quote(Organisation._meta.pk.column)} = m.{match_sme} "
        f"LEFT JOIN {table(CompanyProfile)} p "
        f"ON p.{column(CompanyProfile, 'organisation')} = m.{match_sme} "
        f"LEFT JOIN {table(BuyerDecision)} d ON d.{column(BuyerDecision, 'demand')} = "
        f"m.{match_demand} AND d.{column(BuyerDecision, 'sme')} = m.{match_sme} "
        f"LEFT JOIN {table(SmeFeedback)} f ON f.{column(SmeFeedback, 'demand')} = "
        f"m.{match_demand} AND f.{column(SmeFeedback, 'sme')} = m.{match_sme} "
        f"WHERE {match_pk} IN ({', '.join(['%s'] * len(match_ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*reasons_params, *match_ids])
        rows = cursor.fetchall()
    # The ORM's own conversions of each column (JSON decoding, SQLite's datetimes, …).
    converters = []
    for position, (alias, field) in enumerate(
        (alias, field) for alias, _model, fields in parts for field in fields
    ):
        expression = field.get_col(alias)
        found = connection.ops.get_db_converters(expression) + field.get_db_converters(
            connection
        )
        if found:
            converters.append((position, found, expression))
    by_id = {}
    for row in rows:
        values = list(row)
        for position, found, expression in converters:
            for convert in found:
                values[position] = convert(values[position], expression, connection)
        record = _record(parts, values, connection, reasons_of)
        by_id[record.match.pk] = record
    return [by_id[pk] for pk in match_ids if pk in by_id]


def _record(
    parts: list, values: list, connection, reasons_of: Collection[int] | None
) -> SupplierRecord:
    instances = {}
    start = 0
    for alias, model, fields in parts:
        chunk = values[start : start + len(fields)]
        start += len(fields)
        if chunk[0] is None:  # a LEFT JOIN that found nothing
            instances[alias] = None
            continue
        attnames = [field.attname for field in fields]
        if model is MatchScore and reasons_of is not None and chunk[0] not in reasons_of:
            at = attnames.index("reasons")
            del attnames[at], chunk[at]
        instances[alias] = model.from_db(connection.alias, attnames, chunk)
    match, sme, profile = instances["m"], instances["o"], instances["p"]
    match.sme = sme
    if profile is not None:
        CompanyProfile.organisation.field.set_cached_value(profile, sme)
    # Known to have no profile too, so reading it asks nothing.
    Organisation.profile.related.set_cached_value(sme, profile)
    return SupplierRecord(
        match=match, profile=profile, decision=instances["d"], feedback=instances["f"]
    )
