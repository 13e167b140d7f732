"""GET /api/v1/customers/{code}/sales and /api/v1/salespeople/{handle}/sales (M9, M12)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from firstchoice.lib.dates import add_months, month_start
from firstchoice.lib.http import today
from firstchoice.sales.models import SalesLine
from firstchoice.teams.actions import create_token
from tests.base import BaseTestCase, sell
from tests.portfolio.history import sell_as, sell_on

CUSTOMER = "/api/v1/customers/AL001/sales"
SALESPERSON = "/api/v1/salespeople/alice/sales"


def by_month(data: dict) -> dict[str, tuple[str, str, int]]:
    return {m["month"]: (m["amount"], m["margin"], m["lines"]) for m in data["months"]}


class CustomerSalesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.al001 = cls.alice_customers[0]
        sell_on(cls.al001, dt.date(1997, 11, 3), "1000.10", "100.01")
        sell_on(cls.al001, dt.date(1997, 11, 30), "0.20", "0.05")
        sell_on(cls.al001, dt.date(1998, 2, 1), "500.00", "50.00")
        sell_as(cls.bob_sp, cls.al001, dt.date(1998, 2, 14), "250.00")
        sell_as(cls.charlie_sp, cls.al001, dt.date(1998, 2, 20), "70.00")  # another team
        sell_as(None, cls.al001, dt.date(1998, 2, 21), "30.00")  # no salesperson
        sell_on(cls.al001, dt.date(1998, 9, 1), "9999.00")  # after the window

    def get(self, url: str = CUSTOMER, **params: str):  # type: ignore[no-untyped-def]
        return self.client.get(url, params)

    def test_it_lists_every_month_with_decimal_strings(self) -> None:
        self.login(self.alice)
        r = self.get(**{"from": "1997-10", "to": "1998-03"})
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(
            (data["customer"], data["first_month"], data["last_month"]),
            ("AL001", "1997-10", "1998-03"),
        )
        self.assertEqual(
            by_month(data),
            {
                "1997-10": ("0.00", "0.00", 0),
                "1997-11": ("1000.30", "100.06", 2),
                "1997-12": ("0.00", "0.00", 0),
                "1998-01": ("0.00", "0.00", 0),
                "1998-02": ("850.00", "50.00", 4),
                "1998-03": ("0.00", "0.00", 0),
            },
        )
        self.assertEqual(data["total"], {"amount": "1850.30", "margin": "150.06", "lines": 6})
        self.assertIsNone(data["months"][0]["salespeople"])

    def test_it_reconciles_with_the_raw_lines_to_the_cent(self) -> None:
        self.login(self.alice)
        data = self.get(**{"from": "1997-01", "to": "1998-12"}).json()
        raw = SalesLine.objects.filter(
            customer=self.al001, invoice_date__range=(dt.date(1997, 1, 1), dt.date(1998, 12, 31))
        ).aggregate(amount=Sum("amount"), margin=Sum("margin"), lines=Count("id"))
        self.assertEqual(Decimal(data["total"]["amount"]), raw["amount"])
        self.assertEqual(Decimal(data["total"]["margin"]), raw["margin"])
        self.assertEqual(data["total"]["lines"], raw["lines"])
        self.assertEqual(len(data["months"]), 24)

    def test_it_splits_each_month_by_salesperson_within_the_users_scope(self) -> None:
        self.login(self.alice)
        data = self.get(**{"from": "1998-02", "to": "1998-02", "by": "salesperson"}).json()
        (month,) = data["months"]
        self.assertEqual(
            month["salespeople"],
            [
                {"salesperson": "alice", "amount": "500.00", "margin": "50.00", "lines": 1},
                {"salesperson": "bob", "amount": "250.00", "margin": "0.00", "lines": 1},
                # charlie's team is out of alice's scope: merged with lines without anyone
                {"salesperson": None, "amount": "100.00", "margin": "0.00", "lines": 2},
            ],
        )
        self.assertEqual(month["amount"], "850.00")

    def test_it_names_every_salesperson_for_an_administrator(self) -> None:
        self.login(self.root)
        data = self.get(**{"from": "1998-02", "to": "1998-02", "by": "salesperson"}).json()
        names = [row["salesperson"] for row in data["months"][0]["salespeople"]]
        self.assertEqual(names, ["alice", "bob", "charlie", None])

    def test_it_defaults_to_the_twelve_months_to_this_month(self) -> None:
        sell(self.al001, "12.34", "1.00", days_ago=0)
        self.login(self.alice)
        data = self.get().json()
        this_month = month_start(today())
        self.assertEqual(data["last_month"], this_month.strftime("%Y-%m"))
        self.assertEqual(data["first_month"], add_months(this_month, -11).strftime("%Y-%m"))
        self.assertEqual(len(data["months"]), 12)
        self.assertEqual(data["months"][-1]["amount"], "12.34")

    def test_it_names_a_bad_month(self) -> None:
        self.login(self.alice)
        cases = [
            ({"from": "1998-13"}, "from"),
            ({"from": "98-01"}, "from"),
            ({"to": "1998/02"}, "to"),
            ({"to": "1998-02-01"}, "to"),
            ({"from": "1998-03", "to": "1998-02"}, "from"),  # backwards
            ({"from": "1970-01", "to": "1998-02"}, "from"),  # too long
            ({"from": "0999-01", "to": "0999-02"}, "to"),
        ]
        for params, name in cases:
            with self.subTest(params=params):
                r = self.get(**params)
                self.assertEqual(r.status_code, 422)
                self.assertEqual(r.json()["detail"][0]["loc"], ["query", name])

    def test_it_refuses_an_unknown_breakdown(self) -> None:
        self.login(self.alice)
        r = self.get(by="customer")
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["detail"][0]["loc"], ["query", "by"])

    def test_it_hides_customers_of_another_team(self) -> None:
        self.login(self.alice)
        r = self.get("/api/v1/customers/CH001/sales")
        self.assertEqual(r.status_code, 404)
        self.assertEqual(r.json(), self.get("/api/v1/customers/NOPE/sales").json())

    def test_it_requires_authentication(self) -> None:
        self.assertEqual(self.get().status_code, 401)

    def test_it_accepts_a_bearer_token(self) -> None:
        _token, raw = create_token(user=self.bob)
        r = self.client.get(CUSTOMER, headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(r.status_code, 200)

    def test_it_refuses_other_methods(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.post(CUSTOMER).status_code, 405)

    def test_it_reads_any_span_in_a_fixed_number_of_queries(self) -> None:
        self.login(self.alice)

        def count(**params: str) -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.get(**params).status_code, 200)
            return len(ctx.captured_queries)

        short = count(**{"from": "1998-02", "to": "1998-02", "by": "salesperson"})
        long = count(**{"from": "1990-01", "to": "2009-12", "by": "salesperson"})
        self.assertEqual(short, long)


class SalespersonSalesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for index, customer in enumerate(cls.alice_customers[:4]):
            sell_on(customer, dt.date(1998, 1 + index, 10), f"{index + 1}00.00", "10.00")
        sell_as(cls.alice_sp, cls.bob_customers[0], dt.date(1998, 1, 20), "0.01")
        sell_on(cls.bob_customers[1], dt.date(1998, 1, 5), "777.00")  # bob's own sale

    def test_it_sums_the_salespersons_lines_per_month(self) -> None:
        self.login(self.alice)
        r = self.client.get(SALESPERSON, {"from": "1997-12", "to": "1998-04"})
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(data["salesperson"], "alice")
        self.assertEqual(
            by_month(data),
            {
                "1997-12": ("0.00", "0.00", 0),
                "1998-01": ("100.01", "10.00", 2),
                "1998-02": ("200.00", "10.00", 1),
                "1998-03": ("300.00", "10.00", 1),
                "1998-04": ("400.00", "10.00", 1),
            },
        )
        raw = SalesLine.objects.filter(salesperson=self.alice_sp).aggregate(total=Sum("amount"))
        self.assertEqual(Decimal(data["total"]["amount"]), raw["total"])

    def test_it_lets_the_manager_and_teammates_read(self) -> None:
        for user in (self.mary, self.bob, self.root):
            with self.subTest(user=user.username):
                self.login(user)
                r = self.client.get(SALESPERSON, {"from": "1998-01", "to": "1998-01"})
                self.assertEqual(r.status_code, 200)
                self.assertEqual(r.json()["total"]["amount"], "100.01")

    def test_it_finds_a_salesperson_by_erp_code(self) -> None:
        self.alice_sp.code = "S-0042"
        self.alice_sp.save()
        self.login(self.mary)
        r = self.client.get(
            "/api/v1/salespeople/S-0042/sales", {"from": "1998-01", "to": "1998-01"}
        )
        self.assertEqual(r.json()["salesperson"], "alice")

    def test_it_hides_another_teams_salesperson(self) -> None:
        self.login(self.charlie)
        r = self.client.get(SALESPERSON)
        self.assertEqual(r.status_code, 404)
        self.assertEqual(r.json(), self.client.get("/api/v1/salespeople/nobody/sales").json())

    def test_it_requires_authentication(self) -> None:
        self.assertEqual(self.client.get(SALESPERSON).status_code, 401)

    def test_it_refuses_other_methods(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.put(SALESPERSON).status_code, 405)

    def test_it_names_a_bad_month(self) -> None:
        self.login(self.alice)
        r = self.client.get(SALESPERSON, {"to": "march"})
        self.assertEqual(r.status_code, 422)
        self.assertEqual(
            r.json()["detail"], [{"loc": ["query", "to"], "msg": r.json()["detail"][0]["msg"]}]
        )
        self.assertIn("YYYY-MM", r.json()["detail"][0]["msg"])


class CustomersAsOfTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        sell_on(cls.alice_customers[0], dt.date(1998, 3, 15), "123.45", "12.34")

    def test_it_gives_the_t12m_as_of_a_date(self) -> None:
        self.login(self.alice)
        one = self.client.get("/api/v1/customers/AL001", {"as_of": "1998-08-02"}).json()
        self.assertEqual((one["t12m_sales"], one["t12m_margin"]), ("123.45", "12.34"))
        listed = self.client.get("/api/v1/customers", {"search": "AL001", "as_of": "1998-08-02"})
        self.assertEqual(listed.json()["results"][0]["t12m_sales"], "123.45")
        self.assertEqual(
            self.client.get("/api/v1/customers/AL001").json()["t12m_sales"], "0.00"
        )  # today: long ago

    def test_it_names_a_bad_as_of(self) -> None:
        self.login(self.alice)
        for url in ("/api/v1/customers/AL001", "/api/v1/customers"):
            with self.subTest(url=url):
                r = self.client.get(url, {"as_of": "1998-02-31"})
                self.assertEqual(r.status_code, 422)
                self.assertEqual(r.json()["detail"][0]["loc"], ["query", "as_of"])
