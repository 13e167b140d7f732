"""P1 import: `firstchoice import-sales` against the floors, and against django-import-export.

    python bench/p1_import.py --csv bench/data/sales_sf1.csv --db both [--repeat N]
    python bench/p1_import.py --compare-import-export [--csv bench/data/sales_100k.csv]

P1 (default). For each database: measure the floor (`bench/floors.py`), then import the
same file with `firstchoice import-sales FILE --format json` into a FRESH database (SQLite:
a new FIRSTCHOICE_VAR_DIR next to the data, as the floor's; PostgreSQL: database `bench_fc`
dropped and created, then migrated) in a child process. Only the import command is timed
(wall time from spawn to exit, interpreter and Django start-up included; migrate is not),
and its peak RSS is the child's own (`os.wait4`). On PostgreSQL the parent also samples
the peak RSS (VmHWM) of the server backends serving `bench_fc`. The import's JSON summary is
checked against the file: rows == data lines, and amount_total / margin_total == the exact
DECIMAL(18,2) sums computed by DuckDB (OK / MISMATCH).

--compare-import-export. The firstchoice importer against django-import-export importing
the same file into SalesLine through a ModelResource (ForeignKeyWidget for the customer and
the salesperson by code, DecimalWidget for amount and margin; `import_data(dataset,
dry_run=False, use_transactions=True, collect_failed_rows=True)` with the library's
defaults otherwise). Each runs in its own database prepared the same way: migrated, the
file imported once with firstchoice and its lines, roll-ups and batch deleted (not rolled
back: a rollback also removes the customers it created), so the customers and salespeople
exist and the lines table is empty. Both
are timed the same way (child process, spawn to exit). When a 2,000-line probe predicts
more than 20 minutes for the whole file, import-export runs on the first 10,000 lines and
its time is extrapolated linearly (said so in the output).

Children run with DEBUG=false (as in production: no query log) and a bench-only SECRET_KEY.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import floors  # bench/floors.py: this script's directory is on sys.path

ROOT = Path(__file__).resolve().parent.parent
FIRSTCHOICE = ROOT / ".venv" / "bin" / "firstchoice"
PG_DATABASE = "bench_fc"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
GOAL_RATIO = 1.3
GOAL_RSS_MB = 300.0
GOAL_SPEEDUP = 50.0
IE_PROBE_LINES = 2_000
IE_SAMPLE_LINES = 10_000
IE_BUDGET_S = 20 * 60
# django-import-export's Resource/ModelResource/widgets work without the app installed
# (checked with 4.4.3): the app only brings the admin integration, templates and static
# files. Set True if a later version needs it.
IE_NEEDS_APP = False
SRC: Path | None = None  # --src


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    summary: dict[str, object]
    backend_peak_mb: float | None = None
    extra: dict[str, object] = field(default_factory=dict)


# --- helpers --------------------------------------------------------------------------


def expected_totals(csv_path: Path, limit: int | None = None) -> tuple[int, Decimal, Decimal]:
    """Data lines and the exact sums of amount and margin, computed by DuckDB (not firstchoice).

    In a child process: the parent must stay small, because a child's peak RSS as `wait4`
    reports it is at least the parent's peak at spawn time (Linux carries the hiwater RSS of
    the memory the child was spawned from across exec). DuckDB in this process would have
    inflated every figure after it.
    """
    argv = [sys.executable, str(Path(__file__).resolve()), "--child-expect", str(csv_path)]
    if limit is not None:
        argv += ["--limit", str(limit)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rows, amount, margin = json.loads(out)
    return int(rows), Decimal(amount), Decimal(margin)


def _expected_totals_work(csv_path: Path, limit: int | None) -> tuple[int, str, str]:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    path = str(csv_path).replace("'", "''")
    source = (
        f"read_csv('{path}', header = true, "
        "types = {'amount': 'DECIMAL(18,2)', 'margin': 'DECIMAL(18,2)'})"
    )
    if limit is not None:
        source = f"(SELECT * FROM {source} LIMIT {int(limit)})"
    rows, amount, margin = con.execute(
        f"SELECT count(*), sum(amount), sum(margin) FROM {source}"
    ).fetchone()  # type: ignore[misc]
    return int(rows), str(amount), str(margin)


def count_lines(csv_path: Path) -> int:
    """Newlines in the file less the header: the file's data lines (no quoted newlines)."""
    n = 0
    with csv_path.open("rb") as f:
        while block := f.read(1 << 20):  # small: see expected_totals
            n += block.count(b"\n")
    return n - 1


