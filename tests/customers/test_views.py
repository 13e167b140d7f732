"""Browse, search and open customers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from firstchoice.customers.models import Customer
from tests.base import BaseTestCase, make_customers, sell

SHANGHAI = ZoneInfo("Asia/Shanghai")


class CustomerListTestCase(BaseTestCase):
    def test_it_lists_visible_customers_only(self) -> None:
        self.login(self.alice)
        html = self.client.get("/customers/?q=Customer").content.decode()
        assert "AL001" in html and "BO001" in html  # own and teammate's
        assert "CH001" not in html  # another team's

    def test_it_lists_unowned_prospects_to_everyone(self) -> None:
        Customer.objects.create(code="PR001", name="Prospect Works")
        self.login(self.charlie)
        assert "PR001" in self.client.get("/customers/?q=prospect").content.decode()

    def test_it_searches_code_and_name_and_filters(self) -> None:
        Customer.objects.filter(code="AL002").update(
            name="上海精工机械有限公司", payment_terms="COD", segment="OEM"
        )
        self.login(self.alice)
        html = self.client.get("/customers/?q=精工").content.decode()
        assert "AL002" in html and "AL001" not in html
        html = self.client.get("/customers/?payment_terms=COD").content.decode()
        assert "AL002" in html and "AL003" not in html and "badge-cod" in html
        html = self.client.get("/customers/?segment=OEM&owner=alice").content.decode()
        assert "1 customer" in html

    def test_it_paginates_and_keeps_filters(self) -> None:
        make_customers(self.alice_sp, "ZZ", 40)
        self.login(self.alice)
        html = self.client.get("/customers/?q=ZZ").content.decode()
        assert "Page 1 of 2" in html
        assert "?q=ZZ&amp;page=2" in html
        html = self.client.get("/customers/?q=ZZ&page=2").content.decode()
        assert "ZZ040" in html and "ZZ001" not in html

    def test_it_returns_the_table_fragment_to_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.get("/customers/?q=AL", HTTP_HX_REQUEST="true")
        html = r.content.decode()
        assert html.lstrip().startswith('<div id="customer-table"') and "<html" not in html

    def test_it_escapes_customer_names(self) -> None:
        Customer.objects.filter(code="AL001").update(name="<script>alert(1)</script>")
        self.login(self.alice)
        html = self.client.get("/customers/?q=AL001").content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        for customer in self.alice_customers:
            sell(customer, "5.00", "1.00")
        # The trailing-12-month window reads the raw lines of its partial edge months in one
        # query; on a month's last day the window is whole months and that query is not needed.
        for day, queries in (
            (dt.datetime(2026, 6, 16, 10), 11),
            (dt.datetime(2026, 11, 30, 10), 10),
        ):
            with self.subTest(day=day), time_machine.travel(day.replace(tzinfo=SHANGHAI)):
                self.login(self.alice)
                with self.assertNumQueries(queries):
                    self.client.get("/customers/?q=AL")

    def test_it_redirects_anonymous_and_refuses_post(self) -> None:
        assert self.client.get("/customers/").status_code == 302
        self.login(self.alice)
        assert self.client.post("/customers/").status_code == 405


class CustomerDetailTestCase(BaseTestCase):
    def test_it_shows_sales_by_month_with_a_chart(self) -> None:
        customer = self.alice_customers[0]
        sell(customer, "1000.00", "250.00", days_ago=5)
        sell(customer, "500.00", "50.00", days_ago=5)
        self.add(self.alice_sp, customer, "A")
        self.login(self.alice)
        r = self.client.get("/customers/AL001/")
        assert r.status_code == 200
        html = r.content.decode()
        assert "<svg" in html
        assert "1,500" in html and "300" in html and "(20.0%)" in html
        assert "tier A" in html  # on alice's focus list

    def test_it_is_404_for_another_team(self) -> None:
        self.login(self.charlie)
        assert self.client.get("/customers/AL001/").status_code == 404
        self.login(self.mary)
        assert self.client.get("/customers/AL001/").status_code == 200

    def test_it_redirects_anonymous_and_refuses_post(self) -> None:
        assert self.client.get("/customers/AL001/").status_code == 302
        self.login(self.alice)
        assert self.client.post("/customers/AL001/").status_code == 405

    def test_it_says_so_when_there_are_no_sales(self) -> None:
        self.login(self.alice)
        html = self.client.get("/customers/AL002/").content.decode()
        assert "No sales in the last 36 months." in html
        assert '<div class="chart">' not in html  # no sales chart (the relationship map is SVG too)
