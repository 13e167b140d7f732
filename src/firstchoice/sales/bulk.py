"""Bulk writing of invoice lines: the database's fast path for an import (M9).

executemany on SQLite and COPY on PostgreSQL; an invoice line already present (same
invoice_no + line_no) is skipped by the unique index, not counted twice. What to write,
and when, is the importer's (importer.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Sum

from firstchoice.customers.models import Customer
from firstchoice.customers.rules import is_cod
from firstchoice.lib.models import insert_new, last_id
from firstchoice.sales.actions import add_rollups
from firstchoice.sales.models import LINE_COLUMNS, CreatedByImport, SalesLine
from firstchoice.sales.parsing.fast import Builder, DbRow, row_builder
from firstchoice.sales.parsing.rows import ParsedLine
from firstchoice.teams.models import Salesperson

SUMS_KEPT = 100_000  # month sums held in memory before they go to the roll-ups
# A month's sums for one customer and salesperson: amount, margin (None: no line gives
# one), amount of the lines with a margin, amount on COD terms, lines. In cents.
Sums = list[Any]


class LineWriter:
    """Writes the lines of one import batch into the database, a chunk at a time.

    A row is a list in LINE_COLUMNS order, made by the builder of `parsing.fast` or, for rows it
    declines, by `row_of` from a ParsedLine: the date as ISO text, amounts in cents. The
    writer knows every customer's and salesperson's id by code, creates the ones a chunk
    names that do not exist yet, and sums each chunk's lines per customer, salesperson and
    month for the roll-ups as it writes them.
    """

    def __init__(self, *, batch_id: int) -> None:
        self.batch_id = batch_id
        self.customers: dict[str, int] = dict(Customer.objects.values_list("code", "id"))
        self.salespeople: dict[str, int] = dict(Salesperson.objects.values_list("code", "id"))
        self.new_customers: dict[str, tuple[str, str]] = {}  # code -> (name, first seller)
        self.new_salespeople: set[str] = set()
        self.customers_created = 0
        self.salespeople_created = 0
        self.sums: dict[tuple[int, int, str], Sums] = {}  # (customer, salesperson, "YYYY-MM")
        # Whether the sums (kept and flushed) are exactly the lines written: every line of
        # every chunk went in.
        self.sums_exact = True
        # A first load into an empty table (indexes_suspended): lines go straight in, and
        # repeats within the file are removed when the unique index is built.
        self.direct = False
        self.repeats_removed = 0
        self.vendor = connection.vendor
        self._locked_customers: set[int] = set()
        self._locked_salespeople: set[int] = set()
        self._cod: dict[str, bool] = {}

    def builder(self, mapping: Mapping[str, int], day_first: bool | None) -> Builder:
        """The one-pass path from a row's cells to its database row (None: take parse_row)."""
        return row_builder(
            mapping,
            day_first=day_first,
            customers=self.customers,
            salespeople=self.salespeople,
            new_customers=self.new_customers,
            new_salespeople=self.new_salespeople,
            batch_id=self.batch_id,
        )

    def row_of(self, line: ParsedLine) -> DbRow:
        """The database row of a line parse_row made (the rows the builder declined)."""
        customer: int | str | None = self.customers.get(line.customer_code)
        if customer is None:
            customer = line.customer_code
            self.new_customers.setdefault(customer, (line.customer_name, line.salesperson))
        salesperson: int | str | None = self.salespeople.get(line.salesperson)
        if salesperson is None:
            salesperson = line.salesperson
            self.new_salespeople.add(salesperson)
        return [
            line.invoice_date.isoformat(),
            customer,
            salesperson,
            int(line.amount * 100),
            None if line.margin is None else int(line.margin * 100),
            line.payment_terms,
            line.invoice_no,
            line.line_no,
            line.product,
            None if line.quantity is None else str(line.quantity),
            line.currency,
            self.batch_id,
        ]

    def totals(self) -> dict[str, Any]:
        """The batch's lines, amount and margin as the database holds them now."""
        lines = SalesLine.objects.filter(batch_id=self.batch_id)
        return lines.aggregate(amount=Sum("amount"), margin=Sum("margin"), lines=Count("id"))

    def write(self, chunk: list[DbRow]) -> int:
        """Write `chunk`; returns how many lines went in (the others were already there)."""
        if self.new_customers or self.new_salespeople:
            self._create_missing()
            customers, salespeople = self.customers, self.salespeople
            for row in chunk:
                if type(row[1]) is str:
                    row[1] = customers[row[1]]
                if type(row[2]) is str:
                    row[2] = salespeople[row[2]]
        if self.vendor == "postgresql":
            self._lock_referenced(chunk)
            inserted = self._copy_direct(chunk) if self.direct else self._copy(chunk)
        else:
            inserted = self._executemany(chunk)
        if self.sums_exact and inserted == len(chunk):
            self._sum(chunk)
            if len(self.sums) >= SUMS_KEPT:
                self.flush_sums()
        else:  # a line was a repeat: the importer groups the months' lines again
            self.sums_exact = False
            self.sums = {}
        return inserted

    def flush_sums(self) -> None:
        """Add the month sums taken so far to the roll-ups, and start again from none.

        Memory stays bounded (a file of millions of lines can span over a million customer
        × salesperson × month rows). Should a later chunk hold a repeated line, the
        importer groups the months' lines again, which replaces what was added here.
        """
        if self.sums:
            add_rollups(sums=self.sums)
            self.sums = {}

    def _sum(self, chunk: list[DbRow]) -> None:
        """Add the chunk's lines, all of them new in the table, to the month sums."""
        sums, cod_of = self.sums, self._cod
        for day, customer, salesperson, amount, margin, terms, *_rest in chunk:
            key = (customer, salesperson, day[:7])
            found = sums.get(key)
            if found is None:
                found = sums[key] = [0, None, 0, 0, 0]
            found[0] += amount
            if margin is not None:
                found[1] = margin if found[1] is None else found[1] + margin
                found[2] += amount
            if terms:
                cod = cod_of.get(terms)
                if cod is None:
                    cod = cod_of[terms] = is_cod(terms)
                if cod:
                    found[3] += amount
            found[4] += 1

    def _executemany(self, values: list[DbRow]) -> int:
        table = SalesLine._meta.db_table
        placeholders = ", ".join(["%s"] * len(LINE_COLUMNS))
        sql = (
            f'INSERT OR IGNORE INTO "{table}" ({", ".join(LINE_COLUMNS)}) '  # noqa: S608
            f"VALUES ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
            return cursor.rowcount

    def _copy_direct(self, values: list[DbRow]) -> int:
        table = SalesLine._meta.db_table
        with connection.cursor() as cursor:
            sql = f'COPY "{table}" ({", ".join(LINE_COLUMNS)}) FROM STDIN'
            with cursor.cursor.copy(sql) as copy:
                for row in values:
                    copy.write_row(row)
        return len(values)

    def _copy(self, values: list[DbRow]) -> int:
        table = SalesLine._meta.db_table
        columns = ", ".join(LINE_COLUMNS)
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

    def _lock_referenced(self, chunk: list[DbRow]) -> None:
        """Hold the customers and salespeople the lines refer to until commit (PostgreSQL).

        The lines' foreign keys are not checked row by row in the database (see
        SalesLine): this takes the lock those checks would take, once per row referred to,
        so that a deletion waits for the import to finish and then sees its lines.
        """
        for model, column, locked in (
            (Customer, 1, self._locked_customers),
            (Salesperson, 2, self._locked_salespeople),
        ):
            ids = {row[column] for row in chunk} - locked
            if ids:
                table = connection.ops.quote_name(model._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT 1 FROM {table} WHERE id = ANY(%s) FOR KEY SHARE",  # noqa: S608
                        [sorted(ids)],
                    )
                locked |= ids

    def _create_missing(self) -> None:
        """Create unknown salespeople (no login yet) and customers (owned by their first seller)."""
        new_customers, new_people = self.new_customers, self.new_salespeople
        if new_people:
            before = last_id(Salesperson)
            insert_new(Salesperson, ["code", "name"], ((code, code) for code in new_people))
            created = self._ids(Salesperson, before, new_people)
            self.salespeople.update(created)
            self.salespeople_created += len(created)
            insert_new(
                CreatedByImport,
                ["batch_id", "salesperson_id"],
                ((self.batch_id, i) for i in created.values()),
            )
            new_people.clear()
        if new_customers:
            people = self.salespeople
            before = last_id(Customer)
            insert_new(
                Customer,
                ["code", "name", "owner_id"],
                (
                    (code, name or code, people[seller])
                    for code, (name, seller) in new_customers.items()
                ),
            )
            made = self._ids(Customer, before, new_customers)
            self.customers.update(made)
            self.customers_created += len(made)
            insert_new(
                CreatedByImport,
                ["batch_id", "customer_id"],
                ((self.batch_id, i) for i in made.values()),
            )
            new_customers.clear()

    @staticmethod
    def _ids(
        model: type[Customer] | type[Salesperson], after: int, codes: Collection[str]
    ) -> dict[str, int]:
        """The ids of the rows just inserted for `codes` (codes are unique: a row with one of
        them and an id past `after` is one of ours)."""
        rows = model._base_manager.filter(pk__gt=after).values_list("code", "id")
        found = {code: pk for code, pk in rows if code in codes}
        assert len(found) == len(codes), "every new row is found"
        return found


def _column(field_name: str) -> str:
    field = SalesLine._meta.get_field(field_name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _unique_index_sql() -> tuple[str, str]:
    """The invoice-line constraint's index: its quoted name and its CREATE statement."""
    (constraint,) = SalesLine._meta.constraints
    assert isinstance(constraint, models.UniqueConstraint)
    editor = connection.schema_editor(collect_sql=True)
    create = str(constraint.create_sql(SalesLine, editor))
    return connection.ops.quote_name(constraint.name), create


@contextmanager
def indexes_suspended(writer: LineWriter, suspend: bool) -> Iterator[None]:
    """For a first load into an empty table: drop the lines' indexes, build them after.

    Building each index once at the end is several times faster than updating it row by
    row (measured: 500k lines into SQLite, 11.7 s with the indexes kept, 3.4 s dropped and
    rebuilt). The unique invoice-line index goes too, and the lines are written straight
    into the table (on PostgreSQL, one COPY per chunk, no staging table): repeats within
    the file are then found when the index is built, and the later copies removed, as
    the index would have skipped them. Dropping an index locks the table until commit
    (ACCESS EXCLUSIVE on PostgreSQL): only an empty table is treated so, an import into a
    table with lines keeps it readable. DDL is transactional on SQLite and PostgreSQL: a
    failed import leaves the indexes as they were.
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
    unique_name, unique_sql = _unique_index_sql()
    with connection.cursor() as cursor:
        for name, _columns in [*indexes, (unique_name, "")]:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    writer.direct = True
    try:
        yield
    finally:
        writer.direct = False
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys are checked at commit; PostgreSQL builds no index over pending checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        try:
            with transaction.atomic():
                cursor.execute(unique_sql)
        except IntegrityError:  # repeated invoice lines: keep each one's first copy
            invoice, line = quote("invoice_no"), quote("line_no")
            cursor.execute(
                f"DELETE FROM {table} WHERE {invoice} <> '' AND id NOT IN ("  # noqa: S608
                f"SELECT min(id) FROM {table} WHERE {invoice} <> '' GROUP BY {invoice}, {line})"
            )
            writer.repeats_removed = cursor.rowcount
            writer.sums_exact = False
            cursor.execute(unique_sql)
        for name, columns in indexes:
            cursor.execute(f"CREATE INDEX {name} ON {table} ({columns})")