def child_env(db: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="firstchoice.settings",
        FIRSTCHOICE_VAR_DIR=str(var_dir),
        DEBUG="false",
        SECRET_KEY="bench-only-not-a-secret",  # noqa: S106
        PYTHONHASHSEED="0",
    )
    if SRC is not None:  # --src: another source tree (e.g. a git worktree) ahead of the venv's
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    if db == "postgres":
        env["DATABASE_URL"] = f"{PG_URL}/{PG_DATABASE}"
    return env


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:  # DDL on databases
        admin.execute(sql)


@contextlib.contextmanager
def fresh_database(db: str, near: Path) -> Iterator[dict[str, str]]:
    """A new empty firstchoice database (not yet migrated); yields the children's env."""
    var_dir = Path(tempfile.mkdtemp(prefix="p1-fc-", dir=near))
    try:
        if db == "postgres":
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            pg_admin(f"CREATE DATABASE {PG_DATABASE}")
        yield child_env(db, var_dir)
    finally:
        if db == "postgres":
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        shutil.rmtree(var_dir, ignore_errors=True)


def firstchoice(env: dict[str, str], *args: str) -> str:
    """Run a firstchoice command untimed (setup steps); returns its stdout."""
    done = subprocess.run(  # noqa: S603 (our own console script)
        [str(FIRSTCHOICE), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"firstchoice {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


class ChildFailed(RuntimeError):
    def __init__(self, argv: list[str], code: int, stderr: str, seconds: float, rss: float):
        lines = [line for line in stderr.splitlines() if line.strip()]
        self.last_line = lines[-1].strip() if lines else f"exit {code}"
        self.seconds, self.peak_rss_mb = seconds, rss
        super().__init__(f"{' '.join(argv[:3])} failed (exit {code}):\n{stderr[-3000:]}")


class BackendWatch(threading.Thread):
    """Samples VmHWM of the PostgreSQL backends connected to `bench_fc` while a child runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.peaks: dict[int, float] = {}

    def run(self) -> None:
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
            while not self.stop.wait(0.2):
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", (PG_DATABASE,)
                ).fetchall()
                for (pid,) in rows:
                    peak = floors._backend_peak_mb(pid)
                    if peak is not None:
                        self.peaks[pid] = max(self.peaks.get(pid, 0.0), peak)

    def peak(self) -> float | None:
        return max(self.peaks.values()) if self.peaks else None


def timed_child(argv: list[str], env: dict[str, str], watch_pg: bool) -> Run:
    """Spawn, wait, and return wall seconds, the child's own peak RSS and its JSON stdout."""
    watch = BackendWatch() if watch_pg else None
    if watch:
        watch.start()
        time.sleep(0.3)  # let the watcher connect before the child does
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=err)  # noqa: S603
        assert child.stdout is not None
        out = child.stdout.read()
        child.stdout.close()
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage (KiB)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if watch:
            watch.stop.set()
            watch.join()
        if child.returncode != 0:
            err.seek(0)
            stderr = err.read().decode(errors="replace")
            raise ChildFailed(argv, child.returncode, stderr, seconds, usage.ru_maxrss / 1024)
    summary = json.loads(out.decode().strip().splitlines()[-1])
    return Run(seconds, usage.ru_maxrss / 1024, summary, watch.peak() if watch else None)


def check(summary: dict[str, object], lines: int, amount: Decimal, margin: Decimal) -> str:
    problems = []
    if summary.get("rows") != lines:
        problems.append(f"rows {summary.get('rows')} != {lines} lines")
    if Decimal(str(summary.get("amount_total"))) != amount:
        problems.append(f"amount_total {summary.get('amount_total')} != {amount}")
    if Decimal(str(summary.get("margin_total"))) != margin:
        problems.append(f"margin_total {summary.get('margin_total')} != {margin}")
    return "OK" if not problems else "MISMATCH: " + "; ".join(problems)


def goal_text(ratio: float, floor_s: float, rss_mb: float) -> str:
    parts = []
    if ratio <= GOAL_RATIO:
        parts.append(f"time met ({ratio:.2f}× ≤ {GOAL_RATIO}×)")
    else:
        parts.append(
            f"time missed by {ratio / GOAL_RATIO:.2f}× (needs ≤ {GOAL_RATIO * floor_s:.1f} s)"
        )
    if rss_mb <= GOAL_RSS_MB:
        parts.append(f"RSS met ({rss_mb:.0f} ≤ {GOAL_RSS_MB:.0f} MB)")
    else:
        parts.append(f"RSS missed by {rss_mb - GOAL_RSS_MB:.0f} MB")
    return "; ".join(parts)


def provenance() -> str:
    src = SRC or ROOT / "src"

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=src, capture_output=True, text=True)  # noqa: S603, S607
        return done.stdout.strip()

    dirty = [line[3:] for line in git("status", "--porcelain", ".").splitlines()]
    sales = src / "firstchoice/sales"
    sources = {
        "importer": [sales / "importer.py", sales / "bulk.py"],
        "parsing": sorted(sales.glob("parsing/*.py")),
    }
    digests = {
        name: hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()[:12]
        for name, paths in sources.items()
    }
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    head = git("rev-parse", "--short", "HEAD")
    version = f"git {head}, {len(dirty)} changed paths" if head else "not a git checkout"
    return (
        f"source {src}: {version}; "
        f"sha256 importer.py+bulk.py {digests['importer']}, parsing/ {digests['parsing']}; "
        f"load average {load} ({os.cpu_count()} CPUs)"
    )


