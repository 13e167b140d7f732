"""Import of ERP sales lines (M9): one function for the CLI, the web page and tests.

The file is streamed (constant memory) and validated row by row inside one transaction:
on any invalid row nothing is written (unless the caller asked to skip invalid rows, which
then go to a rejects CSV). Lines are written with the database's bulk path (executemany on
SQLite, COPY on PostgreSQL); an invoice line already present (same invoice_no + line_no)
is skipped, not counted twice. Every import is a recorded ImportBatch that can be rolled back.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.lib.money import ZERO
from firstchoice.sales import actions
from firstchoice.sales.models import ImportBatch, SalesLine
from firstchoice.sales.parsing.dates import detect_day_first
from firstchoice.sales.parsing.errors import MappingError, RowError, error_json
from firstchoice.sales.parsing.headers import detect_mapping
from firstchoice.sales.parsing.readers import open_table
from firstchoice.sales.parsing.rows import ParsedLine, parse_row
from firstchoice.sales.parsing.table import Table
from firstchoice.teams.models import Salesperson, User

CHUNK = 10_000
MAX_REPORTED_ERRORS = 100
DAY_FIRST_SAMPLE = 2_000
BYTES_PER_ROW = 100  # a typical ERP line in CSV; only used to guess an import's size
Progress = Callable[[int, float], None]  # (rows read, fraction of the file)
# invoice_date, customer_id, salesperson_id, amount and margin in cents, payment_terms,
# invoice_no, line_no, product, quantity, currency, batch_id
Row = tuple[dt.date | str, int, int, int, int, str, str, str, str, Decimal | str | None, str, int]


class ImportRefused(Exception):
    """The import cannot go ahead; nothing was written. `errors` holds row errors, if any."""

    def __init__(
        self,
        message: str,
        *,
        errors: list[RowError] | None = None,
        error_count: int = 0,
        batch: ImportBatch | None = None,
        rows_seen: int = 0,
        rejected: int = 0,
    ) -> None:
        super().__init__(message)
        self.errors = errors or []
        self.error_count = error_count
        self.batch = batch
        self.rows_seen = rows_seen  # rows read, and how many of them were invalid
        self.rejected = rejected


@dataclass
class ImportOptions:
    overrides: Mapping[str, str] = field(default_factory=dict)  # ERP column -> field
    sheet: str | None = None
    day_first: bool | None = None
    dry_run: bool = False
    force: bool = False
    rejects_path: Path | None = None  # set: skip invalid rows and write them here


@dataclass
class ImportResult:
    batch: ImportBatch | None
    rows: int
    rows_seen: int
    duplicates_skipped: int
    rejected: int
    customers_created: int
    salespeople_created: int
    amount_total: Decimal
    margin_total: Decimal
    errors: list[RowError]
    error_count: int
    mapping: dict[str, str]
    dry_run: bool

    def as_json(self) -> dict[str, object]:
        return {
            "batch": self.batch.pk if self.batch else None,
            "rows": self.rows,
            "rows_read": self.rows_seen,
            "duplicates_skipped": self.duplicates_skipped,
            "rejected": self.rejected,
            "customers_created": self.customers_created,
            "salespeople_created": self.salespeople_created,
            "amount_total": str(self.amount_total),
            "margin_total": str(self.margin_total),
            "errors": [error_json(e) for e in self.errors],
            "error_count": self.error_count,
            "mapping": self.mapping,
            "dry_run": self.dry_run,
        }


def file_checksum(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back after computing its summary."""


