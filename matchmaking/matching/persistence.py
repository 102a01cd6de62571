"""Writing scored pairs: compare by digest, then COPY/upsert in bulk, delete the rest.

Used by the rescoring services (``rescoring``); kept apart because it is the one
place that knows how rows reach the table fast (COPY on PostgreSQL, bulk upserts
elsewhere) and how "unchanged" is decided.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .. import scoring
from .context import fingerprint
from .models import MatchScore, ScoringRun

WRITE_BATCH = 20000
_UPDATE_FIELDS = [
    "score",
    "confidence",
    "components",
    "reasons",
    "algorithm_version",
    "run",
    "computed_at",
    "digest",
]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


_VERSION_SEED = fingerprint(scoring.ALGORITHM_VERSION)


def digest_values(sme_fp, demand_fp, scores, confidence, components) -> np.ndarray:
    """One 64-bit hash (uint64) per row of what it shows, computed with array arithmetic."""
    columns = [
        np.rint(np.asarray(scores, dtype=np.float64) * 100),
        np.rint(np.asarray(confidence, dtype=np.float64) * 1000),
        *np.rint(np.asarray(components, dtype=np.float64) * 10000).T,
    ]
    h = np.full(len(sme_fp), np.uint64(_VERSION_SEED))
    prime = np.uint64(1099511628211)
    with np.errstate(over="ignore"):
        for column in [np.asarray(sme_fp, dtype=np.uint64), np.asarray(demand_fp, dtype=np.uint64)]:
            h = (h ^ column) * prime
        for column in columns:
            h = (h ^ column.astype(np.int64).view(np.uint64)) * prime
    return h


def _digests(sme_fp, demand_fp, scores, confidence, components) -> list[str]:
    """``digest_values`` as the 16-digit hex strings stored in ``MatchScore.digest``."""
    values = digest_values(sme_fp, demand_fp, scores, confidence, components)
    return [format(int(x), "016x") for x in values.tolist()]


def write_rows(
    *,
    run: ScoringRun,
    smes: Sequence[scoring.SmeRecord],
    demands: Sequence[scoring.DemandRecord],
    demand_features: scoring.DemandFeatures,
    demand_fingerprints: Sequence[int],
    text_model: scoring.TextModel,
    feedback: dict,
    i: np.ndarray,
    j: np.ndarray,
    scores: np.ndarray,
    confidence: np.ndarray,
    components: np.ndarray,
    existing,
    explain: bool = True,
) -> Counts:
    """Make ``existing`` (a MatchScore queryset) hold exactly the given pairs.

    Pairs whose digest is unchanged are left alone; new and changed ones are upserted in
    bulk, with their reasons when ``explain`` (else with empty reasons, which the pages
    fill in when they first show the row: see ``selectors.reasons_build``); rows
    of ``existing`` not among the pairs are deleted.
    """
    counts = Counts()
    sme_fp = np.array([fingerprint(s) for s in smes], dtype=np.uint64)
    digests = _digests(
        sme_fp[i], np.asarray(demand_fingerprints, dtype=np.uint64)[j], scores, confidence,
        components,
    )
    old = {
        (sme_id, demand_id): (pk, digest)
        for pk, sme_id, demand_id, digest in existing.values_list(
            "pk", "sme_id", "demand_id", "digest"
        )
    }
    keep = set()
    builder = None
    now = timezone.now()
    score_values = np.round(np.asarray(scores, dtype=np.float64), 2).tolist()
    confidence_values = np.round(np.asarray(confidence, dtype=np.float64), 3).tolist()
    component_values = np.round(np.asarray(components, dtype=np.float64), 4)
    new: list[tuple] = []
    changed: list[tuple] = []
    names = scoring.COMPONENTS
    for row, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        key = (smes[a].id, demands[b].id)
        keep.add(key)
        previous = old.get(key)
        if previous is not None and previous[1] == digests[row]:
            counts.unchanged += 1
            continue
        if builder is None and explain:
            features = scoring.encode_smes(smes, demand_features, text_model)
            builder = scoring.ContextBuilder(
                smes, features, demands, demand_features, text_model, feedback
            )
        (new if previous is None else changed).append(
            (
                key[0],
                key[1],
                score_values[row],
                confidence_values[row],
                dict(zip(names, component_values[row].tolist(), strict=True)),
                builder.context(a, b) if explain else {},
                digests[row],
            )
        )
    counts.created, counts.updated = len(new), len(changed)
    for start in range(0, len(new), WRITE_BATCH):
        _insert(new[start : start + WRITE_BATCH], run=run, now=now)
    for start in range(0, len(changed), WRITE_BATCH):
        _upsert(changed[start : start + WRITE_BATCH], run=run, now=now)
    stale = [pk for key, (pk, _digest) in old.items() if key not in keep]
    for start in range(0, len(stale), 5000):
        MatchScore.objects.filter(pk__in=stale[start : start + 5000]).delete()
    counts.deleted = len(stale)
    return counts


_COPY_COLUMNS = (
    "sme_id, demand_id, score, confidence, components, reasons, digest, algorithm_version,"
    " run_id, computed_at"
)
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _copy_rows(cursor, table: str, rows: list[tuple], run: ScoringRun, now) -> None:
    version = scoring.ALGORITHM_VERSION
    with cursor.cursor.copy(f"COPY {table} ({_COPY_COLUMNS}) FROM STDIN") as copy:
        for sme_id, demand_id, score, conf, comps, reasons, digest in rows:
            copy.write_row(
                (sme_id, demand_id, score, conf, _DUMPS(comps), _DUMPS(reasons), digest,
                 version, run.pk, now)
            )


def _insert(rows: list[tuple], *, run: ScoringRun, now) -> None:
    """Insert new rows: COPY straight into the table on PostgreSQL (the fastest way in);
    should another rescore have written one of the pairs meanwhile, upsert instead."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        _upsert(rows, run=run, now=now)
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            _copy_rows(cursor, "matchmaking_matchscore", rows, run, now)
    except IntegrityError:
        _upsert(rows, run=run, now=now)


