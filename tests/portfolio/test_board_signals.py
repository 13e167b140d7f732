"""The board card gathers what the other apps know of an account: people (M5), plan (M6)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firstchoice.customers.models import Customer
from firstchoice.people.actions import PersonData, create_key_person
from firstchoice.plans.actions.plans import start_plan
from tests.base import YEAR, BaseTestCase


class BoardSignalsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.fill(self.alice_sp, self.alice_customers)
        self.first = self.alice_customers[0]

    def card(self, code: str) -> str:
        self.login(self.alice)
        html = self.client.get(f"/board/alice/{YEAR}/").content.decode()
        start = html.index(f'data-customer="{code}"')
        return html[start : html.index("</li>", start)]

    def test_it_flags_an_account_with_nobody_mapped_and_no_plan(self) -> None:
        card = self.card("AL001")
        self.assertIn("0 key people", card)
        self.assertIn("no coach", card)
        self.assertIn("single-threaded", card)
        self.assertIn("No plan yet", card)
        self.assertIn(f"/plans/alice/{YEAR}/AL001/", card)

    def test_it_shows_the_coach_and_the_plan_once_they_exist(self) -> None:
        for name, coach in (("Chen Wei", True), ("Li Na", False)):
            create_key_person(
                actor=self.alice,
                customer=self.first,
                data=PersonData(name=name, engagement=1, is_coach=coach),
            )
        start_plan(
            actor=self.alice, salesperson=self.alice_sp, customer=self.first, year=YEAR, start="A"
        )
        card = self.card("AL001")
        self.assertIn("2 key people", card)
        self.assertNotIn("no coach", card)
        self.assertNotIn("single-threaded", card)
        self.assertNotIn("No plan yet", card)
        self.assertIn(">Plan<", card)

    def test_it_costs_the_same_queries_for_one_plan_as_for_many(self) -> None:
        def mapped_and_planned(customer: Customer) -> None:
            create_key_person(actor=self.alice, customer=customer, data=PersonData(name="X"))
            start_plan(
                actor=self.alice, salesperson=self.alice_sp, customer=customer, year=YEAR, start="A"
            )

        mapped_and_planned(self.first)
        self.login(self.alice)
        self.client.get(f"/board/alice/{YEAR}/")
        with CaptureQueriesContext(connection) as before:
            self.client.get(f"/board/alice/{YEAR}/")
        for customer in self.alice_customers[1:6]:
            mapped_and_planned(customer)
        with CaptureQueriesContext(connection) as after:
            self.client.get(f"/board/alice/{YEAR}/")
        self.assertEqual(len(after.captured_queries), len(before.captured_queries))
