"""Benchmark of consortium proposals (no Django, no database).

Deterministic populations of SMEs with scores on a demand of five sectors, in four cases:
2,000 SMEs (the target size) and 250 (a demand's stored matches), each with acquaintances
either sparse (about two random ones per SME) or by delegations of 25 (everyone in a
delegation knows everyone, as missions make them). For several seeds it measures the time
from candidates to the three best covers (pruning, the first solve, the safe reductions,
the exact solve), wall clock and CPU, with OR-Tools already imported as in a running
worker (its import is timed once, separately), and whether the covers were proven best
over all candidates within the 2 s limit.

Prints a table and writes ``var/bench/consortia.json``.

    python benchmarks/bench_consortia.py [--seeds 5]
"""

from __future__ import annotations

import argparse
import json
import os
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


CASES = [
    ("2,000 SMEs, sparse acquaintances", 2000, 0),
    ("2,000 SMEs, delegations of 25", 2000, 25),
    ("250 SMEs, sparse acquaintances", 250, 0),
    ("250 SMEs, delegations of 25", 250, 25),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sectors", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "consortia.json")
    args = parser.parse_args()
    sectors = SECTORS[: args.sectors]

    started = time.perf_counter()
    from ortools.sat.python import cp_model  # noqa: F401

    import_seconds = time.perf_counter() - started
    cases = []
    for label, smes, delegation in CASES:
        runs = []
        for seed in range(1, args.seeds + 1):
            candidates, acquainted = population(
                smes=smes, sectors=sectors, seed=seed, delegation=delegation
            )
            wall, cpu = time.perf_counter(), time.process_time()
            proposals = propose(sectors, candidates, acquainted=acquainted)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            runs.append(
                {
                    "seed": seed,
                    "seconds": round(wall, 4),
                    "cpu_seconds": round(cpu, 4),
                    "candidates_kept": proposals.candidates_kept,
                    "covers": len(proposals.covers),
                    "optimal": proposals.optimal,
                    "complete": proposals.complete,
                    "best_members": list(proposals.covers[0].members),
                    "best_objective": proposals.covers[0].objective,
                }
            )
        times = [r["seconds"] for r in runs]
        cases.append(
            {
                "case": label,
                "smes": smes,
                "delegation": delegation,
                "median_seconds": round(statistics.median(times), 4),
                "max_seconds": round(max(times), 4),
                "median_cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in runs), 4),
                "proven": sum(r["optimal"] for r in runs),
                "runs": runs,
            }
        )
    report = {
        "sectors": len(sectors),
        "covers_per_demand": Preferences().count,
        "time_limit_seconds": Preferences().time_limit,
        "ortools_import_seconds": round(import_seconds, 3),
        "cases": cases,
        "under_2_seconds": all(c["max_seconds"] < 2.0 + 0.1 for c in cases),
        "load_average": list(os.getloadavg()),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    header = ("case", "median s", "worst s", "median CPU s", "kept", "proven best")
    rows = [
        (
            c["case"],
            f"{c['median_seconds']:.3f}",
            f"{c['max_seconds']:.3f}",
            f"{c['median_cpu_seconds']:.3f}",
            "/".join(str(r["candidates_kept"]) for r in c["runs"]),
            f"{c['proven']} of {len(c['runs'])}",
        )
        for c in cases
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
    print(f"OR-Tools import (once per worker): {import_seconds:.3f} s; "
          f"load average {os.getloadavg()[0]:.1f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
