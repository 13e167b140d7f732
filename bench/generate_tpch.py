r"""Build an ERP-style sales file from TPC-H with DuckDB: one row per lineitem.

    python bench/generate_tpch.py --sf 1 --out bench/data/sales_sf1.csv
    python bench/generate_tpch.py --sf 1 --limit 100000 --out bench/data/sales_100k.csv
    python bench/generate_tpch.py --sf 1 --limit 100000 --format xlsx \
        --out bench/data/sales_100k.xlsx

The DuckDB extensions come from the PyPI packages ``duckdb-extension-tpch`` and
``duckdb-extension-excel`` (dev dependencies), which ship the extension binary built for
one exact DuckDB version; we LOAD that file by path, so nothing is downloaded.

Generation is skipped when the file already exists with the row count recorded in its
manifest (``<out>.manifest.json``, written only after a complete write) for the same
arguments; ``--force`` regenerates.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from importlib import resources
from pathlib import Path

import duckdb

COLUMNS = (
    "invoice_date",
    "customer_code",
    "customer_name",
    "salesperson",
    "amount",
    "margin",
    "payment_terms",
    "invoice_no",
    "line_no",
    "product",
    "quantity",
)

# lineitem row counts of DuckDB's dbgen, to catch a silently different generator.
LINEITEM_ROWS = {0.01: 60_175, 0.1: 600_572, 1.0: 6_001_215}

# An XLSX sheet holds 1,048,576 rows, one of which is the header.
XLSX_MAX_ROWS = 1_048_575

SALES_SQL = """
SELECT
    o.o_orderdate                                                         AS invoice_date,
    c.c_custkey                                                           AS customer_code,
    c.c_name                                                              AS customer_name,
    o.o_clerk                                                             AS salesperson,
    round(l.l_extendedprice * (1 - l.l_discount), 2)                      AS amount,
    round(round(l.l_extendedprice * (1 - l.l_discount), 2)
          - l.l_quantity * ps.ps_supplycost, 2)                           AS margin,
    CASE WHEN c.c_acctbal < 0 THEN 'COD' ELSE 'NET30' END                 AS payment_terms,
    o.o_orderkey                                                          AS invoice_no,
    l.l_linenumber                                                        AS line_no,
    l.l_partkey                                                           AS product,
    l.l_quantity                                                          AS quantity
FROM lineitem l
JOIN orders o    ON o.o_orderkey = l.l_orderkey
JOIN customer c  ON c.c_custkey = o.o_custkey
JOIN partsupp ps ON ps.ps_partkey = l.l_partkey AND ps.ps_suppkey = l.l_suppkey
"""


def load_packaged_extension(con: duckdb.DuckDBPyConnection, name: str) -> Path:
    """LOAD the extension shipped by the ``duckdb-extension-<name>`` wheel, offline.

    The wheel puts the binary at ``duckdb_extension_<name>/extensions/v<duckdb version>/
    <name>.duckdb_extension``; its ``__init__`` is empty, so we locate the file ourselves.
    """
    package = f"duckdb_extension_{name}"
    path = Path(str(resources.files(package))) / "extensions" / f"v{duckdb.__version__}"
    path = path / f"{name}.duckdb_extension"
    if not path.is_file():
        raise SystemExit(
            f"{path} not found: pip install 'duckdb-extension-{name}=={duckdb.__version__}'"
        )
    con.execute(f"LOAD '{path}'")
    return path


def connect() -> duckdb.DuckDBPyConnection:
    # Never reach for the extension repository: every extension is loaded from a wheel.
    return duckdb.connect(
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )


def count_csv_rows(path: Path) -> int:
    """Data rows of a CSV written by this script (no quoted newlines: TPC-H names have none)."""
    lines = 0
    with path.open("rb") as f:
        while chunk := f.read(16 << 20):
            lines += chunk.count(b"\n")
    return lines - 1


def manifest_path(out: Path) -> Path:
    return out.with_name(out.name + ".manifest.json")


def cached(out: Path, wanted: dict[str, object]) -> dict[str, object] | None:
    """The manifest of ``out`` if it was built with the same arguments and is complete."""
    mpath = manifest_path(out)
    if not out.is_file() or not mpath.is_file():
        return None
    manifest = json.loads(mpath.read_text())
    if any(manifest.get(k) != v for k, v in wanted.items()):
        return None
    if manifest.get("bytes") != out.stat().st_size:
        return None
    if wanted["format"] == "csv" and count_csv_rows(out) != manifest.get("rows"):
        return None
    return manifest


def generate(
    *, sf: float, out: Path, fmt: str = "csv", limit: int | None = None, force: bool = False
) -> dict[str, object]:
    wanted: dict[str, object] = {"sf": sf, "format": fmt, "limit": limit}
    if not force and (manifest := cached(out, wanted)) is not None:
        return {**manifest, "cached": True, "seconds": 0.0}
    if fmt == "xlsx" and (limit is None or limit > XLSX_MAX_ROWS):
        raise SystemExit(f"--format xlsx needs --limit of at most {XLSX_MAX_ROWS:,} (sheet size)")

    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    con = connect()
    load_packaged_extension(con, "tpch")
    con.execute(f"CALL dbgen(sf={sf})")
    lineitems = con.execute("SELECT count(*) FROM lineitem").fetchone()[0]  # type: ignore[index]
    if sf in LINEITEM_ROWS and lineitems != LINEITEM_ROWS[sf]:
        raise SystemExit(f"dbgen sf={sf} made {lineitems} lineitems, expected {LINEITEM_ROWS[sf]}")
    # DuckDB keeps insertion order (preserve_insertion_order), so COPY writes sorted rows.
    limit_sql = "" if limit is None else f" LIMIT {int(limit)}"
    con.execute(f"CREATE TABLE sales AS {SALES_SQL} ORDER BY invoice_no, line_no{limit_sql}")
    for table in ("lineitem", "orders", "customer", "partsupp", "part", "supplier"):
        con.execute(f"DROP TABLE {table}")

    # Write to a temporary name and rename: a half-written file never has the final name.
    tmp = out.with_name(out.name + ".tmp")
    if fmt == "csv":
        options = "FORMAT csv, HEADER true"
    else:
        load_packaged_extension(con, "excel")
        options = "FORMAT xlsx, HEADER true, SHEET 'sales'"
    con.execute(f"COPY sales TO '{tmp}' ({options})")
    rows, customers, clerks = con.execute(
        "SELECT count(*), count(DISTINCT customer_code), count(DISTINCT salesperson) FROM sales"
    ).fetchone()  # type: ignore[misc]
    con.close()
    os.replace(tmp, out)

    manifest: dict[str, object] = {
        **wanted,
        "rows": rows,
        "customers": customers,
        "salespeople": clerks,
        "bytes": out.stat().st_size,
        "duckdb": duckdb.__version__,
    }
    manifest_path(out).write_text(json.dumps(manifest, indent=2) + "\n")
    return {**manifest, "cached": False, "seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sf", type=float, default=1.0, help="TPC-H scale factor (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output file")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--limit", type=int, help="first N lines by invoice_no, line_no")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args(argv)

    r = generate(sf=args.sf, out=args.out, fmt=args.format, limit=args.limit, force=args.force)
    state = "cached" if r["cached"] else f"{r['seconds']:.1f} s"
    print(
        f"{args.out}: {r['rows']:,} rows, {r['customers']:,} customers, "
        f"{r['salespeople']:,} salespeople, {r['bytes'] / 1e6:,.1f} MB, {state}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
