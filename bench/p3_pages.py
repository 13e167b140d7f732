"""P3 pages: the main pages under 16 concurrent logged-in clients, against a floor page.

    python bench/p3_pages.py --data demo --db sqlite            # the demo company
    python bench/p3_pages.py --data demo --db postgres
    python bench/p3_pages.py --data sf1 --db postgres           # TPC-H SF1 (see below)
    python bench/p3_pages.py --data demo --db sqlite --src /tmp/fc-before/src   # another tree
    python bench/p3_pages.py --data sf1 --db postgres --counts FILE   # queries per page, no wrk

What it does, as a user would:

1. the database: `demo` runs `firstchoice migrate` and `firstchoice demo` into its own
   SQLite file (bench/data/p3_demo.sqlite3) or PostgreSQL database (bench_p3_demo), reused
   when present. `sf1` reuses or builds bench/p2_analytics.py's SF1 database (6 M sales
   lines, customers padded to 150,000) and adds what a sales force of 1,000 has: 100
   teams of ten with a manager each, every salesperson a login and a full 15-account board
   of their largest customers for 1998, a plan per account from the tier's starter, three
   key people per account and a statement for July 1998 (`--child sf1-people`; done once,
   marked by the team "bench-sf1-0"), then `ANALYZE` on PostgreSQL (the bench server runs
   with autovacuum off; production's autovacuum would gather the statistics).
2. the server: `firstchoice serve` (gunicorn, --workers processes, default as the command's)
   with the documented production settings: DEBUG=false, a SECRET_KEY, persistent database
   connections (DATABASE_CONN_MAX_AGE=60), SECURE_COOKIES=false (plain HTTP on 127.0.0.1
   here; behind TLS in production), REDIS_URL when --redis is given; waits for /healthz.
3. logs in through the login form (a salesperson and a manager), checks that each page
   answers 200 to that session, then drives `wrk` (Debian package `wrk`; --threads 2,
   --connections 16, --duration 10 s a page) over each page, the floor first: the login
   form without a session — a bare Django view and template through the same middleware.
4. prints p50 / p95 / p99 (from wrk's own latency histogram, via a small Lua `done`
   hook), requests/s, and each page's throughput as a share of the floor's; --json FILE
   writes them too. Goal (issue 13): p95 < 150 ms and ≥ 30 % of the floor.

The machine is shared: run one benchmark at a time, and compare only figures from the
same run (the floor is measured in it for that reason).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
FIRSTCHOICE = ROOT / ".venv" / "bin" / "firstchoice"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DEMO_PASSWORD = "demo"  # noqa: S105 — the demo company's documented password
SF1_PASSWORD = "bench-sf1"  # noqa: S105 — a throwaway benchmark database
SF1_YEAR = 1998
SF1_MONTH = "1998-07"
SF1_TEAMS = 100
GOAL_P95_MS = 150
GOAL_SHARE = 0.30

LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "P3JSON {\"p50\":%d,\"p95\":%d,\"p99\":%d,\"requests\":%d,\"duration_us\":%d," ..
    "\"socket_errors\":%d,\"bad_status\":%d}\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


# --- the database ------------------------------------------------------------------------


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="firstchoice.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-not-a-secret",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        DATABASE_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        FIRSTCHOICE_VAR_DIR=str(DATA),
    )
    if args.src:
        env["PYTHONPATH"] = str(Path(args.src).resolve())
    if args.redis:
        env["REDIS_URL"] = args.redis
    env["PAGE_CACHE"] = "true" if args.page_cache == "on" else "false"
    name = (
        f"bench_p3_{args.data}"
        if args.data == "demo"
        else os.environ.get("BENCH_P2_DATABASE", "bench_p2")
    )
    if args.db == "postgres":
        env["DATABASE_URL"] = f"{PG_URL}/{name}"
    elif args.data == "demo":
        env["DATABASE_URL"] = f"sqlite:///{DATA / 'p3_demo.sqlite3'}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{args.sqlite_path}"
    return env


def firstchoice(env: dict[str, str], *command: str) -> None:
    subprocess.run([str(FIRSTCHOICE), *command], env=env, check=True)  # noqa: S603


def ensure_demo(args: argparse.Namespace, env: dict[str, str]) -> str:
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
            if not admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'bench_p3_demo'"
            ).fetchone():
                admin.execute("CREATE DATABASE bench_p3_demo")
    started = time.perf_counter()
    firstchoice(env, "migrate", "--verbosity", "0")
    firstchoice(env, "demo")  # idempotent: a second run finds the company and stops
    return f"demo ready in {time.perf_counter() - started:.0f} s"


def ensure_sf1(args: argparse.Namespace, env: dict[str, str]) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    import p2_analytics as p2

    csv_path = args.csv
    if not csv_path.is_file():
        subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "bench/generate_tpch.py"), "--sf", "1", "--out",
             str(csv_path)],
            check=True,
        )  # fmt: skip
    p2_env = p2.child_env(args.db, args.sqlite_path)
    built = p2.ensure_database(args.db, p2_env, csv_path, args.sqlite_path)
    p2.run_child("prepare", args.db, p2_env, "--pad-customers", "150000")
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            __file__,
            "--child",
            "sf1-people",
            "--data",
            "sf1",
            "--db",
            args.db,
            "--boards",
            str(args.boards),
        ],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    analyzed = ""
    if args.db == "postgres":
        # Planner statistics, as autovacuum would gather them in production: the shared
        # bench server runs with autovacuum off, and without them a freshly loaded
        # 6 M-line table is planned as if it were empty.
        import psycopg

        started = time.perf_counter()
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
            connection.execute("ANALYZE")
        analyzed = f"; ANALYZE {time.perf_counter() - started:.0f} s"
    return f"sales {built}; {result.stdout.strip().splitlines()[-1]}{analyzed}"


def child_sf1_people(limit: int) -> None:
    """1,000 salespeople with logins, teams, full boards, plans, key people, statements
    (`limit` > 0: only the first `limit` boards, for a quick check of this script)."""
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.db.models import Sum

    from firstchoice.customers.models import Customer
    from firstchoice.people.models import KeyPerson
    from firstchoice.plans.actions.plans import start_plan
    from firstchoice.plans.models import Plan
    from firstchoice.portfolio import actions
    from firstchoice.portfolio.models import PortfolioEntry
    from firstchoice.reviews.actions import save_statement
    from firstchoice.reviews.models import Statement
    from firstchoice.sales.models import SalesLine
    from firstchoice.teams.models import Salesperson, Team, User

    if (
        Team.objects.filter(slug="bench-sf1-0").exists()
        and not Salesperson.objects.filter(team__isnull=True).exists()
    ):
        done = Plan.objects.filter(year=SF1_YEAR).count()
        if done >= 15 * (limit or Salesperson.objects.count()):
            print(f"sales force reused ({done:,} plans)")
            return
    started = time.perf_counter()
    password = make_password(SF1_PASSWORD)
    people = list(Salesperson.objects.order_by("code"))
    admin = User.objects.get(username="bench-admin")
    for index, salesperson in enumerate(people):
        team_no = index % SF1_TEAMS
        team, created = Team.objects.get_or_create(
            slug=f"bench-sf1-{team_no}", defaults={"name": f"SF1 team {team_no}"}
        )
        if created:
            manager = User.objects.create(username=f"sf1-manager-{team_no}", password=password)
            team.managers.add(manager)
        user = salesperson.user or User.objects.create(
            username=f"sf1-{salesperson.code}".lower()[:150], password=password
        )
        salesperson.user, salesperson.team = user, team
        salesperson.save(update_fields=["user", "team"])
    print(f"{len(people)} salespeople in {SF1_TEAMS} teams", file=sys.stderr)
    first = dt.date(SF1_YEAR - 1, 8, 3)
    capacity = {"A": 5, "B": 5, "C": 5}
    built = 0
    for number, salesperson in enumerate(people[:limit] if limit else people, 1):
        # What the board holds already: p2_analytics.py's `prepare` gives the first
        # salesperson a 5+5+5 from their suggestions, which need not be their top customers.
        tiers = dict(
            PortfolioEntry.objects.filter(
                portfolio__salesperson=salesperson, portfolio__year=SF1_YEAR
            ).values_list("customer_id", "tier")
        )
        planned = set(
            Plan.objects.filter(salesperson=salesperson, year=SF1_YEAR).values_list(
                "customer_id", flat=True
            )
        )
        if len(planned) >= 15:
            continue
        top = list(
            SalesLine.objects.filter(salesperson=salesperson, invoice_date__gte=first)
            .values("customer")
            .annotate(total=Sum("amount"))
            .order_by("-total", "customer")
            .values_list("customer", flat=True)[:15]
        )
        with transaction.atomic():
            for customer_id in top:  # fill the board up to 5+5+5 with the largest
                free = [t for t in "ABC" if list(tiers.values()).count(t) < capacity[t]]
                if customer_id in tiers or not free:
                    continue
                actions.add_entry(
                    actor=admin, salesperson=salesperson, year=SF1_YEAR,
                    customer=Customer.objects.get(pk=customer_id), tier=free[0],
                    reason="SF1 bench: a top customer",
                )  # fmt: skip
                tiers[customer_id] = free[0]
            for customer_id, tier in tiers.items():  # a plan and key people on every card
                if customer_id in planned:
                    continue
                customer = Customer.objects.get(pk=customer_id)
                start_plan(
                    actor=admin, salesperson=salesperson, customer=customer, year=SF1_YEAR,
                    start=tier if tier in ("A", "B", "C") else "blank",
                    today=dt.date(SF1_YEAR, 1, 15),
                )  # fmt: skip
                # A customer on several boards (TPC-H's clerks share customers) gets one set.
                if not KeyPerson.objects.filter(customer=customer).exists():
                    KeyPerson.objects.bulk_create(
                        [
                            KeyPerson(customer=customer, name=f"{role} {customer.code}",
                                      title=role, engagement=level)
                            for level, role in ((1, "Buyer"), (2, "Engineer"), (3, "Director"))
                        ]
                    )  # fmt: skip
            month = dt.date(SF1_YEAR, 7, 1)
            if not Statement.objects.filter(salesperson=salesperson, month=month).exists():
                save_statement(
                    actor=admin, salesperson=salesperson, month=month,
                    progress="On plan.", difficulties="Prices.", help_needed="None.",
                )  # fmt: skip
        built += 1
        if number % 50 == 0:
            print(
                f"{number} boards, {time.perf_counter() - started:.0f} s", file=sys.stderr,
                flush=True,
            )  # fmt: skip
    boards = Plan.objects.filter(year=SF1_YEAR).values("salesperson").distinct().count()
    print(
        f"sales force built in {time.perf_counter() - started:.0f} s ({built} boards now, "
        f"{boards} salespeople with plans, {Plan.objects.filter(year=SF1_YEAR).count():,} plans)"
    )


# --- the pages ---------------------------------------------------------------------------


def pages_for(data: str) -> dict[str, object]:
    """The pages to measure, as (name, user, path), for this database's data (Django set up)."""
    import datetime as dt

    from firstchoice.lib.dates import add_months
    from firstchoice.plans.models import Plan
    from firstchoice.teams.models import Salesperson

    if data == "demo":
        rep, manager, password = "rep1", "manager", DEMO_PASSWORD
        year = dt.date.today().year
        month = f"{add_months(dt.date.today().replace(day=1), -1):%Y-%m}"
    else:
        first = Salesperson.objects.filter(team__slug="bench-sf1-0").order_by("code").first()
        assert first is not None and first.user is not None, "no SF1 sales force: build it"
        rep, manager, password = first.user.username, "sf1-manager-0", SF1_PASSWORD
        year, month = SF1_YEAR, SF1_MONTH
    salesperson = Salesperson.objects.select_related("team").get(user__username=rep)
    plan = (
        Plan.objects.filter(salesperson=salesperson, year=year)
        .select_related("customer")
        .order_by("customer__code")
        .first()
    )
    assert plan is not None, "the salesperson has no plan this year"
    # Codes from an ERP may hold URL characters (TPC-H's clerks are "Clerk#000000001").
    code, handle = urllib.parse.quote(plan.customer.code), urllib.parse.quote(salesperson.handle)
    team = salesperson.team.slug
    pages = [
        ("board", rep, f"/board/{handle}/{year}/"),
        ("customer page", rep, f"/customers/{code}/"),
        ("key people", rep, f"/customers/{code}/people/"),
        ("year plan", rep, f"/plans/{handle}/{year}/{code}/"),
        ("my actions", rep, "/my-actions/"),
        ("monthly review", rep, f"/reviews/{handle}/{month}/"),
        ("team overview", manager, f"/teams/{team}/{year}/"),
        ("audit", manager, "/audit/"),
        ("monthly meeting", manager, f"/meetings/{team}/{month}/"),
    ]
    return {
        "password": password,
        "pages": pages,
        "xlsx": f"/meetings/{team}/{month}/pack.xlsx",
        "manager": manager,
        # Counted (--counts) but not driven by wrk: tests/test_query_counts.py's other pages.
        "more": [
            ("org chart", rep, f"/customers/{code}/orgchart/"),
            ("coaching", rep, f"/coaching/{handle}/"),
        ],
    }


