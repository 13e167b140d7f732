"""The sales import: exact totals, all or nothing, duplicates, dry run, rollback (M9)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from firstchoice.customers.models import Customer
from firstchoice.sales.actions import refresh_rollups, rollback_batch
from firstchoice.sales.importer import ImportOptions, ImportRefused, import_sales
from firstchoice.sales.models import ImportBatch, MonthlySales, SalesLine
from firstchoice.sales.parsing.headers import CANONICAL
from firstchoice.teams.models import Salesperson
from tests.base import BaseTestCase

# The canonical fields up to line_no, in the order the importer documents them.
HEADER = list(CANONICAL[: CANONICAL.index("line_no") + 1])
ROWS = [
    ["2026-01-15", "AL001", "AL Customer 1", "alice", "1,200.50", "300.25", "NET30", "I1", "1"],
    ["2026-01-20", "AL001", "AL Customer 1", "alice", "-200.00", "-50.00", "NET30", "I2", "1"],
    ["2026-02-03", "NEW01", "新客户有限公司", "erp-rep-9", "99.99", "10.01", "COD", "I3", "1"],
    ["2026-02-03", "NEW01", "新客户有限公司", "erp-rep-9", "0.01", "0.00", "COD", "I3", "2"],
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER, **fmt: str) -> Path:
    encoding = fmt.pop("encoding", "utf-8")
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, **fmt)  # type: ignore[arg-type]
        writer.writerow(header)
        writer.writerows(rows)
    return path


def db_state() -> tuple[object, ...]:
    lines = SalesLine.objects.aggregate(n=Count("id"), a=Sum("amount"), m=Sum("margin"))
    rollups = MonthlySales.objects.aggregate(n=Count("id"), a=Sum("amount"))
    return (
        tuple(lines.values()),
        tuple(rollups.values()),
        Customer.objects.count(),
        Salesperson.objects.count(),
    )


@pytest.fixture(autouse=True)
def _tmp(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if request.instance is not None:
        request.instance.tmp = tmp_path


class ImportTestCase(BaseTestCase):
    tmp: Path

    def test_it_imports_exactly_and_records_the_batch(self) -> None:
        path = write_csv(self.tmp / "sales.csv", ROWS)
        result = import_sales(path, actor=self.root)
        assert (result.rows, result.customers_created, result.salespeople_created) == (4, 1, 1)
        assert result.amount_total == Decimal("1100.50")
        assert result.margin_total == Decimal("260.26")
        batch = ImportBatch.objects.get()
        assert batch.status == "done" and batch.rows == 4 and batch.imported_by == self.root
        assert batch.amount_total == SalesLine.objects.aggregate(s=Sum("amount"))["s"]
        assert len(batch.checksum) == 64
        new = Customer.objects.get(code="NEW01")
        assert new.name == "新客户有限公司"
        person = Salesperson.objects.get(code="erp-rep-9")
        assert person.user is None  # a profile without a login, to be linked by an admin
        assert new.owner == person  # a new customer belongs to whoever sold to it first

    def test_it_takes_each_customers_terms_from_its_latest_line(self) -> None:
        al001 = Customer.objects.get(code="AL001")
        al001.payment_terms = "COD"
        al001.save()
        al002 = ["2026-03-01", "AL002", "AL Customer 2", "alice", "5", "1", "", "I4", "1"]
        first = import_sales(write_csv(self.tmp / "a.csv", [*ROWS, al002]), actor=None)
        assert Customer.objects.get(code="AL001").payment_terms == "NET30"
        assert Customer.objects.get(code="NEW01").is_cod
        assert Customer.objects.get(code="AL002").payment_terms == ""  # no terms on its lines
        later = ["2026-04-01", "AL001", "AL Customer 1", "alice", "10", "1", "COD", "I5", "1"]
        second = import_sales(write_csv(self.tmp / "b.csv", [later]), actor=None)
        assert Customer.objects.get(code="AL001").payment_terms == "COD"
        # Rolling the later import back restores the terms of the latest remaining line.
        assert second.batch is not None and first.batch is not None
        rollback_batch(actor=None, batch=second.batch)
        assert Customer.objects.get(code="AL001").payment_terms == "NET30"

    def test_it_keeps_the_roll_ups_equal_to_the_lines(self) -> None:
        import_sales(write_csv(self.tmp / "sales.csv", ROWS), actor=None)
        jan = MonthlySales.objects.filter(month="2026-01-01").aggregate(
            a=Sum("amount"), n=Sum("lines")
        )
        assert jan == {"a": Decimal("1000.50"), "n": 2}
        feb = MonthlySales.objects.get(month="2026-02-01")
        assert (feb.amount, feb.cod_amount, feb.lines) == (Decimal("100.00"), Decimal("100.00"), 2)
        before = list(
            MonthlySales.objects.order_by("id").values_list("customer_id", "month", "amount")
        )
        refresh_rollups()
        after = list(
            MonthlySales.objects.order_by("id").values_list("customer_id", "month", "amount")
        )
        assert sorted(before) == sorted(after)

    def test_it_writes_nothing_when_a_row_is_invalid(self) -> None:
        before = db_state()
        bad = [*ROWS, ["2026-13-01", "AL002", "x", "alice", "12.x", "1", "NET30", "I9", "1"]]
        with pytest.raises(ImportRefused) as info:
            import_sales(write_csv(self.tmp / "bad.csv", bad), actor=None)
        assert db_state() == before
        by_column = {e.column: e for e in info.value.errors}
        assert (
            by_column["invoice_date"].row == 6 and by_column["invoice_date"].value == "2026-13-01"
        )
        assert by_column["amount"].value == "12.x"
        assert info.value.error_count == 2
        assert str(info.value) == "1 invalid rows (2 errors); nothing was imported."
        batch = ImportBatch.objects.get()
        assert (batch.status, batch.rows_seen, batch.rejected) == ("failed", 5, 1)

    def test_it_counts_every_error_but_lists_the_first_hundred(self) -> None:
        bad = [["not a date", "C1", "n", "r", "1", "1", "", "", ""]] * 150
        with pytest.raises(ImportRefused) as info:
            import_sales(write_csv(self.tmp / "bad.csv", bad), actor=None)
        assert info.value.error_count == 150
        assert len(info.value.errors) == 100
        assert not SalesLine.objects.exists()

    def test_it_skips_invalid_rows_into_a_rejects_file(self) -> None:
        bad = [*ROWS, ["2026-01-01", "", "x", "alice", "5", "1", "NET30", "I8", "1"]]
        rejects = self.tmp / "rejects.csv"
        result = import_sales(
            write_csv(self.tmp / "mixed.csv", bad),
            actor=None,
            options=ImportOptions(rejects_path=rejects),
        )
        assert (result.rows, result.rejected) == (4, 1)
        with open(rejects, encoding="utf-8-sig") as handle:
            rejected = list(csv.reader(handle))
        assert rejected[0][:2] == ["row", "errors"]
        assert rejected[1][0] == "6" and "customer_code" in rejected[1][1]

    def test_it_refuses_the_same_file_twice_unless_forced(self) -> None:
        path = write_csv(self.tmp / "sales.csv", ROWS)
        import_sales(path, actor=None)
        before = db_state()
        with pytest.raises(ImportRefused, match="already imported as batch"):
            import_sales(path, actor=None)
        assert db_state() == before
        result = import_sales(path, actor=None, options=ImportOptions(force=True))
        assert (result.rows, result.duplicates_skipped) == (0, 4)
        assert db_state() == before  # the same invoice lines are not counted twice

    def test_it_does_not_count_repeated_invoice_lines_within_a_file(self) -> None:
        result = import_sales(write_csv(self.tmp / "twice.csv", [*ROWS, ROWS[0]]), actor=None)
        assert (result.rows, result.duplicates_skipped) == (4, 1)
        assert result.amount_total == Decimal("1100.50")

    def test_it_keeps_lines_without_invoice_numbers(self) -> None:
        rows = [[*r[:7], "", ""] for r in ROWS + ROWS]
        result = import_sales(write_csv(self.tmp / "noinv.csv", rows), actor=None)
        assert result.rows == 8

    def test_it_dry_runs_without_writing(self) -> None:
        before = db_state()
        result = import_sales(
            write_csv(self.tmp / "sales.csv", ROWS),
            actor=None,
            options=ImportOptions(dry_run=True),
        )
        assert result.dry_run and result.rows == 4 and result.amount_total == Decimal("1100.50")
        assert db_state() == before
        assert not ImportBatch.objects.exists()

    def test_it_rolls_back_to_the_previous_totals(self) -> None:
        first = import_sales(write_csv(self.tmp / "a.csv", ROWS[:2]), actor=None)
        before = db_state()
        second = import_sales(write_csv(self.tmp / "b.csv", ROWS[2:]), actor=None)
        assert db_state() != before
        assert second.batch is not None
        removed = rollback_batch(actor=self.root, batch=second.batch)
        assert removed == 2
        lines, rollups, *_ = db_state()
        assert (lines, rollups) == before[:2]
        second.batch.refresh_from_db()
        assert second.batch.status == "rolled_back" and second.batch.rolled_back_by == self.root
        with pytest.raises(ValidationError):
            rollback_batch(actor=None, batch=second.batch)
        assert first.batch is not None
        # The rolled back file may come in again.
        again = import_sales(write_csv(self.tmp / "b.csv", ROWS[2:]), actor=None)
        assert again.rows == 2

    def test_it_reads_chinese_headers_and_gb18030(self) -> None:
        header = ["开票日期", "客户编码", "客户名称", "业务员", "金额", "毛利", "付款方式"]
        rows = [["2026/3/1", "CN1", "华东机械有限公司", "张三", "8,888.00", "888.00", "货到付款"]]
        path = write_csv(self.tmp / "erp.csv", rows, header, encoding="gb18030", delimiter=";")
        result = import_sales(path, actor=None, options=ImportOptions(without_invoice_numbers=True))
        assert result.rows == 1 and result.amount_total == Decimal("8888.00")
        assert Customer.objects.get(code="CN1").name == "华东机械有限公司"
        assert MonthlySales.objects.get(customer__code="CN1").cod_amount == Decimal("8888.00")

    def test_it_names_missing_columns(self) -> None:
        path = write_csv(self.tmp / "short.csv", [r[:3] for r in ROWS], HEADER[:3])
        with pytest.raises(ImportRefused) as info:
            import_sales(path, actor=None)
        assert "salesperson" in str(info.value) and "amount" in str(info.value)
        assert not ImportBatch.objects.exists()

    def test_it_maps_columns_by_override(self) -> None:
        header = ["Datum", "Kunde", "Name", "Verkäufer", "Umsatz", "Marge", "Zahlung"]
        path = write_csv(self.tmp / "de.csv", [r[:7] for r in ROWS], header, delimiter="\t")
        overrides = dict(zip(header, HEADER[:7], strict=True))
        options = ImportOptions(overrides=overrides, without_invoice_numbers=True)
        result = import_sales(path, actor=None, options=options)
        assert result.rows == 4

    def test_it_imports_xlsx(self) -> None:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(HEADER)
        for row in ROWS:
            sheet.append([*row[:4], float(row[4].replace(",", "")), float(row[5]), *row[6:]])
        book.save(self.tmp / "sales.xlsx")
        result = import_sales(self.tmp / "sales.xlsx", actor=None)
        assert result.rows == 4 and result.amount_total == Decimal("1100.50")


class CommandTestCase(BaseTestCase):
    tmp: Path

    def test_it_prints_a_json_summary(self) -> None:
        out = StringIO()
        path = write_csv(self.tmp / "sales.csv", ROWS)
        call_command("import_sales", str(path), "--format", "json", "--user", "root", stdout=out)
        summary = json.loads(out.getvalue())
        assert summary["rows"] == 4 and summary["amount_total"] == "1100.50"
        assert summary["margin_total"] == "260.26"
        assert summary["customers_created"] == 1 and summary["salespeople_created"] == 1
        assert summary["errors"] == [] and summary["batch"] == ImportBatch.objects.get().pk

    def test_it_reports_errors_in_json_and_fails(self) -> None:
        out = StringIO()
        bad = [["2026-01-01", "C1", "n", "r", "abc", "1", "", "", ""]]
        with pytest.raises(CommandError):
            call_command(
                "import_sales",
                str(write_csv(self.tmp / "bad.csv", bad)),
                "--format",
                "json",
                stdout=out,
            )
        summary = json.loads(out.getvalue())
        assert summary["errors"][0]["row"] == 2 and summary["errors"][0]["column"] == "amount"
        assert not SalesLine.objects.exists()

    def test_it_validates_map_arguments(self) -> None:
        path = write_csv(self.tmp / "sales.csv", ROWS)
        with pytest.raises(CommandError, match="unknown field 'price'"):
            call_command("import_sales", str(path), "--map", "amount=price")
        with pytest.raises(CommandError, match="ERPCOLUMN=field"):
            call_command("import_sales", str(path), "--map", "amount")

    def test_it_lists_and_rolls_back_batches(self) -> None:
        call_command("import_sales", str(write_csv(self.tmp / "s.csv", ROWS)), stdout=StringIO())
        batch = ImportBatch.objects.get()
        out = StringIO()
        call_command("import_batches", "--format", "json", stdout=out)
        assert json.loads(out.getvalue())[0]["batch"] == batch.pk
        call_command("import_batches", "--rollback", str(batch.pk), stdout=StringIO())
        assert not SalesLine.objects.exists()
        with pytest.raises(CommandError, match="no import batch"):
            call_command("import_batches", "--rollback", "9999")

    def test_it_rebuilds_roll_ups(self) -> None:
        call_command("import_sales", str(write_csv(self.tmp / "s.csv", ROWS)), stdout=StringIO())
        MonthlySales.objects.all().delete()
        out = StringIO()
        call_command("rebuild_rollups", stdout=out)
        assert MonthlySales.objects.aggregate(a=Sum("amount"))["a"] == Decimal("1100.50")
