"""An import into a table that already holds lines keeps it readable (issue 14, PostgreSQL):
no dropped indexes, no ACCESS EXCLUSIVE lock while the import's transaction is open."""

from __future__ import annotations

import csv
import datetime as dt
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.models import ProtectedError, Sum
from django.test import TransactionTestCase

from firstchoice.customers.models import Customer
from firstchoice.sales.importer import import_sales
from firstchoice.sales.models import SalesLine
from firstchoice.teams.models import Salesperson


class ImportLocksTestCase(TransactionTestCase):
    def setUp(self) -> None:
        if connection.vendor != "postgresql":
            pytest.skip("table locks: PostgreSQL")

    def test_it_answers_a_sales_read_while_an_import_is_open(self) -> None:
        seller = Salesperson.objects.create(code="s1", name="S1")
        customer = Customer.objects.create(code="C1", name="C1", owner=seller)
        SalesLine.objects.create(
            invoice_date=dt.date(2026, 1, 5),
            customer=customer,
            salesperson=seller,
            amount=Decimal("10.00"),
            margin=Decimal("1.00"),
            invoice_no="OLD1",
        )
        path = Path(self._tmp) / "more.csv"
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["date", "customer", "rep", "amount", "invoice"])
            writer.writerows([["2026-02-01", "C1", "s1", "1.00", f"N{i}"] for i in range(500)])

        open_now, release = threading.Event(), threading.Event()
        failure: list[BaseException] = []

        def progress(rows: int, fraction: float) -> None:
            if fraction >= 1.0:  # every line written, the transaction still open
                open_now.set()
                release.wait(60)

        def run() -> None:
            try:
                import_sales(path, actor=None, progress=progress)
            except BaseException as exc:  # reported by the main thread
                failure.append(exc)
                open_now.set()
            finally:
                connections.close_all()

        worker = threading.Thread(target=run)
        worker.start()
        try:
            assert open_now.wait(120), "the import never reached its last rows"
            assert not failure, failure
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '1s'")
                cursor.execute(
                    "SELECT mode FROM pg_locks JOIN pg_class ON pg_class.oid = relation "
                    "WHERE relname = %s",
                    [SalesLine._meta.db_table],
                )
                modes = {row[0] for row in cursor.fetchall()}
                assert "AccessExclusiveLock" not in modes, modes
                cursor.execute(
                    "SELECT indexname FROM pg_indexes WHERE tablename = %s",
                    [SalesLine._meta.db_table],
                )
                indexes = {row[0] for row in cursor.fetchall()}
            assert {"salesline_customer_date", "salesline_date"} <= indexes
            started = time.monotonic()
            total = SalesLine.objects.filter(customer=customer).aggregate(s=Sum("amount"))["s"]
            assert total == Decimal("10.00")  # the import's lines are not visible yet
            assert time.monotonic() - started < 1
        finally:
            release.set()
            worker.join(120)
        assert not failure, failure
        assert SalesLine.objects.count() == 501

    def test_a_deletion_waits_for_the_import_and_then_sees_its_lines(self) -> None:
        """The lines' keys are not checked by the database: the import holds the customers
        and salespeople it refers to, and a deletion locks its rows before looking."""
        seller = Salesperson.objects.create(code="s1", name="S1")
        Customer.objects.create(code="C2", name="C2", owner=seller)  # no lines yet
        path = Path(self._tmp) / "first.csv"
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["date", "customer", "rep", "amount", "invoice"])
            writer.writerows([["2026-02-01", "C2", "s1", "1.00", f"N{i}"] for i in range(20)])

        open_now, release = threading.Event(), threading.Event()
        outcomes: dict[str, BaseException | None] = {}

        def progress(rows: int, fraction: float) -> None:
            if fraction >= 1.0:
                open_now.set()
                release.wait(60)

        def run(name: str, work: Callable[[], object]) -> None:
            try:
                work()
                outcomes[name] = None
            except BaseException as exc:  # judged by the main thread
                outcomes[name] = exc
            finally:
                connections.close_all()

        importing = threading.Thread(
            target=run, args=("import", lambda: import_sales(path, actor=None, progress=progress))
        )
        importing.start()
        deletions = [
            threading.Thread(
                target=run, args=("customer", lambda: Customer.objects.get(code="C2").delete())
            ),
            threading.Thread(
                target=run,
                args=("salesperson", lambda: Salesperson.objects.filter(code="s1").delete()),
            ),
        ]
        try:
            assert open_now.wait(120), "the import never reached its last rows"
            for thread in deletions:
                thread.start()
            time.sleep(1.5)
            assert all(thread.is_alive() for thread in deletions), outcomes  # waiting
        finally:
            release.set()
            importing.join(120)
            for thread in deletions:
                thread.join(120)
        assert outcomes["import"] is None, outcomes
        assert isinstance(outcomes["customer"], ProtectedError), outcomes
        assert isinstance(outcomes["salesperson"], ProtectedError), outcomes
        assert SalesLine.objects.filter(customer__code="C2", salesperson__code="s1").count() == 20

    @pytest.fixture(autouse=True)
    def _tmp_dir(self, tmp_path: Path) -> None:
        self._tmp = str(tmp_path)
