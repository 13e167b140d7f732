"""Writes to sales data: import batches, roll-ups and the rollback of an import.

The import itself (streaming millions of lines in) is in importer.py; every write to an
ImportBatch, from the upload page, the importer or the CLI, goes through this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, Trim
from django.db.models.lookups import In
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.customers.rules import COD_SPELLINGS
from firstchoice.lib.dates import add_months, month_start
from firstchoice.lib.functions import MonthStart
from firstchoice.notifications.actions import notify
from firstchoice.notifications.kinds import Kind
from firstchoice.sales.models import (
    LINE_COLUMNS,
    CreatedByImport,
    ImportBatch,
    MonthlySales,
    ReplacedLine,
    SalesLine,
)
from firstchoice.sales.parsing.errors import RowError, error_json
from firstchoice.sales.queries import in_months, lines_in_months
from firstchoice.teams.models import Salesperson, User

_ROLLUP_COLUMNS = (
    "customer_id",
    "salesperson_id",
    "month",
    "amount",
    "margin",
    "margin_base",
    "cod_amount",
    "lines",
)

if TYPE_CHECKING:  # the importer calls these actions
    from firstchoice.sales.importer import ImportResult


def refresh_rollups(*, months: Iterable[dt.date] | None = None) -> int:
    """Re-derive the monthly roll-ups from the lines, for the span of `months` (None: all).

    Done in the database (DELETE + INSERT … SELECT … GROUP BY), so millions of lines never
    pass through Python. Returns the number of roll-up rows written.
    """
    lines = SalesLine.objects.all()
    rollups = MonthlySales.objects.all()
    wanted = sorted({month_start(m) for m in months}) if months is not None else None
    if wanted is not None:
        if not wanted:
            return 0
        first, after = wanted[0], add_months(wanted[-1], 1)
        lines = lines.filter(invoice_date__gte=first, invoice_date__lt=after)
        rollups = rollups.filter(month__gte=first, month__lt=after)
    grouped = (
        lines.order_by()
        .annotate(rollup_month=MonthStart("invoice_date"))
        .values("customer_id", "salesperson_id", "rollup_month")
        .annotate(
            sum_amount=Sum("amount"),
            sum_margin=Sum("margin"),
            sum_margin_base=Sum(
                Case(
                    When(margin__isnull=False, then="amount"),
                    default=Value(0),
                    output_field=SalesLine._meta.get_field("amount"),
                )
            ),
            sum_cod=Sum(
                Case(
                    When(In(Lower(Trim("payment_terms")), sorted(COD_SPELLINGS)), then="amount"),
                    default=Value(0),
                    output_field=SalesLine._meta.get_field("amount"),
                )
            ),
            line_count=Count("id"),
        )
    )
    select_sql, params = grouped.query.sql_with_params()
    table = connection.ops.quote_name(MonthlySales._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(c)
        for c in (
            "customer_id",
            "salesperson_id",
            "month",
            "amount",
            "margin",
            "margin_base",
            "cod_amount",
            "lines",
        )
    )
    with transaction.atomic(), connection.cursor() as cursor:
        rollups._raw_delete(rollups.db)  # derived rows: no signals, no cascades to honour
        cursor.execute(f"INSERT INTO {table} ({columns}) {select_sql}", params)
        return cursor.rowcount


def add_rollups(*, sums: Mapping[tuple[int, int, str], Sequence[Any]]) -> int:
    """Add an import's lines, summed while they were written, to the monthly roll-ups.

    `sums`: (customer id, salesperson id, "YYYY-MM") → [amount, margin or None, margin
    base, COD amount, lines], in cents, of lines that are all new in the table (the
    importer falls back to refresh_rollups otherwise). One upsert per roll-up row: the
    millions of lines are not grouped again. Returns the number of roll-up rows written.
    """
    quote = connection.ops.quote_name
    table = quote(MonthlySales._meta.db_table)
    columns = ", ".join(quote(c) for c in _ROLLUP_COLUMNS)
    # In key order: the unique index is then written front to back, not at random.
    rows = [
        (customer, salesperson, f"{month}-01", *sums[customer, salesperson, month])
        for customer, salesperson, month in sorted(sums)
    ]

    def added(name: str) -> str:
        return f"{quote(name)} = {table}.{quote(name)} + excluded.{quote(name)}"

    margin = quote("margin")
    upsert = (
        f"ON CONFLICT ({quote('customer_id')}, {quote('salesperson_id')}, {quote('month')}) "
        f"DO UPDATE SET {added('amount')}, {margin} = CASE "
        f"WHEN excluded.{margin} IS NULL THEN {table}.{margin} "
        f"WHEN {table}.{margin} IS NULL THEN excluded.{margin} "
        f"ELSE {table}.{margin} + excluded.{margin} END, "
        f"{added('margin_base')}, {added('cod_amount')}, {added('lines')}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            placeholders = ", ".join(["%s"] * len(_ROLLUP_COLUMNS))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {upsert}",  # noqa: S608
                rows,
            )
            return len(rows)
        cursor.execute(
            f"CREATE TEMP TABLE fc_rollups ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY fc_rollups ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM fc_rollups {upsert}"  # noqa: S608
        )
        cursor.execute("DROP TABLE fc_rollups")
        return len(rows)


def analyze_sales() -> None:
    """Refresh PostgreSQL's planner statistics of the lines and roll-ups after a large load.

    Without them (autovacuum off, or not yet run) a roll-up query took 100 ms instead of
    1.7 ms after a load of millions of lines. Inside the import's transaction: its own new
    rows count, and the statistics commit (or roll back) with them.
    """
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    tables = ", ".join(quote(m._meta.db_table) for m in (SalesLine, MonthlySales))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def refresh_payment_terms(*, customer_ids: Iterable[int] | QuerySet[Any]) -> int:
    """Set each customer's payment terms to those of its latest invoice line.

    The ERP's invoice lines are where terms live (M9); the customer's terms are what the
    board's COD badge and the top-customer audit read. Customers whose lines carry no terms
    keep the ones they have. One UPDATE with a correlated subquery on the (customer, date)
    index. Returns the number of customers updated.
    """
    latest = (
        SalesLine.objects.filter(customer_id=OuterRef("pk"))
        .exclude(payment_terms="")
        .order_by("-invoice_date", "-id")
        .values("payment_terms")[:1]
    )
    ids = customer_ids if isinstance(customer_ids, QuerySet) else list(customer_ids)
    return Customer.objects.filter(pk__in=ids).update(
        payment_terms=Coalesce(Subquery(latest), F("payment_terms"))
    )


@transaction.atomic
def take_out_months(*, batch: ImportBatch, months: Iterable[dt.date]) -> list[dict[str, Any]]:
    """--replace-period: move the live lines of `months` (of other batches) out of the
    table into ReplacedLine, so the import's lines replace them and its rollback puts them
    back. Returns what was taken out, per month and batch, as the batch records it."""
    months = list(months)
    scope = in_months(months)
    if scope is None:
        return []
    summary = lines_in_months(months, exclude_batch=batch.pk)
    if not summary:
        return []
    lines = SalesLine.objects.filter(scope).exclude(batch_id=batch.pk)
    select_sql, params = lines.values_list("id", *LINE_COLUMNS).query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("replaced_by_id", "line_id", *LINE_COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(ReplacedLine._meta.db_table)} ({columns}) "  # noqa: S608
            f"SELECT {int(batch.pk)}, taken.* FROM ({select_sql}) taken",
            params,
        )
    lines._raw_delete(lines.db)
    ImportBatch.objects.filter(pk=batch.pk).update(replaced=summary)
    batch.replaced = summary
    return summary


def _put_back(batch: ImportBatch) -> list[int]:
    """Return the lines `batch` replaced to the live table; the customers they name."""
    kept = ReplacedLine.objects.filter(replaced_by=batch)
    customer_ids = list(kept.order_by().values_list("customer_id", flat=True).distinct())
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in LINE_COLUMNS)
    select_sql, params = kept.values_list("line_id", *LINE_COLUMNS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(SalesLine._meta.db_table)} (id, {columns}) "  # noqa: S608
            f"SELECT * FROM ({select_sql}) kept",
            params,
        )
    kept._raw_delete(kept.db)
    return customer_ids


def _unreferenced(model: Any, ids: set[int], ignore: tuple[Any, ...]) -> set[int]:
    """Those of `ids` that no row of another table refers to (derived roll-ups and the
    import's own bookkeeping in `ignore` aside)."""
    left = set(ids)
    for relation in model._meta.related_objects:
        if not left:
            break
        if relation.related_model in ignore:
            continue
        name = relation.field.name
        pending = sorted(left)
        for start in range(0, len(pending), 5000):
            chunk = pending[start : start + 5000]
            used = relation.related_model._base_manager.filter(**{f"{name}__in": chunk})
            left -= set(used.values_list(name, flat=True).distinct())
    return left


def _remove_created(batch: ImportBatch) -> tuple[int, int]:
    """Delete the customers and salespeople `batch` created that nothing refers to now."""
    made = CreatedByImport.objects.filter(batch=batch)
    customer_ids = set(made.exclude(customer=None).values_list("customer_id", flat=True))
    people_ids = set(made.exclude(salesperson=None).values_list("salesperson_id", flat=True))
    ignore = (CreatedByImport, MonthlySales)
    customers = _unreferenced(Customer, customer_ids, ignore)
    removed_customers = (
        Customer.objects.filter(pk__in=sorted(customers)).delete()[0] if customers else 0
    )
    people = _unreferenced(Salesperson, people_ids, ignore)
    removed_people = Salesperson.objects.filter(pk__in=sorted(people)).delete()[0] if people else 0
    made.delete()
    return removed_customers, removed_people


@transaction.atomic
def rollback_batch(*, actor: User | None, batch: ImportBatch) -> int:
    """Remove every line an import brought in, put back the lines it replaced (with
    --replace-period), remove the customers and salespeople it created that nothing else
    refers to, and restore the roll-ups. Returns lines removed."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.DONE:
        raise ValidationError(
            {
                "batch": _("Import #%(id)d cannot be rolled back: it is %(status)s.")
                % {"id": batch.pk, "status": batch.get_status_display()}
            }
        )
    later = (
        ReplacedLine.objects.filter(batch_id=batch.pk, replaced_by__status=ImportBatch.Status.DONE)
        .values_list("replaced_by_id", flat=True)
        .first()
    )
    if later is not None:
        raise ValidationError(
            {
                "batch": _(
                    "Import #%(id)d cannot be rolled back: import #%(later)d replaced its "
                    "lines. Roll #%(later)d back first."
                )
                % {"id": batch.pk, "later": later}
            }
        )
    lines = SalesLine.objects.filter(batch=batch)
    span = lines.aggregate(first=Min("invoice_date"), last=Max("invoice_date"))
    kept = ReplacedLine.objects.filter(replaced_by=batch).aggregate(
        first=Min("invoice_date"), last=Max("invoice_date")
    )
    customer_ids = list(lines.order_by().values_list("customer_id", flat=True).distinct())
    removed = lines._raw_delete(lines.db)
    customer_ids += _put_back(batch)
    days = [d for d in (span["first"], span["last"], kept["first"], kept["last"]) if d]
    if days:
        refresh_rollups(months=[min(days), max(days)])
    _remove_created(batch)
    refresh_payment_terms(customer_ids=customer_ids)
    batch.status = ImportBatch.Status.ROLLED_BACK
    batch.rolled_back_at = timezone.now()
    batch.rolled_back_by = actor
    batch.save(update_fields=["status", "rolled_back_at", "rolled_back_by"])
    return removed


@transaction.atomic
def create_batch(
    *,
    actor: User | None,
    file_name: str,
    checksum: str = "",
    status: ImportBatch.Status = ImportBatch.Status.PENDING,
    mapping: dict[str, str] | None = None,
) -> ImportBatch:
    """Record an import: pending for an upload awaiting its preview, running for the CLI."""
    return ImportBatch.objects.create(
        file_name=file_name[:255],
        checksum=checksum,
        imported_by=actor,
        status=status,
        mapping=mapping if mapping is not None else {},
    )


@transaction.atomic
def set_batch_checksum(*, batch: ImportBatch, checksum: str) -> None:
    """Record the SHA-256 of an uploaded file, known once it is stored under the batch's id."""
    batch.checksum = checksum
    batch.save(update_fields=["checksum"])


@transaction.atomic
def start_batch(
    *,
    batch: ImportBatch,
    checksum: str | None = None,
    mapping: dict[str, str] | None = None,
) -> None:
    """Mark a batch as running, with the file's checksum and column mapping once known.

    An UPDATE, not a save: the caller's copy of the batch may be older than the row.
    """
    fields: dict[str, Any] = {"status": ImportBatch.Status.RUNNING}
    if checksum is not None:
        fields["checksum"] = checksum
    if mapping is not None:
        fields["mapping"] = mapping
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)
    for name, value in fields.items():  # the caller's copy says what the row says
        setattr(batch, name, value)


