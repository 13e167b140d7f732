"""Floors: the least work any importer or report could do with a sales file.

    python bench/floors.py bench/data/sales_sf1.csv                # all three
    python bench/floors.py bench/data/sales_sf1.csv --only sqlite --repeat 3

* sqlite   — csv.reader → sqlite3.executemany into a bare table (no types, no indexes, no
             validation), fresh database file, WAL, synchronous=NORMAL, one transaction,
             batches of 10,000 rows.
* postgres — psycopg 3 ``COPY … FROM STDIN (FORMAT csv, HEADER true)`` of the raw file in
             1 MB chunks into a TEXT-columns table of a fresh database ``bench_floor``.
* duckdb   — read the CSV and compute, per salesperson × customer, sum(amount), sum(margin)
             and count(*) over the trailing 12 months as of 1998-08-02 and the same over the
             12 months before (year-over-year growth): the analytics floor.

Each floor runs in its own child process so its peak RSS is its own: ``os.wait4`` returns
the child's resource usage (``getrusage(RUSAGE_CHILDREN)`` would report the maximum over
every child so far). Seconds are wall time of the work alone, measured inside the child
(interpreter start-up, imports and the fresh database are not counted).

Benchmarks import ``measure(kind, csv_path)`` to get a floor in the same run as their own
figure.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

KINDS = ("sqlite", "postgres", "duckdb")
BATCH = 10_000
CHUNK = 1 << 20
PG_DSN = os.environ.get("BENCH_PG_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
PG_DATABASE = "bench_floor"
# The last order date of TPC-H; the same inclusive windows as firstchoice.lib.dates.
AS_OF = dt.date(1998, 8, 2)


@dataclass
class Floor:
    kind: str
    seconds: float
    peak_rss_mb: float
    rows: int
    extra: dict[str, object] = field(default_factory=dict)


# --- the work, run inside the child -----------------------------------------------------


def _sqlite_work(csv_path: Path) -> dict[str, object]:
    tmpdir = tempfile.mkdtemp(prefix="floor-sqlite-", dir=csv_path.parent)
    try:
        db = sqlite3.connect(Path(tmpdir) / "floor.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        rows = 0
        started = time.perf_counter()
        with csv_path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            columns = ", ".join(f'"{c}"' for c in header)
            marks = ", ".join("?" * len(header))
            db.execute(f"CREATE TABLE sales ({columns})")
            insert = f"INSERT INTO sales VALUES ({marks})"
            db.execute("BEGIN")
            while batch := list(itertools.islice(reader, BATCH)):
                db.executemany(insert, batch)
                rows += len(batch)
            db.execute("COMMIT")
        seconds = time.perf_counter() - started
        db.close()
        return {"seconds": seconds, "rows": rows, "sqlite": sqlite3.sqlite_version}
    finally:
        shutil.rmtree(tmpdir)


def _backend_peak_mb(pid: int) -> float | None:
    """VmHWM of a PostgreSQL backend: its peak RSS, shared buffers it touched included."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _postgres_work(csv_path: Path) -> dict[str, object]:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    with psycopg.connect(PG_DSN, autocommit=True) as admin:  # CREATE DATABASE needs it
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    dsn = make_conninfo(**{**conninfo_to_dict(PG_DSN), "dbname": PG_DATABASE})
    try:
        with psycopg.connect(dsn) as conn:
            with csv_path.open(newline="", encoding="utf-8") as f:
                header = next(csv.reader(f))
            columns = ", ".join(f'"{c}" text' for c in header)
            conn.execute(f"CREATE TABLE sales ({columns})")
            conn.commit()
            server = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            backend = conn.info.backend_pid
            started = time.perf_counter()
            with conn.cursor() as cur:
                with (
                    cur.copy("COPY sales FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
                    csv_path.open("rb") as f,
                ):
                    while chunk := f.read(CHUNK):
                        copy.write(chunk)
                rows = cur.rowcount
            conn.commit()
            seconds = time.perf_counter() - started
            server_peak = _backend_peak_mb(backend)
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    return {
        "seconds": seconds,
        "rows": rows,
        "postgresql": server,
        "backend_peak_rss_mb": server_peak,
    }


def duckdb_query(csv_path: Path, as_of: dt.date = AS_OF) -> str:
    """The analytics floor: per salesperson × customer, T12M and the prior 12 months."""

    def add_months(d: dt.date, months: int) -> dt.date:
        y, m = divmod(d.month - 1 + months, 12)
        year, month = d.year + y, m + 1
        for day in (d.day, 30, 29, 28):  # clamp to the month's length
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
        raise AssertionError("unreachable")

    # Inclusive windows ending on as_of, as trailing_twelve_months() in firstchoice.lib.dates.
    t12_from = add_months(as_of, -12) + dt.timedelta(days=1)
    prior_from, prior_to = add_months(as_of, -24) + dt.timedelta(days=1), t12_from - dt.timedelta(1)
    current = f"invoice_date BETWEEN DATE '{t12_from}' AND DATE '{as_of}'"
    prior = f"invoice_date BETWEEN DATE '{prior_from}' AND DATE '{prior_to}'"
    path = str(csv_path).replace("'", "''")
    return f"""
        SELECT salesperson, customer_code,
               sum(amount) FILTER ({current})  AS t12m_amount,
               sum(margin) FILTER ({current})  AS t12m_margin,
               count(*)    FILTER ({current})  AS t12m_lines,
               sum(amount) FILTER ({prior})    AS prior_amount,
               sum(margin) FILTER ({prior})    AS prior_margin,
               count(*)    FILTER ({prior})    AS prior_lines,
               (sum(amount) FILTER ({current})) / nullif(sum(amount) FILTER ({prior}), 0) - 1
                                               AS yoy_growth
        FROM read_csv_auto('{path}', header = true,
                           types = {{'amount': 'DECIMAL(18,2)', 'margin': 'DECIMAL(18,2)'}})
        WHERE invoice_date BETWEEN DATE '{prior_from}' AND DATE '{as_of}'
        GROUP BY salesperson, customer_code
    """


def _duckdb_work(csv_path: Path) -> dict[str, object]:
    import duckdb

    # No progress bar: it would write into the JSON this child prints on stdout.
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    query = duckdb_query(csv_path)
    started = time.perf_counter()
    # Materialise the result in DuckDB: the floor is the aggregation, not a Python fetch.
    con.execute(f"CREATE TEMP TABLE result AS {query}")
    seconds = time.perf_counter() - started
    groups, in_windows = con.execute(
        "SELECT count(*), sum(t12m_lines) + sum(prior_lines) FROM result"
    ).fetchone()  # type: ignore[misc]
    path = str(csv_path).replace("'", "''")
    rows = con.execute(f"SELECT count(*) FROM read_csv_auto('{path}')").fetchone()[0]  # type: ignore[index]
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]  # type: ignore[index]
    return {
        "seconds": seconds,
        "rows": rows,
        "groups": groups,
        "lines_in_windows": int(in_windows),
        "duckdb": duckdb.__version__,
        "threads": threads,
    }


