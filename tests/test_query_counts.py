"""Every main page's query count (issue 13): bounded, and the same with more data.

Each page is asked once on a small company (three accounts on alice's board, one key
person each, a plan, a few sales lines) and once more after the data grew (a full 5+5+5,
five plans from the tier templates, more key people, a year of sales lines): the number of
queries must not change — no page may run a query per card, per row or per line (N+1).
QUERY_BUDGET is the ceiling per page (at most three above the measured count); raise it
only with a reason in the commit message. The monthly meeting reads its team's review
charts together: its count is the same for a team of two and of five.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from firstchoice.customers.models import Customer
from firstchoice.lib.dates import add_months
from firstchoice.plans.actions.plans import start_plan
from firstchoice.teams.models import Salesperson, User
from tests.base import TODAY, YEAR, BaseTestCase, make_customers, make_user, sell
from tests.people.base import person

MONTH = f"{add_months(TODAY.replace(day=1), -1):%Y-%m}"

# The pages of issue 13's table (and the phone pages of issue 12), as (who, URL).
PAGES: dict[str, tuple[str, str]] = {
    "board": ("alice", f"/board/alice/{YEAR}/"),
    "customer": ("alice", "/customers/AL001/"),
    "key people": ("alice", "/customers/AL001/people/"),
    "org chart": ("alice", "/customers/AL001/orgchart/"),
    "year plan": ("alice", f"/plans/alice/{YEAR}/AL001/"),
    "my actions": ("alice", "/my-actions/"),
    "monthly review": ("alice", f"/reviews/alice/{MONTH}/"),
    "coaching": ("alice", "/coaching/alice/"),
    "team overview": ("mary", f"/teams/alpha/{YEAR}/"),
    "audit": ("mary", "/audit/"),
    "monthly meeting": ("mary", f"/meetings/alpha/{MONTH}/"),
}

QUERY_BUDGET = {  # measured 2026-11-30 (in brackets) plus room for a small feature
    "board": 29,  # (28)
    "customer": 35,  # (32: the company settings read once a request, was five times)
    "key people": 17,  # (14: the forms' people and logins read once, the rights asked once)
    "org chart": 10,  # (7)
    "year plan": 23,  # (20)
    "my actions": 11,  # (9: the own salesperson read once for page and navigation)
    "monthly review": 26,  # (23)
    "coaching": 12,  # (9: the goal form's trait select reuses the page's traits)
    "team overview": 20,  # (17)
    "audit": 16,  # (13)
    "monthly meeting": 28,  # (25, whatever the team's size: was 41 for two, 86 for five)
}


class QueryCountTestCase(BaseTestCase):
    # Each page drawn afresh: its own cost (a read from the page cache costs three queries,
    # tests/teams/test_pagecache.py).
    @override_settings(PAGE_CACHE=False)
    def count(self) -> dict[str, int]:
        users: dict[str, User] = {"alice": self.alice, "mary": self.mary}
        return {name: self.count_page(users[who], url) for name, (who, url) in PAGES.items()}

    def count_page(self, user: User, url: str) -> int:
        self.client.force_login(user)
        self.client.get(url)  # warm: sessions, the cached charts, language
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries)

    def add_entries(self, indexes: range) -> None:
        for index in indexes:
            self.add(self.alice_sp, self.alice_customers[index], "ABC"[index // 5])

    def test_it_keeps_every_page_within_its_budget_whatever_the_data(self) -> None:
        customers = self.alice_customers
        self.add_entries(range(0, 11, 5))  # AL001 (A), AL006 (B), AL011 (C)
        for customer in (customers[0], customers[5], customers[10]):
            sell(customer, "1000.00", "200.00", days_ago=20)
            person(customer, f"Buyer of {customer.code}", actor=self.alice, engagement=2)
        start = self.plan_starter()
        start(customers[0], "A")
        small = self.count()

        self.add_entries([i for i in range(15) if i % 5])  # the full 5+5+5
        for index in range(15):
            for months_ago in range(0, 12, 2):
                sell(customers[index], "750.00", "90.00", days_ago=15 + 30 * months_ago)
        boss = person(customers[0], "Chen Wei", actor=self.alice, engagement=1, is_coach=True)
        for n in range(6):
            person(customers[0], f"Staff {n}", actor=self.alice, boss=boss, pains="Late trucks")
        for index in (1, 5, 6, 10, 11):
            person(customers[index], f"Buyer {index}", actor=self.alice, engagement=3)
            start(customers[index], "ABC"[index // 5])
        grown = self.count()

        assert grown == small, {k: (small[k], grown[k]) for k in small if small[k] != grown[k]}
        over = {k: v for k, v in grown.items() if v > QUERY_BUDGET[k]}
        assert not over, f"over budget: {over} (budget {QUERY_BUDGET})"

    def plan_starter(self) -> Callable[..., object]:
        def start(customer: object, template: str) -> object:
            return start_plan(
                actor=self.alice,
                salesperson=self.alice_sp,
                customer=customer,  # type: ignore[arg-type]
                year=YEAR,
                start=template,
            )

        return start

    def test_it_reads_the_meeting_in_the_same_queries_for_a_team_of_two_and_of_five(self) -> None:
        """The team's charts are read together: one query per kind of data, not per person."""
        url = PAGES["monthly meeting"][1]
        year = int(MONTH[:4])  # the meeting's year (last year's December in January)

        def focus(salesperson: Salesperson, customers: list[Customer]) -> None:
            for index, customer in enumerate(customers):
                self.add(salesperson, customer, "ABC"[index % 3], year=year)
                sell(customer, "500.00", "60.00", days_ago=45)
                person(customer, f"Buyer of {customer.code}", actor=self.root, pains="Delays")
                start_plan(
                    actor=self.root,
                    salesperson=salesperson,
                    customer=customer,
                    year=year,
                    start="ABC"[index % 3],
                )

        focus(self.alice_sp, self.alice_customers[:3])
        focus(self.bob_sp, self.bob_customers[:2])
        two = self.count_page(self.mary, url)
        for code in ("dave", "erin", "fay"):
            someone = Salesperson.objects.create(
                code=code, name=code.title(), user=make_user(code), team=self.alpha
            )
            focus(someone, make_customers(someone, code[:2].upper(), 4))
        five = self.count_page(self.mary, url)
        assert five == two, (two, five)
        assert two <= QUERY_BUDGET["monthly meeting"], two


def test_the_budget_names_every_page() -> None:
    assert set(QUERY_BUDGET) == set(PAGES)
