"""Command-line entry point: schedule the meetings of one instance file.

Usage::

    python -m matchmaking.scheduling --instance EVENT.json --output SCHEDULE.json \\
        [--time-limit SECONDS] [--workers N] [--keep PUBLISHED.json]
    python -m matchmaking.scheduling EVENT.json SCHEDULE.json [--time-limit SECONDS]

The output is the schedule JSON (``assignments`` and ``unscheduled``) plus a ``summary``
object with the solver's figures.  ``--keep`` takes a previously published schedule whose
assignments should stay where they are.  The Django management command
``schedule_meetings`` calls :func:`main` with the same arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .model import instance_from_json, schedule_from_dict, schedule_to_dict
from .solver import solve


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (shared with the management command's help)."""
    parser = argparse.ArgumentParser(
        prog="python -m matchmaking.scheduling",
        description="Schedule the bilateral meetings of an event into slots and tables.",
    )
    parser.add_argument("instance_file", nargs="?", help="instance JSON (or use --instance)")
    parser.add_argument("output_file", nargs="?", help="schedule JSON to write (or --output)")
    parser.add_argument("--instance", dest="instance", help="instance JSON file")
    parser.add_argument("--output", dest="output", help="where to write the schedule JSON")
    parser.add_argument(
        "--time-limit", type=float, default=30.0, help="seconds the solver may use (default 30)"
    )
    parser.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")
    parser.add_argument(
        "--keep", help="published schedule JSON whose meetings keep their slot and table"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the scheduler; returns the process exit code (0 ok, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    instance_path = args.instance or args.instance_file
    output_path = args.output or args.output_file
    if not instance_path or not output_path:
        parser.print_usage(sys.stderr)
        print("error: an instance file and an output file are required", file=sys.stderr)
        return 2
    try:
        instance = instance_from_json(instance_path)
        keep = None
        if args.keep:
            with open(args.keep, encoding="utf-8") as handle:
                published = schedule_from_dict(json.load(handle))
            keep = {a.meeting: (a.slot, a.table) for a in published.assignments}
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"error: cannot read the input: {error}", file=sys.stderr)
        return 2

    result = solve(instance, time_limit=args.time_limit, workers=args.workers, keep=keep)
    document = schedule_to_dict(result.schedule)
    document["summary"] = {
        "instance": instance.name,
        "meetings": len(instance.meetings),
        "placed": result.placed,
        "total_gaps": result.total_gaps,
        "worst_gaps": result.worst_gaps,
        "optimal": result.optimal,
        "seconds": result.seconds,
        "method": result.method,
        "lower_bound": result.lower_bound,
        "proved_by": result.proved_by,
        "engines": {name: list(figures) for name, figures in result.engines.items()},
        "messages": result.messages,
    }
    output = Path(output_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(
        f"{instance.name or instance_path}: placed {result.placed}/{len(instance.meetings)}, "
        f"total gaps {result.total_gaps}, worst {result.worst_gaps}, "
        f"{'optimal' if result.optimal else 'not proven optimal'}, "
        f"{result.seconds:.1f} s ({result.method})"
    )
    for message in result.messages:
        print(f"note: {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
