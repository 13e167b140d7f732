"""Property tests of the import: random files, encodings and delimiters.

- a valid file imports exactly: the batch totals equal the sum of its lines, to the cent;
- any invalid row leaves the database unchanged, with an error naming row and column;
- rolling an import back restores the previous totals.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from django.db.models import Count, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from firstchoice.sales.actions import rollback_batch
from firstchoice.sales.importer import ImportOptions, ImportRefused, import_sales
from firstchoice.sales.models import MonthlySales, SalesLine
from tests.sales.test_import import HEADER

cents = st.integers(min_value=-(10**11), max_value=10**11).map(lambda c: Decimal(c).scaleb(-2))
line = st.fixed_dictionaries(
    {
        "date": st.dates(min_value=dt.date(1992, 1, 1), max_value=dt.date(2030, 12, 31)),
        "customer": st.sampled_from(["C1", "C2", "客户3", "C-4"]),
        "name": st.sampled_from(["Acme Ltd", "华东机械有限公司", ""]),
        "rep": st.sampled_from(["r1", "r2", "业务员"]),
        "amount": cents,
        "margin": cents,
        "terms": st.sampled_from(["NET30", "COD", "货到付款", ""]),
    }
)
dialects = st.fixed_dictionaries(
    {
        "delimiter": st.sampled_from([",", ";", "\t"]),
        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
        "thousands": st.booleans(),
    }
)
BAD_CELLS = {
    "invoice_date": ["2026-02-30", "yesterday", ""],
    "amount": ["12.345", "abc", ""],
    "margin": ["1,2,3.4.5", "--1"],
    "customer_code": ["", "   "],
}


def _amount(value: Decimal, thousands: bool) -> str:
    return f"{value:,.2f}" if thousands else f"{value:.2f}"


def write(
    path: Path,
    rows: list[dict[str, object]],
    dialect: dict[str, object],
    bad: tuple[int, str, str] | None = None,
    invoice_prefix: str = "INV",
) -> Path:
    with open(path, "w", newline="", encoding=str(dialect["encoding"])) as handle:
        writer = csv.writer(handle, delimiter=str(dialect["delimiter"]))
        writer.writerow(HEADER)
        for index, r in enumerate(rows):
            cells = [
                r["date"].isoformat(),
                r["customer"],
                r["name"],
                r["rep"],  # type: ignore[attr-defined]
                _amount(r["amount"], bool(dialect["thousands"])),  # type: ignore[arg-type]
                _amount(r["margin"], bool(dialect["thousands"])),  # type: ignore[arg-type]
                r["terms"],
                f"{invoice_prefix}{index}",
                "1",
            ]
            if bad is not None and bad[0] == index:
                cells[HEADER.index(bad[1])] = bad[2]
            writer.writerow(cells)
    return path


def state() -> tuple[object, ...]:
    return (
        tuple(
            SalesLine.objects.aggregate(n=Count("id"), a=Sum("amount"), m=Sum("margin")).values()
        ),
        tuple(MonthlySales.objects.aggregate(a=Sum("amount"), n=Sum("lines")).values()),
    )


class ImportPropertiesTestCase(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=st.lists(line, min_size=1, max_size=40), dialect=dialects)
    def test_it_imports_valid_files_exactly(self, rows, dialect) -> None:  # type: ignore[no-untyped-def]
        with tempfile.TemporaryDirectory() as tmp:
            # Named as a user would once told (the detector has its own tests): a short
            # random sample can read equally well in two encodings and is then refused.
            options = ImportOptions(encoding=str(dialect["encoding"]))
            path = write(Path(tmp) / "f.csv", rows, dialect)
            result = import_sales(path, actor=None, options=options)
        expected_amount = sum((r["amount"] for r in rows), Decimal("0.00"))
        expected_margin = sum((r["margin"] for r in rows), Decimal("0.00"))
        assert result.rows == len(rows)
        assert result.amount_total == expected_amount
        assert result.margin_total == expected_margin
        lines = SalesLine.objects.aggregate(a=Sum("amount"), m=Sum("margin"))
        assert (lines["a"], lines["m"]) == (expected_amount, expected_margin)
        rollups = MonthlySales.objects.aggregate(a=Sum("amount"), n=Sum("lines"))
        assert (rollups["a"], rollups["n"]) == (expected_amount, len(rows))

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        rows=st.lists(line, min_size=1, max_size=30),
        dialect=dialects,
        data=st.data(),
    )
    def test_it_changes_nothing_when_any_row_is_invalid(self, rows, dialect, data) -> None:  # type: ignore[no-untyped-def]
        index = data.draw(st.integers(0, len(rows) - 1))
        column = data.draw(st.sampled_from(sorted(BAD_CELLS)))
        value = data.draw(st.sampled_from(BAD_CELLS[column]))
        before = state()
        with tempfile.TemporaryDirectory() as tmp:
            path = write(Path(tmp) / "bad.csv", rows, dialect, bad=(index, column, value))
            try:
                options = ImportOptions(encoding=str(dialect["encoding"]))  # as above
                import_sales(path, actor=None, options=options)
            except ImportRefused as exc:
                assert any(e.row == index + 2 and e.column == column for e in exc.errors), (
                    exc.errors
                )
            else:
                raise AssertionError(f"{column}={value!r} in row {index + 2} was accepted")
        assert state() == before

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        first=st.lists(line, min_size=1, max_size=20),
        second=st.lists(line, min_size=1, max_size=20),
    )
    def test_it_rolls_back_to_the_previous_totals(self, first, second) -> None:  # type: ignore[no-untyped-def]
        plain = {"delimiter": ",", "encoding": "utf-8", "thousands": False}
        with tempfile.TemporaryDirectory() as tmp:
            import_sales(write(Path(tmp) / "a.csv", first, plain), actor=None)
            before = state()
            path = write(Path(tmp) / "b.csv", second, plain, invoice_prefix="B")
            result = import_sales(path, actor=None, options=ImportOptions())
        assert result.batch is not None
        rollback_batch(actor=None, batch=result.batch)
        assert state() == before
