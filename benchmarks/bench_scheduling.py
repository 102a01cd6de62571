"""Benchmark of the meeting scheduler.

Run from anywhere as ``python benchmarks/bench_scheduling.py``.

1. For each instance JSON in ``benchmarks/instances/`` (real brokerage events, with their
   best known totals in the folder's README), schedules it in-process with a 30 s limit
   (seconds are wall time around the call), writes the schedule to ``var/bench/`` and
   re-checks it with the independent checker: placed meetings and gaps come from the
   checker, never from the solver.
2. Generates the large synthetic event, schedules it in-process with a 10 s limit and
   compares the placed meetings with an independently computed upper bound.

Prints a table, writes every figure to ``var/bench/scheduling.json`` and exits non-zero
if any schedule breaks a rule.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matchmaking.scheduling import (  # noqa: E402 - needs the repository on sys.path
    check_schedule,
    generate_large_event,
    instance_from_json,
    schedule_to_dict,
    solve,
    upper_bound_placeable,
)

TIME_LIMIT = 30.0
LARGE_TIME_LIMIT = 10.0
LARGE_TARGET = 0.995


INSTANCES = ROOT / "benchmarks" / "instances"


def best_known(folder: Path) -> dict[str, int]:
    """Best known totals from the README table (``| name.json | ... | best |``)."""
    known: dict[str, int] = {}
    readme = folder / "README.md"
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*([\w.-]+)\.json\s*\|.*\|\s*(\d+)\s*\|\s*$", line)
        if match:
            known[match.group(1)] = int(match.group(2))
    return known


def bench_instances(folder: Path, out_dir: Path) -> list[dict[str, Any]]:
    known = best_known(folder)
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        instance = instance_from_json(path)
        started = time.monotonic()
        result = solve(instance, time_limit=TIME_LIMIT)
        wall = time.monotonic() - started
        output = out_dir / f"{path.stem}.schedule.json"
        output.write_text(json.dumps(schedule_to_dict(result.schedule)) + "\n", encoding="utf-8")
        report = check_schedule(instance, result.schedule)
        rows.append(
            {
                "instance": path.stem,
                "meetings": len(instance.meetings),
                "placed": report.placed,
                "total_gaps": report.total_gaps,
                "worst_gaps": report.worst_gaps,
                "best_known": known.get(path.stem),
                "wall_seconds": round(wall, 2),
                "optimal": result.optimal,
                "at_best_known": report.total_gaps == known.get(path.stem)
                and report.placed == len(instance.meetings),
                "lower_bound": result.lower_bound,
                "proved_by": result.proved_by,
                "engines": {name: list(figures) for name, figures in result.engines.items()},
                "method": result.method,
                "violations": [v.message for v in report.violations],
            }
        )
    return rows


def bench_large() -> dict[str, Any]:
    instance = generate_large_event()
    bound = upper_bound_placeable(instance)
    started = time.monotonic()
    result = solve(instance, time_limit=LARGE_TIME_LIMIT)
    seconds = time.monotonic() - started
    report = check_schedule(instance, result.schedule)
    share = report.placed / bound if bound else 1.0
    return {
        "instance": instance.name,
        "participants": len(instance.participants),
        "meetings": len(instance.meetings),
        "tables": instance.tables,
        "slots": len(instance.slots),
        "placed": report.placed,
        "upper_bound": bound,
        "percent_of_bound": round(100 * share, 2),
        "target_met": share >= LARGE_TARGET and seconds <= LARGE_TIME_LIMIT + 1.0,
        "total_gaps": report.total_gaps,
        "worst_gaps": report.worst_gaps,
        "seconds": round(seconds, 2),
        "method": result.method,
        "violations": [v.message for v in report.violations],
    }


def main() -> int:
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = bench_instances(INSTANCES, out_dir)

    header = (
        f"{'instance':<15} {'placed':>9} {'gaps':>5} {'best':>5} {'bound':>5} {'worst':>5} "
        f"{'seconds':>8} {'optimal':>7} {'proved by':>9} {'violations':>10}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        placed = f"{row['placed']}/{row['meetings']}"
        print(
            f"{row['instance']:<15} {placed:>9} {row['total_gaps']:>5} "
            f"{row['best_known'] if row['best_known'] is not None else '-':>5} "
            f"{row['lower_bound'] if row['lower_bound'] is not None else '-':>5} "
            f"{row['worst_gaps']:>5} {row['wall_seconds']:>8} "
            f"{'yes' if row['optimal'] else 'no':>7} {row['proved_by'] or '-':>9} "
            f"{len(row['violations']):>10}"
        )
    reached = sum(1 for row in rows if row["at_best_known"])
    print(f"best known total reached on {reached} of {len(rows)} events")

    large = bench_large()
    print()
    print(
        f"large event ({large['participants']} participants, {large['meetings']} meetings, "
        f"{large['slots']} slots, {large['tables']} tables): placed {large['placed']} of an "
        f"upper bound of {large['upper_bound']} ({large['percent_of_bound']} %) in "
        f"{large['seconds']} s; gaps {large['total_gaps']}, worst {large['worst_gaps']}; "
        f"violations {len(large['violations'])}"
    )

    for row in [*rows, large]:
        for message in row["violations"]:
            print(f"VIOLATION {row['instance']}: {message}")
    document = {"instances": rows, "large_event": large}
    target = out_dir / "scheduling.json"
    target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nfigures written to {target.relative_to(ROOT)}")
    broken = any(row["violations"] for row in [*rows, large])
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
