"""The top-customer audit (M8): figures, scope, drill-down, page, API and CLI."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.customers.actions import add_potential
from firstchoice.lib.dates import add_months
from firstchoice.lib.http import as_of_for_year
from firstchoice.portfolio.audit import run_audit
from firstchoice.teams.models import CompanySettings, Salesperson
from tests.base import TODAY, YEAR, BaseTestCase, make_customers, sell


def audit_json(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("audit", "--year", str(YEAR), "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


class AuditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        company = CompanySettings.load()
        company.top_customer_percent = 50
        company.save()
        al = cls.alice_customers
        al[2].payment_terms = "COD"
        al[2].save()
        sell(al[0], "100000", "30000")
        sell(al[1], "50000", "2000")
        sell(al[2], "80000", "20000")
        sell(cls.charlie_customers[0], "20000", "1000")
        for customer in (al[0], al[3]):
            add_potential(
                actor=cls.root,
                customer=customer,
                estimated_on=TODAY,
                total=Decimal(500_000),
                other_channels=Decimal(100_000),
                confidence=60,
            )

    def setUp(self) -> None:
        al = self.alice_customers
        for customer, tier in zip(al[:5], "AABCC", strict=True):
            self.add(self.alice_sp, customer, tier)
        self.add(self.bob_sp, al[0], "A")  # on two lists
        self.add(self.charlie_sp, self.charlie_customers[0], "A")

    def test_it_counts_cod_and_each_failed_criterion(self) -> None:
        data = audit_json("--team", "alpha")
        alice = next(r for r in data["by_salesperson"] if r["salesperson"] == "alice")  # type: ignore[union-attr,index]
        self.assertEqual(alice["listed"], 5)
        self.assertEqual(alice["cod"], 1)
        self.assertEqual(alice["cod_share"], "0.2000")
        # The top half of the four buying customers starts at 80,000 (AL003). AL002: low
        # revenue and margin, no potential; AL003 (COD): no potential; AL005 (tier C): no
        # potential. AL001 is a real top customer, AL004 a good prospect.
        self.assertEqual(alice["failing_count"], 3)
        self.assertEqual(alice["failing_share"], "0.6000")
        self.assertEqual(alice["failing"], {"revenue": 1, "margin": 1, "potential": 3})

    def test_it_totals_over_the_scope_and_finds_duplicates_and_broken_shapes(self) -> None:
        data = audit_json("--team", "alpha")
        self.assertEqual(data["salespeople"], 2)
        self.assertEqual(data["listed"], 6)
        self.assertEqual(data["cod"], 1)
        self.assertEqual(data["failing_count"], 3)
        self.assertEqual(
            data["duplicates"],
            [{"customer": "AL001", "name": "AL Customer 1", "salespeople": ["alice", "bob"]}],
        )
        breaks = {b["salesperson"]: b["counts"] for b in data["shape_breaks"]}  # type: ignore[union-attr,index]
        self.assertEqual(breaks["bob"], {"A": 1, "B": 0, "C": 0, "U": 0})
        self.assertEqual(breaks["alice"], {"A": 2, "B": 1, "C": 2, "U": 0})
        self.assertEqual(data["thresholds"]["top_revenue"], "80000.00")  # type: ignore[index]

    def test_it_sets_the_revenue_bar_from_all_customers_not_the_scope(self) -> None:
        # Top 50% of the four buying customers: AL001 and AL003, whatever team audits.
        self.assertEqual(audit_json("--team", "beta")["thresholds"]["top_revenue"], "80000.00")  # type: ignore[index]

    def test_it_reads_figures_as_of_a_date(self) -> None:
        # A year before the sales, nobody bought: everyone on a sales tier fails revenue.
        early = add_months(TODAY, -24).isoformat()  # 29 February has no twin two years back
        data = audit_json("--team", "alpha", "--as-of", early)
        self.assertEqual(data["as_of"], early)
        self.assertIsNone(data["thresholds"]["top_revenue"])  # type: ignore[index]
        self.assertEqual(data["failing"]["revenue"], 4)  # type: ignore[index]

    def test_it_reads_the_potential_estimated_by_the_as_of_date(self) -> None:
        # AL001 and AL004 were estimated today: audited as of yesterday, their potential was
        # still unknown, so every entry fails on it (alice's five and bob's AL001).
        yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
        self.assertEqual(audit_json("--team", "alpha")["failing"]["potential"], 3)  # type: ignore[index]
        before = audit_json("--team", "alpha", "--as-of", yesterday)
        self.assertEqual(before["failing"]["potential"], 6)  # type: ignore[index]

    def test_it_lists_active_salespeople_without_a_list(self) -> None:
        Salesperson.objects.create(code="dora", name="Dora D", team=self.alpha)
        self.assertEqual(audit_json("--team", "alpha")["without_list"], ["dora"])

    def test_it_rejects_unknown_teams_and_people_on_the_command_line(self) -> None:
        with self.assertRaisesMessage(CommandError, "--team: no team 'gamma'"):
            audit_json("--team", "gamma")
        with self.assertRaisesMessage(CommandError, "--user: no salesperson"):
            audit_json("--user", "nobody")
        with self.assertRaisesMessage(CommandError, "--as-of"):
            audit_json("--as-of", "31/12/2026")

    def test_it_prints_a_readable_summary(self) -> None:
        out = StringIO()
        call_command("audit", "--year", str(YEAR), "--team", "alpha", stdout=out)
        text = out.getvalue()
        self.assertIn(
            "2 salespeople, 6 listed customers: 16.7% cash on delivery, 50.0% failing", text
        )
        self.assertIn("on several lists: AL001 AL Customer 1 (alice, bob)", text)

    def test_it_costs_the_same_queries_for_more_salespeople(self) -> None:
        def count() -> int:
            people = Salesperson.objects.all()
            with CaptureQueriesContext(connection) as ctx:
                run_audit(people, YEAR, as_of=as_of_for_year(YEAR))
            return len(ctx.captured_queries)

        before = count()
        for index in range(3):
            person = Salesperson.objects.create(code=f"extra{index}", name="Extra", team=self.beta)
            self.fill(person, make_customers(person, f"X{index}", 15))
        self.assertEqual(count(), before)


class AuditPageTestCase(AuditTestCase):
    def test_it_shows_a_manager_their_team_with_a_chart(self) -> None:
        self.login(self.mary)
        response = self.client.get("/audit/", {"year": YEAR})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-salesperson="alice"')
        self.assertContains(response, 'data-salesperson="bob"')
        self.assertNotContains(response, 'data-salesperson="charlie"')
        self.assertContains(response, "<svg", html=False)
        self.assertContains(response, "16.7%")

    def test_it_drills_down_to_the_customers_behind_a_number(self) -> None:
        self.login(self.mary)
        response = self.client.get("/audit/", {"year": YEAR, "show": "failing", "who": "alice"})
        drill = response.context["drill"]
        self.assertEqual([e.customer.code for e in drill], ["AL002", "AL003", "AL005"])
        self.assertContains(response, "revenue, margin, potential")
        cod = self.client.get("/audit/", {"year": YEAR, "show": "cod"}).context["drill"]
        self.assertEqual([e.customer.code for e in cod], ["AL003"])

    def test_it_shows_cod_once_in_the_drill_down(self) -> None:
        """Issue 12: the terms "COD" and the COD badge read "COD COD"; now once."""
        self.login(self.mary)
        html = self.client.get("/audit/", {"year": YEAR, "show": "cod"}).content.decode()
        row = html[html.index('data-customer="AL003"') :]
        row = row[: row.index("</tr>")]
        self.assertEqual(row.count(">COD<"), 1, row)
        self.assertNotIn("COD COD", row)

    def test_it_names_a_bad_parameter(self) -> None:
        self.login(self.mary)
        for params, name in (
            ({"show": "everything"}, "show"),
            ({"year": "20x6"}, "year"),
            ({"as_of": "yesterday"}, "as_of"),
            ({"show": "cod", "who": "charlie"}, "who"),
        ):
            response = self.client.get("/audit/", params)
            self.assertEqual(response.status_code, 400, params)
            self.assertContains(response, name, status_code=400)

    def test_it_hides_another_teams_lists(self) -> None:
        self.login(self.mary)
        self.assertEqual(self.client.get("/audit/", {"team": "beta"}).status_code, 404)
        self.assertEqual(self.client.get("/audit/", {"salesperson": "charlie"}).status_code, 404)

    def test_it_refuses_a_salesperson(self) -> None:
        # README: the audit is for managers and administrators.
        for user in (self.alice, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get("/audit/", {"year": YEAR}).status_code, 403)
            self.assertNotContains(self.client.get("/customers/"), 'href="/audit/"')
        self.login(self.mary)
        self.assertContains(self.client.get("/customers/"), 'href="/audit/"')

    def test_it_shows_an_administrator_everyone(self) -> None:
        self.login(self.root)
        response = self.client.get("/audit/", {"year": YEAR})
        handles = [r.salesperson.handle for r in response.context["audit"].rows]
        self.assertEqual(handles, ["alice", "bob", "charlie"])

    def test_it_needs_a_login_and_a_get(self) -> None:
        self.assertEqual(self.client.get("/audit/").status_code, 302)
        self.login(self.mary)
        self.assertEqual(self.client.post("/audit/").status_code, 405)


class AuditApiTestCase(AuditTestCase):
    def test_it_gives_the_command_lines_figures_for_the_callers_scope(self) -> None:
        self.login(self.mary)
        response = self.client.get("/api/v1/audit", {"year": YEAR})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), audit_json("--team", "alpha"))

    def test_it_sends_amounts_and_shares_as_decimal_strings(self) -> None:
        self.login(self.mary)
        data = self.client.get("/api/v1/audit", {"year": YEAR}).json()
        self.assertEqual(data["cod_share"], "0.1667")
        self.assertEqual(data["failing_share"], "0.5000")
        thresholds = data["thresholds"]
        self.assertIsInstance(thresholds["top_customer_percent"], int)
        for name in ("top_revenue", "min_margin_percent", "min_potential"):
            self.assertIsInstance(thresholds[name], str, name)
            Decimal(thresholds[name])  # a decimal, not a float's repr

    def test_it_narrows_to_one_salesperson(self) -> None:
        self.login(self.mary)
        data = self.client.get("/api/v1/audit", {"year": YEAR, "salesperson": "bob"}).json()
        self.assertEqual([r["salesperson"] for r in data["by_salesperson"]], ["bob"])

    def test_it_answers_404_for_another_team_and_401_anonymous(self) -> None:
        self.assertEqual(self.client.get("/api/v1/audit").status_code, 401)
        self.login(self.mary)
        self.assertEqual(self.client.get("/api/v1/audit", {"team": "beta"}).status_code, 404)

    def test_it_refuses_a_salesperson_with_403(self) -> None:
        self.login(self.alice)
        response = self.client.get("/api/v1/audit", {"year": YEAR})
        self.assertEqual(response.status_code, 403)
        self.assertIn("managers", response.json()["detail"])

    def test_it_names_a_bad_year(self) -> None:
        self.login(self.mary)
        response = self.client.get("/api/v1/audit", {"year": 12})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "year")
