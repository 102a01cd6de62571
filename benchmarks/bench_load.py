"""Load benchmark: the pages people use most, served by gunicorn on PostgreSQL with the
demo data scaled to 10,000 published SMEs, driven by wrk from a second process.

Run with ``make bench-load`` (``BENCH_DATABASE_URL`` names the PostgreSQL server; the
benchmark works in its own database ``<name>_load``, created, migrated and seeded when
missing, and reused as it is on the next run). It

1. seeds the demo data (``seed_demo``), adds generated published SMEs up to
   ``BENCH_LOAD_SMES`` (10,000) and scores every pair (the real full rescore, inline);
2. starts gunicorn with ``BENCH_LOAD_WORKERS`` (2) sync workers in the production
   configuration (DEBUG off, hashed static files, the whole middleware stack), with no
   broker (nothing here queues work);
3. signs the demo people in and, for each page, runs wrk with ``BENCH_LOAD_CLIENTS`` (4)
   connections for ``BENCH_LOAD_SECONDS`` (15) after a warm-up of 3 requests per worker,
   one client per worker side by side:

   - the minimal page: every middleware, the base template, no query of its own
     (``BENCH_PAGES``), as the demo buyer: signed in like every page it is compared with,
     so the session, the user, the navigation and the bell cost both the same (the same
     page anonymous is shown too, for reference);
   - the SME directory, as the demo buyer;
   - a company page (the demo SME's), as the demo buyer;
   - the buyer's match list (its demand project with the most matches), as the demo buyer;
   - the SME's match list, as the demo SME;
   - the SME's agenda of meetings, as the demo SME.

It prints throughput and p50/p95/p99 latency per page with the ratio of its throughput to
the minimal page's, checks the targets (at least 0.3× the minimal page, p95 under 50 ms)
and writes ``var/bench/load.json``. The load tool shares the machine's cores with the
server: compare runs by their load average, which the table shows. Each page's CPU time
per request (gunicorn and PostgreSQL) is shown too, with the same ratio taken from it,
which other work on the machine moves far less than throughput.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SMES = int(os.environ.get("BENCH_LOAD_SMES", "10000"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "15"))
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "4"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "2"))
WARMUP_REQUESTS = 3 * WORKERS
MIN_RATIO = 0.3
MAX_P95_MS = 50.0
REPORT_LUA = Path(__file__).resolve().parent / "load" / "report.lua"
OUTPUT = ROOT / "var" / "bench" / "load.json"


def _database_url() -> str:
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench"))
    if not parts.scheme.startswith("postgres"):
        sys.exit("The load benchmark needs PostgreSQL: set BENCH_DATABASE_URL.")
    if not parts.path.endswith("_load"):
        parts = parts._replace(path=parts.path + "_load")
    return parts.geturl()


# The production configuration (see matchmaking/settings.py), shared by this process and
# gunicorn: the sessions signed in here must be valid there.
SERVER_ENV = {
    "DATABASE_URL": _database_url(),
    "DEBUG": "false",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    "REDIS_URL": "",
    "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback, as behind a proxy
    "BENCH_PAGES": "true",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "matchmaking.settings")


def ensure_wrk() -> str:
    """wrk from the system, installed with apt when it is missing and we are root."""
    found = shutil.which("wrk")
    if found is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk (Debian package)")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("wrk")
    if found is None:
        sys.exit("The load benchmark needs wrk (Debian/Ubuntu: apt-get install wrk).")
    return found


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("compilemessages", verbosity=0, ignore_patterns=[".venv", "var"])
    # DEBUG off serves static files by their hashed names: write the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)


def _published_smes() -> int:
    from companies.models import CompanyProfile, Organisation

    return CompanyProfile.objects.filter(
        organisation__kind=Organisation.Kind.SME, status=CompanyProfile.Status.PUBLISHED
    ).count()


def add_generated_smes(count: int, seed: int = 2027) -> int:
    """Add ``count`` published SMEs with varied profiles (bulk inserts); returns count."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from companies.models import CompanyProfile, Organisation, Sector

    rng = random.Random(seed)
    sectors = list(Sector.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    clusters = list(
        Organisation.objects.filter(kind=Organisation.Kind.CLUSTER).values_list("pk", flat=True)
    )
    words = [
        ("heat pumps", "district heating networks"),
        ("membranes", "drinking water treatment"),
        ("smart meters", "energy management software"),
        ("photovoltaics", "floating solar plants"),
        ("biogas", "upgrading units for farms"),
        ("sensors", "air quality monitoring in cities"),
        ("batteries", "storage for microgrids"),
        ("chargers", "EV charging hubs for fleets"),
    ]
    countries = ["AT", "BE", "DK", "FR", "SE", "DE", "NL", "FI", "NO", "ES"]
    start = Organisation.objects.filter(slug__startswith="load-sme-").count()
    now = timezone.now()
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"{rng.choice(['Nordic', 'Alpine', 'Green', 'Blue', 'Terra'])}"
                    f"{rng.choice(['tech', 'flow', 'therm', 'grid', 'volt'])} {n:05d}",
                    slug=f"load-sme-{n:05d}",
                    kind=Organisation.Kind.SME,
                    country=countries[n % len(countries)],
                    city="Graz",
                )
                for n in range(start, start + count)
            ],
            batch_size=1000,
        )
        profiles = []
        for organisation in organisations:
            technology, application = rng.choice(words)
            other, _ = rng.choice(words)
            profiles.append(
                CompanyProfile(
                    organisation=organisation,
                    technologies=sorted({technology, other}),
                    description_en=(
                        f"{organisation.name} builds {technology} for {application}; "
                        f"also {other}. Pilots with municipalities and utilities."
                    ),
                    trl=rng.choice([5, 6, 7, 8, 9]),
                    certifications=rng.sample(["CE", "ISO 9001", "ISO 14001", "UL"], k=2),
                    target_markets=rng.choice([["china"], ["usa"], ["china", "usa"]]),
                    employees_band=rng.choice(["1-9", "10-49", "50-249"]),
                    founded_year=rng.randint(1995, 2022),
                    contact_name="Contact Person",
                    contact_email=f"contact@{organisation.slug}.example.com",
                    status=CompanyProfile.Status.PUBLISHED,
                    published_at=now,
                )
            )
        CompanyProfile.objects.bulk_create(profiles, batch_size=1000)
        sector_links = CompanyProfile.sectors.through
        sector_links.objects.bulk_create(
            [
                sector_links(companyprofile_id=profile.pk, sector_id=sector)
                for profile in profiles
                for sector in rng.sample(sectors, k=rng.choice([1, 2]))
            ],
            batch_size=2000,
        )
        if clusters:
            cluster_links = CompanyProfile.clusters.through
            cluster_links.objects.bulk_create(
                [
                    cluster_links(companyprofile_id=profile.pk, organisation_id=clusters[n % 2])
                    for n, profile in enumerate(profiles)
                ],
                batch_size=2000,
            )
    return count


