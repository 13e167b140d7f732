"""Import of ERP sales lines (M9): one function for the CLI, the web page and tests.

The file is streamed (constant memory) and validated row by row inside one transaction:
on any invalid row nothing is written (unless the caller asked to skip invalid rows, which
then go to a rejects CSV). Lines are written with the database's bulk path (bulk.py); an
invoice line already present (same invoice_no + line_no) is skipped, not counted twice.
Every import is a recorded ImportBatch (its writes are in actions.py) that can be rolled
back.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from firstchoice.lib.exports import csv_row
from firstchoice.lib.money import ZERO
from firstchoice.sales import actions
from firstchoice.sales.bulk import LineWriter, indexes_suspended
from firstchoice.sales.models import ImportBatch, ReplacedLine, SalesLine
from firstchoice.sales.parsing.dates import detect_day_first, parse_date
from firstchoice.sales.parsing.errors import MappingError, RowError, error_json
from firstchoice.sales.parsing.fast import DbRow
from firstchoice.sales.parsing.headers import detect_mapping
from firstchoice.sales.parsing.readers import open_table
from firstchoice.sales.parsing.rows import parse_row
from firstchoice.sales.parsing.table import Table
from firstchoice.teams.models import User

CHUNK = 10_000
ANALYZE_AFTER = 50_000  # lines: past this, the planner's statistics are refreshed
MAX_REPORTED_ERRORS = 100
DAY_FIRST_SAMPLE = 2_000
Progress = Callable[[int, float], None]  # (rows read, fraction of the file)


NO_INVOICE_NUMBERS = _lazy(
    "The file has no invoice-number column, so repeated lines cannot be detected: a line "
    "exported twice (the same file again, or overlapping exports) would be counted twice. "
    "Map the invoice-number column, replace the period the file covers, or confirm that "
    "the file has no invoice numbers (--without-invoice-numbers)."
)


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
    encoding: str | None = None  # None: detected from a sample of the whole file
    day_first: bool | None = None
    dry_run: bool = False
    force: bool = False
    rejects_path: Path | None = None  # set: skip invalid rows and write them here
    # The months the file covers replace the lines those months hold (ERP re-exports of
    # "last month" or "year to date" without stable line numbers); a rollback restores them.
    replace_period: bool = False
    # A file without invoice numbers: repeated lines cannot be detected. Imported only when
    # the user says so (or replaces the period, which makes repeats harmless).
    without_invoice_numbers: bool = False


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
    margin_total: Decimal | None
    errors: list[RowError]
    error_count: int
    mapping: dict[str, str]
    dry_run: bool
    replaced: list[dict[str, Any]] = field(default_factory=list)

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
            "margin_total": None if self.margin_total is None else str(self.margin_total),
            "errors": [error_json(e) for e in self.errors],
            "error_count": self.error_count,
            "mapping": self.mapping,
            "dry_run": self.dry_run,
            "replaced": self.replaced,
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
    try:
        table = open_table(path, sheet=options.sheet, encoding=options.encoding)
    except ValueError as exc:
        raise ImportRefused(str(exc)) from exc
    with table:
        try:
            mapping = detect_mapping(table.header, options.overrides)
        except MappingError as exc:
            raise ImportRefused(str(exc)) from exc
        if "invoice_no" not in mapping and not (
            options.without_invoice_numbers or options.replace_period or options.dry_run
        ):
            raise ImportRefused(str(NO_INVOICE_NUMBERS))
        rows = table.rows()
        try:
            head = list(itertools.islice(rows, DAY_FIRST_SAMPLE))
        except ValueError as exc:
            raise ImportRefused(str(exc)) from exc
        if not head:
            raise ImportRefused(_("The file has a header but no data rows; nothing was imported."))
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
                writer = LineWriter(
                    batch_id=(batch or _new_batch(file_name, checksum, actor, mapping_names)).pk
                )
                replaced: list[dict[str, Any]] = []
                if options.replace_period:
                    replaced = actions.take_out_months(
                        batch=ImportBatch(pk=writer.batch_id),
                        months=covered_months(path, options, mapping, day_first),
                    )
                try:
                    result = _run(
                        writer,
                        itertools.chain(head, rows),
                        table,
                        mapping,
                        day_first,
                        options,
                        progress,
                    )
                except ValueError as exc:  # the file itself, past its first rows
                    raise ImportRefused(str(exc)) from exc
                result.replaced = replaced
                if replaced:
                    actions.refresh_payment_terms(
                        customer_ids=ReplacedLine.objects.filter(replaced_by_id=writer.batch_id)
                        .order_by()
                        .values("customer_id")
                        .distinct()
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
        except actions.BatchNotRunning:
            raise  # failed meanwhile by someone else, who recorded why
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


def covered_months(
    path: str | os.PathLike[str],
    options: ImportOptions,
    mapping: dict[str, int],
    day_first: bool | None,
) -> set[dt.date]:
    """The months the file's invoice dates fall in: one pass over the date column.

    A second read of the file: the lines of these months must leave before the file's come
    in, or the unique invoice-line index would skip the new lines as repeats of the old.
    """
    column = mapping["invoice_date"]
    months: set[dt.date] = set()
    with open_table(path, sheet=options.sheet, encoding=options.encoding) as table:
        for _number, cells in table.rows():
            if column < len(cells):
                try:
                    day = parse_date(cells[column], day_first=day_first)
                except (ValueError, TypeError, ArithmeticError):
                    continue  # the import itself reports it
                months.add(day.replace(day=1))
    return months


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


def _run(
    writer: LineWriter,
    rows: Iterator[tuple[int, list[object]]],
    table: Table,
    mapping: dict[str, int],
    day_first: bool | None,
    options: ImportOptions,
    progress: Progress | None,
) -> ImportResult:
    """Load every row through `writer`, then refresh the roll-ups and sum up the batch."""
    errors: list[RowError] = []
    rejects = _Rejects(options.rejects_path, table.header) if options.rejects_path else None
    # Dropping the indexes locks the table (ACCESS EXCLUSIVE on PostgreSQL) until commit:
    # only a first load into an empty table may do it; otherwise readers keep reading.
    suspend = not SalesLine.objects.exists()
    try:
        with indexes_suspended(writer, suspend):
            inserted, attempted, seen, first_day, last_day, error_count, rejected = _load(
                writer, rows, table, mapping, day_first, progress, errors, rejects
            )
        inserted -= writer.repeats_removed
    finally:
        if rejects is not None:
            rejects.close()
    if inserted and first_day and last_day:
        if writer.sums_exact and not options.replace_period:
            # Every line went in: the sums taken while writing are the batch's exactly.
            writer.flush_sums()
        else:  # some were repeats (or lines were replaced): group the months again
            actions.refresh_rollups(
                months=[dt.date.fromisoformat(first_day), dt.date.fromisoformat(last_day)]
            )
        actions.refresh_payment_terms(
            customer_ids=SalesLine.objects.filter(batch_id=writer.batch_id)
            .order_by()
            .values("customer_id")
            .distinct()
        )
        if inserted >= ANALYZE_AFTER:
            actions.analyze_sales()
    totals = writer.totals()
    return ImportResult(
        batch=None,
        rows=totals["lines"],
        rows_seen=seen,
        duplicates_skipped=attempted - inserted,
        rejected=rejected,
        customers_created=writer.customers_created,
        salespeople_created=writer.salespeople_created,
        amount_total=totals["amount"] or ZERO,
        margin_total=totals["margin"],
        errors=errors,
        error_count=error_count,
        mapping={},
        dry_run=options.dry_run,
    )


def _load(
    writer: LineWriter,
    rows: Iterator[tuple[int, list[object]]],
    table: Table,
    mapping: dict[str, int],
    day_first: bool | None,
    progress: Progress | None,
    errors: list[RowError],
    rejects: _Rejects | None,
) -> tuple[int, int, int, str | None, str | None, int, int]:
    """Parse, validate and write every row; returns the counts and the date span (ISO).

    One pass per row: the builder makes the database row of a plain row; parse_row takes
    the rows it declines, and words their errors.
    """
    header = table.header
    build = writer.builder(mapping, day_first)
    chunk: list[DbRow] = []
    error_count = rejected = seen = attempted = inserted = 0
    first_day: str | None = None
    last_day: str | None = None
    for row_number, cells in rows:
        seen += 1
        if progress and seen % CHUNK == 0:
            progress(seen, table.progress())
        values = build(cells)
        if values is None:
            parsed = parse_row(cells, mapping, header, row=row_number, day_first=day_first)
            if isinstance(parsed, list):
                error_count += len(parsed)
                rejected += 1
                if len(errors) < MAX_REPORTED_ERRORS:
                    errors.extend(parsed[: MAX_REPORTED_ERRORS - len(errors)])
                if rejects is not None:
                    rejects.write(row_number, cells, parsed)
                continue
            values = writer.row_of(parsed)
        if error_count and rejects is None:
            continue  # already doomed: keep reading only to count every error
        chunk.append(values)
        if len(chunk) >= CHUNK:
            attempted += len(chunk)
            inserted += writer.write(chunk)
            first_day, last_day = _span(chunk, first_day, last_day)
            chunk = []
    if chunk and not (error_count and rejects is None):
        attempted += len(chunk)
        inserted += writer.write(chunk)
        first_day, last_day = _span(chunk, first_day, last_day)
    if progress:
        progress(seen, 1.0)
    return inserted, attempted, seen, first_day, last_day, error_count, rejected


def _span(chunk: list[DbRow], first: str | None, last: str | None) -> tuple[str, str]:
    days = [row[0] for row in chunk]
    low, high = min(days), max(days)
    return (low if first is None else min(first, low), high if last is None else max(last, high))


class _Rejects:
    """The rows skipped by --skip-invalid, as the file had them, with the reasons."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self.handle = open(path, "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
        self.writer = csv.writer(self.handle)
        self.writer.writerow(csv_row(["row", "errors", *header]))

    def write(self, row: int, cells: list[object], errors: list[RowError]) -> None:
        reasons = "; ".join(f"{e.column}: {e.reason} ({e.value!r})" for e in errors)
        self.writer.writerow(csv_row([row, reasons, *("" if c is None else c for c in cells)]))

    def close(self) -> None:
        self.handle.close()
