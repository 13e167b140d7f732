"""`firstchoice import-portfolios FILE`: load focus lists to audit, all or nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from firstchoice.portfolio.models import PortfolioEntry, TierChange
from tests.base import YEAR, BaseTestCase


def run(path: Path, *args: str) -> dict[str, object]:
    out = StringIO()
    call_command(
        "import_portfolios", str(path), "--format", "json", *args, stdout=out, stderr=StringIO()
    )
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


class ImportPortfoliosTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path: Path) -> None:
        self.tmp = tmp_path

    def csv(self, text: str, name: str = "lists.csv") -> Path:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    def entries(self) -> list[tuple[str, str, str, int]]:
        return list(
            PortfolioEntry.objects.order_by(
                "portfolio__salesperson__code", "customer__code"
            ).values_list(
                "portfolio__salesperson__code", "customer__code", "tier", "portfolio__year"
            )
        )

    def test_it_loads_a_top_20_list_without_tiers(self) -> None:
        rows = "".join(f"alice,AL{i:03d}\n" for i in range(1, 21))
        summary = run(self.csv("salesperson,customer_code\n" + rows))
        self.assertEqual((summary["rows"], summary["added"], summary["errors"]), (20, 20, []))
        entries = self.entries()
        self.assertEqual(len(entries), 20)
        self.assertEqual({tier for _s, _c, tier, _y in entries}, {"U"})
        self.assertEqual({year for *_rest, year in entries}, {YEAR})
        change = TierChange.objects.filter(customer__code="AL001").get()
        self.assertEqual((change.kind, change.to_tier), ("added", "U"))
        self.assertEqual(change.reason, "Imported from lists.csv")

    def test_it_takes_tiers_years_and_erp_codes(self) -> None:
        path = self.csv("Sales Rep;Customer;Tier;Year\nalice;AL001;a;2024\ncharlie;CH001;C;2024\n")
        self.assertEqual(run(path)["added"], 2)
        self.assertEqual(
            self.entries(), [("alice", "AL001", "A", 2024), ("charlie", "CH001", "C", 2024)]
        )

    def test_it_skips_rows_already_listed_so_a_file_can_be_loaded_twice(self) -> None:
        path = self.csv("salesperson,customer_code,tier\nalice,AL001,A\nalice,AL002,\n")
        run(path)
        again = run(path)
        self.assertEqual((again["added"], again["already_listed"]), (0, 2))
        self.assertEqual(len(self.entries()), 2)

    def test_it_reads_xlsx(self) -> None:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["salesperson", "customer_code", "tier", "year"])
        sheet.append(["bob", "BO001", "B", 2025])
        path = self.tmp / "lists.xlsx"
        book.save(path)
        self.assertEqual(run(path)["added"], 1)
        self.assertEqual(self.entries(), [("bob", "BO001", "B", 2025)])

    def test_it_names_every_bad_cell_and_imports_nothing(self) -> None:
        path = self.csv(
            "salesperson,customer_code,tier,year\n"
            "alice,AL001,A,\n"
            "nobody,AL002,A,\n"
            "alice,ZZ999,B,\n"
            "alice,AL003,D,\n"
            "alice,AL004,C,20x5\n"
            ",AL005,,\n"
            "alice,AL001,A,\n"
        )
        with self.assertRaisesMessage(CommandError, "nothing was imported"):
            run(path)
        out = StringIO()
        with pytest.raises(CommandError):
            call_command("import_portfolios", str(path), "--format", "json", stdout=out)
        errors = json.loads(out.getvalue())["errors"]
        self.assertEqual(
            errors,
            [
                "row 3, column salesperson: no salesperson 'nobody'",
                "row 4, column customer_code: no customer 'ZZ999'",
                "row 5, column tier: 'D' is not A, B, C or empty",
                "row 6, column year: '20x5' is not a year",
                "row 7, column salesperson: empty",
                f"row 8, column customer_code: AL001 is already listed for alice in {YEAR} "
                "on row 2",
            ],
        )
        self.assertEqual(self.entries(), [])

    def test_it_refuses_to_overfill_a_tier(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)  # tiers A, B, C full
        before = self.entries()
        path = self.csv("salesperson,customer_code,tier\nalice,AL016,A\n")
        out = StringIO()
        with pytest.raises(CommandError):
            call_command("import_portfolios", str(path), "--format", "json", stdout=out)
        self.assertEqual(
            json.loads(out.getvalue())["errors"],
            [f"row 2, column tier: tier A of alice {YEAR} would hold 6 accounts, more than its 5"],
        )
        self.assertEqual(self.entries(), before)

    def test_it_refuses_to_move_a_listed_customer_silently(self) -> None:
        self.add(self.alice_sp, self.alice_customers[0], "A")
        path = self.csv("salesperson,customer_code,tier\nalice,AL001,B\n")
        with self.assertRaisesMessage(CommandError, "1 errors"):
            run(path)
        self.assertEqual(self.entries(), [("alice", "AL001", "A", YEAR)])

    def test_it_names_missing_columns(self) -> None:
        path = self.csv("rep,amount\nalice,3\n")
        out = StringIO()
        with pytest.raises(CommandError):
            call_command("import_portfolios", str(path), "--format", "json", stdout=out)
        self.assertEqual(
            json.loads(out.getvalue())["errors"],
            ["The header has no column customer_code (found: rep, amount)."],
        )

    def test_it_changes_nothing_in_a_dry_run(self) -> None:
        summary = run(self.csv("salesperson,customer_code\nalice,AL001\n"), "--dry-run")
        self.assertEqual((summary["added"], summary["dry_run"]), (1, True))
        self.assertEqual(self.entries(), [])

    def test_it_explains_a_missing_file(self) -> None:
        with self.assertRaisesMessage(CommandError, "no such file"):
            run(self.tmp / "missing.csv")


class UntieredBoardTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _imported(self, tmp_path: Path) -> None:
        path = tmp_path / "top20.csv"
        path.write_text("salesperson,customer_code\nalice,AL001\nalice,AL002\n", encoding="utf-8")
        run(path)

    def test_it_shows_untiered_accounts_in_their_own_column(self) -> None:
        self.login(self.alice)
        response = self.client.get(f"/board/alice/{YEAR}/")
        self.assertContains(response, 'data-tier="U"')
        self.assertContains(response, "Not tiered yet")
        self.assertContains(response, 'data-customer="AL001"')

    def test_it_moves_an_untiered_account_into_a_tier(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            f"/board/alice/{YEAR}/move", {"customer": "AL001", "tier": "A", "reason": "our biggest"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(PortfolioEntry.objects.get(customer__code="AL001").tier, "A")

    def test_it_never_moves_an_account_back_to_untiered(self) -> None:
        self.add(self.alice_sp, self.alice_customers[2], "A")
        self.login(self.alice)
        response = self.client.post(
            f"/board/alice/{YEAR}/move", {"customer": "AL003", "tier": "U", "reason": "not sure"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(PortfolioEntry.objects.get(customer__code="AL003").tier, "A")

    def test_it_counts_untiered_accounts_on_the_team_overview(self) -> None:
        self.login(self.mary)
        response = self.client.get(f"/teams/alpha/{YEAR}/")
        self.assertContains(response, "2 accounts from an imported list are not tiered yet")