def load_average() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def parent_peak_mb() -> float:
    """This process's peak RSS: a floor under every child's figure (see expected_totals)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- P1: firstchoice against the floors ------------------------------------------------


def p1(csv_path: Path, dbs: list[str], repeat: int, as_json: bool) -> int:
    lines = count_lines(csv_path)
    started = time.perf_counter()
    rows, amount, margin = expected_totals(csv_path)
    print(
        f"{csv_path.name}: {lines:,} lines; DuckDB: {rows:,} rows, amount {amount}, "
        f"margin {margin} ({time.perf_counter() - started:.1f} s, not timed)",
        flush=True,
    )
    if rows != lines:
        print(f"warning: DuckDB counts {rows:,} rows, the file has {lines:,} lines")
    print(provenance(), flush=True)
    failed = False
    table = []
    for db in dbs:
        floor_runs: list[floors.Floor] = []
        fc_runs: list[Run] = []
        for i in range(repeat):
            floor = floors.measure(db, csv_path)
            floor_runs.append(floor)
            print(
                f"[{db} {i + 1}/{repeat}] floor {floor.seconds:.2f} s, {floor.peak_rss_mb:.0f} MB "
                f"({load_average()})",
                flush=True,
            )
            with fresh_database(db, csv_path.parent) as env:
                firstchoice(env, "migrate", "-v0")
                argv = [str(FIRSTCHOICE), "import-sales", str(csv_path), "--format", "json"]
                try:
                    run = timed_child(argv, env, watch_pg=db == "postgres")
                except ChildFailed as exc:
                    run = Run(exc.seconds, exc.peak_rss_mb, {})
                    run.extra["failure"] = exc.last_line
            if "failure" in run.extra:
                run.extra["check"] = f"FAILED after {run.seconds:.1f} s: {run.extra['failure']}"
            else:
                run.extra["check"] = check(run.summary, lines, amount, margin)
            failed |= run.extra["check"] != "OK"
            fc_runs.append(run)
            backend = f", backend {run.backend_peak_mb:.0f} MB" if run.backend_peak_mb else ""
            print(
                f"[{db} {i + 1}/{repeat}] firstchoice {run.seconds:.2f} s, "
                f"{run.peak_rss_mb:.0f} MB{backend}, ratio {run.seconds / floor.seconds:.2f}×; "
                f"{run.extra['check']} ({load_average()})",
                flush=True,
            )
        best_floor = min(floor_runs, key=lambda f: f.seconds)
        best = min(fc_runs, key=lambda r: r.seconds)
        ratio = best.seconds / best_floor.seconds
        rss = max(r.peak_rss_mb for r in fc_runs)
        backend_peaks = [r.backend_peak_mb for r in fc_runs if r.backend_peak_mb is not None]
        table.append(
            {
                "csv": csv_path.name,
                "db": db,
                "floor_s": round(best_floor.seconds, 2),
                "floor_runs_s": [round(f.seconds, 2) for f in floor_runs],
                "floor_rss_mb": round(best_floor.peak_rss_mb, 1),
                "firstchoice_s": round(best.seconds, 2),
                "firstchoice_runs_s": [round(r.seconds, 2) for r in fc_runs],
                "ratio": round(ratio, 2),
                "peak_rss_mb": round(rss, 1),
                "backend_peak_mb": round(max(backend_peaks), 1) if backend_peaks else None,
                "check": "OK"
                if all(r.extra["check"] == "OK" for r in fc_runs)
                else "FAILED"
                if any("failure" in r.extra for r in fc_runs)
                else "MISMATCH",
                "goal": goal_text(ratio, best_floor.seconds, rss),
            }
        )
    print()
    for row in table:
        if as_json:
            print(json.dumps(row))
            continue
        backend = (
            f" (PostgreSQL backend {row['backend_peak_mb']} MB)" if row["backend_peak_mb"] else ""
        )
        print(
            f"{row['db']:8}  floor {row['floor_s']:8.2f} s   "
            f"firstchoice {row['firstchoice_s']:8.2f} s"
            f"   ratio {row['ratio']:6.2f}×   peak RSS {row['peak_rss_mb']:6.0f} MB{backend}"
            f"   {row['check']}\n          goal ≤ {GOAL_RATIO}× floor, ≤ {GOAL_RSS_MB:.0f} MB: "
            f"{row['goal']}   (runs: floor {row['floor_runs_s']}, "
            f"firstchoice {row['firstchoice_runs_s']})"
        )
    print(f"(this script's own peak RSS: {parent_peak_mb():.0f} MB; children report at least it)")
    return 1 if failed else 0


# --- django-import-export comparison ---------------------------------------------------


def _sales_line_resource() -> type:
    """The ModelResource, as the library's documentation builds one (after django.setup())."""
    from import_export import fields, resources, widgets

    from firstchoice.customers.models import Customer
    from firstchoice.sales.models import SalesLine
    from firstchoice.teams.models import Salesperson

    class SalesLineResource(resources.ModelResource):
        customer = fields.Field(
            attribute="customer",
            column_name="customer_code",
            widget=widgets.ForeignKeyWidget(Customer, field="code"),
        )
        salesperson = fields.Field(
            attribute="salesperson",
            column_name="salesperson",
            widget=widgets.ForeignKeyWidget(Salesperson, field="code"),
        )
        # MoneyField is a BigIntegerField of cents: left to the default IntegerWidget,
        # 20321.50 would import as 20321, so amounts are read as decimals.
        amount = fields.Field(
            attribute="amount", column_name="amount", widget=widgets.DecimalWidget()
        )
        margin = fields.Field(
            attribute="margin", column_name="margin", widget=widgets.DecimalWidget()
        )

        class Meta:
            model = SalesLine
            fields = (
                "id",  # import_id_fields' default; the file has no id column: every row is new
                "invoice_date",
                "customer",
                "salesperson",
                "amount",
                "margin",
                "payment_terms",
                "invoice_no",
                "line_no",
                "product",
                "quantity",
            )

    return SalesLineResource


