"""The manager's team overview: every salesperson's 15 with shape warnings."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.customers.models import Customer
from tests.base import YEAR, BaseTestCase, make_customers, sell

URL = f"/teams/alpha/{YEAR}/"


class TeamOverviewTestCase(BaseTestCase):
    def test_it_shows_every_salesperson_with_shape_warnings(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        self.add(self.bob_sp, self.bob_customers[0], "A")
        self.login(self.mary)
        r = self.client.get(URL)
        assert r.status_code == 200
        html = r.content.decode()
        assert 'data-salesperson="alice"' in html and 'data-salesperson="bob"' in html
        assert "Tier A: 1 of 5" in html and "Tier C: 0 of 5" in html
        assert "charlie" not in html

    def test_it_links_each_customer_to_its_page(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        self.login(self.mary)
        html = self.client.get(URL).content.decode()
        for customer in self.alice_customers[:15]:
            assert f'href="/customers/{customer.code}/"' in html
        assert self.client.get(f"/customers/{self.alice_customers[0].code}/").status_code == 200

    def test_it_flags_a_customer_on_two_lists_and_cod(self) -> None:
        shared = self.alice_customers[0]
        Customer.objects.filter(pk=shared.pk).update(payment_terms="COD")
        self.add(self.alice_sp, shared, "A")
        self.add(self.bob_sp, shared, "B")
        self.login(self.mary)
        html = self.client.get(URL).content.decode()
        assert "AL Customer 1 also on Bob B's list" in html
        assert "chip-cod" in html and "chip-dup" in html
        assert "AL Customer 1 (tier A) pays cash on delivery" in html

    def test_it_is_open_to_team_members_but_not_to_other_teams(self) -> None:
        self.login(self.alice)
        assert self.client.get(URL).status_code == 200
        self.login(self.charlie)
        assert self.client.get(URL).status_code == 404
        self.login(self.root)
        assert self.client.get(URL).status_code == 200

    def test_it_redirects_anonymous_and_refuses_post(self) -> None:
        assert self.client.get(URL).status_code == 302
        self.login(self.mary)
        assert self.client.post(URL).status_code == 405

    def test_it_uses_a_fixed_number_of_queries(self) -> None:
        self.login(self.mary)
        self.add(self.alice_sp, self.alice_customers[0], "A")
        with CaptureQueriesContext(connection) as small:
            self.client.get(URL)
        for customer in self.alice_customers[1:15]:
            sell(customer, "10.00", "1.00")
        for index, customer in enumerate(self.alice_customers[1:15], start=1):
            self.add(self.alice_sp, customer, "ABC"[index // 5])
        for index, customer in enumerate(make_customers(self.bob_sp, "BX", 15)):
            self.add(self.bob_sp, customer, "ABC"[index // 5])
        with CaptureQueriesContext(connection) as full:
            self.client.get(URL)
        assert len(full) == len(small)

    def test_it_redirects_teams_index_to_a_visible_team(self) -> None:
        self.login(self.mary)
        r = self.client.get("/teams/")
        assert r.status_code == 302 and r["Location"] == URL