def _upsert(rows: list[tuple], *, run: ScoringRun, now) -> None:
    """Insert or update rows (sme, demand, score, confidence, components, reasons, digest).

    On PostgreSQL the rows are streamed with COPY into a temporary table and merged with
    one INSERT … ON CONFLICT: several times faster than a multi-row INSERT.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        MatchScore.objects.bulk_create(
            [
                MatchScore(
                    sme_id=sme_id, demand_id=demand_id, score=score, confidence=conf,
                    components=comps, reasons=reasons, digest=digest, run=run,
                    computed_at=now, algorithm_version=scoring.ALGORITHM_VERSION,
                )
                for sme_id, demand_id, score, conf, comps, reasons, digest in rows
            ],
            update_conflicts=True,
            unique_fields=["sme", "demand"],
            update_fields=_UPDATE_FIELDS,
        )
        return
    updates = ", ".join(
        f"{column} = EXCLUDED.{column}"
        for column in _COPY_COLUMNS.replace(" ", "").split(",")[2:]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS matching_upsert (sme_id bigint, demand_id bigint,"
            " score double precision, confidence double precision, components jsonb,"
            " reasons jsonb, digest varchar(32), algorithm_version varchar(40), run_id bigint,"
            " computed_at timestamptz)"
        )
        cursor.execute("TRUNCATE matching_upsert")
        _copy_rows(cursor, "matching_upsert", rows, run, now)
        cursor.execute(
            f"INSERT INTO matchmaking_matchscore ({_COPY_COLUMNS})"
            f" SELECT {_COPY_COLUMNS} FROM matching_upsert"
            f" ON CONFLICT (sme_id, demand_id) DO UPDATE SET {updates}"
        )


# --- Staged writes of a full rescore (PostgreSQL) ---------------------------------------
#
# A score chunk streams the pairs it knows will be kept (each SME's own top K) into an
# unlogged table with one binary COPY built by numpy (no per-row Python); the merge adds
# the few pairs that only a demand's global top K keeps. The staging table then holds
# exactly the rows the match table must hold, and a persist chunk merges its SME range
# with three set-based statements: insert the new pairs, update those whose digest
# changed, delete the rest. Unchanged pairs are not touched, so their ``computed_at``
# stays.

STAGE_TABLE = "matchmaking_scorestage"
_STAGE_COLUMNS = "run_id, sme_id, demand_id, own, score, confidence, components, digest"
_FLOAT8_OID = 701


@dataclass
class ScoredPairs:
    """Scored (SME, demand) pairs of a full rescore as parallel arrays.

    ``score``, ``confidence`` and ``components`` (rows × components) are the float32
    values of ``scoring.score_block``; ``own`` marks pairs in their SME's own top K.
    """

    sme_id: np.ndarray
    demand_id: np.ndarray
    score: np.ndarray
    confidence: np.ndarray
    components: np.ndarray
    digest: np.ndarray  # uint64, see ``digest_values``
    own: np.ndarray

    def __len__(self) -> int:
        return len(self.sme_id)

    def take(self, index: np.ndarray) -> ScoredPairs:
        return ScoredPairs(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    @classmethod
    def concat(cls, parts: Sequence[ScoredPairs]) -> ScoredPairs:
        if not parts:
            return cls.empty()
        return cls(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts])
                for f in fields(cls)
            }
        )

    @classmethod
    def empty(cls) -> ScoredPairs:
        n_comp = len(scoring.COMPONENTS)
        return cls(
            sme_id=np.zeros(0, dtype=np.int64),
            demand_id=np.zeros(0, dtype=np.int64),
            score=np.zeros(0, dtype=np.float32),
            confidence=np.zeros(0, dtype=np.float32),
            components=np.zeros((0, n_comp), dtype=np.float32),
            digest=np.zeros(0, dtype=np.uint64),
            own=np.zeros(0, dtype=bool),
        )


def staging_available() -> bool:
    """Whether full rescores write through the staging table (PostgreSQL only)."""
    return connection.vendor == "postgresql"


def _stage_dtype(n_components: int) -> np.dtype:
    """One binary COPY tuple: field count, then (length, value) per field, big-endian."""
    return np.dtype(
        [
            ("fields", ">i2"),
            ("run_len", ">i4"), ("run", ">i8"),
            ("sme_len", ">i4"), ("sme", ">i8"),
            ("demand_len", ">i4"), ("demand", ">i8"),
            ("own_len", ">i4"), ("own", "u1"),
            ("score_len", ">i4"), ("score", ">f8"),
            ("conf_len", ">i4"), ("conf", ">f8"),
            ("comps_len", ">i4"), ("ndim", ">i4"), ("has_null", ">i4"), ("oid", ">i4"),
            ("dim", ">i4"), ("lbound", ">i4"),
            ("comps", [("len", ">i4"), ("value", ">f8")], (n_components,)),
            ("digest_len", ">i4"), ("digest", ">i8"),
        ]
    )


def _stage_payload(run_id: int, pairs: ScoredPairs) -> bytes:
    """The binary COPY stream of ``pairs``, with values rounded as ``write_rows`` stores
    them."""
    n_comp = len(scoring.COMPONENTS)
    rows = np.zeros(len(pairs), dtype=_stage_dtype(n_comp))
    rows["fields"] = 8
    for name, size in (("run", 8), ("sme", 8), ("demand", 8), ("own", 1), ("score", 8),
                       ("conf", 8), ("digest", 8)):
        rows[f"{name}_len"] = size
    rows["run"] = run_id
    rows["sme"] = pairs.sme_id
    rows["demand"] = pairs.demand_id
    rows["own"] = pairs.own
    rows["score"] = np.round(pairs.score.astype(np.float64), 2)
    rows["conf"] = np.round(pairs.confidence.astype(np.float64), 3)
    rows["comps_len"] = 20 + 12 * n_comp
    rows["ndim"], rows["oid"], rows["dim"], rows["lbound"] = 1, _FLOAT8_OID, n_comp, 1
    rows["comps"]["len"] = 8
    rows["comps"]["value"] = np.round(pairs.components.astype(np.float64), 4).reshape(-1, n_comp)
    rows["digest"] = pairs.digest.astype(np.uint64).view(np.int64)
    header = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
    return header + rows.tobytes() + b"\xff\xff"


def _copy_stage(cursor, run: ScoringRun, pairs: ScoredPairs) -> None:
    payload = _stage_payload(run.pk, pairs)
    with cursor.cursor.copy(
        f"COPY {STAGE_TABLE} ({_STAGE_COLUMNS}) FROM STDIN (FORMAT BINARY)"
    ) as copy:
        for start in range(0, len(payload), 1 << 22):
            copy.write(payload[start : start + (1 << 22)])


def stage_own_rows(*, run: ScoringRun, first_id: int, last_id: int, pairs: ScoredPairs) -> int:
    """Replace the staged own-top-K pairs of SMEs in [first_id, last_id] for ``run``.

    Returns the number of staged rows. Idempotent: a chunk delivered again replaces its
    rows, and leaves the pairs the merge added.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {STAGE_TABLE} WHERE run_id = %s AND own"
            " AND sme_id BETWEEN %s AND %s",
            [run.pk, first_id, last_id],
        )
        _copy_stage(cursor, run, pairs)
    return len(pairs)


