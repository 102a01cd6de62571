"""Benchmark of the SME directory on PostgreSQL with 10,000 and 100,000 published SMEs.

Run with ``make bench-directory`` (DATABASE_URL names a PostgreSQL server and database,
by default ``postgres://postgres@127.0.0.1:5432/bench``). Because it replaces every SME,
it works in its own database beside that one, ``<name>_directory`` (``bench_directory``),
created and migrated if missing, so other benchmarks sharing ``bench`` keep their data. For each size it bulk-loads the companies with COPY, runs
VACUUM ANALYZE, then measures, through the real URL and view with Django's test client:
queries per page and the median and 95th-percentile server-side time of

- the first page without filters,
- a deep page (the middle of the list),
- a selective text query with two filters,
- a broad text query.

It measures the production configuration: DEBUG off (so the database layer records no
queries and templates come from the cached loader without debug information), a
SECRET_KEY, HTTPS requests, and static files served from a hashed manifest (collected into
a temporary directory). Nothing is cached between requests beyond what production keeps
too: the compiled templates and the count of profiles the database maintains.

The count is exact for every scenario but a broad text query: with more than 5,000
matches the page says "> 5000 companies" (and sorts by name), and so does the table.

It prints a table and writes ``var/bench/directory.json``.
"""

import json
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "matchmaking.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
if not urlsplit(os.environ["DATABASE_URL"]).path.endswith("_directory"):
    _parts = urlsplit(os.environ["DATABASE_URL"])
    os.environ["DATABASE_URL"] = _parts._replace(path=_parts.path + "_directory").geturl()

# Production settings come from the environment (see matchmaking/settings.py).
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "100"))
WARMUP = 5
PAGE_SIZE = 20
TARGETS = {  # p95 targets in ms at 100,000 SMEs; at most 5 queries per page
    "first page": 50,
    "deep page": 150,
    "selective query + 2 filters": 50,
    "broad query": 150,
}
MAX_QUERIES = 5

COUNTRIES = ["AT", "BE", "DK", "FR", "SE", "DE", "NL", "FI", "NO", "ES"]
CITIES = ["Graz", "Liège", "Aarhus", "Lyon", "Malmö", "Hamburg", "Delft", "Espoo", "Oslo", "Bilbao"]
OFFERINGS = [
    "heat pumps for district heating networks",
    "membrane filtration for drinking water",
    "smart meters and energy management software",
    "floating solar photovoltaic plants",
    "biogas upgrading units for farms",
    "air-quality sensors for city streets",
    "battery storage for microgrids",
    "EV charging hubs for fleets",
    "waste sorting robots for recycling plants",
    "soil washing for brownfield remediation",
    "LED street lighting with remote dimming",
    "timber modular buildings with low embodied carbon",
]
CUSTOMERS = ["municipalities", "utilities", "property developers", "industrial parks", "ports"]
BENEFITS = [
    "cuts energy use by a third",
    "lowers operating costs",
    "reduces emissions of nitrogen oxides",
    "saves water and chemicals",
    "makes renewable energy dispatchable",
]
RARE_WORD = "perovskite"  # in 1 % of descriptions: the selective query
BROAD_WORD = "energy"  # in about half of them: the broad query


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist yet."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    assert not settings.DEBUG
    call_command("migrate", verbosity=0, interactive=False)
    # The test client's host; no test environment otherwise, so templates render as in
    # production (no instrumentation for response.context).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Production serves static files by their hashed names from a manifest that
    # collectstatic writes; collect them somewhere that leaves the project's files alone.
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="bench-static-")
    call_command("collectstatic", interactive=False, verbosity=0)


def _description(rng: random.Random, index: int, city: str) -> str:
    offering = rng.choice(OFFERINGS)
    parts = [
        f"We develop {offering} for {rng.choice(CUSTOMERS)}.",
        f"Our solution {rng.choice(BENEFITS)}.",
        f"Founded in {city}, with pilots across Europe.",
    ]
    if index % 2 == 0:
        parts.append("Clean energy and efficiency are at the heart of every project.")
    if index % 100 == 14:  # every one of them in Sweden (index % 10 == 4)
        parts.append(f"Our {RARE_WORD} coatings raise module yield.")
    return " ".join(parts)


