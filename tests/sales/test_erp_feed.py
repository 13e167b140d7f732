"""An ERP feed as ERPs export it (issue 15): only date, customer, salesperson and amount
required, unknown figures shown as unknown, long text, detected encodings, hostile files,
replacing a period, and rollbacks that take away what the batch created."""

from __future__ import annotations

import csv
import datetime as dt
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from firstchoice.customers.models import Customer
from firstchoice.portfolio import rules
from firstchoice.portfolio.audit import audit_scope, run_audit
from firstchoice.sales.actions import rollback_batch
from firstchoice.sales.importer import ImportOptions, ImportRefused, import_sales
from firstchoice.sales.master import import_customers
from firstchoice.sales.models import ImportBatch, MonthlySales, ReplacedLine, SalesLine
from firstchoice.sales.parsing.encoding import detect_encoding
from firstchoice.sales.queries import trailing_figures
from firstchoice.teams.models import Salesperson
from tests.base import TODAY, YEAR, BaseTestCase

DAY = (TODAY - dt.timedelta(days=20)).isoformat()


def write(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(autouse=True)
def _tmp(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if request.instance is not None:
        request.instance.tmp = tmp_path


def lines_state() -> tuple[object, ...]:
    return (
        tuple(SalesLine.objects.aggregate(n=Count("id"), a=Sum("amount")).values()),
        tuple(MonthlySales.objects.aggregate(n=Count("id"), a=Sum("amount")).values()),
        Customer.objects.count(),
        Salesperson.objects.count(),
    )


class FourColumnsTestCase(BaseTestCase):
    """A file with only date, customer, salesperson and amount."""

    tmp: Path

    def _import_four(self) -> None:
        path = write(
            self.tmp / "four.csv",
            ["Invoice Date", "Customer", "Salesperson", "Net Amount", "Invoice No"],
            [
                [DAY, "AL001", "alice", "1,000.00", "F1"],
                [DAY, "AL002", "alice", "500.00", "F2"],
            ],
        )
        import_sales(path, actor=self.root)

    def test_it_imports_the_four_required_columns_with_margin_unknown(self) -> None:
        self._import_four()
        assert SalesLine.objects.filter(margin__isnull=True).count() == 2
        rollup = MonthlySales.objects.get(customer__code="AL001")
        assert rollup.margin is None and rollup.margin_base == 0
        figures = trailing_figures([self.alice_customers[0].pk], TODAY)[self.alice_customers[0].pk]
        assert figures.amount == Decimal("1000.00")
        assert figures.margin is None and figures.margin_pct is None
        batch = ImportBatch.objects.get()
        assert batch.margin_total is None

    def test_it_shows_unknown_on_the_board_card_customer_page_api_and_audit(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        self._import_four()
        self.login(self.alice)
        board = self.client.get(f"/board/alice/{YEAR}/").content.decode()
        card = board[board.index('data-customer="AL001"') :][:3000]
        assert "unknown" in card  # margin and terms: the file gave neither
        page = self.client.get("/customers/AL001/").content.decode()
        assert page.count("unknown") >= 2
        api = self.client.get("/api/v1/customers/AL001").json()
        assert api["t12m_margin"] is None and api["cod"] is None
        audit = run_audit(audit_scope(self.mary), YEAR, as_of=TODAY)
        assert audit.total.margin_unknown >= 1
        unknown = audit.drill(rules.MARGIN_UNKNOWN)
        assert {e.customer.code for e in unknown} >= {"AL001", "AL002"}
        assert all(rules.MARGIN not in e.reasons for e in unknown)  # not judged, not failed
        no_terms = {e.customer.code for e in audit.drill(rules.TERMS_UNKNOWN)}
        assert {"AL001", "AL002"} <= no_terms and audit.total.terms_unknown == len(no_terms)
        assert audit.as_json()["terms_unknown"] == audit.total.terms_unknown
        self.login(self.mary)
        html = self.client.get("/audit/?show=margin_unknown").content.decode()
        assert "Margin unknown" in html

    def test_it_takes_a_margin_percent_over_the_lines_that_give_one(self) -> None:
        path = write(
            self.tmp / "mixed.csv",
            ["date", "customer", "rep", "amount", "margin", "invoice"],
            [
                [DAY, "AL003", "alice", "1000.00", "250.00", "M1"],
                [DAY, "AL003", "alice", "500.00", "", "M2"],
            ],
        )
        import_sales(path, actor=None)
        figures = trailing_figures([self.alice_customers[2].pk], TODAY)[self.alice_customers[2].pk]
        assert figures.margin == Decimal("250.00") and figures.margin_pct == Decimal("25.0")

    def test_it_keeps_terms_from_the_master_when_lines_have_none(self) -> None:
        Customer.objects.filter(code="AL001").update(payment_terms="NET60")
        self._import_four()
        assert Customer.objects.get(code="AL001").payment_terms == "NET60"

    def test_it_imports_a_255_character_product_and_customer_name(self) -> None:
        product = "Hydraulic pump assembly, stainless, " + "x" * 300
        name = "Société Anonyme des Établissements " + "y" * 250
        path = write(
            self.tmp / "long.csv",
            ["date", "customer", "customer name", "rep", "amount", "product", "invoice"],
            [[DAY, "LONG1", name, "alice", "10.00", product, "L1"]],
        )
        import_sales(path, actor=None)
        assert SalesLine.objects.get(invoice_no="L1").product == product
        assert Customer.objects.get(code="LONG1").name == name


class InvoiceNumberTestCase(BaseTestCase):
    tmp: Path

    def test_it_recognises_chinese_invoice_number_headers(self) -> None:
        for header in ("单号", "订单号", "销售单号", "发票号码"):
            path = write(
                self.tmp / f"{header}.csv",
                ["日期", "客户编码", "业务员", "金额", header],
                [[DAY, "AL001", "alice", "10.00", f"{header}-1"]],
            )
            result = import_sales(path, actor=None, options=ImportOptions(force=True))
            assert result.mapping["invoice_no"] == header
            again = import_sales(path, actor=None, options=ImportOptions(force=True))
            assert again.rows == 0 and again.duplicates_skipped == 1  # repeats detected

    def test_it_refuses_a_file_without_invoice_numbers_until_confirmed(self) -> None:
        path = write(
            self.tmp / "noinv.csv",
            ["date", "customer", "rep", "amount"],
            [[DAY, "AL001", "alice", "1.00"]],
        )
        before = lines_state()
        with pytest.raises(ImportRefused, match="repeated lines cannot be detected"):
            import_sales(path, actor=None)
        assert lines_state() == before
        out, err = StringIO(), StringIO()
        call_command("import_sales", str(path), "--without-invoice-numbers", stdout=out, stderr=err)
        assert "1 lines" in out.getvalue()
        assert "repeated lines cannot be detected" in err.getvalue()


class EncodingTestCase(BaseTestCase):
    tmp: Path

    def test_it_reads_shift_jis_as_shift_jis(self) -> None:
        names = ["株式会社テスト", "東京電機株式会社", "大阪商事"]
        path = write(
            self.tmp / "sjis.csv",
            ["date", "customer", "customer name", "rep", "amount", "invoice"],
            [[DAY, f"J{i}", n, "alice", "1.00", f"J{i}"] for i, n in enumerate(names)],
            encoding="shift_jis",
        )
        import_sales(path, actor=None)
        assert (
            list(
                Customer.objects.filter(code__startswith="J")
                .order_by("code")
                .values_list("name", flat=True)
            )
            == names
        )

    def test_it_reads_cp1252_whatever_row_holds_the_first_accent(self) -> None:
        rows = [[DAY, f"W{i}", f"Plain {i}", "alice", "1.00", f"W{i}"] for i in range(300)]
        rows += [[DAY, "W900", "Crème Brûlée SARL", "alice", "1.00", "W900"]]
        path = write(
            self.tmp / "cp1252.csv",
            ["date", "customer", "customer name", "rep", "amount", "invoice"],
            rows,
            encoding="cp1252",
        )
        import_sales(path, actor=None)
        assert Customer.objects.get(code="W900").name == "Crème Brûlée SARL"

    def test_it_refuses_an_ambiguous_encoding_naming_the_candidates(self) -> None:
        # Two short columns and one accented letter: Windows-1252 and -1251 read it equally
        # well (Ü or Ь).
        path = self.tmp / "amb.csv"
        path.write_bytes("code,name\nZ1,Ü\n".encode("cp1252"))
        before = lines_state()
        with pytest.raises(ImportRefused) as info:
            import_customers(path, actor=None)
        assert "Windows-1252" in str(info.value) and "Windows-1251" in str(info.value)
        assert lines_state() == before
        with pytest.raises(CommandError, match="ambiguous"):
            call_command("import_customers", str(path), stdout=StringIO(), stderr=StringIO())
        call_command(
            "import_customers",
            str(path),
            "--encoding",
            "cp1252",
            stdout=StringIO(),
            stderr=StringIO(),
        )
        assert Customer.objects.get(code="Z1").name == "Ü"

    def test_it_takes_the_encoding_from_the_command_line(self) -> None:
        path = write(
            self.tmp / "gbk.csv",
            ["date", "customer", "customer name", "rep", "amount", "invoice"],
            [[DAY, "K1", "현대상사", "alice", "1.00", "K1"]],
            encoding="euc_kr",
        )
        call_command(
            "import_sales", str(path), "--encoding", "euc_kr", stdout=StringIO(), stderr=StringIO()
        )
        assert Customer.objects.get(code="K1").name == "현대상사"
        with pytest.raises(CommandError, match="unknown encoding"):
            call_command(
                "import_sales",
                str(path),
                "--encoding",
                "klingon",
                "--force",
                stdout=StringIO(),
                stderr=StringIO(),
            )

    def test_it_decides_from_the_whole_file(self) -> None:
        ascii_head = b"date,customer\n" + b"2026-01-01,C1\n" * 200_000  # ~2.8 MB of ASCII
        tail = "2026-01-02,株式会社テスト\n".encode("shift_jis") * 20
        assert detect_encoding(ascii_head + tail) in ("cp932", "shift_jis")


class HostileFileTestCase(BaseTestCase):
    tmp: Path

    def test_it_refuses_a_huge_header_at_once(self) -> None:
        path = self.tmp / "wide.csv"
        path.write_text(",".join(f"column{i}" for i in range(100_000)) + "\n1\n")
        started = time.monotonic()
        with pytest.raises(ImportRefused, match="header"):
            import_sales(path, actor=None)
        assert time.monotonic() - started < 5
        assert not ImportBatch.objects.exists()

    def test_it_refuses_too_many_columns(self) -> None:
        path = self.tmp / "many.csv"
        path.write_text(",".join(f"c{i}" for i in range(2_000)) + "\n1\n")
        with pytest.raises(ImportRefused, match="2,000 columns"):
            import_sales(path, actor=None)

    def test_it_refuses_a_file_without_data_rows_with_a_non_zero_exit(self) -> None:
        path = write(self.tmp / "empty.csv", ["date", "customer", "rep", "amount", "invoice"], [])
        with pytest.raises(CommandError, match="no data rows"):
            call_command("import_sales", str(path), stdout=StringIO(), stderr=StringIO())
        assert not SalesLine.objects.exists()


class RollbackCreatedTestCase(BaseTestCase):
    tmp: Path

    def test_it_removes_the_customers_and_salespeople_the_batch_created(self) -> None:
        before = lines_state()
        path = write(
            self.tmp / "new.csv",
            ["date", "customer", "customer name", "rep", "amount", "invoice"],
            [
                [DAY, "NEW1", "New One", "newrep", "10.00", "N1"],
                [DAY, "NEW2", "New Two", "newrep", "20.00", "N2"],
                [DAY, "AL001", "AL Customer 1", "alice", "5.00", "N3"],
            ],
        )
        result = import_sales(path, actor=None)
        assert (result.customers_created, result.salespeople_created) == (2, 1)
        # Someone put NEW2 on a focus list meanwhile: it is referred to, so it stays.
        new2 = Customer.objects.get(code="NEW2")
        self.add(self.alice_sp, new2, "A")
        assert result.batch is not None
        rollback_batch(actor=self.root, batch=result.batch)
        assert not Customer.objects.filter(code="NEW1").exists()
        assert Customer.objects.filter(code="NEW2").exists()
        # NEW2 still names newrep as its owner, so the salesperson stays too.
        assert Salesperson.objects.filter(code="newrep").exists()
        assert Customer.objects.filter(code="AL001").exists()
        assert lines_state()[0] == before[0]

    def test_it_removes_all_it_created_when_nothing_refers_to_it(self) -> None:
        before = lines_state()
        path = write(
            self.tmp / "new.csv",
            ["date", "customer", "rep", "amount", "invoice"],
            [[DAY, f"X{i}", f"rep{i % 3}", "1.00", f"X{i}"] for i in range(30)],
        )
        result = import_sales(path, actor=None)
        assert result.batch is not None
        rollback_batch(actor=self.root, batch=result.batch)
        assert lines_state() == before


class ReplacePeriodTestCase(BaseTestCase):
    tmp: Path

    def _export(self, name: str, rows: list[list[str]]) -> Path:
        return write(self.tmp / name, ["date", "customer", "rep", "amount", "margin"], rows)

    def test_it_replaces_exactly_the_months_the_file_covers_and_rollback_restores(self) -> None:
        march, april, may = "2026-03-10", "2026-04-10", "2026-05-10"
        first = import_sales(
            self._export(
                "ytd1.csv",
                [
                    [march, "AL001", "alice", "100.00", "10.00"],
                    [april, "AL001", "alice", "200.00", "20.00"],
                    [may, "AL002", "alice", "50.00", "5.00"],
                ],
            ),
            actor=None,
            options=ImportOptions(without_invoice_numbers=True),
        )
        assert first.batch is not None
        state_after_first = lines_state()
        # The re-export covers April and May only; March stays as it is.
        second = import_sales(
            self._export(
                "ytd2.csv",
                [
                    [april, "AL001", "alice", "210.00", "21.00"],
                    [may, "AL002", "alice", "55.00", "5.00"],
                    [may, "AL003", "alice", "5.00", "1.00"],
                ],
            ),
            actor=None,
            options=ImportOptions(replace_period=True),
        )
        assert second.batch is not None
        assert second.replaced == [
            {"month": "2026-04", "batch": first.batch.pk, "lines": 1},
            {"month": "2026-05", "batch": first.batch.pk, "lines": 1},
        ]
        assert SalesLine.objects.aggregate(s=Sum("amount"))["s"] == Decimal("370.00")
        assert MonthlySales.objects.aggregate(s=Sum("amount"))["s"] == Decimal("370.00")
        assert SalesLine.objects.filter(invoice_date=march).count() == 1
        assert ReplacedLine.objects.count() == 2
        with pytest.raises(Exception, match="replaced its lines"):
            rollback_batch(actor=None, batch=first.batch)
        rollback_batch(actor=None, batch=second.batch)
        assert lines_state() == state_after_first
        assert not ReplacedLine.objects.exists()

    def test_it_shows_what_it_would_replace_in_a_dry_run(self) -> None:
        import_sales(
            self._export("a.csv", [["2026-04-10", "AL001", "alice", "1.00", "0.10"]]),
            actor=None,
            options=ImportOptions(without_invoice_numbers=True),
        )
        out = StringIO()
        call_command(
            "import_sales",
            str(self._export("b.csv", [["2026-04-11", "AL001", "alice", "2.00", "0.20"]])),
            "--replace-period",
            "--dry-run",
            stdout=out,
            stderr=StringIO(),
        )
        batch = ImportBatch.objects.get()
        assert f"Would replace 1 lines of 2026-04 imported by batch {batch.pk}" in out.getvalue()
        assert SalesLine.objects.count() == 1 and not ReplacedLine.objects.exists()

    def test_it_changes_nothing_when_a_replacing_file_is_invalid(self) -> None:
        import_sales(
            self._export("a.csv", [["2026-04-10", "AL001", "alice", "1.00", "0.10"]]),
            actor=None,
            options=ImportOptions(without_invoice_numbers=True),
        )
        before = lines_state()
        bad = self._export("bad.csv", [["2026-04-11", "AL001", "alice", "lots", "0.20"]])
        with pytest.raises(ImportRefused):
            import_sales(bad, actor=None, options=ImportOptions(replace_period=True))
        assert lines_state() == before and not ReplacedLine.objects.exists()


class SuggestionWindowsTestCase(BaseTestCase):
    tmp: Path

    def test_it_gives_tier_suggestions_an_unknown_margin_not_zero(self) -> None:
        from firstchoice.portfolio.windows import mostly_cod, window_figures, window_sums, windows

        path = write(
            self.tmp / "w.csv",
            ["date", "customer", "rep", "amount", "margin", "terms", "invoice"],
            [
                [DAY, "AL005", "alice", "100.00", "", "COD", "W1"],
                [DAY, "AL006", "alice", "80.00", "8.00", "", "W2"],
            ],
        )
        import_sales(path, actor=None)
        current, _previous, _earlier = windows(TODAY)
        sums = window_sums([current], cod=True)
        unknown = window_figures(sums[self.alice_customers[4].pk], 0)
        assert unknown.amount == Decimal("100.00") and unknown.margin is None
        assert unknown.margin_pct is None
        known = window_figures(sums[self.alice_customers[5].pk], 0)
        assert known.margin_pct == Decimal("10.0")
        assert mostly_cod(sums[self.alice_customers[4].pk])
        assert not mostly_cod(sums[self.alice_customers[5].pk])