def child_urls(data: str) -> None:
    import django

    django.setup()
    print(json.dumps(pages_for(data)))


def child_counts(data: str, explain: int) -> None:
    """Each page's SQL at this database's scale, through Django's test client (DEBUG off,
    the server's settings): queries of a warm request, their summed time, the wall time of
    the request (median of 3), and the `explain` slowest statements of each page, with
    EXPLAIN ANALYZE on PostgreSQL. Prints one JSON object."""
    import django

    django.setup()
    import statistics

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from firstchoice.teams.models import User

    call_command("collectstatic", interactive=False, verbosity=0)  # as `serve` does: DEBUG off
    found = pages_for(data)
    client = Client(HTTP_HOST="127.0.0.1")
    results = []
    for name, who, path in [*found["pages"], *found["more"]]:  # type: ignore[misc]
        client.force_login(User.objects.get(username=who))
        assert client.get(path).status_code == 200, (name, path)  # warm: caches, templates
        walls, captured = [], []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                walls.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, path, response.status_code)
            captured.append(list(queries.captured_queries))
        sql = captured[-1]
        slowest = sorted(sql, key=lambda q: -float(q["time"]))[:explain]
        plans = []
        for query in slowest:
            plan: list[str] = []
            if connection.vendor == "postgresql" and query["sql"].lstrip().upper().startswith(
                "SELECT"
            ):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    plan = [row[0] for row in cursor.fetchall()]
            plans.append({"ms": float(query["time"]) * 1000, "sql": query["sql"], "plan": plan})
        results.append(
            {
                "page": name,
                "path": path,
                "queries": [len(c) for c in captured],
                "sql_ms": sum(float(q["time"]) for q in sql) * 1000,
                "wall_ms": statistics.median(walls),
                "slowest": plans,
                "statements": [f"{float(q['time']) * 1000:.1f} ms {q['sql'][:3000]}" for q in sql],
            }
        )
    print(json.dumps(results))