def seed() -> dict:
    """The demo data, scaled to ``SMES`` published SMEs, every pair scored (idempotent)."""
    from django.db import connection

    from matchmaking.demo import seed_demo, seed_demo_matches_and_meetings
    from matchmaking.models import MatchScore

    started = time.perf_counter()
    missing = SMES - _published_smes()
    if missing > 0 or not MatchScore.objects.exists():
        print(f"seeding the demo data and {max(missing, 0):,} more SMEs (once per database)")
        seed_demo()
        missing = SMES - _published_smes()
        if missing > 0:
            add_generated_smes(missing)
        counts = seed_demo_matches_and_meetings()
        print(f"  scored: {counts['match_scores']:,} match scores")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "published_smes": _published_smes(),
        "match_scores": MatchScore.objects.count(),
        "seed_seconds": round(time.perf_counter() - started, 1),
    }


def session_cookie(email: str) -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(
        get_user_model().objects.get(email=email),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return f"sessionid={client.cookies['sessionid'].value}"


def pages() -> list[dict]:
    """What is measured, each with the person who reads it (None: anonymous)."""
    from django.db.models import Count

    from companies.models import Membership
    from matchmaking.models import MatchScore
    from missions.models import DemandProject

    buyer, sme = "buyer@demo.example.org", "sme@demo.example.org"
    def organisation_of(email: str, kind: str):
        return (
            Membership.objects.filter(user__email=email, organisation__kind=kind)
            .select_related("organisation")
            .order_by("pk")
            .first()
            .organisation
        )

    sme_organisation = organisation_of(sme, "sme")
    buyer_organisation = organisation_of(buyer, "buyer")
    demand = (
        DemandProject.objects.filter(buyer=buyer_organisation)
        .annotate(matches=Count("match_scores"))
        .order_by("-matches", "pk")
        .first()
    )
    matches = MatchScore.objects.filter(demand=demand).count()
    return [
        {"page": "minimal page (signed in)", "path": "/bench/minimal/", "as": buyer},
        # For reference only: what the sign-in costs (the ratios use the row above).
        {"page": "minimal page (anonymous)", "path": "/bench/minimal/", "as": None},
        {"page": "directory", "path": "/companies/", "as": buyer},
        {"page": "company page", "path": f"/companies/{sme_organisation.slug}/", "as": buyer},
        {
            "page": f"buyer's match list ({matches} matches)",
            "path": f"/matching/demands/{demand.pk}/",
            "as": buyer,
        },
        {"page": "SME's match list", "path": "/matching/mine/", "as": sme},
        {"page": "SME's agenda", "path": "/matching/agenda/", "as": sme},
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    log = (ROOT / "var" / "bench" / "load-gunicorn.log").open("wb")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "matchmaking.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(WORKERS),
            "--worker-class", "sync",
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("gunicorn did not answer /healthz within 60 s (see var/bench/load-gunicorn.log)")


def fetch(url: str, cookie: str | None) -> tuple[int, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def run_wrk(wrk: str, url: str, cookie: str | None, seconds: int) -> dict:
    command = [wrk, "-t", str(min(CLIENTS, 2)), "-c", str(CLIENTS), "-d", f"{seconds}s",
               "--timeout", "10s", "-s", str(REPORT_LUA), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


class CpuMeter:
    """CPU seconds used by gunicorn (master and workers) and by the PostgreSQL backends of
    the benchmark's database, this process's own excepted. Per request, they compare pages
    far more steadily than throughput on a machine whose cores others use too. A backend
    that exits between two readings takes its time with it: connections are kept across
    requests (``CONN_MAX_AGE``), so the workers' backends live through a page's run."""

    def __init__(self, server_pid: int, database: str, own_backend: int) -> None:
        self.server_pid, self.database, self.own_backend = server_pid, database, own_backend

    def read(self) -> dict[str, dict[int, float]]:
        from benchmarks import cpu

        return {
            "workers": cpu.family(self.server_pid),
            "database": cpu.database_backends(self.database, own_backend=self.own_backend),
        }

    @staticmethod
    def used(before: dict, after: dict) -> dict[str, float]:
        from benchmarks import cpu

        return cpu.used(before, after)


def measure(wrk: str, base: str, page: dict, cookie: str | None, meter: CpuMeter) -> dict:
    # Warm-up: each worker compiles the templates, imports what the page uses and fills its
    # per-process caches on its first requests. One client per worker, side by side, so
    # every worker gets some (one client alone was answered by the same worker each time,
    # and the other then imported the scoring modules inside the measured run); all are
    # answered before wrk starts.
    def warm(_client: int) -> tuple[int, bytes]:
        for _ in range(WARMUP_REQUESTS // WORKERS):
            status, body = fetch(base + page["path"], cookie)
            if status != 200:
                break
        return status, body

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(warm, range(WORKERS)))
    for status, _body in answers:
        if status != 200:
            sys.exit(f"{page['path']} answered {status} for {page['as'] or 'anonymous'}")
    body = answers[0][1]
    load_before = os.getloadavg()[0]
    cpu_before = meter.read()
    figures = run_wrk(wrk, base + page["path"], cookie, SECONDS)
    cpu = CpuMeter.used(cpu_before, meter.read())
    seconds = figures["duration_us"] / 1e6
    requests = max(figures["requests"], 1)
    return {
        **page,
        "bytes": len(body),
        "requests": figures["requests"],
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 1),
        "p95_ms": round(figures["p95_us"] / 1000, 1),
        "p99_ms": round(figures["p99_us"] / 1000, 1),
        "max_ms": round(figures["max_us"] / 1000, 1),
        "errors": figures["non_2xx"] + figures["connect_errors"] + figures["read_errors"]
        + figures["timeouts"],
        "load_average_before": round(load_before, 2),
        # CPU milliseconds per request: in gunicorn, in PostgreSQL, and both.
        "cpu_ms_server": round(cpu["workers"] * 1000 / requests, 2),
        "cpu_ms_database": round(cpu["database"] * 1000 / requests, 2),
        "cpu_ms": round((cpu["workers"] + cpu["database"]) * 1000 / requests, 2),
    }


def print_table(report: dict) -> bool:
    minimal = report["pages"][0]["rps"]
    minimal_cpu = report["pages"][0]["cpu_ms"]
    ok = True
    print()
    print(f"gunicorn {report['workers']} workers, {report['clients']} clients, "
          f"{report['seconds']} s per page, {report['published_smes']:,} published SMEs, "
          f"{report['cpus']} CPUs, load average {report['load_average_at_start']:.2f} at start")
    print(f"{'page':<34} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'× minimal':>9} {'errors':>6} {'CPU ms':>7} {'CPU ×':>6}  target")
    for row in report["pages"]:
        row["ratio"] = round(row["rps"] / minimal, 3) if minimal else 0.0
        # The same comparison by CPU per request (minimal's over the page's): steadier
        # than throughput when other work shares the cores.
        row["cpu_ratio"] = round(minimal_cpu / row["cpu_ms"], 3) if row["cpu_ms"] else 0.0
        if row["path"] == "/bench/minimal/":
            verdict = ""
        else:
            met = row["ratio"] >= MIN_RATIO and row["p95_ms"] < MAX_P95_MS and not row["errors"]
            row["target_met"] = met
            ok = ok and met
            verdict = "ok" if met else "MISSED"
        print(f"{row['page']:<34} {row['rps']:>7.1f} {row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} "
              f"{row['p99_ms']:>7.1f} {row['ratio']:>9.2f} {row['errors']:>6} "
              f"{row['cpu_ms']:>7.1f} {row['cpu_ratio']:>6.2f}  {verdict}")
    print(f"targets: each page ≥ {MIN_RATIO}× the minimal page's throughput and p95 < "
          f"{MAX_P95_MS:.0f} ms; load average {report['load_average_at_end']:.2f} at the end")
    print("CPU ms: gunicorn and PostgreSQL CPU per request; CPU ×: the minimal page's CPU per "
          "request over the page's (the throughput ratio on a machine with nothing else running)")
    return ok


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    wrk = ensure_wrk()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    ensure_database(SERVER_ENV["DATABASE_URL"])
    setup_django()
    data = seed()
    measured = pages()
    cookies = {email: session_cookie(email) for email in {p["as"] for p in measured} if email}
    port = free_port()
    server = start_gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_backend = cursor.fetchone()[0]
    meter = CpuMeter(server.pid, connection.settings_dict["NAME"], own_backend)
    report = {
        "workers": WORKERS,
        "clients": CLIENTS,
        "seconds": SECONDS,
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg()[0],
        **data,
        "pages": [],
    }
    try:
        for page in measured:
            report["pages"].append(measure(wrk, base, page, cookies.get(page["as"]), meter))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report["load_average_at_end"] = os.getloadavg()[0]
    ok = print_table(report)
    report["targets_met"] = ok
    OUTPUT.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