def stage_extra_rows(*, run: ScoringRun, pairs: ScoredPairs) -> int:
    """Replace the staged pairs that only a demand's global top K keeps, then refresh the
    planner's statistics of the staging table (the persist statements join on it)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {STAGE_TABLE} WHERE run_id = %s AND NOT own", [run.pk])
        _copy_stage(cursor, run, pairs)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {STAGE_TABLE}")
    return len(pairs)


def clear_stage(*, keep_run_ids: Sequence[int] = ()) -> None:
    """Drop the staged rows of every run but ``keep_run_ids`` (runs still in progress).

    With none to keep, the table is truncated, which also gives its space back.
    """
    with connection.cursor() as cursor:
        if keep_run_ids:
            cursor.execute(
                f"DELETE FROM {STAGE_TABLE} WHERE NOT (run_id = ANY(%s))", [list(keep_run_ids)]
            )
        else:
            cursor.execute(f"TRUNCATE {STAGE_TABLE}")


def _json_number(expr: str) -> str:
    """SQL text of a float8 as Python's ``json`` writes it (``1.0``, ``0.25``)."""
    return (
        f"CASE WHEN {expr} = trunc({expr}) THEN trunc({expr})::bigint::text || '.0'"
        f" ELSE {expr}::text END"
    )


_COMPONENTS_JSON = (
    "('{' || "
    + " || ',' || ".join(
        f"'\"{name}\":' || {_json_number(f's.components[{n + 1}]')}"
        for n, name in enumerate(scoring.COMPONENTS)
    )
    + " || '}')::jsonb"
)
_DIGEST_TEXT = "lpad(to_hex(s.digest), 16, '0')"
_STAGED = f"{STAGE_TABLE} s WHERE s.run_id = %s AND s.sme_id BETWEEN %s AND %s"


