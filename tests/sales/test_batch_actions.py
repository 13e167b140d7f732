"""The import batch's life: created on upload, started, finished or failed (actions.py)."""

from __future__ import annotations

from decimal import Decimal

from firstchoice.sales import actions
from firstchoice.sales.importer import ImportResult
from firstchoice.sales.models import ImportBatch
from firstchoice.sales.parsing.errors import RowError
from tests.base import BaseTestCase


class BatchActionsTestCase(BaseTestCase):
    def test_it_creates_a_pending_batch_for_an_upload(self) -> None:
        batch = actions.create_batch(actor=self.root, file_name="x" * 300 + ".csv")
        batch.refresh_from_db()
        assert (batch.status, batch.checksum, batch.mapping) == ("pending", "", {})
        assert batch.imported_by == self.root and len(batch.file_name) == 255
        actions.set_batch_checksum(batch=batch, checksum="ab" * 32)
        batch.refresh_from_db()
        assert batch.checksum == "ab" * 32

    def test_it_starts_a_batch_without_overwriting_what_it_does_not_name(self) -> None:
        batch = actions.create_batch(actor=None, file_name="a.csv", checksum="c1")
        actions.start_batch(batch=batch)
        batch.refresh_from_db()
        assert (batch.status, batch.checksum, batch.mapping) == ("running", "c1", {})
        actions.start_batch(batch=batch, checksum="c2", mapping={"amount": "金额"})
        batch.refresh_from_db()
        assert (batch.checksum, batch.mapping) == ("c2", {"amount": "金额"})

    def test_it_finishes_a_batch_with_the_import_figures(self) -> None:
        batch = actions.create_batch(
            actor=None, file_name="a.csv", status=ImportBatch.Status.RUNNING
        )
        result = ImportResult(
            batch=None,
            rows=3,
            rows_seen=4,
            duplicates_skipped=1,
            rejected=0,
            customers_created=2,
            salespeople_created=1,
            amount_total=Decimal("10.50"),
            margin_total=Decimal("2.25"),
            errors=[],
            error_count=0,
            mapping={},
            dry_run=False,
        )
        actions.finish_batch(batch=batch, result=result)
        assert result.batch == batch
        batch.refresh_from_db()
        assert (batch.status, batch.rows, batch.rows_seen) == ("done", 3, 4)
        assert batch.amount_total == Decimal("10.50") and batch.finished is not None

    def test_it_keeps_the_mapping_started_with_when_finishing_an_older_copy(self) -> None:
        batch = actions.create_batch(actor=None, file_name="a.csv")
        older = ImportBatch.objects.get(pk=batch.pk)  # e.g. the web view's copy
        actions.start_batch(batch=batch, checksum="c1", mapping={"amount": "金额"})
        result = ImportResult(
            batch=None, rows=1, rows_seen=1, duplicates_skipped=0, rejected=0,
            customers_created=0, salespeople_created=0, amount_total=Decimal("1.00"),
            margin_total=Decimal("0.10"), errors=[], error_count=0, mapping={}, dry_run=False,
        )  # fmt: skip
        actions.finish_batch(batch=older, result=result)
        older.refresh_from_db()
        assert (older.status, older.checksum, older.mapping) == ("done", "c1", {"amount": "金额"})

    def test_it_records_a_failure_with_its_row_errors(self) -> None:
        batch = actions.create_batch(
            actor=None, file_name="a.csv", status=ImportBatch.Status.RUNNING
        )
        error = RowError(row=2, column="金额", value="12.x", reason="not a number")
        actions.fail_batch(
            batch=batch,
            message="1 invalid row",
            errors=[error],
            error_count=1,
            rows_seen=1,
            rejected=1,
        )
        batch.refresh_from_db()
        assert batch.status == "failed" and batch.error_count == 1
        assert batch.errors == [
            {"row": None, "column": None, "value": None, "reason": "1 invalid row"},
            {"row": 2, "column": "金额", "value": "12.x", "reason": "not a number"},
        ]