def login(base: str, username: str, password: str) -> str:
    """Log in through the form as a browser would; the Cookie header of that session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "no CSRF token on the login form"
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 — our own server, http only
        f"{base}/login/", data=body, headers={"Referer": base}
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, f"login as {username} failed"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def status_of(url: str, cookie: str) -> tuple[int, str]:
    """The status of a GET and its X-Page-Cache header (hit, miss, or "" when not cached)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310
            response.read()
            return int(response.status), response.headers.get("X-Page-Cache", "")
    except urllib.error.HTTPError as error:
        return int(error.code), ""


def wrk(url: str, cookie: str, args: argparse.Namespace, lua: Path) -> dict[str, float]:
    command = [
        shutil.which("wrk") or "wrk", f"-t{args.threads}", f"-c{args.connections}",
        f"-d{args.duration}s", "--timeout", "30s", "-s", str(lua), url,
    ]  # fmt: skip
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    line = next(x for x in out.splitlines() if x.startswith("P3JSON "))
    found = json.loads(line.removeprefix("P3JSON "))
    seconds = found["duration_us"] / 1e6
    return {
        "p50_ms": found["p50"] / 1000,
        "p95_ms": found["p95"] / 1000,
        "p99_ms": found["p99"] / 1000,
        "rps": found["requests"] / seconds,
        "requests": found["requests"],
        "errors": found["socket_errors"] + found["bad_status"],
    }


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            urllib.request.urlopen(f"{base}/login/", timeout=2).read()  # noqa: S310
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the server did not answer")


