"""`firstchoice import-dossiers FILE`: one row per customer, all or nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from firstchoice.customers.models import DossierQuestion, DossierSection
from tests.base import BaseTestCase
from tests.customers.research import fill_section

HEADER = (
    "customer_code,company_type,delivery_days,top_customers,special_requirements,credit_notes\n"
)


class ImportDossiersTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.dir = Path(self.enterContext(__import__("tempfile").TemporaryDirectory()))

    def write(self, text: str, name: str = "dossiers.csv") -> Path:
        path = self.dir / name
        path.write_text(text, encoding="utf-8")
        return path

    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("import_dossiers", *args, stdout=out, stderr=out)
        return out.getvalue()

    def test_it_imports_one_row_per_customer(self) -> None:
        path = self.write(
            HEADER
            + 'AL001,OEM,21,"BYD | biggest; Midea","packaging, seasonality",pays late\n'
            + "AL002,Distributor,,,,\n"
        )
        out = self.run_command(str(path), "--user", "alice")
        assert "Imported 5 dossier sections for 2 customers from 2 rows" in out
        delivery = DossierSection.objects.get(customer__code="AL001", key="delivery")
        assert delivery.data["top_customers"] == [
            {"name": "BYD", "notes": "biggest"},
            {"name": "Midea", "notes": ""},
        ]
        assert delivery.data["delivery_days"] == 21 and delivery.updated_by == self.alice
        credit = DossierSection.objects.get(customer__code="AL001", key="credit")
        assert credit.notes == "pays late"
        special = DossierSection.objects.get(customer__code="AL001", key="special")
        assert special.data["special_requirements"] == ["packaging", "seasonality"]

    def test_it_keeps_stored_answers_for_empty_cells(self) -> None:
        fill_section(self.alice, self.alice_customers[0])
        self.run_command(str(self.write("customer_code,ownership,history\nAL001,State-owned,\n")))
        data = DossierSection.objects.get(key="profile").data
        assert data["ownership"] == "State-owned" and data["history"] == "1998"

    def test_it_reports_every_bad_cell_and_imports_nothing(self) -> None:
        path = self.write(
            "customer_code,delivery_days,pays_on_time,colour\n"
            "AL001,soon,yes,red\n"
            "NOPE,5,maybe,\n"
            "AL001,5,yes,\n"
        )
        with pytest.raises(CommandError, match="nothing was imported"):
            self.run_command(str(path), "--format", "json")
        assert not DossierSection.objects.exists()
        out = StringIO()
        with pytest.raises(CommandError):
            call_command("import_dossiers", str(path), "--format", "json", stdout=out)
        body = json.loads(out.getvalue())
        found = {(e["row"], e["column"]) for e in body["errors"]}
        assert found == {
            (1, "colour"),
            (2, "delivery_days"),
            (3, "customer_code"),
            (4, "customer_code"),
        }
        assert body["error_count"] == 4

    def test_it_validates_without_writing_on_a_dry_run(self) -> None:
        path = self.write(HEADER + "AL001,OEM,21,,,\n")
        out = self.run_command(str(path), "--dry-run", "--format", "json")
        assert json.loads(out)["sections"] == 2 and json.loads(out)["dry_run"] is True
        assert not DossierSection.objects.exists()

    def test_it_checks_the_users_rights(self) -> None:
        path = self.write("customer_code,company_type\nAL001,OEM\n")
        with pytest.raises(CommandError):
            self.run_command(str(path), "--user", "bob")  # read-only on alice's customer
        assert not DossierSection.objects.exists()

    def test_it_reads_xlsx_and_custom_questions(self) -> None:
        DossierQuestion.objects.create(
            section="technical", key="lab", kind=DossierQuestion.Kind.YES_NO, label_en="Own lab?"
        )
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["customer_code", "lab", "design_weeks"])
        sheet.append(["AL003", "no", 12.0])
        path = self.dir / "d.xlsx"
        book.save(path)
        self.run_command(str(path))
        assert DossierSection.objects.get(key="technical").data["lab"] == "no"
        assert DossierSection.objects.get(key="design").data["design_weeks"] == 12

    def test_it_refuses_a_missing_file_and_a_missing_code_column(self) -> None:
        with pytest.raises(CommandError, match="does not exist"):
            self.run_command(str(self.dir / "nope.csv"))
        with pytest.raises(CommandError):
            self.run_command(str(self.write("company_type\nOEM\n")))
