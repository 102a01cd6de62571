"""The scoring context shared by rescores: fitted text model, encoded demands, thresholds.

A full rescore fits the text model on every published profile and open demand project,
encodes the demands and, once its chunks are merged, records each demand's and each
SME's K-th best score. It keeps all of it in the cache (Redis in production), so that:

* every chunk of the run, on whichever worker, scores against the same model;
* rescoring one SME after a save takes milliseconds instead of refitting;
* a single rescore knows whether a pair enters a demand's (or an SME's) top K.

Each worker process also keeps the last context it loaded in memory, keyed by a token, so
it is unpickled once per run rather than once per task. When no context exists yet (first
start, cache flushed) it is built from the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache

from .. import scoring
from .records import demand_records, open_demands_stamp, sme_records

CURRENT_KEY = "matching:context:current"
CONTEXT_TIMEOUT = 7 * 24 * 3600

_memo: dict[str, ScoringContext] = {}


@dataclass
class ScoringContext:
    token: str
    text_model: scoring.TextModel
    demands: list[scoring.DemandRecord]
    demand_features: scoring.DemandFeatures
    demand_stamp: str
    # K-th best score per demand (index of ``demands``) and per SME id, from the last merge;
    # a single rescore keeps a pair when it reaches them. -inf: fewer than K matches.
    demand_threshold: np.ndarray | None = None
    sme_threshold: dict[int, float] = field(default_factory=dict)
    demand_fingerprints: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.demand_fingerprints:
            self.demand_fingerprints = [fingerprint(d) for d in self.demands]


def fingerprint(record: scoring.SmeRecord | scoring.DemandRecord) -> int:
    """A 63-bit hash of everything a record holds (its dataclass repr)."""
    return int.from_bytes(hashlib.blake2b(repr(record).encode(), digest_size=8).digest()) >> 1


def _key(token: str) -> str:
    return f"matching:context:{token}"


def save(context: ScoringContext, *, current: bool = True) -> None:
    cache.set(_key(context.token), context, CONTEXT_TIMEOUT)
    if current:
        cache.set(CURRENT_KEY, context.token, CONTEXT_TIMEOUT)
    _memo.clear()
    _memo[context.token] = context


def load(token: str) -> ScoringContext | None:
    """The context saved under ``token`` (from this process's memory when it has it)."""
    context = _memo.get(token)
    if context is None:
        context = cache.get(_key(token))
        if context is not None:
            _memo.clear()
            _memo[token] = context
    return context


def build(token: str, *, smes: list[scoring.SmeRecord] | None = None) -> ScoringContext:
    """Fit the text model on all published profiles (``smes`` when the caller has loaded
    them already) and open demands; encode the demands."""
    if smes is None:
        smes = sme_records()
    demands = demand_records()
    stamp = open_demands_stamp()
    model = scoring.text_model_for(smes, demands)
    return ScoringContext(
        token=token,
        text_model=model,
        demands=demands,
        demand_features=scoring.encode_demands(demands, model),
        demand_stamp=stamp,
    )


def with_fresh_demands(context: ScoringContext, token: str) -> ScoringContext:
    """The same text model with the demands re-read (after a demand project changed).

    Thresholds of demands that still exist are kept. New words of a changed demand are
    outside the fitted vocabulary until the next full rescore refits it.
    """
    demands = demand_records()
    old = {d.id: j for j, d in enumerate(context.demands)}
    threshold = None
    if context.demand_threshold is not None:
        threshold = np.array(
            [
                context.demand_threshold[old[d.id]] if d.id in old else -np.inf
                for d in demands
            ]
        )
    return ScoringContext(
        token=token,
        text_model=context.text_model,
        demands=demands,
        demand_features=scoring.encode_demands(demands, context.text_model),
        demand_stamp=open_demands_stamp(),
        demand_threshold=threshold,
        sme_threshold=dict(context.sme_threshold),
    )


def cached() -> ScoringContext | None:
    """The current context if the cache has it (never builds one: for web requests)."""
    token = cache.get(CURRENT_KEY)
    return load(token) if token else None


def current() -> ScoringContext:
    """The current context, rebuilt when missing and refreshed when demands changed."""
    token = cache.get(CURRENT_KEY)
    context = load(token) if token else None
    if context is None:
        context = build(_new_token())
        save(context)
        return context
    if context.demand_stamp != open_demands_stamp():
        context = with_fresh_demands(context, _new_token())
        save(context)
    return context


def _new_token() -> str:
    return hashlib.blake2b(np.random.bytes(16), digest_size=8).hexdigest()
