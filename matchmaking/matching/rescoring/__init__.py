"""Rescoring: a full rescore in chunks over the workers (``full``), one SME or one demand
project (``single``), and the runs that record them (``runs``).

A full rescore runs in three steps, each fanned out over the workers by the tasks in
``matching.tasks``:

1. ``full_rescore_plan`` loads the published SMEs and fits the text model once
   (``context``), splits the SMEs into id ranges and hands each range its records
   through the cache;
2. ``full_rescore_score_chunk`` scores one range against every open demand project, keeps
   each SME's top K and offers each demand's top K *within the chunk*;
   ``full_rescore_merge`` picks every demand's global top K from all chunks' offers and
   adds the few pairs that only it keeps (nearly every such pair is also in its SME's
   own top K);
3. ``full_rescore_persist_chunk`` writes the chunk's rows: its SMEs' top K plus the pairs
   in a demand's global top K. Rows are compared by digest first, so a rescore of
   unchanged data writes nothing.

On PostgreSQL the kept pairs are streamed into an unlogged staging table (binary COPY
built with numpy) and the persist chunks merge them with set-based statements
(``persistence.persist_staged``); elsewhere they wait in the cache and
``persistence.write_rows`` writes them.

So a run in any number of chunks stores exactly the rows of a run in one chunk.

A full run whose inputs are those of the last full run, and which finds the match rows as
that run left them, is recognised by digests before step 1 and neither scores nor writes
(``unchanged``).
"""

from .full import (
    full_rescore_begin,
    full_rescore_finish,
    full_rescore_merge,
    full_rescore_merge_then_persist,
    full_rescore_persist_chunk,
    full_rescore_plan,
    full_rescore_score_chunk,
)
from .runs import (
    BLOCK_SIZE,
    run_token,
    scoring_run_claim,
    scoring_run_fail,
    scoring_run_finish,
    scoring_run_start_full,
    through_redis_outages,
    top_k,
    wait_for_warm_up,
    warm_up,
    warm_up_in_background,
    weights,
)
from .single import demand_rescore, demand_rescore_queued, sme_rescore, sme_rescore_queued

__all__ = [
    "BLOCK_SIZE",
    "demand_rescore",
    "demand_rescore_queued",
    "full_rescore_begin",
    "full_rescore_finish",
    "full_rescore_merge",
    "full_rescore_merge_then_persist",
    "full_rescore_persist_chunk",
    "full_rescore_plan",
    "full_rescore_score_chunk",
    "run_token",
    "scoring_run_claim",
    "scoring_run_fail",
    "scoring_run_finish",
    "scoring_run_start_full",
    "sme_rescore",
    "sme_rescore_queued",
    "through_redis_outages",
    "top_k",
    "wait_for_warm_up",
    "warm_up",
    "warm_up_in_background",
    "weights",
]
