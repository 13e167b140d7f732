"""P2 analytics: tier suggestions for every salesperson, against DuckDB on the CSV.

    python bench/p2_analytics.py --csv bench/data/sales_sf1.csv --db both [--profile]

For each database, a firstchoice database holding the file: SQLite at --sqlite-path
(default /tmp/sf1.sqlite3), PostgreSQL database `bench_p2` (BENCH_P2_DATABASE: another
name for another file, else the SF1 database is rebuilt with it). Either is reused when it
holds exactly the file's lines; otherwise it is built fresh with `firstchoice migrate` and
`firstchoice import-sales FILE` (not timed). Customers are padded to --pad-customers
(TPC-H's 150,000: the file names only the 99,996 that ordered) as bench/suggestions.py does.

Then, in the same run:

(a) the floor: bench/floors.py `duckdb_floor` on the CSV (per salesperson × customer, T12M
    and the prior 12 months as of 1998-08-02), in its own child process;
(b) firstchoice: `portfolio.suggestions.suggestions_for` for every active salesperson (1,000 on
    SF1) as of 1998-08-02, in a child process: wall seconds of the call alone (Django
    start-up not counted), the child's peak RSS (`os.wait4`), the number of SQL queries;
    the ratio to (a) is printed;
(c) the board page of one salesperson (the first by code; given a 5+5+5 portfolio from
    their suggestions so the page shows cards): GET /board/<handle>/1998/?as_of=1998-08-02
    through Django's test Client logged in as a superuser the script creates, one warm-up
    then --requests requests, median milliseconds.

Children run with DEBUG=false and a bench-only SECRET_KEY, as bench/p1_import.py.
--profile writes a cProfile of (b) to /tmp/p2_<engine>.prof and prints its top functions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import floors  # bench/floors.py: this script's directory is on sys.path

ROOT = Path(__file__).resolve().parent.parent
FIRSTCHOICE = ROOT / ".venv" / "bin" / "firstchoice"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_P2_DATABASE", "bench_p2")
YEAR = 1998
AS_OF = floors.AS_OF
GOAL_RATIO = 2.0
GOAL_BOARD_MS = 100.0
ADMIN = "bench-admin"


def child_env(db: str, sqlite_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="firstchoice.settings",
        FIRSTCHOICE_VAR_DIR=str(sqlite_path.parent),
        DEBUG="false",
        SECRET_KEY="bench-only-not-a-secret",  # noqa: S106
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        PYTHONHASHSEED="0",
    )
    if db == "postgres":
        env["DATABASE_URL"] = f"{PG_URL}/{PG_DATABASE}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    return env


def data_lines(csv_path: Path) -> int:
    manifest = csv_path.with_name(csv_path.name + ".manifest.json")
    if manifest.is_file():
        return int(json.loads(manifest.read_text())["rows"])
    with csv_path.open("rb") as f:
        return sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b"")) - 1


def run_child(mode: str, db: str, env: dict[str, str], *extra: str) -> dict[str, object]:
    """One mode of this script in a child; its JSON result plus its own peak RSS."""
    argv = [sys.executable, __file__, "--child", mode, "--db", db, *extra]
    quiet = subprocess.DEVNULL if mode == "count" else None  # a missing database is expected
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=quiet)  # noqa: S603
    assert child.stdout is not None
    out = child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{mode} on {db} failed")
    result: dict[str, object] = json.loads(out.decode().strip().splitlines()[-1])
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


def firstchoice(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(FIRSTCHOICE), *args], env=env, check=True)  # noqa: S603


def ensure_database(db: str, env: dict[str, str], csv_path: Path, sqlite_path: Path) -> str:
    """Reuse a database holding the file's lines, or build it; say which."""
    want = data_lines(csv_path)
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
            ).fetchone()
            if not exists:
                admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    try:
        have = int(run_child("count", db, env)["lines"])  # type: ignore[call-overload]
    except RuntimeError:
        have = -1
    if have == want:
        return f"reused ({have:,} lines)"
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    started = time.perf_counter()
    firstchoice(env, "migrate", "--verbosity", "0")
    firstchoice(env, "import-sales", str(csv_path), "--format", "json")
    return f"built in {time.perf_counter() - started:.0f} s"


# --- children ---------------------------------------------------------------------------


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def child_count() -> dict[str, object]:
    _setup()
    from firstchoice.sales.models import SalesLine

    return {"lines": SalesLine.objects.count()}


