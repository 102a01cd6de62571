"""Benchmark of consortium proposals (no Django, no database).

A deterministic population of SMEs (by default 2,000) with scores on a demand of five
sectors; measures, for several seeds, the time from candidates to the three best covers
(pruning, model building, three exact CP-SAT solves), with OR-Tools already imported as in
a running worker (its import is timed once, separately).

Prints a table and writes ``var/bench/consortia.json``.

    python benchmarks/bench_consortia.py [--smes 2000] [--sectors 5] [--seeds 5]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # runnable as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from matchmaking.consortia_cover import Preferences, propose  # noqa: E402
from matchmaking.consortia_cover.generate import population  # noqa: E402

SECTORS = ["district-heating", "building-automation", "water-treatment", "solar-pv", "waste"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smes", type=int, default=2000)
    parser.add_argument("--sectors", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "consortia.json")
    args = parser.parse_args()
    sectors = SECTORS[: args.sectors]

    started = time.perf_counter()
    from ortools.sat.python import cp_model  # noqa: F401

    import_seconds = time.perf_counter() - started
    runs = []
    for seed in range(1, args.seeds + 1):
        candidates, acquainted = population(smes=args.smes, sectors=sectors, seed=seed)
        started = time.perf_counter()
        proposals = propose(sectors, candidates, acquainted=acquainted, preferences=Preferences())
        seconds = time.perf_counter() - started
        best = proposals.covers[0]
        runs.append(
            {
                "seed": seed,
                "seconds": round(seconds, 4),
                "candidates_kept": proposals.candidates_kept,
                "covers": len(proposals.covers),
                "optimal": proposals.optimal,
                "complete": proposals.complete,
                "best_members": list(best.members),
                "best_combined_score": best.combined_score,
                "best_countries": best.countries,
            }
        )
    times = [r["seconds"] for r in runs]
    report = {
        "smes": args.smes,
        "sectors": len(sectors),
        "covers_per_demand": Preferences().count,
        "ortools_import_seconds": round(import_seconds, 3),
        "median_seconds": round(statistics.median(times), 4),
        "max_seconds": round(max(times), 4),
        "all_optimal": all(r["optimal"] for r in runs),
        "under_2_seconds": max(times) < 2.0,
        "runs": runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    rows = [
        ("SMEs × sectors", f"{args.smes:,} × {len(sectors)}"),
        ("OR-Tools import (once per worker)", f"{import_seconds:.3f} s"),
        ("proposals (3 covers), median", f"{report['median_seconds']:.3f} s"),
        ("proposals (3 covers), worst", f"{report['max_seconds']:.3f} s"),
        ("candidates kept after pruning", ", ".join(str(r["candidates_kept"]) for r in runs)),
        ("all proven optimal", "yes" if report["all_optimal"] else "no"),
        ("under 2 s", "yes" if report["under_2_seconds"] else "no"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
