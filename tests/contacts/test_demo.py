"""The demo company's year of contacts: every focus account, by its owner, realistic."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.test import TestCase

from firstchoice.contacts import queries, rules
from firstchoice.contacts.models import Contact
from firstchoice.portfolio.models import PortfolioEntry
from tests.base import TODAY
from tests.demo_company import load_demo


class DemoContactsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(today=TODAY, customers=400)

    def test_it_logs_a_year_of_contacts_for_every_focus_account(self) -> None:
        focus = set(
            PortfolioEntry.objects.filter(portfolio__year=TODAY.year).values_list(
                "customer_id", flat=True
            )
        )
        last = queries.last_contact_by_customer(focus)
        assert set(last) == focus
        first = min(Contact.objects.values_list("day", flat=True))
        assert TODAY - dt.timedelta(days=366) <= first <= TODAY - dt.timedelta(days=300)
        assert max(last.values()) <= TODAY
        kinds = Counter(Contact.objects.values_list("kind", flat=True))
        assert kinds["visit"] + kinds["call"] > sum(kinds.values()) / 2
        assert set(kinds) == set(Contact.Kind.values)

    def test_its_next_steps_are_on_time_late_and_open(self) -> None:
        states = Counter(
            rules.follow_up_state(due, done, today=TODAY)
            for due, done in Contact.objects.exclude(next_step="").values_list(
                "next_step_due", "next_step_done_on"
            )
        )
        assert states[rules.ON_TIME] > states[rules.LATE] > states[rules.OVERDUE] > 0
        assert states[rules.OPEN] > 0
        # The owner is the one who visits and follows up.
        sample = Contact.objects.select_related("customer__owner__user").exclude(next_step="")[:50]
        assert all(c.next_step_owner_id == c.created_by_id for c in sample)