def child_prepare(pad: int) -> dict[str, object]:
    """Pad the customers, create the superuser, give the first salesperson a 5+5+5 list."""
    _setup()
    from firstchoice.customers.models import Customer
    from firstchoice.portfolio import actions, suggestions
    from firstchoice.portfolio.models import PortfolioEntry
    from firstchoice.teams.models import Salesperson, User

    existing = Customer.objects.count()
    if pad > existing:
        Customer.objects.bulk_create(
            [
                Customer(code=f"PAD{i:06d}", name=f"Padding customer {i}")
                for i in range(pad - existing)
            ],
            batch_size=5000,
        )
    admin = User.objects.filter(username=ADMIN).first()
    if admin is None:
        admin = User.objects.create_superuser(ADMIN, password=None)
    person = Salesperson.objects.filter(is_active=True).select_related("user").order_by("code")[0]
    if not PortfolioEntry.objects.filter(
        portfolio__salesperson=person, portfolio__year=YEAR
    ).exists():
        found = suggestions.suggestions(person, YEAR, AS_OF, limit=5)
        for tier, views in found.tiers.items():
            for view in views:
                actions.add_entry(
                    actor=admin,
                    salesperson=person,
                    year=YEAR,
                    customer=view.customer,
                    tier=tier,
                    reason=view.explanation[:500],
                )
    entries = PortfolioEntry.objects.filter(portfolio__salesperson=person, portfolio__year=YEAR)
    cards = entries.count()
    return {"customers": Customer.objects.count(), "handle": person.handle, "cards": cards}


def child_batch(profile: str) -> dict[str, object]:
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from firstchoice.portfolio import suggestions
    from firstchoice.teams.models import Salesperson

    people = list(Salesperson.objects.filter(is_active=True).select_related("user", "team"))
    connection.ensure_connection()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        found = suggestions.suggestions_for(people, YEAR, AS_OF)
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    return {
        "seconds": seconds,
        "salespeople": len(found),
        "suggestions": sum(s.count for s in found.values()),
        "queries": len(ctx.captured_queries),
        "query_seconds": [round(float(q["time"]), 2) for q in ctx.captured_queries],
    }


def child_board(handle: str, requests: int) -> dict[str, object]:
    _setup()
    from django.db import connection
    from django.test import Client

    from firstchoice.teams.models import User

    executed = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    client = Client()
    client.force_login(User.objects.get(username=ADMIN))
    url = f"/board/{quote(handle, safe='')}/{YEAR}/?as_of={AS_OF.isoformat()}"
    # The test Client closes the connection after each request (as a server would with
    # CONN_MAX_AGE 0, the default), so the wrapper counts across connections.
    with connection.execute_wrapper(count):
        first = client.get(url, secure=True)  # warm-up: templates
    if first.status_code != 200:
        raise RuntimeError(f"GET {url}: {first.status_code}")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, secure=True)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {
        "url": url,
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "queries": len(executed),
        "bytes": len(first.content),
    }


# --- parent -----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=ROOT / "bench/data/sales_sf1.csv")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--sqlite-path", type=Path, default=Path("/tmp/sf1.sqlite3"))  # noqa: S108
    parser.add_argument("--pad-customers", type=int, default=150_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--skip-floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--handle", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        result = {
            "count": lambda: child_count(),
            "prepare": lambda: child_prepare(args.pad_customers),
            "batch": lambda: child_batch(args.profile_out),
            "board": lambda: child_board(args.handle, args.requests),
        }[args.child]()
        print(json.dumps(result))
        return 0

    csv_path = args.csv.resolve()
    floor = None
    if not args.skip_floor:
        floor = floors.duckdb_floor(csv_path)
        found = {"floor": "duckdb", "seconds": round(floor.seconds, 2), "mb": floor.peak_rss_mb}
        print(json.dumps(found), flush=True)
    engines = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for db in engines:
        env = child_env(db, args.sqlite_path.resolve())
        how = ensure_database(db, env, csv_path, args.sqlite_path.resolve())
        prepared = run_child("prepare", db, env, "--pad-customers", str(args.pad_customers))
        profile_out = f"/tmp/p2_{db}.prof" if args.profile else ""  # noqa: S108
        batch = run_child("batch", db, env, "--profile-out", profile_out)
        board = run_child(
            "board", db, env, "--handle", str(prepared["handle"]), "--requests", str(args.requests)
        )
        seconds = float(batch["seconds"])  # type: ignore[arg-type]
        print(
            json.dumps(
                {
                    "engine": db,
                    "database": how,
                    "customers": prepared["customers"],
                    "floor_s": round(floor.seconds, 2) if floor else None,
                    "floor_peak_rss_mb": floor.peak_rss_mb if floor else None,
                    "suggestions_s": round(seconds, 2),
                    "ratio": round(seconds / floor.seconds, 2) if floor else None,
                    "goal_ratio": GOAL_RATIO,
                    "suggestions_peak_rss_mb": batch["peak_rss_mb"],
                    "salespeople": batch["salespeople"],
                    "suggestions": batch["suggestions"],
                    "queries": batch["queries"],
                    "query_seconds": batch["query_seconds"],
                    "board_median_ms": round(float(board["median_ms"]), 1),  # type: ignore[arg-type]
                    "board_max_ms": round(float(board["max_ms"]), 1),  # type: ignore[arg-type]
                    "board_queries": board["queries"],
                    "board_cards": prepared["cards"],
                    "goal_board_ms": GOAL_BOARD_MS,
                }
            ),
            flush=True,
        )
        if args.profile:
            import pstats

            pstats.Stats(profile_out).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
