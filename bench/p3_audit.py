"""P3 audit: the top-customer audit (M8) of 1,000 salespeople × 20 listed customers on TPC-H
SF1, against DuckDB computing the same shares from the CSV.

    python bench/p3_audit.py --csv bench/data/sales_sf1.csv --db sqlite|postgres|both

The firstchoice database is the one bench/p2_analytics.py builds (reused when it holds the
file's lines). In the same run:

(0) the lists: every salesperson's 20 largest customers over the whole file (a "top 20"
    list, as the article's manager audited), written by DuckDB to bench/data/lists_sf1.csv;
    target potentials for four customers in five (custkey % 5 > 0: 3 × the customer's
    average yearly sales; TPC-H customers with custkey % 3 = 0 never order), written to
    bench/data/potentials_sf1.csv. Both deterministic.
(1) firstchoice: `firstchoice import-portfolios` loads the lists (timed, reported, not part
    of the ratio); the potentials are bulk-inserted as estimates (set-up, not timed);
    company settings: top 10 %, margin ≥ 10 %, potential ≥ 100,000.
(2) the floor: DuckDB reads the sales CSV, the lists and the potentials and computes the
    same audit — T12M per customer as of 1998-08-02, the top-10 % threshold over buying
    customers, per entry COD and the three criteria, per-salesperson counts, customers on
    several lists, lists breaking 5+5+5 — materialised in DuckDB; in its own child.
(3) firstchoice: `portfolio.audit.run_audit` over every salesperson, as of 1998-08-02, plus
    `as_json()` (what the CLI and API print), in a child: wall seconds of the call alone.

The two results are compared (listed, COD, failing per criterion, duplicates, shape breaks)
and the ratio (3)/(2) printed; goal ≤ 2×.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import floors  # bench/: this script's directory is on sys.path
import p2_analytics as p2

ROOT = Path(__file__).resolve().parent.parent
AS_OF = floors.AS_OF
YEAR = 1998
GOAL_RATIO = 2.0
LISTED = 20
MIN_POTENTIAL = 100_000
MIN_MARGIN = 10
TOP_PERCENT = 10


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _source(csv_path: Path) -> str:
    types = "{'amount': 'DECIMAL(18,2)', 'margin': 'DECIMAL(18,2)'}"
    return f"read_csv_auto('{_quote(csv_path)}', header = true, types = {types})"


def write_inputs(csv_path: Path, lists: Path, potentials: Path) -> None:
    """The lists and potentials both sides read (deterministic; skipped when present)."""
    if lists.is_file() and potentials.is_file():
        return
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    src = _source(csv_path)
    con.execute(f"CREATE TEMP TABLE sales AS SELECT * FROM {src}")
    con.execute(
        f"""COPY (
            SELECT salesperson, customer_code FROM (
                SELECT salesperson, customer_code,
                       row_number() OVER (PARTITION BY salesperson
                                          ORDER BY sum(amount) DESC, customer_code) AS place
                FROM sales GROUP BY salesperson, customer_code)
            WHERE place <= {LISTED} ORDER BY salesperson, place
        ) TO '{_quote(lists)}' (HEADER, DELIMITER ',')"""
    )
    con.execute(
        f"""COPY (
            SELECT customer_code,
                   round(sum(amount) * 3 / 6.6, 2) AS target
            FROM sales WHERE customer_code % 5 > 0 GROUP BY customer_code ORDER BY customer_code
        ) TO '{_quote(potentials)}' (HEADER, DELIMITER ',')"""
    )


def floor_query(csv_path: Path, lists: Path, potentials: Path) -> str:
    t12_from = t12_start()
    src = _source(csv_path)
    return f"""
        WITH t12 AS (
            SELECT customer_code, sum(amount) AS revenue, sum(margin) AS margin
            FROM {src}
            WHERE invoice_date BETWEEN DATE '{t12_from}' AND DATE '{AS_OF}'
            GROUP BY customer_code),
        terms AS (
            SELECT customer_code, arg_max(payment_terms, invoice_date) AS terms
            FROM {src} GROUP BY customer_code),
        ranked AS (SELECT revenue, row_number() OVER (ORDER BY revenue DESC) AS place,
                          count(*) OVER () AS buyers FROM t12 WHERE revenue > 0),
        threshold AS (SELECT min(revenue) AS top FROM ranked
                      WHERE place <= ceil(buyers * {TOP_PERCENT} / 100.0)),
        listed AS (SELECT * FROM read_csv_auto('{_quote(lists)}', header = true)),
        pot AS (SELECT * FROM read_csv_auto('{_quote(potentials)}', header = true)),
        entries AS (
            SELECT l.salesperson, l.customer_code,
                   coalesce(terms.terms = 'COD', false) AS cod,
                   coalesce(t12.revenue, 0) < (SELECT top FROM threshold) AS f_revenue,
                   coalesce(t12.revenue, 0) <= 0
                       OR t12.margin * 100 < {MIN_MARGIN} * t12.revenue AS f_margin,
                   pot.target IS NULL OR pot.target <= 0 OR pot.target < {MIN_POTENTIAL}
                       AS f_potential
            FROM listed l
            LEFT JOIN t12 USING (customer_code)
            LEFT JOIN terms USING (customer_code)
            LEFT JOIN pot USING (customer_code)),
        per_person AS (
            SELECT salesperson, count(*) AS listed, count(*) FILTER (cod) AS cod,
                   count(*) FILTER (f_revenue OR f_margin OR f_potential) AS failing,
                   count(*) FILTER (f_revenue) AS revenue, count(*) FILTER (f_margin) AS margin,
                   count(*) FILTER (f_potential) AS potential
            FROM entries GROUP BY salesperson)
        SELECT sum(listed) AS listed, sum(cod) AS cod, sum(failing) AS failing,
               sum(revenue) AS revenue, sum(margin) AS margin, sum(potential) AS potential,
               sum(cod) / sum(listed) AS cod_share, sum(failing) / sum(listed) AS failing_share,
               count(*) AS salespeople,
               (SELECT count(*) FROM (SELECT customer_code FROM listed GROUP BY customer_code
                                      HAVING count(DISTINCT salesperson) > 1)) AS duplicates,
               -- an untiered list of any length breaks the 5+5+5 shape
               count(*) AS shape_breaks
        FROM per_person
    """


def t12_start() -> object:
    """First day of the trailing 12 months ending on AS_OF (as firstchoice.lib.dates)."""
    import datetime as dt

    return AS_OF.replace(year=AS_OF.year - 1) + dt.timedelta(days=1)


def child_floor(csv_path: Path, lists: Path, potentials: Path) -> dict[str, object]:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    started = time.perf_counter()
    con.execute(f"CREATE TEMP TABLE result AS {floor_query(csv_path, lists, potentials)}")
    seconds = time.perf_counter() - started
    row = con.execute("SELECT * FROM result").fetchone()
    names = [d[0] for d in con.description]  # type: ignore[union-attr]
    result = {
        k: (round(float(v), 4) if k.endswith("share") else int(v))
        for k, v in zip(names, row, strict=True)
    }  # type: ignore[arg-type]
    return {
        "seconds": seconds,
        "result": result,
        "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
    }  # type: ignore[index]


def child_prepare(potentials: Path) -> dict[str, object]:
    p2._setup()
    import csv
    from decimal import Decimal

    from firstchoice.customers.models import Customer, TargetPotential
    from firstchoice.teams.models import CompanySettings

    company = CompanySettings.load()
    company.top_customer_percent = TOP_PERCENT
    company.min_margin_percent = Decimal(MIN_MARGIN)
    company.min_target_potential = Decimal(MIN_POTENTIAL)
    company.save()
    TargetPotential.objects.filter(source="bench").delete()  # the file may have changed
    ids = dict(Customer.objects.values_list("code", "id"))
    with potentials.open() as fh:
        rows = [
            TargetPotential(
                customer_id=ids[row["customer_code"]],
                estimated_on=AS_OF,
                total=Decimal(row["target"]),
                other_channels=Decimal(0),
                confidence=50,
                source="bench",
            )
            for row in csv.DictReader(fh)
        ]
    TargetPotential.objects.bulk_create(rows, batch_size=5000)
    return {"potentials": len(rows)}


def child_audit() -> dict[str, object]:
    p2._setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from firstchoice.portfolio.audit import run_audit
    from firstchoice.teams.models import Salesperson

    connection.ensure_connection()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        data = run_audit(Salesperson.objects.all(), YEAR, as_of=AS_OF).as_json()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "queries": len(ctx.captured_queries),
        "result": {
            "listed": data["listed"],
            "cod": data["cod"],
            "failing": data["failing_count"],
            **data["failing"],
            "cod_share": data["cod_share"],
            "failing_share": data["failing_share"],
            "salespeople": data["salespeople"],
            "duplicates": len(data["duplicates"]),
            "shape_breaks": len(data["shape_breaks"]),
        },
    }


def run_child(mode: str, env: dict[str, str], *extra: str) -> dict[str, object]:
    argv = [sys.executable, __file__, "--child", mode, *extra]
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE)  # noqa: S603
    assert child.stdout is not None
    out = child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{mode} failed")
    result: dict[str, object] = json.loads(out.decode().strip().splitlines()[-1])
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=ROOT / "bench/data/sales_sf1.csv")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--sqlite-path", type=Path, default=Path("/tmp/sf1.sqlite3"))  # noqa: S108
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    csv_path = args.csv.resolve()
    lists = csv_path.with_name("lists_sf1.csv")
    potentials = csv_path.with_name("potentials_sf1.csv")

    if args.child:
        result = {
            "inputs": lambda: write_inputs(csv_path, lists, potentials) or {},
            "floor": lambda: child_floor(csv_path, lists, potentials),
            "prepare": lambda: child_prepare(potentials),
            "audit": child_audit,
        }[args.child]()
        print(json.dumps(result))
        return 0

    # In a child: DuckDB's memory would otherwise count in every later child's peak RSS
    # (Linux keeps ru_maxrss across fork and exec).
    run_child("inputs", dict(os.environ), "--csv", str(csv_path))
    floor = run_child("floor", dict(os.environ), "--csv", str(csv_path))
    print(json.dumps({"floor": "duckdb", **floor}), flush=True)
    engines = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for db in engines:
        env = p2.child_env(db, args.sqlite_path.resolve())
        how = p2.ensure_database(db, env, csv_path, args.sqlite_path.resolve())
        started = time.perf_counter()
        p2.firstchoice(
            env, "import-portfolios", str(lists), "--year", str(YEAR), "--format", "json"
        )
        import_s = time.perf_counter() - started
        prepared = run_child("prepare", env, "--csv", str(csv_path))
        audit = run_child("audit", env, "--csv", str(csv_path))
        seconds = float(audit["seconds"])  # type: ignore[arg-type]
        ours, theirs = audit["result"], floor["result"]
        print(
            json.dumps(
                {
                    "engine": db,
                    "database": how,
                    "import_portfolios_s": round(import_s, 1),
                    "potentials": prepared["potentials"],
                    "floor_s": round(float(floor["seconds"]), 2),  # type: ignore[arg-type]
                    "audit_s": round(seconds, 2),
                    "ratio": round(seconds / float(floor["seconds"]), 2),  # type: ignore[arg-type]
                    "goal_ratio": GOAL_RATIO,
                    "queries": audit["queries"],
                    "audit_peak_rss_mb": audit["peak_rss_mb"],
                    "same_result": ours == theirs,
                    "firstchoice": ours,
                    "duckdb": theirs,
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