def load_smes(count: int, seed: int = 2027) -> None:
    """Replace every SME in the database with ``count`` generated, published ones."""
    from django.db import connection

    from companies.models import Organisation, Sector

    rng = random.Random(seed)
    sub_sectors = list(Sector.objects.filter(parent__isnull=False).values_list("id", flat=True))
    clusters = []
    for slug, name in [("bench-cluster-a", "Bench Cluster A"), ("bench-cluster-b", "Bench Cluster B")]:
        cluster, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": "cluster", "country": "AT"}
        )
        clusters.append(cluster.pk)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE companies_companyprofile_sectors, companies_companyprofile_clusters, "
            "companies_referenceproject, companies_companyprofile"
        )
        cursor.execute("DELETE FROM companies_invitation")
        cursor.execute(
            "DELETE FROM companies_membership WHERE organisation_id IN "
            "(SELECT id FROM companies_organisation WHERE kind = 'sme')"
        )
        cursor.execute("DELETE FROM companies_organisation WHERE kind = 'sme'")
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM companies_organisation")
        first_org_id = cursor.fetchone()[0] + 1
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(
            "COPY companies_organisation (id, name, slug, kind, country, city, website, "
            "buyer_approved, created_at) FROM STDIN"
        ) as copy:
            for index in range(count):
                country = COUNTRIES[index % len(COUNTRIES)]
                name = f"{rng.choice(['Nordic', 'Alpine', 'Green', 'Blue', 'Terra', 'Helio'])}" \
                       f"{rng.choice(['tech', 'flow', 'therm', 'grid', 'volt', 'aqua'])} {index:06d}"
                copy.write_row((
                    first_org_id + index, name, f"bench-sme-{index:06d}", "sme", country,
                    CITIES[index % len(CITIES)], "https://example.com", False, "2026-01-01T00:00:00Z",
                ))
        with raw.copy(
            "COPY companies_companyprofile (id, organisation_id, technologies, description_en, "
            "description_zh, trl, certifications, target_markets, employees_band, turnover_band, "
            "founded_year, logo, brochure, contact_name, contact_email, contact_phone, status, "
            "published_at, updated_at) FROM STDIN"
        ) as copy:
            for index in range(count):
                city = CITIES[index % len(CITIES)]
                copy.write_row((
                    index + 1, first_org_id + index,
                    json.dumps(rng.sample(["heat pumps", "solar", "membranes", "sensors",
                                           "batteries", "biogas", "software"], k=2)),
                    _description(rng, index, city), "", rng.randint(3, 9),
                    json.dumps(rng.sample(["CE", "ISO 9001", "ISO 14001", "UL", "China CCC"],
                                          k=rng.randint(0, 2))),
                    json.dumps(rng.choice([["china"], ["usa"], ["china", "usa"], ["other"]])),
                    rng.choice(["1-9", "10-49", "50-249"]), rng.choice(["<2m", "2-10m"]),
                    rng.randint(1990, 2022), "", "", "Contact Person",
                    f"contact{index}@example.com", "", "published",
                    "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
                ))
        with raw.copy(
            "COPY companies_companyprofile_sectors (companyprofile_id, sector_id) FROM STDIN"
        ) as copy:
            for index in range(count):
                for sector_id in rng.sample(sub_sectors, k=rng.choice([1, 1, 2])):
                    copy.write_row((index + 1, sector_id))
        with raw.copy(
            "COPY companies_companyprofile_clusters (companyprofile_id, organisation_id) FROM STDIN"
        ) as copy:
            for index in range(count):
                copy.write_row((index + 1, clusters[index % 2]))
        for table in ("companies_organisation", "companies_companyprofile"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        # Write the loaded pages out now, so the measurements do not share the machine
        # with the checkpoint the bulk load would otherwise trigger during them.
        cursor.execute("CHECKPOINT")
    print(f"loaded {count:,} SMEs in {time.perf_counter() - started:.1f} s")


_clients: list = []


def _client():
    """One client for the whole run, as one server process serves every request: its
    first request starts the handler (middleware, the static file index)."""
    from django.test import Client

    if not _clients:
        _clients.append(Client())
    return _clients[0]


def measure(path: str) -> dict:
    from django.db import connection

    client = _client()
    # The first request of a scenario, before any warm-up. For the run's first scenario
    # it includes starting the server (middleware, static file index), compiling the
    # templates and filling the per-process caches (the translated country names, the
    # escaped options of the filter form's lists).
    started = time.perf_counter()
    assert client.get(path, secure=True).status_code == 200
    first_ms = (time.perf_counter() - started) * 1000
    for _ in range(WARMUP):
        assert client.get(path, secure=True).status_code == 200
    queries: list[str] = []

    def count_query(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_query):
        response = client.get(path, secure=True)
    assert response.status_code == 200, path
    found = int(re.search(rb'data-count="(\d+)"', response.content).group(1))
    capped = b'data-count-capped="true"' in response.content
    timings, db_timings = [], []
    db_time = [0.0]

    def time_query(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time[0] += time.perf_counter() - started

    for _ in range(RUNS):
        db_time[0] = 0.0
        started = time.perf_counter()
        with connection.execute_wrapper(time_query):
            response = client.get(path, secure=True)
        timings.append((time.perf_counter() - started) * 1000)
        db_timings.append(db_time[0] * 1000)
    timings.sort()
    return {
        "path": path,
        "queries": len(queries),
        "results": found,
        "results_capped": capped,
        "first_ms": round(first_ms, 1),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[min(len(timings) - 1, int(0.95 * len(timings)))], 1),
        "db_median_ms": round(statistics.median(db_timings), 1),
    }


def run() -> dict:
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The directory benchmark needs PostgreSQL: set DATABASE_URL.")
    ensure_database(url)
    setup_django()
    report: dict = {
        "runs": RUNS,
        "page_size": PAGE_SIZE,
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg()[0],
        "sizes": {},
    }
    for count in SIZES:
        load_smes(count)
        middle_page = max(1, count // PAGE_SIZE // 2)
        scenarios = {
            "first page": "/companies/",
            "deep page": f"/companies/?page={middle_page}",
            "selective query + 2 filters": f"/companies/?q={RARE_WORD}&country=SE&min_trl=7",
            "broad query": f"/companies/?q={BROAD_WORD}",
        }
        report["sizes"][count] = {name: measure(path) for name, path in scenarios.items()}
        report.setdefault("load_average_after", {})[count] = os.getloadavg()[0]
    return report


def print_table(report: dict) -> bool:
    ok = True
    print()
    print(f"{'SMEs':>8}  {'scenario':<30} {'results':>8} {'queries':>7} {'first ms':>9} "
          f"{'median ms':>10} {'p95 ms':>8} {'db ms':>6}  target")
    for count, scenarios in report["sizes"].items():
        for name, row in scenarios.items():
            target = TARGETS[name]
            met = row["p95_ms"] < target and row["queries"] <= MAX_QUERIES
            if int(count) == 100_000:
                ok = ok and met
            verdict = ("ok" if met else "MISSED") if int(count) == 100_000 else ""
            results = f"> {row['results']:,}" if row["results_capped"] else f"{row['results']:,}"
            print(f"{count:>8,}  {name:<30} {results:>8} {row['queries']:>7} "
                  f"{row['first_ms']:>9} {row['median_ms']:>10} {row['p95_ms']:>8} {row['db_median_ms']:>6}  "
                  f"<{target} ms, ≤{MAX_QUERIES} q {verdict}")
    return ok


def main() -> None:
    report = run()
    ok = print_table(report)
    after = ", ".join(f"{load:.1f} after {int(count):,}"
                      for count, load in report.get("load_average_after", {}).items())
    print(f"\n{report['cpus']} CPUs, load average {report['load_average_at_start']:.1f} at start, "
          f"{after}; {report['runs']} timed requests per scenario after {WARMUP} warm-up ones; "
          "first ms = the scenario's first request, before warm-up (for the first scenario "
          "of the run: a cold server process); db ms = median time spent in the database per page.")
    print("Production configuration: DEBUG off, cached template loader, HTTPS requests, "
          "hashed static files. Counts are exact; '> 5,000' is the capped count the page "
          "shows for a text search with more than 5,000 matches.")
    out = ROOT / "var" / "bench" / "directory.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    report["targets_met_at_100k"] = ok
    out.write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
