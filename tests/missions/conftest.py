"""A populated mission for the missions tests.

The personas (``sme_owner``, ``buyer``, ``staff_user``, ``personas`` …) and the factories are
the suite's own: ``tests/fixtures.py`` and ``tests/factories.py``.
"""

import subprocess
from pathlib import Path

import pytest

from missions.models import MissionApplication
from tests.factories import ApplicationFactory, DemandProjectFactory, MissionFactory

LOCALE = Path(__file__).resolve().parents[2] / "missions" / "locale"


@pytest.fixture(scope="session", autouse=True)
def _compiled_missions_catalog():
    """Compiled catalogs are not kept in the repository; build ours when it is stale."""
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


@pytest.fixture
def mission(cluster_org):
    """An open mission organised by the staff persona's cluster."""
    mission = MissionFactory(title="Nanjing Smart Heat 2027", slug="nanjing-smart-heat-2027")
    mission.organisers.set([cluster_org])
    return mission


@pytest.fixture
def demand(mission, buyer_org):
    """The buyer persona's demand project for ``mission``."""
    return DemandProjectFactory(buyer=buyer_org, mission=mission, title="Jiangbei heat network")


@pytest.fixture
def sme_application(mission, sme_org, sme_owner):
    """The SME persona's submitted application to ``mission``."""
    return ApplicationFactory(
        mission=mission,
        organisation=sme_org,
        submitted_by=sme_owner,
        status=MissionApplication.Status.SUBMITTED,
    )