def _ie_child(csv_path: Path, limit: int | None, rollback: bool) -> dict[str, object]:
    """Import the file (or its first `limit` lines) with django-import-export; in the child."""
    import django
    from django.conf import settings

    if IE_NEEDS_APP and "import_export" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "import_export"]
    django.setup()
    import import_export
    import tablib
    from django.db import transaction
    from django.db.models import Count, Sum

    from firstchoice.sales.models import SalesLine

    resource = _sales_line_resource()()
    started = time.perf_counter()
    with csv_path.open(encoding="utf-8", newline="") as f:
        text = (
            f.read()
            if limit is None
            else "".join(line for _, line in zip(range(limit + 1), f, strict=False))
        )
    dataset = tablib.Dataset().load(text, format="csv")
    loaded = time.perf_counter()
    with transaction.atomic():  # a probe is rolled back; otherwise this commits as usual
        result = resource.import_data(
            dataset, dry_run=False, use_transactions=True, collect_failed_rows=True
        )
        done = time.perf_counter()
        totals = SalesLine.objects.aggregate(
            amount=Sum("amount"), margin=Sum("margin"), lines=Count("id")
        )
        if rollback:
            transaction.set_rollback(True)
    return {
        "seconds_inside": done - started,
        "load_s": loaded - started,
        "import_data_s": done - loaded,
        "rows": totals["lines"],
        "amount_total": str(totals["amount"]),
        "margin_total": str(totals["margin"]),
        "has_errors": result.has_errors(),
        "invalid_rows": len(result.invalid_rows),
        "failed_rows": len(result.failed_dataset) if result.failed_dataset is not None else 0,
        "totals": dict(result.totals),
        "import_export": import_export.__version__,
    }