def _tell_importer(batch: ImportBatch, kind: str) -> None:
    """The person who started an import hears how it ended (issue 19)."""
    if not batch.imported_by_id:
        return
    batch.refresh_from_db(fields=["rows", "file_name"])
    notify(
        user=User.objects.filter(pk=batch.imported_by_id).first(),
        kind=kind,
        params={"file": batch.file_name, "rows": batch.rows},
        link=reverse("import", args=[batch.pk]),
    )


class BatchNotRunning(Exception):
    """The batch was marked failed (its worker was presumed dead) while the import ran."""


def queue_batch(*, batch: ImportBatch) -> bool:
    """Claim a waiting (or failed) batch for one background job. False: someone else did.

    One conditional UPDATE, so of two submits at once exactly one wins.
    """
    claimed = ImportBatch.objects.filter(
        pk=batch.pk, status__in=[ImportBatch.Status.PENDING, ImportBatch.Status.FAILED]
    ).update(status=ImportBatch.Status.QUEUED, finished=None, errors=[], error_count=0)
    if claimed:
        batch.status = ImportBatch.Status.QUEUED
    return bool(claimed)


def begin_batch(*, batch: ImportBatch) -> bool:
    """Move a queued batch to running; False when its state says it must not run (a job
    delivered twice, or a batch already imported): the batch's state decides, not the job."""
    begun = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING
    )
    if begun:
        batch.status = ImportBatch.Status.RUNNING
    return bool(begun)