def import_sales(
    path: str | os.PathLike[str],
    *,
    actor: User | None,
    options: ImportOptions | None = None,
    file_name: str | None = None,
    progress: Progress | None = None,
    batch: ImportBatch | None = None,
) -> ImportResult:
    """Import one ERP file. Raises ImportRefused (nothing written) when it cannot."""
    options = options or ImportOptions()
    file_name = file_name or Path(path).name
    checksum = file_checksum(path)
    if not options.force and not options.dry_run:
        earlier = ImportBatch.objects.filter(checksum=checksum, status=ImportBatch.Status.DONE)
        if first := earlier.order_by("created").first():
            raise ImportRefused(
                _(
                    "This file was already imported as batch #%(id)d on %(date)s. "
                    "Roll that batch back, or force the import."
                )
                % {"id": first.pk, "date": timezone.localtime(first.created).strftime("%Y-%m-%d")}
            )
    with open_table(path, sheet=options.sheet) as table:
        try:
            mapping = detect_mapping(table.header, options.overrides)
        except MappingError as exc:
            raise ImportRefused(str(exc)) from exc
        rows = table.rows()
        head = list(itertools.islice(rows, DAY_FIRST_SAMPLE))
        day_first = options.day_first
        if day_first is None:
            column = mapping["invoice_date"]
            day_first = detect_day_first(cells[column] for _n, cells in head if column < len(cells))
        mapping_names = {name: table.header[index] for name, index in mapping.items()}
        if batch is None and not options.dry_run:
            batch = _new_batch(file_name, checksum, actor, mapping_names)
        elif batch is not None:
            actions.start_batch(batch=batch, checksum=checksum, mapping=mapping_names)
        try:
            with transaction.atomic():
                # A dry run writes into a batch of its own that the rollback below removes.
                writer = _Writer(
                    batch or _new_batch(file_name, checksum, actor, mapping_names),
                    estimated_rows=Path(path).stat().st_size // BYTES_PER_ROW,
                )
                result = writer.run(
                    itertools.chain(head, rows), table, mapping, day_first, options, progress
                )
                result.mapping = mapping_names
                if result.error_count and options.rejects_path is None:
                    raise ImportRefused(
                        _("%(rows)d invalid rows (%(errors)d errors); nothing was imported.")
                        % {"rows": result.rejected, "errors": result.error_count},
                        errors=result.errors,
                        error_count=result.error_count,
                        batch=batch,
                        rows_seen=result.rows_seen,
                        rejected=result.rejected,
                    )
                if options.dry_run:
                    raise _DryRun
                assert batch is not None
                actions.finish_batch(batch=batch, result=result)
        except _DryRun:
            return result
        except ImportRefused as exc:
            if batch is not None:
                actions.fail_batch(
                    batch=batch,
                    message=str(exc),
                    errors=exc.errors,
                    error_count=exc.error_count,
                    rows_seen=exc.rows_seen,
                    rejected=exc.rejected,
                )
            raise
        except Exception as exc:
            if batch is not None:
                actions.fail_batch(
                    batch=batch,
                    message=repr(exc),
                    errors=[],
                    error_count=0,
                    rows_seen=0,
                    rejected=0,
                )
            raise
    return result


def _new_batch(
    file_name: str, checksum: str, actor: User | None, mapping: dict[str, str]
) -> ImportBatch:
    return actions.create_batch(
        actor=actor,
        file_name=file_name,
        checksum=checksum,
        status=ImportBatch.Status.RUNNING,
        mapping=mapping,
    )


