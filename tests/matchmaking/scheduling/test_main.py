"""Tests of the command-line entry point (``python -m matchmaking.scheduling``)."""

from __future__ import annotations

import json

from matchmaking.scheduling import check_schedule, instance_from_json, schedule_from_dict
from matchmaking.scheduling.__main__ import main as cli_main


def test_command_line_writes_a_checked_schedule(tmp_path):
    instance_path = tmp_path / "event.json"
    instance_path.write_text(
        json.dumps(
            {
                "name": "cli",
                "tables": 1,
                "slots": [{"id": 1, "session": None}, {"id": 2, "session": None}],
                "participants": [{"id": 1}, {"id": 2}, {"id": 3}],
                "meetings": [
                    {"id": 1, "participants": [1, 2]},
                    {"id": 2, "participants": [1, 3]},
                ],
            }
        )
    )
    output = tmp_path / "out" / "schedule.json"
    code = cli_main(["--instance", str(instance_path), "--output", str(output)])
    assert code == 0
    document = json.loads(output.read_text())
    assert document["summary"]["placed"] == 2
    report = check_schedule(instance_from_json(instance_path), schedule_from_dict(document))
    assert (report.ok, report.placed, report.total_gaps) == (True, 2, 0)
    assert cli_main(["--instance", str(tmp_path / "missing.json"), "--output", "x"]) == 2
