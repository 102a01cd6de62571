"""CPU time of the processes a benchmark drives: a server or worker with its children, and
the PostgreSQL backends serving one database. On a machine whose cores others use too,
CPU seconds compare runs far more steadily than wall time."""

from __future__ import annotations

import psutil


def seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def family(pid: int) -> dict[int, float]:
    """CPU seconds of process ``pid`` and of its children, by pid (empty once it is gone)."""
    try:
        main = psutil.Process(pid)
        members = [main, *main.children(recursive=True)]
    except psutil.Error:
        return {}
    out = {}
    for process in members:
        try:
            out[process.pid] = seconds(process)
        except psutil.Error:
            continue
    return out


def database_backends(database: str, *, own_backend: int) -> dict[int, float]:
    """CPU seconds of the PostgreSQL backends connected to ``database`` (their command line
    names it), the benchmark's own connection ``own_backend`` excepted."""
    tag = f" {database} "
    out = {}
    for process in psutil.process_iter(["cmdline"]):
        try:
            line = " ".join(process.info["cmdline"] or ())
            if tag in line and process.pid != own_backend:
                out[process.pid] = seconds(process)
        except psutil.Error:
            continue
    return out


def used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict:
    """CPU seconds used between two readings ``{kind: {pid: seconds}}``, per kind. A process
    that exited between them takes its time with it."""
    return {
        kind: sum(value - before[kind].get(pid, 0.0) for pid, value in after[kind].items())
        for kind in after
    }
