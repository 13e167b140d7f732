"""The customer master import (issue 15): `firstchoice import-customers` and its upload."""

from __future__ import annotations

import csv
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from firstchoice.customers.models import Customer
from firstchoice.sales.importer import ImportOptions, ImportRefused, import_sales
from firstchoice.sales.master import import_customers
from tests.base import TODAY, BaseTestCase

EN = [
    "Customer Code",
    "Name",
    "Owner",
    "Segment",
    "Payment Terms",
    "Credit Limit",
    "Status",
    "Parent Group",
]
ZH = ["客户编码", "客户名称", "业务员", "行业", "付款方式", "信用额度", "状态", "集团"]


def write(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def snapshot() -> list[tuple[object, ...]]:
    return list(
        Customer.objects.order_by("code").values_list(
            "code",
            "name",
            "owner_id",
            "segment",
            "payment_terms",
            "credit_limit",
            "status",
            "parent_group",
        )
    )


@pytest.fixture(autouse=True)
def _tmp(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if request.instance is not None:
        request.instance.tmp = tmp_path


class CustomerMasterTestCase(BaseTestCase):
    tmp: Path

    def test_it_creates_and_updates_customers_with_history(self) -> None:
        path = write(
            self.tmp / "master.csv",
            EN,
            [
                [
                    "AL001",
                    "AL Customer 1",
                    "bob",
                    "Machinery",
                    "NET60",
                    "50,000.00",
                    "active",
                    "Acme Group",
                ],
                ["NEW01", "New Customer Ltd", "Alice A", "Retail", "COD", "", "prospect", ""],
            ],
        )
        result = import_customers(path, actor=self.root)
        assert (result.created, result.updated, result.owner_changes, result.terms_changes) == (
            1,
            1,
            1,
            1,
        )
        al001 = Customer.objects.get(code="AL001")
        assert al001.owner == self.bob_sp and al001.payment_terms == "NET60"
        assert al001.credit_limit == Decimal("50000.00") and al001.parent_group == "Acme Group"
        history = list(al001.history.order_by("history_date"))
        assert history[-1].owner_id == self.bob_sp.pk and history[-1].history_user == self.root
        new = Customer.objects.get(code="NEW01")
        assert new.owner == self.alice_sp  # named by the salesperson's name
        assert new.status == "prospect" and new.credit_limit is None
        assert new.history.count() == 1

    def test_it_reads_chinese_headers_and_gb18030(self) -> None:
        path = write(
            self.tmp / "master.csv",
            ZH,
            [
                [
                    "CN001",
                    "华东机械有限公司",
                    "alice",
                    "机械",
                    "货到付款",
                    "10000",
                    "正常",
                    "华东集团",
                ]
            ],
            encoding="gb18030",
        )
        import_customers(path, actor=None)
        customer = Customer.objects.get(code="CN001")
        assert (customer.name, customer.payment_terms, customer.status) == (
            "华东机械有限公司",
            "货到付款",
            "active",
        )

    def test_it_keeps_a_value_the_file_leaves_empty(self) -> None:
        Customer.objects.filter(code="AL002").update(segment="Food", payment_terms="NET30")
        path = write(
            self.tmp / "m.csv",
            ["code", "name", "segment", "terms"],
            [["AL002", "AL Customer 2", "", ""]],
        )
        result = import_customers(path, actor=None)
        assert result.unchanged == 1
        customer = Customer.objects.get(code="AL002")
        assert (customer.segment, customer.payment_terms) == ("Food", "NET30")

    def test_it_changes_nothing_when_any_row_is_invalid(self) -> None:
        before = snapshot()
        path = write(
            self.tmp / "bad.csv",
            EN,
            [
                ["AL001", "AL Customer 1", "bob", "", "NET60", "", "", ""],
                ["X1", "", "nobody", "", "", "lots", "sleeping", ""],
                ["AL001", "Again", "", "", "", "", "", ""],
            ],
        )
        with pytest.raises(ImportRefused) as info:
            import_customers(path, actor=None)
        reasons = {(e.row, e.column): e.reason for e in info.value.errors}
        assert reasons[(3, "Name")] == "empty"
        assert "salesperson" in reasons[(3, "Owner")]
        assert (3, "Credit Limit") in reasons and "not a status" in reasons[(3, "Status")]
        assert "repeats the customer of row 2" in reasons[(4, "Customer Code")]
        assert snapshot() == before

    def test_it_refuses_a_file_without_the_required_columns(self) -> None:
        path = write(self.tmp / "m.csv", ["code", "segment"], [["AL001", "x"]])
        with pytest.raises(ImportRefused, match="name"):
            import_customers(path, actor=None)

    def test_it_refuses_an_empty_file_from_the_command_line(self) -> None:
        path = write(self.tmp / "m.csv", EN, [])
        with pytest.raises(CommandError, match="no data rows"):
            call_command("import_customers", str(path), stdout=StringIO(), stderr=StringIO())

    def test_it_imports_from_the_command_line_and_a_dry_run_changes_nothing(self) -> None:
        path = write(
            self.tmp / "m.csv", ["code", "name", "terms"], [["AL003", "AL Customer 3", "NET90"]]
        )
        out = StringIO()
        call_command("import_customers", str(path), "--dry-run", stdout=out, stderr=StringIO())
        assert "Would import 1 customers" in out.getvalue()
        assert Customer.objects.get(code="AL003").payment_terms == ""
        call_command("import_customers", str(path), stdout=StringIO(), stderr=StringIO())
        assert Customer.objects.get(code="AL003").payment_terms == "NET90"

    def test_it_gives_terms_to_lines_that_have_none(self) -> None:
        path = write(
            self.tmp / "m.csv", ["code", "name", "terms"], [["AL004", "AL Customer 4", "COD"]]
        )
        import_customers(path, actor=None)
        sales = write(
            self.tmp / "s.csv",
            ["date", "customer", "rep", "amount", "invoice"],
            [[TODAY.isoformat(), "AL004", "alice", "100.00", "T1"]],
        )
        import_sales(sales, actor=None, options=ImportOptions())
        customer = Customer.objects.get(code="AL004")
        assert customer.payment_terms == "COD" and customer.is_cod


class CustomerMasterUploadTestCase(BaseTestCase):
    def _upload(self, content: bytes, **extra: str):  # type: ignore[no-untyped-def]
        file = SimpleUploadedFile("master.csv", content, content_type="text/csv")
        return self.client.post("/imports/customers", {"file": file, **extra})

    def test_it_imports_an_uploaded_master(self) -> None:
        self.login(self.root)
        response = self._upload(b"code,name,owner\nWEB1,Web Customer,bob\n")
        assert response.status_code == 200
        assert "Imported master.csv" in response.content.decode()
        assert Customer.objects.get(code="WEB1").owner == self.bob_sp

    def test_it_shows_the_errors_and_changes_nothing(self) -> None:
        self.login(self.root)
        before = snapshot()
        response = self._upload(b"code,name,status\nWEB2,,odd\n")
        assert response.status_code == 422
        html = response.content.decode()
        assert "not a status" in html and "empty" in html
        assert snapshot() == before

    def test_it_is_for_administrators_only(self) -> None:
        self.login(self.alice)
        assert self._upload(b"code,name\nWEB3,x\n").status_code == 404
        assert not Customer.objects.filter(code="WEB3").exists()

    def test_it_refuses_get(self) -> None:
        self.login(self.root)
        assert self.client.get("/imports/customers").status_code == 405
