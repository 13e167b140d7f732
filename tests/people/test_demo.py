"""The demo company's key people: charts for the focus accounts, with every flag showing."""

from __future__ import annotations

from django.test import TestCase

from firstchoice.people.models import KeyPerson, OurPerson
from firstchoice.people.queries import people_flags
from firstchoice.portfolio.models import PortfolioEntry
from tests.base import TODAY
from tests.demo_company import load_demo


class DemoPeopleTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(today=TODAY, customers=400)

    def test_it_maps_every_focus_account_with_some_flags_raised(self) -> None:
        focus = set(
            PortfolioEntry.objects.filter(portfolio__year=TODAY.year).values_list(
                "customer_id", flat=True
            )
        )
        mapped = set(KeyPerson.objects.values_list("customer_id", flat=True))
        self.assertEqual(focus, mapped)
        flags = people_flags(focus, today=TODAY).values()
        self.assertTrue(any(f.no_coach for f in flags))
        self.assertTrue(any(not f.no_coach for f in flags))
        self.assertTrue(any(f.chart_stale for f in flags))
        self.assertTrue(any(not f.chart_stale for f in flags))
        self.assertTrue(any(f.people >= 40 for f in flags))
        self.assertTrue(OurPerson.objects.filter(covers__isnull=False).exists())
        levels = set(KeyPerson.objects.values_list("level", flat=True))
        self.assertEqual(levels, {"head_office", "division", "site", "shop_floor"})
