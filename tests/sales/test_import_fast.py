"""The import's one-pass path (issue 15): the row builder gives exactly parse_row's row or
declines, the roll-ups summed while writing equal the lines grouped again, new customers
get a new instance's defaults, and PostgreSQL's statistics follow a large load."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from firstchoice.customers.models import Customer
from firstchoice.sales import bulk, importer
from firstchoice.sales.actions import refresh_rollups
from firstchoice.sales.bulk import LineWriter
from firstchoice.sales.importer import ImportOptions, import_sales
from firstchoice.sales.models import MonthlySales, SalesLine
from firstchoice.sales.parsing.headers import CANONICAL
from firstchoice.sales.parsing.rows import parse_row
from firstchoice.teams.models import Salesperson
from tests.base import BaseTestCase
from tests.sales.test_import import write_csv

FIELDS = list(CANONICAL)
MAPPING = {name: index for index, name in enumerate(FIELDS)}

# Cells as ERP files write them: the plain forms the builder takes and forms only
# parse_row reads (or refuses), so that both sides of the builder's decision are drawn.
DATES = st.sampled_from(
    ["2026-01-31", "2026-02-29", "2024-02-29", "2026/3/4", "31.01.2026", "20260131",
     "2026年1月5日", "01/02/2026", "13/02/2026", " 2026-01-31", "2026-01-31 00:00:00", "", "x"]
)  # fmt: skip
AMOUNTS = st.one_of(
    st.from_regex(r"-?[0-9]{1,16}(\.[0-9]{2})?", fullmatch=True),
    st.sampled_from(
        ["0", "-0.00", "007.50", "1,234.56", "1.234,56", "(12.00)", "¥12", "12.5", "12.345",
         "1e5", "", " ", "12.00-", "99999999999999999", "NaN", "１２.００"]
    ),
)  # fmt: skip
QUANTITIES = st.one_of(
    st.from_regex(r"-?[0-9]{1,10}(\.[0-9]{1,4})?", fullmatch=True),
    st.sampled_from(["", " ", "12.34567", "1,000", "-0", "1e3"]),
)
TEXTS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["C1", " C1 ", "", "  ", "x" * 65, "名" * 301, "a\x00b", "p" * 1000]),
)
CURRENCIES = st.sampled_from(["", "CNY", "cny", " usd ", "人民币", "美元", "EURO", "1", "€"])
TERMS = st.sampled_from(["", "NET30", "COD", " cod ", "货到付款", "x" * 51])


@st.composite
def rows(draw: st.DrawFn) -> list[str]:
    by_field = {
        "invoice_date": DATES,
        "amount": AMOUNTS,
        "margin": st.one_of(AMOUNTS, st.just("")),
        "quantity": QUANTITIES,
        "currency": CURRENCIES,
        "payment_terms": TERMS,
    }
    cells = [draw(by_field.get(name, TEXTS)) for name in FIELDS]
    if draw(st.booleans()):  # sometimes short: a row the file cut off
        cells = cells[: draw(st.integers(0, len(cells)))]
    return cells


def number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@pytest.fixture(autouse=True)
def _tmp(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if request.instance is not None:
        request.instance.tmp = tmp_path


class RowBuilderTestCase(TestCase):
    def writer(self) -> LineWriter:
        writer = LineWriter(batch_id=7)
        writer.customers.update({"C1": 11, "C2": 12})
        writer.salespeople.update({"alice": 21})
        return writer

    @settings(max_examples=400, deadline=None)
    @given(cells=rows(), day_first=st.sampled_from([None, True, False]))
    def test_it_gives_parse_rows_row_or_declines(self, cells: list[str], day_first: bool | None):
        fast, full = self.writer(), self.writer()
        built = fast.builder(MAPPING, day_first)(cells)
        parsed = parse_row(cells, MAPPING, FIELDS, row=2, day_first=day_first)
        if built is not None:
            assert not isinstance(parsed, list), parsed
            expected = full.row_of(parsed)
            # The quantity goes to a numeric column as text: "12.5" and "12.5000" are one.
            assert [*built[:9], *built[10:]] == [*expected[:9], *expected[10:]]
            assert number(built[9]) == number(expected[9])
            assert (fast.new_customers, fast.new_salespeople) == (
                full.new_customers,
                full.new_salespeople,
            )

    def test_it_takes_the_plain_rows_an_erp_exports(self) -> None:
        writer = self.writer()
        build = writer.builder(MAPPING, None)
        plain = {
            "invoice_date": "2026-01-31",
            "customer_code": "C1",
            "customer_name": "Acme",
            "salesperson": "bob",
            "amount": "-1234.56",
            "margin": "",
            "payment_terms": "COD",
            "invoice_no": "INV-1",
            "line_no": "1",
            "product": "p" * 1000,
            "quantity": "12.5",
            "currency": "人民币",
        }
        row = build([plain.get(name, "") for name in FIELDS])
        assert row is not None
        assert row[:5] == ["2026-01-31", 11, "bob", -123456, None]  # bob: created later
        assert row[9:] == ["12.5", "CNY", 7]
        assert writer.new_salespeople == {"bob"}


class RollupsSummedTestCase(BaseTestCase):
    tmp: Path
    HEADER = ["date", "customer", "name", "rep", "amount", "margin", "terms", "invoice", "line"]

    def regrouped(self) -> list[tuple[object, ...]]:
        kept = self.rollups()
        refresh_rollups()
        again = self.rollups()
        assert kept == again
        return kept

    def rollups(self) -> list[tuple[object, ...]]:
        columns = ("customer_id", "salesperson_id", "month", "amount", "margin", "margin_base")
        rest = ("cod_amount", "lines")
        return sorted(MonthlySales.objects.values_list(*columns, *rest))

    def test_they_equal_the_lines_grouped_again_after_each_import(self) -> None:
        rows = [
            ["2026-01-05", "C1", "One", "alice", "100.00", "10.00", "NET30", "A", "1"],
            ["2026-01-20", "C1", "One", "alice", "50.50", "", " cod ", "A", "2"],
            ["2026-01-21", "C1", "One", "bob", "7.00", "", "货到付款", "B", "1"],
            ["2026-02-01", "C2", "Two", "alice", "-20.00", "-2.00", "", "C", "1"],
            ["2026-02-01", "C2", "Two", "alice", "1,000.00", "0.00", "CASH", "C", "2"],
        ]
        import_sales(write_csv(self.tmp / "a.csv", rows, self.HEADER), actor=None)
        first = self.regrouped()
        margins = {(r[2], r[4], r[5]) for r in first}
        assert (dt.date(2026, 1, 1), None, 0) in margins  # bob's month: no margin known
        # More lines in the same months and customers: added to the rows there.
        more = [
            ["2026-01-06", "C1", "One", "alice", "1.00", "0.50", "COD", "D", "1"],
            ["2026-02-02", "C2", "Two", "alice", "2.00", "", "", "D", "2"],
            ["2026-03-02", "C3", "Three", "carol", "3.00", "1.00", "", "D", "3"],
        ]
        import_sales(write_csv(self.tmp / "b.csv", more, self.HEADER), actor=None)
        second = self.regrouped()
        assert len(second) == len(first) + 1
        # A file repeating lines already in: the months are grouped again instead.
        import_sales(write_csv(self.tmp / "c.csv", rows + more[:1], self.HEADER), actor=None)
        assert self.regrouped() == second
        assert SalesLine.objects.count() == len(rows) + len(more)

    def test_they_equal_the_lines_when_sums_are_added_as_they_come(self) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(bulk, "SUMS_KEPT", 1)  # every chunk's sums go out at once
            self.test_they_equal_the_lines_grouped_again_after_each_import()

    def test_they_equal_the_lines_after_a_replaced_period(self) -> None:
        rows = [["2026-01-05", "C1", "One", "alice", "100.00", "10.00", "NET30", "", ""]]
        import_sales(write_csv(self.tmp / "a.csv", rows, self.HEADER), actor=None, options=None)
        again = [["2026-01-07", "C1", "One", "alice", "60.00", "", "", "", ""]]
        import_sales(
            write_csv(self.tmp / "b.csv", again, self.HEADER),
            actor=None,
            options=ImportOptions(replace_period=True),
        )
        assert [r[3] for r in self.regrouped()] == [60]


class NewCustomersTestCase(BaseTestCase):
    tmp: Path

    def test_they_get_what_a_new_instance_would(self) -> None:
        rows = [["2026-01-05", "N1", "New One", "zed", "1.00", "", "", "I", "1"]]
        import_sales(write_csv(self.tmp / "a.csv", rows, RollupsSummedTestCase.HEADER), actor=None)
        customer = Customer.objects.get(code="N1")
        fresh = Customer()
        assert (customer.name, customer.owner, customer.status) == (
            "New One",
            Salesperson.objects.get(code="zed"),
            fresh.status,
        )
        assert (customer.segment, customer.payment_terms, customer.credit_limit) == ("", "", None)
        assert customer.created is not None
        assert Salesperson.objects.get(code="zed").is_active


class StatisticsTestCase(BaseTestCase):
    tmp: Path

    def test_a_large_load_refreshes_the_planner_statistics(self) -> None:
        if connection.vendor != "postgresql":
            pytest.skip("planner statistics: PostgreSQL")
        rows = [
            ["2026-01-05", f"C{i % 7}", "", "alice", "1.00", "", "", f"I{i}", "1"]
            for i in range(40)
        ]
        table = SalesLine._meta.db_table
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(importer, "ANALYZE_AFTER", 40)
            import_sales(
                write_csv(self.tmp / "a.csv", rows, RollupsSummedTestCase.HEADER), actor=None
            )
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            assert cursor.fetchone()[0] == 40