def counts(args: argparse.Namespace, env: dict[str, str]) -> int:
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", "counts", "--data", args.data, "--db", args.db,
         "--explain", str(args.explain)],
        env=env, check=True, stdout=subprocess.PIPE, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    args.counts.write_text(json.dumps(json.loads(out), indent=2))
    print(f"\n{args.data} on {args.db}, {time.strftime('%Y-%m-%d %H:%M %Z')}: warm requests\n")
    print("| page | queries | SQL ms | request ms (median of 3) | slowest statement |")
    print("|---|---:|---:|---:|---|")
    for row in json.loads(out):
        top = row["slowest"][0] if row["slowest"] else {"ms": 0, "sql": ""}
        print(
            f"| {row['page']} | {'/'.join(map(str, sorted(set(row['queries']))))} | "
            f"{row['sql_ms']:.1f} | {row['wall_ms']:.0f} | {top['ms']:.1f} ms: "
            f"{top['sql'][:90]} |"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=["demo", "sf1"], default="demo")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--csv", type=Path, default=DATA / "sales_sf1.csv")
    parser.add_argument("--sqlite-path", type=Path, default=Path("/tmp/sf1.sqlite3"))  # noqa: S108
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8108")))
    parser.add_argument("--workers", type=int, default=0, help="default: serve's own")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds a page")
    parser.add_argument("--redis", default="", help="REDIS_URL for the server's cache")
    parser.add_argument("--src", default="", help="serve another source tree (before/after)")
    parser.add_argument(
        "--page-cache", choices=["on", "off"], default="on",
        help="whole pages from the cache (teams.pagecache); off: every page drawn afresh",
    )  # fmt: skip
    parser.add_argument("--packs", action="store_true", help="also the meeting's XLSX pack")
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--json", type=Path, help="write the results here too")
    parser.add_argument(
        "--boards", type=int, default=0, help="SF1: build only this many boards (a quick check)"
    )
    parser.add_argument(
        "--counts",
        type=Path,
        help="instead of wrk: each page's query count, SQL time and slowest statements, as "
        "JSON to this file (Django's test client, the server's settings)",
    )
    parser.add_argument("--explain", type=int, default=3, help="--counts: slowest per page")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "sf1-people":
        child_sf1_people(args.boards)
        return 0
    if args.child == "urls":
        child_urls(args.data)
        return 0
    if args.child == "counts":
        child_counts(args.data, args.explain)
        return 0

    DATA.mkdir(parents=True, exist_ok=True)
    env = server_env(args)
    ready = ensure_demo(args, env) if args.data == "demo" else ensure_sf1(args, env)
    print(ready, flush=True)
    if args.counts:
        return counts(args, env)
    found = json.loads(
        subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--child", "urls", "--data", args.data, "--db", args.db],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    pages = [tuple(p) for p in found["pages"]]
    if args.packs:
        pages.append(("meeting pack (XLSX)", found["manager"], found["xlsx"]))
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        pages = [p for p in pages if p[0] in wanted]

    base = f"http://127.0.0.1:{args.port}"
    command = [str(FIRSTCHOICE), "serve", "--port", str(args.port)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    log = tempfile.NamedTemporaryFile(prefix="p3_serve_", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    results: list[dict[str, object]] = []
    try:
        wait_ready(base, server)
        cookies = {user: login(base, user, found["password"]) for user in {p[1] for p in pages}}
        cached: dict[str, str] = {}
        for name, user, path in pages:
            status, _state = status_of(base + path, cookies[user])
            assert status == 200, f"{name} {path} answered {status}"
            # Warm this page in one process at least; say whether it came from the cache.
            cached[name] = status_of(base + path, cookies[user])[1] or "not cached"
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        lua = Path(script.name)
        floor = wrk(base + "/login/", "", args, lua)
        results.append({"page": "floor: login form", "path": "/login/", **floor})
        for name, user, path in pages:
            measured = wrk(base + path, cookies[user], args, lua)
            results.append({"page": name, "path": path, "page_cache": cached[name], **measured})
            print(f"  {name}: p95 {measured['p95_ms']:.0f} ms, {measured['rps']:.1f}/s", flush=True)
        lua.unlink()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    floor_rps = float(results[0]["rps"])  # type: ignore[arg-type]
    workers = args.workers or "serve's default"
    print(
        f"\n{args.data} on {args.db}, {workers} workers, page cache {args.page_cache}, "
        f"wrk -t{args.threads} "
        f"-c{args.connections} -d{args.duration}s, {time.strftime('%Y-%m-%d %H:%M %Z')}\n"
    )
    print("| page | p50 | p95 | p99 | req/s | share of floor | goal | 2nd read |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for row in results:
        share = float(row["rps"]) / floor_rps  # type: ignore[arg-type]
        row["share"] = share
        p95 = float(row["p95_ms"])  # type: ignore[arg-type]
        goal = "—" if row is results[0] else (
            "met" if p95 < GOAL_P95_MS and share >= GOAL_SHARE else "missed"
        )  # fmt: skip
        errors = f" ({row['errors']} errors)" if row["errors"] else ""
        if not row["requests"]:
            errors = " (none completed: each took longer than the run)"
        print(
            f"| {row['page']} | {row['p50_ms']:,.0f} ms | {p95:,.0f} ms | "
            f"{row['p99_ms']:,.0f} ms | {row['rps']:,.1f}{errors} | {share:.0%} | {goal} | "
            f"{row.get('page_cache', '—')} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    if "--child" in sys.argv and "--src" not in sys.argv:
        sys.path.insert(0, os.environ.get("PYTHONPATH") or str(ROOT / "src"))
    sys.exit(main())
