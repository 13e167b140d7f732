"""The board page (M1): who sees it, what it shows, and that it does not N+1."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.base import YEAR, BaseTestCase, sell

URL = f"/board/alice/{YEAR}/"


class BoardTestCase(BaseTestCase):
    def test_it_shows_fifteen_cards_in_three_tiers_to_the_owner(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        self.login(self.alice)
        r = self.client.get(URL)
        assert r.status_code == 200
        html = r.content.decode()
        assert html.count('class="card entry') == 15
        for tier in "ABC":
            assert f'data-tier="{tier}"' in html
        assert "5/5" in html
        assert "read-only" not in html

    def test_it_shows_empty_slots(self) -> None:
        self.add(self.alice_sp, self.alice_customers[0], "A")
        self.login(self.alice)
        html = self.client.get(URL).content.decode()
        assert html.count('class="card slot"') == 14
        assert "Tier B has 0 of 5 accounts." in html

    def test_it_shows_t12m_sales_margin_and_cod(self) -> None:
        customer = self.alice_customers[0]
        customer.payment_terms = "COD"
        customer.save()
        sell(customer, "1200.50", "300.25")
        sell(customer, "800.00", "100.00", days_ago=100)
        sell(customer, "99999.00", "1.00", days_ago=400)  # outside the window
        self.add(self.alice_sp, customer, "A")
        self.login(self.alice)
        html = self.client.get(URL).content.decode()
        assert "2,000" in html and "400" in html  # 2000.50 and 400.25, whole units
        assert "(20.0%)" in html
        assert "badge-cod" in html

    def test_it_lets_the_manager_open_it(self) -> None:
        self.login(self.mary)
        r = self.client.get(URL)
        assert r.status_code == 200
        assert "Move / remove" in r.content.decode() or "Add a customer" in r.content.decode()

    def test_it_is_read_only_for_a_teammate(self) -> None:
        self.add(self.alice_sp, self.alice_customers[0], "A")
        self.login(self.bob)
        r = self.client.get(URL)
        assert r.status_code == 200
        html = r.content.decode()
        assert "read-only" in html
        assert "Add a customer" not in html and "Move / remove" not in html

    def test_it_is_404_for_another_team(self) -> None:
        self.login(self.charlie)
        assert self.client.get(URL).status_code == 404

    def test_it_redirects_anonymous_to_login(self) -> None:
        r = self.client.get(URL)
        assert r.status_code == 302
        assert r["Location"].startswith("/login/")

    def test_it_refuses_post(self) -> None:
        self.login(self.alice)
        assert self.client.post(URL).status_code == 405

    def test_it_warns_about_a_customer_on_two_lists(self) -> None:
        shared = self.alice_customers[0]
        self.add(self.alice_sp, shared, "A")
        self.add(self.bob_sp, shared, "C")
        self.login(self.alice)
        html = self.client.get(URL).content.decode()
        assert "is also listed by Bob B" in html

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        self.login(self.alice)
        self.add(self.alice_sp, self.alice_customers[0], "A")
        with CaptureQueriesContext(connection) as small:
            self.client.get(URL)
        for customer in self.alice_customers[1:15]:
            sell(customer, "10.00", "1.00")
        for index, customer in enumerate(self.alice_customers[1:15], start=1):
            self.add(self.alice_sp, customer, "ABC"[index // 5])
        with CaptureQueriesContext(connection) as full:
            r = self.client.get(URL)
        assert r.content.decode().count('class="card entry') == 15
        assert len(full) == len(small)


class YearTestCase(BaseTestCase):
    def test_it_answers_404_for_impossible_years(self) -> None:
        self.login(self.alice)
        for year in ("0", "0000", "12345", "-1", "abc"):
            assert self.client.get(f"/board/alice/{year}/").status_code == 404

    def test_it_shows_an_empty_board_for_a_future_year(self) -> None:
        self.login(self.alice)
        r = self.client.get(f"/board/alice/{YEAR + 1}/")
        assert r.status_code == 200
        assert r.content.decode().count('class="card slot"') == 15