def persist_staged(*, run: ScoringRun, first_id: int, last_id: int, expected: int) -> Counts:
    """Make the match rows of SMEs in [first_id, last_id] exactly the staged pairs.

    New pairs are inserted, pairs whose digest changed are updated, other rows of the
    range are deleted. ``expected`` is the number of pairs the score chunk and the merge
    staged: should the staging table have lost them (it is unlogged, so a database crash
    empties it), this raises instead of deleting the range's rows. The staged rows stay
    until the run is finished, so a chunk delivered again writes the same rows.
    """
    counts = Counts()
    now = timezone.now()
    version = scoring.ALGORITHM_VERSION
    staged_args = [run.pk, first_id, last_id]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {_STAGED}", staged_args)
        staged = cursor.fetchone()[0]
        if staged != expected:
            raise RuntimeError(
                f"run {run.pk} staged {expected} pairs for SMEs {first_id}..{last_id} but the"
                f" staging table holds {staged}; start the rescore again"
            )
        cursor.execute("SET LOCAL extra_float_digits = 1")
        # Nothing waits for these rows but the run's finish, whose own (synchronous) commit
        # flushes the log up to them: a crash before it leaves the run unfinished anyway.
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM matchmaking_matchscore"
            " WHERE sme_id BETWEEN %s AND %s)",
            [first_id, last_id],
        )
        stored = cursor.fetchone()[0]
        new_pairs = ""
        if stored:
            # Staged and stored pairs are matched by hash (or merge) joins over the range's
            # rows only, whose table of stored pairs is built before the first row is
            # written. A nested loop over a table the planner thinks empty would scan the
            # rows the insert has just written again for every staged pair: quadratic.
            cursor.execute("SET LOCAL enable_nestloop = off")
            # Update and delete first: after the insert they would meet the new rows too.
            cursor.execute(
                "UPDATE matchmaking_matchscore m SET score = s.score,"
                f" confidence = s.confidence, components = {_COMPONENTS_JSON},"
                f" reasons = '{{}}'::jsonb, digest = {_DIGEST_TEXT}, algorithm_version = %s,"
                f" run_id = %s, computed_at = %s FROM {_STAGED}"
                " AND m.sme_id BETWEEN %s AND %s"
                " AND m.sme_id = s.sme_id AND m.demand_id = s.demand_id"
                f" AND m.digest <> {_DIGEST_TEXT}",
                [version, run.pk, now, *staged_args, first_id, last_id],
            )
            counts.updated = cursor.rowcount
            cursor.execute(
                "DELETE FROM matchmaking_matchscore m WHERE m.sme_id BETWEEN %s AND %s"
                f" AND NOT EXISTS (SELECT 1 FROM {_STAGED}"
                " AND s.sme_id = m.sme_id AND s.demand_id = m.demand_id)",
                [first_id, last_id, *staged_args],
            )
            counts.deleted = cursor.rowcount
            new_pairs = (
                " AND NOT EXISTS (SELECT 1 FROM matchmaking_matchscore m"
                " WHERE m.sme_id BETWEEN %s AND %s"
                " AND m.sme_id = s.sme_id AND m.demand_id = s.demand_id)"
            )
        # No stored row in the range (a first run): every staged pair is new, and the
        # insert need not look for stored ones.
        insert = (
            f"INSERT INTO matchmaking_matchscore ({_COPY_COLUMNS})"
            f" SELECT s.sme_id, s.demand_id, s.score, s.confidence, {_COMPONENTS_JSON},"
            f" '{{}}'::jsonb, {_DIGEST_TEXT}, %s, %s, %s FROM {_STAGED}"
        )
        insert_args = [version, run.pk, now, *staged_args]
        try:
            # A plain insert: no speculative insertion per row.
            with transaction.atomic():
                cursor.execute(
                    insert + new_pairs, insert_args + ([first_id, last_id] if new_pairs else [])
                )
        except IntegrityError:
            # A single rescore wrote one of the pairs meanwhile: take the run's values.
            cursor.execute(
                insert + new_pairs + " ON CONFLICT (sme_id, demand_id) DO UPDATE SET"
                " score = EXCLUDED.score, confidence = EXCLUDED.confidence,"
                " components = EXCLUDED.components, reasons = EXCLUDED.reasons,"
                " digest = EXCLUDED.digest, algorithm_version = EXCLUDED.algorithm_version,"
                " run_id = EXCLUDED.run_id, computed_at = EXCLUDED.computed_at",
                insert_args + ([first_id, last_id] if new_pairs else []),
            )
        counts.created = cursor.rowcount
    counts.unchanged = staged - counts.created - counts.updated
    return counts