def fail_running_batch(*, batch: ImportBatch, message: str) -> bool:
    """Mark a batch failed with `message` if it is still running (else leave it as it is).

    For a refusal before the importer recorded anything, a crash, or a worker presumed dead.
    """
    failed = bool(
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
            status=ImportBatch.Status.FAILED,
            finished=timezone.now(),
            errors=[{"row": None, "column": None, "value": None, "reason": message}],
            error_count=0,
        )
    )
    if failed:
        _tell_importer(batch, Kind.IMPORT_FAILED)
    return failed


@transaction.atomic
def finish_batch(*, batch: ImportBatch, result: ImportResult) -> None:
    """Record a finished import's figures on its batch and mark it done.

    Writes only those columns: the caller's copy may predate what `start_batch` recorded
    (the checksum and the column mapping), which a whole-row save would wipe. Raises
    BatchNotRunning (the caller's transaction then rolls the lines back) when the batch is
    no longer running: it was marked failed meanwhile and may already run again."""
    figures = (
        "rows",
        "rows_seen",
        "duplicates_skipped",
        "rejected",
        "customers_created",
        "salespeople_created",
        "amount_total",
        "margin_total",
        "error_count",
    )
    for name in figures:
        setattr(batch, name, getattr(result, name))
    batch.errors = [error_json(e) for e in result.errors]
    batch.finished = timezone.now()
    written = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.DONE,
        errors=batch.errors,
        finished=batch.finished,
        **{name: getattr(batch, name) for name in figures},
    )
    if not written:
        raise BatchNotRunning(f"import batch {batch.pk} is no longer running")
    batch.status = ImportBatch.Status.DONE
    result.batch = batch
    _tell_importer(batch, Kind.IMPORT_DONE)


@transaction.atomic
def fail_batch(
    *,
    batch: ImportBatch,
    message: str,
    errors: list[RowError],
    error_count: int,
    rows_seen: int,
    rejected: int,
) -> None:
    """Mark a batch as failed with the reason and the row errors found (nothing was imported).

    Called after the import's transaction rolled back, so the failure itself is kept.
    """
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED,
        finished=timezone.now(),
        errors=[{"row": None, "column": None, "value": None, "reason": message}]
        + [error_json(e) for e in errors],
        error_count=error_count,
        rows_seen=rows_seen,
        rejected=rejected,
    )
    _tell_importer(batch, Kind.IMPORT_FAILED)
