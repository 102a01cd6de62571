"""Schemathesis against the live test server: generated requests to every operation of the
OpenAPI schema, as anonymous and as a buyer's and an SME's read-write tokens, must find no
server error and no response that breaks the schema. Examples are few, so it stays quick."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from matchmaking.api import services

ROOT = Path(__file__).resolve().parents[3]
REPORT = ROOT / "var" / "test-artifacts"
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"


def _schemathesis(base_url: str, name: str, headers: list[str]) -> subprocess.CompletedProcess:
    REPORT.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{base_url}/api/schema/?format=json",
        "--url", base_url, "--checks", CHECKS, "--phases", "examples,fuzzing",
        "--max-examples", "5", "--seed", "16", "--generation-deterministic",
        "--request-timeout", "20", "--continue-on-failure",
        "--report", "junit", "--report-junit-path", str(REPORT / f"schemathesis-{name}.xml"),
    ]
    for header in headers:
        command += ["-H", header]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)


@pytest.mark.django_db(transaction=True)
def test_fuzzing_finds_no_server_error_and_no_schema_breaking_response(
    live_server, settings, scored, meeting_mission, sme_owner, buyer
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100000/hour", "user": "100000/hour",
                                   "anon": "100000/hour"},
    }
    cache.clear()
    _t, buyer_secret = services.api_token_create(actor=buyer, name="fuzz", scope="write")
    _t, sme_secret = services.api_token_create(actor=sme_owner, name="fuzz", scope="write")
    runs = {
        "anonymous": [],
        "buyer": [f"Authorization: Bearer {buyer_secret}"],
        "sme": [f"Authorization: Bearer {sme_secret}"],
    }
    failures = {}
    for name, headers in runs.items():
        result = _schemathesis(live_server.url, name, headers)
        if result.returncode != 0:
            failures[name] = (result.stdout[-6000:] + result.stderr[-2000:])
    assert failures == {}, json.dumps(failures, indent=1)[:20000]
