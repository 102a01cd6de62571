"""The rows of the match lists, read in one query a page.

A buyer's supplier card shows a match with its SME, the SME's profile, the buyer's
decision and the SME's feedback; an SME's demand card shows a match with its demand
project, the project's buyer and mission, and the SME's feedback. Through the ORM that
took three queries a list, and building them in Python (not running them) took a fifth
of the list's time: a query with several models selected is compiled column by column on
every page. Here one fixed query joins the tables by their ``_meta`` names, and each value
goes through the converters the ORM itself would apply, so the rows are the model
instances the ORM gives (a test compares them field by field). Selectors use it; nothing
here writes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model

from companies.models import CompanyProfile, Organisation
from missions.models import DemandProject, Mission

from .models import BuyerDecision, MatchScore, SmeFeedback


@dataclass
class SupplierRecord:
    match: MatchScore  # with ``sme`` (and ``sme.profile``) set: no query reads them again
    profile: CompanyProfile | None
    decision: BuyerDecision | None
    feedback: SmeFeedback | None


@dataclass
class DemandCardRecord:
    match: MatchScore  # with ``demand`` and its ``buyer`` and ``mission`` set
    feedback: SmeFeedback | None


def _read_fields(
    model: type[Model], deferred: Sequence[str] = (), only: Sequence[str] | None = None
) -> list[Field]:
    """The model's columns to read: all but ``deferred``, or its key and ``only``."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in deferred
        and (only is None or field.primary_key or field.name in only)
    ]


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
    parts = [
        ("o", Organisation, _read_fields(Organisation)),
        ("p", CompanyProfile, _read_fields(CompanyProfile, profile_deferred)),
        ("d", BuyerDecision, _read_fields(BuyerDecision)),
        ("f", SmeFeedback, _read_fields(SmeFeedback)),
    ]
    joins = [
        ("JOIN", "o", Organisation, ("m", "sme"), "pk"),
        ("LEFT JOIN", "p", CompanyProfile, ("m", "sme"), "organisation"),
        ("LEFT JOIN", "d", BuyerDecision, ("m", "demand", "sme"), ("demand", "sme")),
        ("LEFT JOIN", "f", SmeFeedback, ("m", "demand", "sme"), ("demand", "sme")),
    ]
    records = []
    for read in _read_matches(match_ids, parts, joins, reasons_of):
        match, sme, profile = read["m"], read["o"], read["p"]
        match.sme = sme
        if profile is not None:
            CompanyProfile.organisation.field.set_cached_value(profile, sme)
        # Known to have no profile too, so reading it asks nothing.
        Organisation.profile.related.set_cached_value(sme, profile)
        records.append(
            SupplierRecord(match=match, profile=profile, decision=read["d"], feedback=read["f"])
        )
    return records


def demand_card_records(
    *,
    match_ids: Sequence[int],
    demand_fields: Sequence[str],
    reasons_of: Collection[int] | None = None,
) -> list[DemandCardRecord]:
    """The matches ``match_ids``, in that order, each with its demand project (its key and
    ``demand_fields`` read, the others deferred), the project's buyer (its name) and
    mission (its titles and status; None without one), and the SME's feedback on the
    project (None when there is none). One query; ``reasons_of`` as for
    ``supplier_records``."""
    parts = [
        ("dp", DemandProject, _read_fields(DemandProject, only=demand_fields)),
        ("b", Organisation, _read_fields(Organisation, only=("name",))),
        ("ms", Mission, _read_fields(Mission, only=("title", "title_zh", "status"))),
        ("f", SmeFeedback, _read_fields(SmeFeedback)),
    ]
    joins = [
        ("JOIN", "dp", DemandProject, ("m", "demand"), "pk"),
        ("JOIN", "b", Organisation, ("dp", "buyer"), "pk"),
        ("LEFT JOIN", "ms", Mission, ("dp", "mission"), "pk"),
        ("LEFT JOIN", "f", SmeFeedback, ("m", "demand", "sme"), ("demand", "sme")),
    ]
    records = []
    for read in _read_matches(match_ids, parts, joins, reasons_of):
        match, demand = read["m"], read["dp"]
        demand.buyer = read["b"]
        demand.mission = read["ms"]  # None without a mission, so reading it asks nothing
        match.demand = demand
        records.append(DemandCardRecord(match=match, feedback=read["f"]))
    return records


def cluster_links(profile_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(profile id, cluster id) of each cluster the profiles ``profile_ids`` name, in no
    particular order. One query on the link table alone; through the ORM the same read made
    seven times as many Python calls, nearly all of them building the query."""
    if not profile_ids:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    field = CompanyProfile._meta.get_field("clusters")
    through = field.remote_field.through._meta
    profile_column = quote(through.get_field(field.m2m_field_name()).column)
    cluster_column = quote(through.get_field(field.m2m_reverse_field_name()).column)
    sql = (
        f"SELECT {profile_column}, {cluster_column} FROM {quote(through.db_table)} "
        f"WHERE {profile_column} IN ({', '.join(['%s'] * len(profile_ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(profile_ids))
        return [(profile, cluster) for profile, cluster in cursor.fetchall()]


def _read_matches(
    match_ids: Sequence[int],
    parts: list[tuple[str, type[Model], list[Field]]],
    joins: list[tuple],
    reasons_of: Collection[int] | None,
) -> list[dict[str, Model | None]]:
    """The matches ``match_ids`` (alias ``m``, every column; reasons as ``reasons_of``
    says) with the rows of ``parts`` that ``joins`` join to them: for each, in that order,
    the model instance of every alias (None where a LEFT JOIN found nothing).

    A join is (kind, alias, model, (alias joined to, its fields...), the model's fields
    matched to them); ``"pk"`` names a model's key."""
    if not match_ids:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    parts = [("m", MatchScore, _read_fields(MatchScore)), *parts]
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

    models = {alias: model for alias, model, _fields in parts}

    def column(alias: str, name: str) -> str:
        meta = models[alias]._meta
        field = meta.pk if name == "pk" else meta.get_field(name)
        return f"{alias}.{quote(field.column)}"

    sql_joins = []
    for kind, alias, model, (joined, *names), theirs in joins:
        theirs = (theirs,) if isinstance(theirs, str) else theirs
        condition = " AND ".join(
            f"{column(alias, own)} = {column(joined, name)}" for own, name in zip(theirs, names, strict=True)
        )
        sql_joins.append(f"{kind} {quote(model._meta.db_table)} {alias} ON {condition}")
    columns = ", ".join(
        selected(alias, field) for alias, _model, fields in parts for field in fields
    )
    sql = (
        f"SELECT {columns} FROM {quote(MatchScore._meta.db_table)} m {' '.join(sql_joins)} "
        f"WHERE {match_pk} IN ({', '.join(['%s'] * len(match_ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(wanted if narrowed else []), *match_ids])
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
        instances = _instances(parts, values, connection, reasons_of)
        by_id[instances["m"].pk] = instances
    return [by_id[pk] for pk in match_ids if pk in by_id]


def _instances(
    parts: list, values: list, connection, reasons_of: Collection[int] | None
) -> dict[str, Model | None]:
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
    return instances
