"""An import into a table that already holds lines keeps it readable (issue 14, PostgreSQL):
no dropped indexes, no ACCESS EXCLUSIVE lock while the import's transaction is open."""

from __future__ import annotations

import csv
import datetime as dt
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.models import Sum
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

    @pytest.fixture(autouse=True)
    def _tmp_dir(self, tmp_path: Path) -> None:
        self._tmp = str(tmp_path)