KEEP_CUSTOMERS_ONLY = """
from firstchoice.sales.models import CreatedByImport, ImportBatch, MonthlySales, SalesLine
for model in (SalesLine, MonthlySales, CreatedByImport, ImportBatch):
    rows = model.objects.all()
    rows._raw_delete(rows.db)
"""


def prepared_database(db: str, csv_path: Path) -> contextlib.AbstractContextManager[dict[str, str]]:
    """Fresh, migrated, customers and salespeople present, no lines: import once, then
    delete the lines, roll-ups and batches."""

    @contextlib.contextmanager
    def cm() -> Iterator[dict[str, str]]:
        with fresh_database(db, csv_path.parent) as env:
            firstchoice(env, "migrate", "-v0")
            out = firstchoice(env, "import-sales", str(csv_path), "--format", "json")
            json.loads(out.strip().splitlines()[-1])  # imported
            # Not `import-batches --rollback`: since issue 15 a rollback also removes the
            # customers and salespeople the batch created, and both sides must find them.
            firstchoice(env, "shell", "-c", KEEP_CUSTOMERS_ONLY)
            yield env

    return cm()


def compare(csv_path: Path, dbs: list[str], limit_arg: str, as_json: bool) -> int:
    lines = count_lines(csv_path)
    _rows, amount, margin = expected_totals(csv_path)
    print(f"{csv_path.name}: {lines:,} lines; DuckDB amount {amount}, margin {margin}")
    print(provenance(), flush=True)
    failed = False
    me = [sys.executable, str(Path(__file__).resolve())]
    for db in dbs:
        with prepared_database(db, csv_path) as env:
            argv = [str(FIRSTCHOICE), "import-sales", str(csv_path), "--format", "json"]
            fc = timed_child(argv, env, watch_pg=False)
        fc_check = check(fc.summary, lines, amount, margin)
        print(
            f"[{db}] firstchoice {fc.seconds:.2f} s, {fc.peak_rss_mb:.0f} MB; {fc_check}",
            flush=True,
        )
        with prepared_database(db, csv_path) as env:
            startup = timed_child(
                [*me, "--child-startup"], env, watch_pg=False
            )  # interpreter + django.setup() + the Resource class, no work
            if limit_arg == "auto":
                probe = timed_child(
                    [
                        *me,
                        "--child-ie",
                        str(csv_path),
                        "--limit",
                        str(IE_PROBE_LINES),
                        "--rollback",
                    ],
                    env,
                    watch_pg=False,
                )
                per_line = float(probe.summary["seconds_inside"]) / IE_PROBE_LINES  # type: ignore[arg-type]
                predicted = per_line * lines
                limit = IE_SAMPLE_LINES if predicted > IE_BUDGET_S else None
                print(
                    f"[{db}] import-export probe: {IE_PROBE_LINES:,} lines in "
                    f"{probe.summary['seconds_inside']:.2f} s → {predicted / 60:.1f} min predicted "
                    f"for {lines:,}; "
                    + (f"measuring the first {limit:,} lines" if limit else "measuring all"),
                    flush=True,
                )
            else:
                limit = None if limit_arg == "all" else int(limit_arg)
            limit = None if limit is not None and limit >= lines else limit
            argv = [*me, "--child-ie", str(csv_path)]
            if limit:
                argv += ["--limit", str(limit)]
            ie = timed_child(argv, env, watch_pg=False)
        n = limit or lines
        exp = (n, amount, margin) if limit is None else expected_totals(csv_path, limit)
        ie_check = check(ie.summary, *exp)
        if ie.summary["failed_rows"] or ie.summary["has_errors"]:
            ie_check += f" (failed rows {ie.summary['failed_rows']})"
        failed |= fc_check != "OK" or ie_check != "OK"
        # Extrapolate the work, not the start-up: seconds = start-up + per-line × lines.
        work = ie.seconds - startup.seconds
        ie_total = startup.seconds + work * lines / n
        speedup = ie_total / fc.seconds
        result = {
            "csv": csv_path.name,
            "db": db,
            "firstchoice_s": round(fc.seconds, 2),
            "firstchoice_rss_mb": round(fc.peak_rss_mb, 1),
            "import_export_lines_measured": n,
            "import_export_measured_s": round(ie.seconds, 2),
            "import_export_s": round(ie_total, 1),
            "extrapolated": limit is not None,
            "import_export_rss_mb": round(ie.peak_rss_mb, 1),
            "import_export_detail": {
                k: ie.summary[k] for k in ("load_s", "import_data_s", "totals", "import_export")
            },
            "startup_s": round(startup.seconds, 2),
            "speedup": round(speedup, 1),
            "goal": (
                f"met ({speedup:.0f}× ≥ {GOAL_SPEEDUP:.0f}×)"
                if speedup >= GOAL_SPEEDUP
                else f"missed ({speedup:.1f}× < {GOAL_SPEEDUP:.0f}×)"
            ),
            "checks": {"firstchoice": fc_check, "import_export": ie_check},
        }
        if as_json:
            print(json.dumps(result))
            continue
        how = (
            f"{ie.seconds:.1f} s for the first {n:,} lines, extrapolated to {lines:,}: "
            f"{ie_total:.0f} s"
            if limit
            else f"{ie_total:.1f} s"
        )
        print(
            f"\n{db}: firstchoice {fc.seconds:.2f} s ({fc.peak_rss_mb:.0f} MB)   "
            f"django-import-export {how} ({ie.peak_rss_mb:.0f} MB; Dataset load "
            f"{ie.summary['load_s']:.2f} s, import_data {ie.summary['import_data_s']:.1f} s)\n"
            f"   firstchoice is {speedup:.0f}× faster; goal ≥ {GOAL_SPEEDUP:.0f}×: {result['goal']}"
            f"   (both timed spawn to exit; start-up alone {startup.seconds:.2f} s)\n"
            f"   checks: firstchoice {fc_check}; import-export {ie_check}"
        )
    print(f"(this script's own peak RSS: {parent_peak_mb():.0f} MB; children report at least it)")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, help="the sales file (default per mode)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default=None)
    parser.add_argument("--repeat", type=int, default=1, help="runs per database; best is kept")
    parser.add_argument("--compare-import-export", action="store_true")
    parser.add_argument(
        "--ie-lines",
        default="auto",
        help="import-export: 'auto' (probe, sample when over 20 min), 'all', or N first lines",
    )
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    parser.add_argument(
        "--src",
        type=Path,
        help="run firstchoice from this source tree (e.g. a git worktree's src/) instead",
    )
    parser.add_argument("--child-ie", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-expect", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-startup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rollback", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    global SRC
    SRC = args.src.resolve() if args.src else None

    if args.child_expect:
        print(json.dumps(_expected_totals_work(args.child_expect, args.limit)))
        return 0
    if args.child_ie:
        print(json.dumps(_ie_child(args.child_ie, args.limit, args.rollback)))
        return 0
    if args.child_startup:
        import django

        django.setup()
        _sales_line_resource()
        print("{}")
        return 0

    default = "sales_100k.csv" if args.compare_import_export else "sales_sf1.csv"
    csv_path = (args.csv or ROOT / "bench" / "data" / default).resolve()
    if not csv_path.is_file():
        parser.error(f"{csv_path} not found (bench/generate_tpch.py makes it)")
    db = args.db or ("sqlite" if args.compare_import_export else "both")
    dbs = ["sqlite", "postgres"] if db == "both" else [db]
    if args.compare_import_export:
        return compare(csv_path, dbs, args.ie_lines, args.json)
    return p1(csv_path, dbs, args.repeat, args.json)


if __name__ == "__main__":
    sys.exit(main())