WORK = {"sqlite": _sqlite_work, "postgres": _postgres_work, "duckdb": _duckdb_work}


# --- the parent -------------------------------------------------------------------------


def measure(kind: str, csv_path: str | os.PathLike[str]) -> Floor:
    """Run one floor in a child process; wall seconds of the work and the child's peak RSS."""
    if kind not in WORK:
        raise ValueError(f"unknown floor {kind!r}: one of {', '.join(KINDS)}")
    argv = [sys.executable, __file__, "--child", kind, str(Path(csv_path).resolve())]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE)  # noqa: S603 (our own script)
    assert child.stdout is not None
    out = child.stdout.read()
    child.stdout.close()
    # wait4 gives this child's own rusage; ru_maxrss is in KiB on Linux.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{kind} floor failed (exit {child.returncode})")
    result = json.loads(out)
    seconds, rows = result.pop("seconds"), result.pop("rows")
    return Floor(kind, seconds, usage.ru_maxrss / 1024, rows, result)


def sqlite_floor(csv_path: str | os.PathLike[str]) -> Floor:
    return measure("sqlite", csv_path)


def postgres_floor(csv_path: str | os.PathLike[str]) -> Floor:
    return measure("postgres", csv_path)


def duckdb_floor(csv_path: str | os.PathLike[str]) -> Floor:
    return measure("duckdb", csv_path)


def best_of(kind: str, csv_path: str | os.PathLike[str], repeat: int) -> Floor:
    """The fastest of `repeat` runs (a floor is a lower bound; noise only adds time)."""
    runs = [measure(kind, csv_path) for _ in range(repeat)]
    best = min(runs, key=lambda r: r.seconds)
    best.extra["runs_s"] = [round(r.seconds, 2) for r in runs]
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--only", default=",".join(KINDS), help="comma-separated floors")
    parser.add_argument("--repeat", type=int, default=1, help="runs per floor; best is kept")
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(WORK[args.child](args.csv)))
        return 0
    if not args.csv.is_file():
        parser.error(f"{args.csv} not found (bench/generate_tpch.py makes it)")
    size_mb = args.csv.stat().st_size / 1e6
    for kind in args.only.split(","):
        floor = best_of(kind.strip(), args.csv, args.repeat)
        if args.json:
            print(json.dumps({"csv": str(args.csv), "mb": size_mb, **asdict(floor)}))
            continue
        rate = floor.rows / floor.seconds if floor.seconds else 0.0
        print(
            f"{floor.kind:9} {floor.seconds:8.2f} s  {floor.peak_rss_mb:8.1f} MB peak RSS  "
            f"{floor.rows:>11,} rows  {rate:>11,.0f} rows/s  {floor.extra}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