class _Writer:
    """Streams parsed lines into the database in chunks; knows the customer/salesperson ids."""

    def __init__(self, batch: ImportBatch, estimated_rows: int) -> None:
        self.batch_id = batch.pk
        self.estimated_rows = estimated_rows
        self.customers: dict[str, int] = dict(Customer.objects.values_list("code", "id"))
        self.salespeople: dict[str, int] = dict(Salesperson.objects.values_list("code", "id"))
        self.customers_created = 0
        self.salespeople_created = 0
        self.vendor = connection.vendor
        self.columns = [
            "invoice_date",
            "customer_id",
            "salesperson_id",
            "amount",
            "margin",
            "payment_terms",
            "invoice_no",
            "line_no",
            "product",
            "quantity",
            "currency",
            "batch_id",
        ]

    def run(
        self,
        rows: Iterator[tuple[int, list[object]]],
        table: Table,
        mapping: dict[str, int],
        day_first: bool | None,
        options: ImportOptions,
        progress: Progress | None,
    ) -> ImportResult:
        errors: list[RowError] = []
        rejects = _Rejects(options.rejects_path, table.header) if options.rejects_path else None
        suspend = SalesLine.objects.count() < self.estimated_rows
        try:
            with _indexes_suspended(suspend):
                inserted, attempted, seen, first_day, last_day, error_count, rejected = self._load(
                    rows, table, mapping, day_first, progress, errors, rejects
                )
        finally:
            if rejects is not None:
                rejects.close()
        if inserted and first_day and last_day:
            actions.refresh_rollups(months=[first_day, last_day])
            actions.refresh_payment_terms(
                customer_ids=SalesLine.objects.filter(batch_id=self.batch_id)
                .order_by()
                .values("customer_id")
                .distinct()
            )
        totals = self.totals()
        return ImportResult(
            batch=None,
            rows=totals["lines"],
            rows_seen=seen,
            duplicates_skipped=attempted - inserted,
            rejected=rejected,
            customers_created=self.customers_created,
            salespeople_created=self.salespeople_created,
            amount_total=totals["amount"] or ZERO,
            margin_total=totals["margin"] or ZERO,
            errors=errors,
            error_count=error_count,
            mapping={},
            dry_run=options.dry_run,
        )

    def _load(
        self,
        rows: Iterator[tuple[int, list[object]]],
        table: Table,
        mapping: dict[str, int],
        day_first: bool | None,
        progress: Progress | None,
        errors: list[RowError],
        rejects: _Rejects | None,
    ) -> tuple[int, int, int, dt.date | None, dt.date | None, int, int]:
        """Parse, validate and write every row; returns the counts and the date span."""
        header = table.header
        chunk: list[ParsedLine] = []
        error_count = rejected = seen = attempted = inserted = 0
        first_day: dt.date | None = None
        last_day: dt.date | None = None
        for row_number, cells in rows:
            seen += 1
            if progress and seen % CHUNK == 0:
                progress(seen, table.progress())
            parsed = parse_row(cells, mapping, header, row=row_number, day_first=day_first)
            if isinstance(parsed, list):
                error_count += len(parsed)
                rejected += 1
                if len(errors) < MAX_REPORTED_ERRORS:
                    errors.extend(parsed[: MAX_REPORTED_ERRORS - len(errors)])
                if rejects is not None:
                    rejects.write(row_number, cells, parsed)
                continue
            if error_count and rejects is None:
                continue  # already doomed: keep reading only to count every error
            chunk.append(parsed)
            if len(chunk) >= CHUNK:
                attempted += len(chunk)
                inserted += self.write(chunk)
                first_day, last_day = _span(chunk, first_day, last_day)
                chunk = []
        if chunk and not (error_count and rejects is None):
            attempted += len(chunk)
            inserted += self.write(chunk)
            first_day, last_day = _span(chunk, first_day, last_day)
        if progress:
            progress(seen, 1.0)
        return inserted, attempted, seen, first_day, last_day, error_count, rejected

    def totals(self) -> dict[str, Any]:
        lines = SalesLine.objects.filter(batch_id=self.batch_id)
        return lines.aggregate(amount=Sum("amount"), margin=Sum("margin"), lines=Count("id"))

    def write(self, chunk: list[ParsedLine]) -> int:
        self._create_missing(chunk)
        # One pass from parsed line to database row. COPY takes Python dates and Decimals;
        # SQLite stores dates as ISO text and this column's decimals as text.
        as_text = self.vendor != "postgresql"
        customers, salespeople, batch_id = self.customers, self.salespeople, self.batch_id
        values: list[Row] = [
            (
                line.invoice_date.isoformat() if as_text else line.invoice_date,
                customers[line.customer_code],
                salespeople[line.salesperson],
                int(line.amount * 100),
                int(line.margin * 100),
                line.payment_terms,
                line.invoice_no,
                line.line_no,
                line.product,
                str(line.quantity) if as_text and line.quantity is not None else line.quantity,
                line.currency,
                batch_id,
            )
            for line in chunk
        ]
        if as_text:
            return self._executemany(values)
        return self._copy(values)

    def _executemany(self, values: list[Row]) -> int:
        table = SalesLine._meta.db_table
        placeholders = ", ".join(["%s"] * len(self.columns))
        sql = (
            f'INSERT OR IGNORE INTO "{table}" ({", ".join(self.columns)}) '  # noqa: S608
            f"VALUES ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
            return cursor.rowcount

    def _copy(self, values: list[Row]) -> int:
        table = SalesLine._meta.db_table
        columns = ", ".join(self.columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS fc_stage ON COMMIT DROP AS "  # noqa: S608
                f'SELECT {columns} FROM "{table}" WITH NO DATA'
            )
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY fc_stage ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            cursor.execute(
                f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM fc_stage '  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            inserted = cursor.rowcount
            cursor.execute("TRUNCATE fc_stage")
            return inserted

    def _create_missing(self, chunk: list[ParsedLine]) -> None:
        """Create unknown salespeople (no login yet) and customers (owned by their first seller)."""
        new_customers: dict[str, tuple[str, str]] = {}
        new_people: set[str] = set()
        for line in chunk:
            if line.customer_code not in self.customers:
                new_customers.setdefault(line.customer_code, (line.customer_name, line.salesperson))
            if line.salesperson not in self.salespeople:
                new_people.add(line.salesperson)
        if new_people:
            Salesperson.objects.bulk_create(
                [Salesperson(code=code, name=code) for code in sorted(new_people)], batch_size=1000
            )
            self.salespeople.update(
                Salesperson.objects.filter(code__in=list(new_people)).values_list("code", "id")
            )
            self.salespeople_created += len(new_people)
        if new_customers:
            Customer.objects.bulk_create(
                [
                    Customer(code=code, name=name or code, owner_id=self.salespeople[seller])
                    for code, (name, seller) in new_customers.items()
                ],
                batch_size=1000,
            )
            self.customers.update(
                Customer.objects.filter(code__in=list(new_customers)).values_list("code", "id")
            )
            self.customers_created += len(new_customers)


def _column(field_name: str) -> str:
    field = SalesLine._meta.get_field(field_name)
    assert isinstance(field, models.Field) and field.column
    return field.column


@contextmanager
def _indexes_suspended(suspend: bool) -> Iterator[None]:
    """Drop the secondary indexes of the lines for a bulk load and build them afterwards.

    When an import brings at least as many lines as the table holds, building each index
    once at the end is several times faster than updating it row by row (measured: 500k
    lines into SQLite, 11.7 s with the indexes kept, 3.4 s dropped and rebuilt). The
    unique invoice-line index stays: it is what skips repeated lines. DDL is transactional
    on SQLite and PostgreSQL, so a failed import leaves the indexes as they were.
    """
    if not suspend:
        yield
        return
    quote = connection.ops.quote_name
    table = quote(SalesLine._meta.db_table)
    indexes = [
        (
            quote(index.name),
            ", ".join(quote(_column(name)) for name in index.fields),
        )
        for index in SalesLine._meta.indexes
    ]
    with connection.cursor() as cursor:
        for name, _columns in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys are checked at commit; PostgreSQL builds no index over pending checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, columns in indexes:
            cursor.execute(f"CREATE INDEX {name} ON {table} ({columns})")


def _span(
    chunk: list[ParsedLine], first: dt.date | None, last: dt.date | None
) -> tuple[dt.date, dt.date]:
    low = min(line.invoice_date for line in chunk)
    high = max(line.invoice_date for line in chunk)
    return (low if first is None else min(first, low), high if last is None else max(last, high))


class _Rejects:
    """The rows skipped by --skip-invalid, as the file had them, with the reasons."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self.handle = open(path, "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
        self.writer = csv.writer(self.handle)
        self.writer.writerow(["row", "errors", *header])

    def write(self, row: int, cells: list[object], errors: list[RowError]) -> None:
        reasons = "; ".join(f"{e.column}: {e.reason} ({e.value!r})" for e in errors)
        self.writer.writerow([row, reasons, *("" if c is None else c for c in cells)])

    def close(self) -> None:
        self.handle.close()
